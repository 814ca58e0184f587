"""The one configured Markdown parser, and the safety rules every Markdown body must pass.

Raw HTML is refused with a located error unless the site opts in (`allow_raw_html: true`);
every link and image address must pass the site's one URL policy (`linkpolicy`), and `{…}`
attribute lines may carry only the attributes charterpress defines. Links to site paths
(`/contacts/`) are rewritten relative to the page that contains them, so a site works under any
sub-path and from a plain folder.

Two parsers are made from one configuration. The publishing parser's `validateLink` applies the
URL policy, so a refused address never becomes a link even if a check were skipped; the checking
parser accepts every address, so `safety_problems` sees each refused one and reports it with its
line (markdown-it decodes entities such as `&#106;` in link destinations before either sees them).
A body is parsed once, by the checking parser (`parse_checked`): when it accepted no address the
policy refuses, its tokens are the publishing parser's, and only a body with a refused address is
parsed again by the publishing parser (the two parses were a third of a clean build).
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Sequence

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_block_plugin

from charterpress import linkpolicy
from charterpress.decode import control_problem
from charterpress.diagnostics import Diagnostic, SourceLoc, did_you_mean, error, warning
from charterpress.phones import find_numbers, phone_problem, tel_href

# The only names a `{…}` line may give (see body.py for where each one is allowed).
BLOCK_ATTRIBUTES = ("kind", "channel", "id")
# Attributes markdown-it itself puts on tokens; anything else came from an editor's `{…}` line.
_OWN_ATTRIBUTES = {
    "heading_open": frozenset(BLOCK_ATTRIBUTES),
    "ordered_list_open": frozenset({"start"}),
    "link_open": frozenset({"href", "title"}),
    "image": frozenset({"src", "alt", "title"}),
}


# Parsers made by make_parser: their tokens equal the checking parser's when no address is refused.
_PUBLISHING: weakref.WeakSet[MarkdownIt] = weakref.WeakSet()


def make_parser() -> MarkdownIt:
    """The publishing parser: a link or image whose address the URL policy refuses stays text."""
    md = _configured()
    md.validateLink = lambda url: linkpolicy.link_problem(url) is None
    _PUBLISHING.add(md)
    return md


def _checking_parser() -> MarkdownIt:
    """A parser that makes every address a link, so each refused one can be reported at its line."""
    md = _configured()
    md.validateLink = lambda url: True
    return md


def _configured() -> MarkdownIt:
    # Measured for issue 17 (300 W1 bench pages, CPU per page; README, The build cache): this parser
    # 868 µs, bare 'commonmark' 860 µs; turning off rules (indented code, lheading, references, hr,
    # blockquote) saves 23 % but changes what Markdown means, so every rule stays. markdown-it-pyrs
    # 0.4.0 (Rust) renders in 60 µs, builds a tree in 89 µs, but has no attrs-block plugin (`{kind=…}`
    # lines), no validateLink hook and no token stream for body.py (its srcmap is byte offsets): not
    # adopted. What pays instead is parsing once (parse_checked).
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.use(attrs_block_plugin, allowed=BLOCK_ATTRIBUTES)
    md.add_render_rule("link_open", _render_link_open)
    md.add_render_rule("image", _render_image)
    md.add_render_rule("text", _render_text)
    return md


def _render_text(self, tokens: Sequence[Token], idx: int, options, env: dict) -> str:
    """Text, with each complete phone number in it a `tel:` link (not inside a link already)."""
    content = tokens[idx].content
    numbers = [n for n in find_numbers(content) if phone_problem(n) is None]
    if not numbers:  # most text: no need to count the links it may stand in
        return escapeHtml(content)
    if sum(1 if t.type == "link_open" else -1 if t.type == "link_close" else 0 for t in tokens[:idx]) > 0:
        return escapeHtml(content)
    parts, rest = [], content
    for number in numbers:
        before, _, rest = rest.partition(number)
        parts.append(f'{escapeHtml(before)}<a href="{escapeHtml(tel_href(number))}">{escapeHtml(number)}</a>')
    return "".join(parts) + escapeHtml(rest)


def phone_warnings(tokens: Sequence[Token], loc: SourceLoc) -> list[Diagnostic]:
    """A warning for each phone-like number in running text that is not a complete number
    (tables check theirs as errors; prose may quote '○○-○○○○' forms, so these only warn)."""
    found = []
    for token in tokens:
        line = loc.line + (token.map[0] if token.map else 0)
        for offset, child in _inline_children(token):
            if child.type != "text":
                continue
            for number in find_numbers(child.content):
                if problem := phone_problem(number):
                    found.append(warning(loc.at_line(line + offset), f"phone number {problem}"))
    return found


def _rewrite(token: Token, attr: str, env: dict) -> None:
    target = token.attrGet(attr)
    resolve: Callable[[str], str] | None = env.get("resolve_link")
    if isinstance(target, str) and resolve is not None and target.startswith("/"):
        token.attrSet(attr, resolve(target))


def _render_link_open(self, tokens: Sequence[Token], idx: int, options, env: dict) -> str:
    _rewrite(tokens[idx], "href", env)
    return self.renderToken(tokens, idx, options, env)


def _render_image(self, tokens: Sequence[Token], idx: int, options, env: dict) -> str:
    _rewrite(tokens[idx], "src", env)
    return self.image(tokens, idx, options, env)


def link_problem(target: str) -> str | None:
    """Why a Markdown link or image target may not be published, or None."""
    problem = linkpolicy.link_problem(target, linkpolicy.ANY_LINK)
    return f"link {problem}" if problem else None


# Rules a text cannot use, told by a look at it: the rule needs a character or a line shape the
# text does not have. Each rule begins by testing for it and fails without a side effect when it
# is not there, so a parser without those rules gives the same tokens for that text (a property
# test compares them); each rule left out is a test saved at each line or terminator character
# (a sixth of a W1 page's parse). The line shapes are read on text without carriage returns.
_HR_RE = re.compile(r"(?:[*_-][ \t]*){3,}$", re.MULTILINE)  # a line ending in three marks: '---', '* * *'
_UNDERLINE_RE = re.compile(r"(?:^|[ \t>])(?:=+|-+)[ \t]*$", re.MULTILINE)  # a setext heading's '===' or '---'
_BLOCK_NEEDS: dict[str, Callable[[str], bool]] = {
    "fence": lambda text: "```" in text or "~~~" in text,
    "blockquote": lambda text: ">" in text,
    "hr": lambda text: _HR_RE.search(text) is not None,
    "reference": lambda text: "]:" in text,
    "html_block": lambda text: "<" in text,
    "lheading": lambda text: _UNDERLINE_RE.search(text) is not None,
    "code": lambda text: "\t" in text or "    " in text,  # indented four columns or more
}
_INLINE_NEEDS = {"escape": "\\", "backticks": "`", "emphasis": "*_", "link": "[", "image": "!",
                 "autolink": "<", "html_inline": "<", "entity": "&"}
_CHECKERS: dict[tuple[frozenset[str], frozenset[str]], MarkdownIt] = {}


def _checker(text: str | None = None) -> MarkdownIt:
    """The checking parser, without the rules `text` cannot use (see _BLOCK_NEEDS)."""
    if text is None or "\r" in text:  # markdown-it reads '\r' as a line end; the shapes above do not
        unused: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
    else:
        unused = (frozenset(name for name, needs in _BLOCK_NEEDS.items() if not needs(text)),
                  frozenset(name for name, chars in _INLINE_NEEDS.items() if not any(c in text for c in chars)))
    md = _CHECKERS.get(unused)
    if md is None:
        md = _CHECKERS[unused] = _checking_parser()
        md.block.ruler.disable(list(unused[0]))
        md.inline.ruler.disable(list(unused[1]))
    return md


def parse_checked(md: MarkdownIt, text: str, loc: SourceLoc,
                  allow_html: bool) -> tuple[list[Token], list[Diagnostic]]:
    """`md`'s tokens for `text` and the text's safety problems (see `safety_problems`), from one
    parse when they can be. Both parsers share one configuration and differ only in validateLink,
    so where every address the checking parser accepted (links, images, reference definitions) is
    one the policy allows, its tokens are those `md` would give; otherwise `md` parses again."""
    env: dict = {}
    tokens = _checker(text).parse(text, env)
    problems, refused = _problems(text, tokens, loc, allow_html)
    definitions = [*(env.get("references") or {}).values(), *(env.get("duplicate_refs") or ())]
    refused = refused or any(link_problem(str(d.get("href", ""))) for d in definitions)
    if refused or md not in _PUBLISHING:
        tokens = md.parse(text)
    return tokens, problems


def safety_problems(text: str, loc: SourceLoc, allow_html: bool) -> list[Diagnostic]:
    """Raw HTML, refused addresses and attributes charterpress does not define anywhere in a
    Markdown body; `loc.line` is the body's first line."""
    return _problems(text, _checker(text).parse(text), loc, allow_html)[0]


