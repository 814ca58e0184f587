"""The minimal fixture site renders to exactly the files in tests/golden/minimal/.

Refresh after an intended change with: python -m pytest tests/test_golden.py --update-golden
and review the diff of tests/golden/ before committing it.
"""

from __future__ import annotations

import shutil

from charterpress.build import build
from conftest import MINIMAL, TESTS, TODAY, tree_bytes

GOLDEN = TESTS / "golden" / "minimal"


def test_minimal_site_matches_golden_output(tmp_path, update_golden) -> None:
    out = tmp_path / "site"
    build(MINIMAL, out, today=TODAY)
    # The search index is Pagefind's bytes, there only where the tool is installed: test_search.py
    # checks it is deterministic; the golden output holds charterpress's own files.
    shutil.rmtree(out / "pagefind", ignore_errors=True)
    if update_golden:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(out, GOLDEN)
    actual, expected = tree_bytes(out), tree_bytes(GOLDEN)
    assert sorted(actual) == sorted(expected)
    for path in expected:
        assert actual[path].decode() == expected[path].decode(), path
