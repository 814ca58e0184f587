"""A Markdown body's structure (body.py's tree) as HTML: groups, item lists, prose and tables.

This was a set of recursive Jinja macros (about 90 calls a page, 7.5 % of a clean W1 build's CPU);
it is plain Python now, the same markup byte for byte. The theme's `partials/blocks.html` calls it, so a
site still changes the markup the Jinja way: `partials/blocks_macros.html` holds the same markup as
macros (a test keeps the two identical), to be copied to the site's `templates/partials/blocks.html`
and edited. Every value that is not already Markup is escaped with markupsafe, as autoescape did.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape

from charterpress.body import Block, Group, Item, ItemList
from charterpress.tables import Cell, Table

KeptText = Callable[[Any, str], Markup]  # (a commitment's record, separator) -> its results


class BodyHtml:
    """Renders blocks with one language's interface strings (`ui`, templates/i18n/)."""

    def __init__(self, ui: Mapping[str, str]):
        self.ui = ui

    def blocks(self, items: Sequence[Block], kept: Mapping[str, Sequence[Any]] | None = None,
               url: Callable[[str], str] | None = None, kept_text: KeptText | None = None) -> Markup:
        """`kept` maps an item's id to the register's commitments on it (each gives the item a
        lasting anchor, and its results are shown, written by `kept_text`: the Jinja macro of
        partials/kept.html, so a site's own kept.html applies here too); `url` makes a site path
        relative to the page."""
        writer = _Writer(self.ui, kept or {}, url, kept_text)
        writer.blocks(items)
        return Markup("".join(writer.out))

    def table(self, t: Table) -> Markup:
        writer = _Writer(self.ui, {}, None, None)
        writer.table(t)
        return Markup("".join(writer.out))


class _Writer:
    """One body's HTML, appended to `out` in pieces (joined once at the end)."""

    def __init__(self, ui: Mapping[str, str], kept: Mapping[str, Sequence[Any]],
                 url: Callable[[str], str] | None, kept_text: KeptText | None):
        self.ui, self.kept, self.url, self.kept_text = ui, kept, url, kept_text
        self.out: list[str] = []

    def blocks(self, items: Sequence[Block]) -> None:
        out = self.out
        for block in items:
            if isinstance(block, Group):
                self.group(block)
            elif isinstance(block, ItemList):
                self.item_list(block)
            elif isinstance(block, Table):
                self.table(block)
            else:
                out.append(escape(block.html))
            out.append("\n")

    def group(self, g: Group) -> None:
        kind = f" kind-{escape(g.kind)}" if g.kind else ""
        name = f'aria-label="{escape(g.label)}"' if g.label else f'aria-labelledby="{escape(g.id)}"'
        self.out.append(f'<section class="group level-{g.level}{kind}" {name}>\n'
                        f'<h{g.level} id="{escape(g.id)}">{escape(g.title_html)}</h{g.level}>\n')
        if len(g.channels) > 1:
            ui = self.ui
            names = " · ".join(str(escape(ui["channel_web"] if c == "internet" else ui["channel_" + c]))
                               for c in g.channels)
            self.out.append(f'<p class="channels">{escape(ui["channels_label"])}: {names}</p>')
        self.blocks(g.blocks)
        self.out.append("\n</section>\n")

    def item_list(self, items: ItemList) -> None:
        tag = "ol" if items.ordered else "ul"
        self.out.append(f'<{tag} class="items">\n')
        for item in items.items:
            self.item(item)
        self.out.append(f"</{tag}>\n")

    def item(self, item: Item) -> None:
        out = self.out
        commitments = self.kept.get(item.id, ())
        condition = ' class="condition"' if item.children else ""
        out.append(f'<li id="{escape(item.id)}"{condition}>\n')
        out.extend(f'<span id="{escape(c.anchor)}"></span>' for c in commitments)
        out.append(f'<p class="lead">{escape(item.html)}</p>\n' if item.children else escape(item.html))
        out.append(escape(item.extra))
        out.extend(f'<p class="note">{escape(note)}</p>' for note in item.notes)
        for t in item.tables:
            self.table(t)
        self.results(commitments)
        if item.children:
            out.append('\n<ul class="promises">\n')
            for child in item.children:
                self.item(child)
            out.append("</ul>\n")
        out.append("</li>\n")

    def results(self, commitments: Sequence[Any]) -> None:
        """How far each promise on the item was kept; which promise, only when it holds several."""
        shown = [c for c in commitments if c.has_results]
        for c in shown:
            if self.url is None or self.kept_text is None:
                raise TypeError("blocks(): commitments with results need the page's `url` and `kept_text`")
            which = f" ({escape(c.record.measure or c.record.statement)})" if len(shown) > 1 else ""
            self.out.append(f'<p class="kept"><a href="{escape(self.url("/commitments/"))}#{escape(c.id)}">'
                            f'{escape(self.ui["kept_label"])}</a>{which}: '
                            f'{escape(self.kept_text(c.record, " · "))}</p>\n')

    def table(self, t: Table) -> None:
        out, tid = self.out, escape(t.id)
        out.append(f'<div class="table-wrap" role="region" aria-labelledby="{tid}-caption" tabindex="0">\n'
                   f'<table class="data-table" id="{tid}">\n'
                   f'<caption id="{tid}-caption">{escape(t.caption)}</caption>\n<thead>')
        out.extend("<tr>" + "".join(_cell(cell) for cell in row) + "</tr>" for row in t.head)
        out.append("</thead>\n")
        for body in t.bodies:
            out.append("<tbody>\n")
            out.extend("<tr>" + "".join(_cell(cell) for cell in row) + "</tr>\n" for row in body)
            out.append("</tbody>\n")
        out.append("</table>\n</div>\n")
        if t.note:
            out.append(f'<p class="table-note">{escape(t.note)}</p>')


def _cell(cell: Cell) -> str:
    attrs = ""
    if cell.id:
        attrs += f' id="{escape(cell.id)}"'
    if cell.scope:
        attrs += f' scope="{escape(cell.scope)}"'
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    if cell.headers:
        attrs += f' headers="{escape(cell.headers)}"'
    lines = "<br>".join("".join(f'<a href="{escape(seg.href)}">{escape(seg.text)}</a>' if seg.href
                                else str(escape(seg.text)) for seg in line) for line in cell.lines)
    tag = escape(cell.tag)
    return f"<{tag}{attrs}>{lines}</{tag}>"
