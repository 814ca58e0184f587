"""body_html.py writes a body's markup in Python; partials/blocks_macros.html keeps the same markup
as Jinja macros for sites to copy and change. These tests hold the two byte-identical, and show a
site's own partials/blocks.html still decides the markup."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from charterpress import urls
from charterpress.body import BodyParser
from charterpress.build import render
from charterpress.diagnostics import SourceLoc
from charterpress.markdown import make_parser
from charterpress.templates import make_environment, theme_dir
from conftest import DEMO, MINIMAL, TESTS, TODAY

MACROS = theme_dir() / "partials" / "blocks_macros.html"

# Every shape the markup has: channels, labels, ordered and nested lists, notes, extra blocks in an
# item, tables in an item and at the top with a note, headers/rowspan/colspan, links and escaping.
EVERY_SHAPE = """\
{channel=mail,fax,internet}
## 우편 <접수> & 안내

- 조건 항목
  - 약속 하나 [안내](/contacts/)
  - ※ 공휴일 제외

    덧붙인 문단
  1. 번호 하나

### 같은 제목

1. 번호 항목

   두 번째 문단

## 둘째

### 같은 제목

```table
caption: 창구 "A" & B
columns: [부서, 팀, 전화]
group_by: [부서, 팀]
note: 주의 <표>
rows:
  - 부서: 가과
    팀: 1팀
    전화: 063-540-2511
  - 부서: 가과
    팀: 1팀
    전화: 063-540-2512
```

- 표가 든 항목

  ```table
  caption: 안쪽 표
  columns: [이름, 누리집]
  rows:
    - 이름: 가
      누리집: https://www.example.kr/
  ```
"""


@dataclass(frozen=True)
class _Result:
    period: str
    met: Decimal
    sample: int | None = None


@dataclass(frozen=True)
class _Record:
    measure: str
    statement: str
    target: Decimal | None
    results: tuple[_Result, ...]


@dataclass(frozen=True)
class _Commitment:
    id: str
    record: _Record

    @property
    def anchor(self) -> str:
        return f"promise-{self.id}"

    @property
    def has_results(self) -> bool:
        return self.record.target is not None or bool(self.record.results)


def _body():
    parser = BodyParser(make_parser(), SourceLoc("charter.md", 1), "charter",
                        lambda target: urls.relative("charter/index.html", target), sections=True)
    body = parser.parse(EVERY_SHAPE)
    assert not [p for p in parser.problems if p.severity.name == "ERROR"], parser.problems
    return body


@pytest.mark.parametrize("kept", [
    {},
    {"우편-접수-안내-1": (_Commitment("a&1", _Record("벨 <횟수>", "세 번", Decimal(90),
                                                   (_Result("2025", Decimal("85.5"), 1200), _Result("2026", Decimal(95))))),
                          _Commitment("b", _Record("", "7일 이내", None, (_Result("2025", Decimal(99)),))),
                          _Commitment("c", _Record("", "결과 없음", None, ()))),
     "우편-접수-안내-1-1": (_Commitment("d", _Record("", "하나", Decimal(80), ())),)},
])
def test_python_body_matches_the_macros_on_every_shape(kept) -> None:
    env = make_environment(MINIMAL)
    body = _body()
    url = lambda target: urls.relative("charter/index.html", target)
    macros = env.get_template("partials/blocks_macros.html").module
    kept_text = env.get_template("partials/kept.html").module.kept
    expected = str(macros.blocks(body.blocks, kept, url))
    assert str(env.globals["body_html"](body.blocks, kept, url, kept_text)) == expected
    assert "&lt;접수&gt; &amp; 안내" in expected and 'class="channels"' in expected and "table-note" in expected
    if kept:
        assert expected.count('class="kept"') == 3 and "(벨 &lt;횟수&gt;)" in expected and "state-late" in expected
    table = next(iter(body.tables()))
    assert str(env.globals["body_table"](table)) == str(macros.table(table))


def _copy(site: Path, to: Path) -> Path:
    """A copy of `site` (outside git, so both copies date their pages alike, by file times)."""
    shutil.copytree(site, to, ignore=shutil.ignore_patterns(".charterpress"))
    return to


def _with_macros(site: Path, tmp_path: Path) -> Path:
    """A copy of `site` whose own templates/partials/blocks.html is the theme's Jinja macros."""
    copy = _copy(site, tmp_path / "with-macros")
    (copy / "templates" / "partials").mkdir(parents=True, exist_ok=True)
    shutil.copy(MACROS, copy / "templates" / "partials" / "blocks.html")
    return copy


@pytest.mark.parametrize("site", [DEMO, MINIMAL, TESTS / "sites" / "charter-format"], ids=lambda p: p.name)
def test_whole_sites_are_the_same_with_the_sites_own_macros(site: Path, tmp_path: Path) -> None:
    """The theme's Python-written bodies and a site's own blocks.html (the macros) give the same
    site, byte for byte; the demo has commitments with results on its charter items."""
    python = {f.path: f.data for f in render(_copy(site, tmp_path / "theme"), TODAY).files}
    jinja = {f.path: f.data for f in render(_with_macros(site, tmp_path), TODAY).files}
    assert sorted(python) == sorted(jinja)
    assert [p for p in python if python[p] != jinja[p]] == []


def test_a_sites_own_blocks_html_decides_the_markup(tmp_path: Path) -> None:
    copy = _with_macros(MINIMAL, tmp_path)
    own = copy / "templates" / "partials" / "blocks.html"
    own.write_text(own.read_text(encoding="utf-8").replace('class="items"', 'class="items mine"'), encoding="utf-8")
    html = next(f.data for f in render(copy, TODAY).files if f.path == "charter/index.html").decode()
    assert 'class="items mine"' in html
