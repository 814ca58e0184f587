"""Held-out exports (tests/import_heldout/), written before the importer learnt the real vocabularies
and never tuned on: each imports, with --set only for facts its export truly lacks, appends into one
month, and the month builds. (Their first run found that a list written from an export without
grounds did not read back; see NO_GROUND.)"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from charterpress.build import render
from charterpress.cli import main

HELD_OUT = Path(__file__).parent / "import_heldout"
RUNS = [  # file, the --set its export needs (a fact it does not carry), documents after it
    ("city_week.csv", [], 3),
    ("national_cp949.csv", ["--set", "보존기간=5년"], 5),
    ("portal_api.csv", ["--set", "담당자=김담당", "--set", "보존기간=5년"], 8),
]


def test_held_out_exports_import_and_build(make_site) -> None:
    site = make_site()
    shutil.rmtree(site / "disclosures" / "2026")
    for name, sets, total in RUNS:
        result = CliRunner().invoke(main, ["disclosures", "import", str(HELD_OUT / name), "--site", str(site),
                                           "--append", *sets])
        assert result.exit_code == 0, (name, result.output)
        assert f"imported {total} documents" in result.output, result.output
    (site / "disclosures" / "2026" / "09.yaml").write_text("published: 2026-10-05\n", encoding="utf-8")
    built = render(site, date(2026, 11, 22))
    month = next(lst for lst in built.site.disclosures.lists if str(lst.month) == "2026-09")
    assert {i.disclosure for i in month.items} == {"공개", "부분공개", "비공개"}
    assert next(i for i in month.items if i.doc_no == "복지과-3301").grounds == (6,)
