"""The page chrome every page shows (search box, menu, content-owner block, footer), rendered
once for each distinct input instead of once per page (a fifth of a clean build's template time).

The theme's base.html calls `chrome("partials/menu.html")` where it would `{% include %}` the
partial. A partial is reused only when it is the theme's own file and reads nothing but what the
key below covers: the build's constants (site, settings, charter, interface text, asset names),
the page attributes its key function accounts for, and `url`. A site's own override of a partial,
or a theme partial changed to read something else, is rendered for every page as an include is,
so an override never shows another page's chrome.

`url` differs from page to page only in the relative links it makes: a partial's output is stored
with the targets it asked `url` for and the links it got; a later page reuses it when its own `url`
gives the same links for those targets (the partial is deterministic, so with the same inputs it
asks for the same targets in the same order and writes the same bytes).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta, nodes
from markupsafe import Markup

from charterpress import urls

# Names every page of one build gets the same value for (render.Renderer._html), and loop helpers.
CONSTANT_NAMES = frozenset({"site", "config", "charter", "ui", "stylesheet", "search_script", "site_path"})
MAX_VARIANTS = 32  # outputs kept per key (one per distinct set of relative links: folder depths)


def _menu_key(page: Any, context: Any) -> Any:
    """The menu reads the page's address only to mark the current entry (`startswith` one of the
    addresses it lists, or equal to it): the addresses it could list that are a prefix of it."""
    site, config = context["site"], context["config"]
    links = [str(item.link) for item in config.menu or ()]
    links += ["/charter/", "/commitments/", "/contacts/", "/disclosures/", "/surveys/"]
    links += [urls.site_path(p.path) for p in site.pages[:5]]
    here = page.site_path
    return tuple((link, here == link) for link in links if here.startswith(link))


def _owner_key(page: Any, context: Any) -> Any:
    """The owner block shows the page's owner; its address only in the satisfaction form."""
    return page.owner, page.site_path if context["config"].feedback.endpoint else None


# Theme partial → (the page attributes its key accounts for, the key).
PARTIALS: dict[str, tuple[frozenset[str], Callable[[Any, Any], Any]]] = {
    "partials/search_box.html": (frozenset({"kind"}), lambda page, context: page.kind == "search"),
    "partials/menu.html": (frozenset({"site_path"}), _menu_key),
    "partials/content_info.html": (frozenset({"owner", "site_path"}), _owner_key),
    "partials/footer.html": (frozenset(), lambda page, context: ()),
}


class Chrome:
    """`chrome(name)` in a template: the partial `name` rendered with the template's context,
    reused from an earlier page where that gives the same bytes (see the module's docstring)."""

    def __init__(self, env: jinja2.Environment, theme: Path):
        self.env = env
        self.theme = theme.resolve()
        self._reusable: dict[str, bool] = {}
        self._memo: dict[tuple[str, Any], list[tuple[tuple[str, ...], tuple[str, ...], Markup]]] = {}
        self._constants: tuple[Any, ...] = ()

    @jinja2.pass_context
    def __call__(self, context: jinja2.runtime.Context, name: str) -> Markup:
        template = self.env.get_template(name)
        if not self._may_reuse(name, template):
            return Markup(template.render(context.get_all()))
        constants = tuple(context.get(n) for n in sorted(CONSTANT_NAMES))
        if len(constants) != len(self._constants) or any(a is not b for a, b in zip(constants, self._constants)):
            self._memo.clear()  # another site (serve renders again with the same Renderer)
            self._constants = constants
        key = (name, PARTIALS[name][1](context["page"], context))
        url = context["url"]
        variants = self._memo.setdefault(key, [])
        for targets, links, html in variants:
            if all(url(target) == link for target, link in zip(targets, links)):
                return html
        asked: list[tuple[str, str]] = []

        def recording(target: str) -> str:
            link = url(target)
            asked.append((target, link))
            return link

        html = Markup(template.render({**context.get_all(), "url": recording}))
        if len(variants) < MAX_VARIANTS:
            variants.append((tuple(t for t, _ in asked), tuple(link for _, link in asked), html))
        return html

    def _may_reuse(self, name: str, template: jinja2.Template) -> bool:
        known = self._reusable.get(name)
        if known is None:
            known = self._reusable[name] = name in PARTIALS and self._is_theme(template) and \
                reads_only(self.env, name, PARTIALS[name][0])
        return known

    def _is_theme(self, template: jinja2.Template) -> bool:
        return template.filename is not None and Path(template.filename).resolve().is_relative_to(self.theme)


def reads_only(env: jinja2.Environment, name: str, page_attributes: frozenset[str]) -> bool:
    """Whether template `name` reads only the build's constants, `url`, the environment's globals
    and the given attributes of `page` (never `page` itself), and includes or imports nothing."""
    source, _, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
    tree = env.parse(source)
    if any(True for _ in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends))):
        return False
    # A name set only under an `{% if %}` counts as undeclared for Jinja; the theme's partials set
    # their own (content_info's `channels`), never reading a page's variable of the same name.
    assigned = {n.name for n in tree.find_all(nodes.Name) if n.ctx == "store"}
    allowed = CONSTANT_NAMES | {"url", "page"} | set(env.globals) | (assigned - {"page", "url"})
    if not meta.find_undeclared_variables(tree) <= allowed:
        return False
    reads = [n.attr for n in tree.find_all(nodes.Getattr) if isinstance(n.node, nodes.Name) and n.node.name == "page"]
    pages = sum(1 for n in tree.find_all(nodes.Name) if n.name == "page")
    return pages == len(reads) and set(reads) <= page_attributes
