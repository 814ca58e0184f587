"""The seeded mutation fuzzer (tests/fuzz.py) over the fixture site: every mutant ends in exit 0
or exit 1 with located messages, never exit 3, an escaped exception or a hang.

CHARTERPRESS_FUZZ_MUTANTS=N runs N mutants (default 250, about 30 s here); a failure names each
mutant's seed, and `python tests/fuzz.py --seed S --count 1 --keep` rebuilds it to look at.
"""

from __future__ import annotations

import os

import fuzz
from conftest import MINIMAL

MUTANTS = int(os.environ.get("CHARTERPRESS_FUZZ_MUTANTS", "250"))
FIRST_SEED = int(os.environ.get("CHARTERPRESS_FUZZ_SEED", "0"))


def test_mutants_never_crash_and_every_message_is_located(monkeypatch) -> None:
    monkeypatch.delenv("CHARTERPRESS_DEBUG", raising=False)
    tally = fuzz.run(MINIMAL, MUTANTS, FIRST_SEED)
    print(tally.summary())
    findings = "\n".join(fuzz.describe(o) for o in tally.findings)
    assert not tally.findings, f"{tally.summary()}\n{findings}"
    if MUTANTS >= 50:
        assert tally.codes[0] and tally.codes[1]  # the mutations both keep and break sites


def test_a_seed_rebuilds_the_same_mutant(tmp_path) -> None:
    import random
    import shutil

    trees = []
    for name in ("a", "b"):
        site = tmp_path / name
        shutil.copytree(MINIMAL, site)
        done = fuzz.mutate(site, random.Random(4242))
        trees.append((done, {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
                             if p.is_file() and not p.is_symlink()}))
    assert trees[0] == trees[1]
