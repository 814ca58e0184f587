"""markdown.py parses each text without the rules it cannot use (see markdown._BLOCK_NEEDS): the
tokens must be those of the parser with every rule, for any text."""

from __future__ import annotations

import random

import pytest
from conftest import ROOT

from charterpress import markdown

# Pieces that open, close or nearly make every construct, so random texts land on the edges:
# setext underlines, rules, fences, quotes, indented code, references, HTML, entities, escapes.
PIECES = ["\n", "\n", "\n\n", " ", "  ", "    ", "\t", "텍스트", "문장", "a", "1", "# ", "## ", "- ", "* ", "+ ",
          "1. ", "2) ", "> ", ">", "```", "~~~", "```table", "---", "***", "___", "- - -", "* * *", "===", "=",
          "-", "--", "_", "*", "[a]: /u", "[a]", "[b]: <x> 't'", "]", "]:", "[", "![i](/x.png)", "[l](/c/)",
          "<b>", "</b>", "<div>", "<!-- c -->", "<https://x.kr>", "&amp;", "&#106;", "&", "\\*", "\\", "`c`",
          "`", "*e*", "_e_", "{kind=x}", "{#id}", "{", "}", ":", "|a|b|", "|---|", "\r\n", "\r", "02-123-4567"]


def _tokens(md, text: str) -> list[dict]:
    return [token.as_dict() for token in md.parse(text)]


def _full():
    return markdown._checking_parser()


def test_random_texts_parse_the_same_without_the_rules_they_cannot_use() -> None:
    full = _full()
    rnd = random.Random(17)
    pruned = 0
    for _ in range(3000):
        text = "".join(rnd.choice(PIECES) for _ in range(rnd.randint(1, 40)))
        checker = markdown._checker(text)
        pruned += checker is not markdown._checker("\r")
        assert _tokens(checker, text) == _tokens(full, text), repr(text)
    assert pruned > 1000  # most random texts leave some rule out, so the comparison means something


@pytest.mark.parametrize("text", [
    "제목\n===\n", "제목\n  ---\n", "- 항목\n  제목\n  ---\n", "> 인용\n> ---\n", "- ***\n", "*\t*\t*\n",
    "[a]:\n/u\n\n[a]\n", "[a\nb]: /u\n\n[a b]\n", "-     코드\n", ">     코드\n", "\t코드\n", "1. 항목\n\n       코드\n",
    "a\r\n---\r\n", "a\r---\r", "~~~\n코드\n~~~\n", "<br>\n", "a <b>c</b> &amp; \\* `d` ![e](/f.png)\n",
])
def test_edge_texts_parse_the_same(text: str) -> None:
    assert _tokens(markdown._checker(text), text) == _tokens(_full(), text)


def test_every_markdown_file_of_the_repository_parses_the_same() -> None:
    full = _full()
    files = [p for folder in ("content", "tests/sites", "src/charterpress/starter") if (ROOT / folder).is_dir()
             for p in sorted((ROOT / folder).rglob("*.md"))]
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert _tokens(markdown._checker(text), text) == _tokens(full, text), path


def test_a_rule_left_out_wrongly_would_be_caught(monkeypatch) -> None:
    """The property test can fail: with the setext check gone, an underline parses differently."""
    monkeypatch.setitem(markdown._BLOCK_NEEDS, "lheading", lambda text: False)
    monkeypatch.setattr(markdown, "_CHECKERS", {})
    text = "제목\n---\n"
    assert _tokens(markdown._checker(text), text) != _tokens(_full(), text)
