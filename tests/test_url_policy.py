"""The one URL policy (linkpolicy), the fields that use it, and Markdown's attribute allow-list."""

from __future__ import annotations

import html5lib
import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.attrs import attrs_block_plugin

from charterpress import urls
from charterpress.build import render
from charterpress.diagnostics import BuildFailed, SourceLoc
from charterpress.linkpolicy import ANY_LINK, SITE_OR_WEB, WEB_ADDRESS, browser_form, link_problem, readings
from charterpress.markdown import attribute_problems, make_parser, parse_checked, safety_problems
from conftest import MINIMAL, TODAY

REFUSED_EVERYWHERE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "\x01\x02javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java\rscript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "&#0000106avascript:alert(1)",
    "javascript&colon;alert(1)",
    "java&Tab;script:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "&amp;#106;avascript:alert(1)",
    "%6Aavascript:alert(1)",
    "javascript%3Aalert(1)",
    "/javascript:alert(1)",
    "./javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "DATA:image/svg+xml;base64,PHN2Zz4=",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://example.kr/",
    "blob:https://example.kr/x",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "../etc/passwd",
    "/a/../../etc/passwd",
    "%2e%2e/etc/passwd",
    "%2E%2e/etc/passwd",
    "/%2e%2E/x",
]


@pytest.mark.parametrize("target", REFUSED_EVERYWHERE)
@pytest.mark.parametrize("rules", [ANY_LINK, SITE_OR_WEB, WEB_ADDRESS], ids=["any", "site-or-web", "web"])
def test_refused_targets(target: str, rules) -> None:
    assert link_problem(target, rules) is not None


@pytest.mark.parametrize("target", ["https://www.example.kr/a?b=1&c=2#x", "http://example.kr", "/charter/",
                                    "/charter/#고객-참여", "/static/surveys/2025.pdf", "/%EA%B0%80/"])
def test_site_and_web_links_accepted(target: str) -> None:
    assert link_problem(target, SITE_OR_WEB) is None
    assert link_problem(target, ANY_LINK) is None


@pytest.mark.parametrize("target", ["mailto:minwon@example.kr", "tel:02-123-4567", "#top", "guide/", ""])
def test_markdown_only_targets(target: str) -> None:
    assert link_problem(target, ANY_LINK) is None
    assert link_problem(target, SITE_OR_WEB) is not None


def test_web_address_needs_a_host() -> None:
    assert link_problem("https://example.kr/", WEB_ADDRESS) is None
    assert "has no host" in (link_problem("https:evil", WEB_ADDRESS) or "")
    assert "is not a web address" in (link_problem("/charter/", WEB_ADDRESS) or "")


def test_browser_form_follows_whatwg() -> None:
    assert browser_form(" \x00\x1fja\tva\nscr\ript:x \x7f ") == "javascript:x \x7f"
    assert browser_form("&#106;&#x61;vascript&colon;x") == "javascript:x"
    assert readings("%252e%252e/") == ["%252e%252e/", "%2e%2e/", "../"]


def test_message_shows_what_a_browser_reads() -> None:
    assert link_problem("java\tscript:x") == (
        "'java\\tscript:x' (a browser reads it as 'javascript:x') is not allowed: 'javascript:' "
        "addresses are never published (expected an http, https, mailto or tel address, "
        "or a path inside the site)"
    )


def test_relative_never_makes_a_scheme() -> None:
    # Defence behind the policy: a path whose first segment has a ':' keeps a './' in front.
    assert urls.relative("index.html", "/javascript:alert(1)") == "./javascript:alert(1)"
    assert urls.relative("charter/index.html", "/charter/a:b") == "./a:b"
    assert urls.relative("index.html", "/charter/") == "charter/"


def _home_hrefs(site) -> list[str]:
    page = next(f for f in render(site, TODAY).files if f.path == "index.html")
    tree = html5lib.parse(page.data.decode("utf-8"), namespaceHTMLElements=False)
    return [a.get("href") for a in tree.iter("a")]


def test_headline_site_yaml_menu_link_cannot_become_javascript(make_site) -> None:
    """Before the policy, `link: /javascript:alert(1)` in the menu was published on the home page
    as href="javascript:alert(1)" (the leading '/' dropped when the link was made relative)."""
    base = (MINIMAL / "site.yaml").read_text(encoding="utf-8")
    site = make_site({"site.yaml": base + "menu:\n  - title: 안내\n    link: /javascript:alert(1)\n"})
    with pytest.raises(BuildFailed) as failure:
        render(site, TODAY)
    assert [str(d) for d in failure.value.diagnostics] == [
        "site.yaml:20:11: link '/javascript:alert(1)' has a ':' in its path, which becomes a scheme when "
        "the link is made relative (write a path without ':' or a full https:// address)"
    ]