def _problems(text: str, tokens: list[Token], loc: SourceLoc, allow_html: bool) -> tuple[list[Diagnostic], bool]:
    """The safety problems in the checking parser's `tokens`, and whether an address was refused."""
    problems: list[Diagnostic] = []
    refused = False
    if control_problem(text):  # most texts have none: one search of the whole text, not one a line
        for number, line_text in enumerate(text.split("\n"), start=max(loc.line, 1)):
            if problem := control_problem(line_text):
                problems.append(error(loc.at_line(number), f"text {problem}"))
    for token in tokens:
        line = loc.line + (token.map[0] if token.map else 0)
        if token.type == "html_block" and not allow_html:
            problems.append(error(loc.at_line(line), _html_message(token.content)))
        if token.attrs or token.meta:
            problems += [error(loc.at_line(line), message) for message in attribute_problems(token)]
        offset = 0  # the line within the block, counted by line breaks (as _inline_children)
        for child in token.children or ():
            if child.type in ("softbreak", "hardbreak"):
                offset += 1
            elif child.type == "html_inline" and not allow_html:
                problems.append(error(loc.at_line(line + offset), _html_message(child.content)))
            if not child.attrs and not child.meta:
                continue  # text, breaks, emphasis: nothing more to check
            problems += [error(loc.at_line(line + offset), message) for message in attribute_problems(child)]
            for attr in ("href", "src"):
                target = child.attrGet(attr)
                problem = link_problem(target) if isinstance(target, str) else None
                if problem:
                    problems.append(error(loc.at_line(line + offset), problem))
                    refused = True
    return problems, refused


