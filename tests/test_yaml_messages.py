"""YAML syntax errors are said in plain words, on the line of the mistake, by both PyYAML parsers."""

from __future__ import annotations

import pytest
import yaml

from charterpress.diagnostics import SourceLoc
from charterpress.yamlerrors import explain
from charterpress.yamlnodes import compose

LOADERS = [yaml.SafeLoader] + ([yaml.CSafeLoader] if yaml.__with_libyaml__ else [])

# text, (1-based line, 1-based column, message)
CASES = {
    "colon in value": ("title: 운영 시간: 평일 9시\n", 1, 1,
                       "the value of 'title' holds ': ' (a colon and a space), which YAML reads as a new key; "
                       "put the value in quotes: title: \"운영 시간: 평일 9시\""),
    "key indented into a value": ("revisions:\n  - date: 2020-01-02\n     kind: 제정\n", 3, 6,
                                  "'kind:' is indented further than the keys it belongs with, so YAML reads it as "
                                  "more of the value above; check the indentation"),
    "line without a colon": ("title: 안내\n담당 부서\nsummary: 요약\n", 2, 1,
                             "'담당 부서' needs the form 'key: value' (a ':' and a space after the key), or '- ' "
                             "for a list item; check the indentation"),
    "tab": ("owner:\n\tdepartment: 운영과\n", 2, 1,
            "a tab character here; YAML indents with spaces only (replace the tab with spaces)"),
    "unclosed quote": ("title: \"안내\nsummary: 요약\n", 1, 8,
                       "the quote \" opened here is never closed; end the value with \" on the same line"),
    "unclosed bracket": ("title: [안내\nsummary: 요약\n", 1, 8,
                         "'[' opened here is never closed with ']' (items are separated by ', '); "
                         "if '[' is part of the text, put the value in quotes"),
    "row misindented": ("rows:\n  - 이름: 가\n    전화: 1\n  - 이름: 나\n   전화: 2\n", 5, 4,
                        "this line is indented 3 spaces, which does not line up with the lines above (the text of "
                        "the line above starts after 4 spaces); entries of one list or mapping start at the same "
                        "column"),
    "list among keys": ("title: 1\n- 항목\n", 2, 1,
                        "a list item ('- ') among 'key: value' lines; a list goes under its key, indented "
                        "('key:', then '  - item' on the next lines)"),
    "text after a quote": ("title: \"안내\" 페이지\n", 1, 13,
                           "more text after the value on this line (after a closing quote?); put the whole value "
                           "in quotes"),
    "bad escape": ("path: \"C:\\문서\"\n", 1, 10,
                   "'\\문' is not an escape YAML knows: in double quotes a backslash starts an escape; write '\\\\' "
                   "for a backslash, or put the value in single quotes"),
}


@pytest.mark.parametrize("loader", LOADERS, ids=lambda loader: loader.__name__)
@pytest.mark.parametrize("case", sorted(CASES))
def test_common_mistake_in_plain_words_on_its_line(case: str, loader: type) -> None:
    text, line, column, message = CASES[case]
    with pytest.raises(yaml.MarkedYAMLError) as failure:
        yaml.compose(text, Loader=loader)
    plain = explain(failure.value, text)
    assert plain is not None and (plain.line + 1, plain.column + 1, plain.message) == (line, column, message)


def test_front_matter_lines_count_from_the_file() -> None:
    _, problems = compose("title: 안내\n\tsummary: x\n", SourceLoc("pages/a.md", 2))
    assert [str(p) for p in problems] == [
        "pages/a.md:3:1: a tab character here; YAML indents with spaces only (replace the tab with spaces)"]


def test_an_unusual_error_keeps_pyyaml_words() -> None:
    _, problems = compose("a: &\n", SourceLoc("site.yaml", 1))  # an anchor without a name: rare, said as is
    assert [str(p) for p in problems] == [
        "site.yaml:1:5: YAML syntax error: expected alphabetic or numeric character, but found '\\n'"]