def test_menu_links_that_pass_are_published(make_site) -> None:
    base = (MINIMAL / "site.yaml").read_text(encoding="utf-8")
    site = make_site({"site.yaml": base + "menu:\n  - title: 안내\n    link: /charter/\n"
                                          "  - title: 밖\n    link: https://www.example.kr/\n"})
    hrefs = _home_hrefs(site)
    assert "charter/" in hrefs and "https://www.example.kr/" in hrefs


def test_publishing_parser_never_links_a_refused_address() -> None:
    md = make_parser()
    out = md.render("[a](&#106;avascript:alert(1)) [b](/javascript:x) ![c](data:image/png,x) <vbscript:x>\n")
    assert "href" not in out and "src" not in out


# Bodies where one parse could differ from the publishing parser's: refused links, images,
# autolinks and reference definitions (used, unused, defined twice), links inside links.
ONE_PARSE_BODIES = [
    "[a](https://www.example.kr/) ![b](/static/b.png) <https://x.kr/> <a@x.kr> [c](/charter/)\n",
    "[a](&#106;avascript:alert(1)) [b](/javascript:x) ![c](data:image/png,x) <vbscript:x>\n",
    "[a][r]\n\n[r]: javascript:alert(1)\n",
    "text\n\n[unused]: javascript:alert(1)\n",
    "[a][r]\n\n[r]: javascript:alert(1)\n[r]: https://ok.kr/\n",
    "[a][r]\n\n[r]: https://ok.kr/\n[r]: javascript:alert(1)\n",
    "[outer [inner](javascript:x)](https://ok.kr/)\n",
    "- [x](https://ok.kr/ \"t\")\n  - ![i](javascript:x)\n",
]


@pytest.mark.parametrize("text", ONE_PARSE_BODIES)
def test_one_parse_gives_the_publishing_parsers_tokens(text: str) -> None:
    """parse_checked reuses the checking parser's tokens only where the publishing parser would give
    the same; each body here has the same HTML and the same problems as with two parses."""
    md = make_parser()
    tokens, problems = parse_checked(md, text, SourceLoc("pages/a.md", 3), False)
    assert md.renderer.render(tokens, md.options, {}) == md.render(text)
    assert problems == safety_problems(text, SourceLoc("pages/a.md", 3), False)


def test_one_parse_never_publishes_a_refused_address() -> None:
    md = make_parser()
    tokens, problems = parse_checked(md, "[a](javascript:alert(1))\n", SourceLoc("pages/a.md", 1), False)
    assert "href" not in md.renderer.render(tokens, md.options, {}) and problems


def test_attribute_check_does_not_trust_the_plugin() -> None:
    """A plugin without an allow-list (or one that changed) keeps `style`; our check still refuses it."""
    md = MarkdownIt("commonmark").use(attrs_block_plugin)
    tokens = md.parse('{style="color:red" kind=standards}\n## h\n\n{id=x}\nparagraph\n')
    assert attribute_problems(tokens[0]) == [
        "attribute 'style' is not allowed in '{…}' (charterpress understands only kind, channel, id)"
    ]
    assert attribute_problems(tokens[3]) == [
        "attributes in '{…}' apply to headings only (put them on the line above a '##' heading)"
    ]


def test_plugin_gets_the_allow_list() -> None:
    tokens = make_parser().parse('{onclick="x()" style="a" channel=phone}\n### h\n')
    assert tokens[0].attrs == {"channel": "phone"}
    assert set(tokens[0].meta["insecure_attrs"]) == {"onclick", "style"}


def test_control_characters_are_refused_where_written(make_site) -> None:
    """A control character breaks the Atom feed (XML forbids it) and is invisible in review."""
    base = (MINIMAL / "site.yaml").read_text(encoding="utf-8")
    site = make_site({"site.yaml": base.replace("name: 시험구립도서관", 'name: "시험\\x01도서관"')})
    with pytest.raises(BuildFailed) as failure:
        render(site, TODAY)
    assert [str(d) for d in failure.value.diagnostics] == [
        "site.yaml:1:7: YAML escape gives U+0001, a control character; remove it",
    ]


def test_control_characters_in_markdown_are_refused() -> None:
    assert [str(d) for d in safety_problems("첫 줄\n본문\x7f입니다.\n", SourceLoc("pages/a.md", 5), False)] == [
        "pages/a.md:6: text contains the invisible control character U+007F, which no page or feed can "
        "carry (remove it)"
    ]
