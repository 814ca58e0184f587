"""The one configured Markdown parser, and the safety rules every Markdown body must pass.

Raw HTML and `javascript:`/`data:` links are refused with a located error unless the site opts
in (`allow_raw_html: true`); links to site paths (`/contacts/`) are rewritten relative to the
page that contains them, so a site works under any sub-path and from a plain folder.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_block_plugin

from charterpress import urls
from charterpress.diagnostics import Diagnostic, SourceLoc, error

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.use(attrs_block_plugin)
    md.validateLink = lambda url: True  # every link is checked by `safety_problems`, with its line
    md.add_render_rule("link_open", _render_link_open)
    md.add_render_rule("image", _render_image)
    return md


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
    """Why a link target may not be published, or None."""
    if target.startswith("//"):
        return f"link '{target}' has no scheme (write https://…)"
    parts = urls.split(target)
    if parts is None:
        return f"link '{target}' is not a valid address"
    scheme = parts.scheme.lower()
    if scheme and scheme not in SAFE_SCHEMES:
        return (
            f"link '{target}' is not allowed (expected an http, https, mailto or tel address, "
            "or a path inside the site)"
        )
    if not scheme and ".." in target.split("#")[0].split("/"):
        return f"link '{target}' must not climb out of the site with '..' (write /path/ from the site root)"
    return None


def safety_problems(tokens: list[Token], loc: SourceLoc, allow_html: bool) -> list[Diagnostic]:
    """Raw HTML and unsafe links anywhere in a token stream; `loc.line` is the body's first line."""
    problems: list[Diagnostic] = []
    for token in tokens:
        line = loc.line + (token.map[0] if token.map else 0)
        if token.type == "html_block" and not allow_html:
            problems.append(error(loc.at_line(line), _html_message(token.content)))
        for offset, child in _inline_children(token):
            if child.type == "html_inline" and not allow_html:
                problems.append(error(loc.at_line(line + offset), _html_message(child.content)))
            for attr in ("href", "src"):
                target = child.attrGet(attr)
                problem = link_problem(target) if isinstance(target, str) else None
                if problem:
                    problems.append(error(loc.at_line(line + offset), problem))
    return problems


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