def attribute_problems(token: Token) -> list[str]:
    """Attributes on a token that neither markdown-it nor charterpress puts there.

    The attrs plugin already drops names outside BLOCK_ATTRIBUTES (into meta['insecure_attrs']);
    both places are read, so a change in the plugin cannot let `onclick` or `style` through.
    """
    if not token.attrs and not token.meta:
        return []  # most tokens: nothing to report
    own = _OWN_ATTRIBUTES.get(token.type, frozenset())
    names = set(token.meta.get("insecure_attrs") or ()) | {name for name in token.attrs if name not in own}
    messages = []
    for name in sorted(names):
        if name in BLOCK_ATTRIBUTES:
            messages.append("attributes in '{…}' apply to headings only "
                            "(put them on the line above a '##' heading)")
        else:
            messages.append(f"attribute '{name}' is not allowed in '{{…}}' (charterpress understands only "
                            f"{', '.join(BLOCK_ATTRIBUTES)}){_hint(name)}")
    return list(dict.fromkeys(messages))


def _hint(name: str) -> str:
    hint = did_you_mean(name, BLOCK_ATTRIBUTES)
    return hint if hint.startswith(" (did you mean") else ""


def _inline_children(token: Token) -> list[tuple[int, Token]]:
    """Inline tokens with their line offset inside the block (counted by line breaks)."""
    found = []
    offset = 0
    for child in token.children or []:
        if child.type in ("softbreak", "hardbreak"):
            offset += 1
        found.append((offset, child))
    return found


def _html_message(content: str) -> str:
    snippet = content.strip().splitlines()[0][:40] if content.strip() else content
    return (
        f"raw HTML '{snippet}' is not allowed in Markdown (write Markdown instead, or set "
        "'allow_raw_html: true' in site.yaml if every editor is trusted)"
    )


def plain_text(inline: Token) -> str:
    """The text of an inline token, without Markdown markup."""
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()
