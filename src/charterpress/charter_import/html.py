"""Read a charter saved as a web page: headings (also images with `alt`), nested `ul`/`ol`,
paragraphs, and tables with `rowspan`/`colspan`, leaving the page chrome (skip links, menus,
breadcrumbs, quick menus, the satisfaction question, "TOP") aside as chrome entries.

html5lib parses the page the way a browser does, so broken markup of old CMS pages still reads.
A line number is the line of the saved page where the entry's words start.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import html5lib

from charterpress.charter_import.outline import Entry, TableEntry

BLOCKS = {"p", "div", "section", "article", "main", "ul", "ol", "li", "table", "h1", "h2", "h3", "h4", "h5",
          "h6", "dl", "dt", "dd", "blockquote", "pre", "address", "figure", "figcaption", "center", "form",
          "fieldset", "header", "footer", "nav", "aside", "br", "hr"}
SKIP_TAGS = {"script", "style", "noscript", "template", "head", "button", "select", "input", "textarea",
             "iframe", "svg", "object"}
CHROME_TAGS = {"nav", "header", "footer", "aside", "form"}
CHROME_RE = re.compile(r"skip|gnb|lnb|snb|menu|quick|breadcrumb|location|satisf|btn_?top|top_?btn|go_?top|"
                       r"footer|header|util|share|print|sitemap|family|banner|depth|path", re.I)


def read_html(page: str) -> list[Entry]:
    root = html5lib.parse(page, namespaceHTMLElements=False)
    reader = _Reader(page)
    body = root.find("body")
    reader.block(body if body is not None else root, 0)
    reader.flush()
    return reader.entries


def _text(value: str | None) -> str:
    return " ".join((value or "").split())


class _Reader:
    def __init__(self, page: str):
        self.page = page
        self.cursor = 0
        self.entries: list[Entry] = []
        self.inline: list[str] = []

    def line_of(self, text: str) -> int:
        """The line of the page where `text` is written, searching on from the last one found."""
        for probe in (text[:12], text[:4]):
            if not probe:
                break
            at = self.page.find(probe, self.cursor)
            if at >= 0:
                self.cursor = at
                return self.page.count("\n", 0, at) + 1
        return self.page.count("\n", 0, self.cursor) + 1

    def add(self, kind, text: str, **extra) -> None:
        text = _text(text)
        if text or kind == "table":
            line = self.line_of(text or (extra["table"].caption if extra.get("table") else ""))
            self.entries.append(Entry(kind, line, text, lines=[line], **extra))

    def flush(self) -> None:
        text = _text(" ".join(self.inline))
        self.inline = []
        if text:
            self.add("para", text)

    def chrome(self, el: ET.Element) -> bool:
        names = f"{el.get('id', '')} {el.get('class', '')} {el.get('role', '')}"
        return el.tag in CHROME_TAGS or bool(CHROME_RE.search(names)) or el.get("role") in ("navigation", "banner",
                                                                                           "contentinfo")

    def block(self, el: ET.Element, depth: int) -> None:
        """The blocks inside `el`; loose text between them becomes paragraphs."""
        if el.text and el.text.strip():
            self.inline.append(el.text)
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in SKIP_TAGS or not tag:
                pass
            elif self.chrome(child):
                self.flush()
                for text in _chrome_lines(child):
                    self.add("chrome", text)
            elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self.flush()
                self.add("heading", inline_text(child), level=int(tag[1]))
            elif tag in ("ul", "ol"):
                self.flush()
                self.items(child, depth)
            elif tag == "table":
                self.flush()
                self.table(child, depth)
            elif tag == "br":
                self.flush()
            elif tag in BLOCKS:
                self.flush()
                if _only_images(child):
                    self.add("heading", inline_text(child))
                else:
                    self.block(child, depth)
                    self.flush()
            else:
                self.inline.append(inline_text(child))
            if child.tail and child.tail.strip():
                self.inline.append(child.tail)

    def items(self, el: ET.Element, depth: int) -> None:
        for li in el:
            if li.tag != "li":
                continue
            own = _text(inline_text(li))
            if own:
                self.add("item", own, depth=depth)
            for child in li:
                if child.tag in ("ul", "ol"):
                    self.items(child, depth + 1)
                elif child.tag == "table":
                    self.table(child, depth + 1)
                elif child.tag in BLOCKS and child.tag not in ("br",) and _has_blocks(child):
                    self.block(child, depth + 1)
                    self.flush()

    def table(self, el: ET.Element, depth: int) -> None:
        grid, header_rows = _grid(el)
        caption_el = el.find("caption")
        caption = _text(inline_text(caption_el)) if caption_el is not None else _text(el.get("summary"))
        if not grid:
            return
        width = max(len(r) for r in grid)
        heads = grid[:header_rows] or [[None] * width]
        columns, groups = _columns(heads, width)
        body = grid[header_rows:]
        rows: list[list[list[str] | None]] = []
        spanned: list[str] = []
        for row in body:
            cells: list[list[str] | None] = []
            for k in range(width):
                cell = row[k] if k < len(row) else None
                if cell is None:
                    cells.append([])
                elif cell == ():  # covered by a cell above (rowspan)
                    cells.append(None)
                    if columns[k] not in spanned:
                        spanned.append(columns[k])
                else:
                    cells.append([line for line in cell if line])
            rows.append(cells)
        problems = []
        if header_rows == 0:
            problems.append("the table has no header row; its columns are named 열1, 열2, …")
        self.add("table", caption, depth=depth,
                 table=TableEntry(caption or "표", columns, rows, spanned, problems, groups))


def _columns(heads: list[list], width: int) -> tuple[list[str], dict[str, list[str]]]:
    """Column names from the header rows. Under two rows, a top cell over several columns becomes
    a header group of the names below it; otherwise the rows' words are joined."""
    def word(row: list, k: int) -> str:
        cell = row[k] if k < len(row) else None
        return cell[0] if cell else ""

    groups: dict[str, list[str]] = {}
    if len(heads) == 2:
        names = [word(heads[1], k) or word(heads[0], k) for k in range(width)]
        for k in range(width):
            top = word(heads[0], k)
            if top and top != names[k]:
                groups.setdefault(top, []).append(names[k])
        if len(set(names)) == len(names) and all(names) and not set(groups) & set(names):
            return names, groups
    columns = []
    for k in range(width):
        parts = list(dict.fromkeys(w for w in (word(row, k) for row in heads) if w))
        columns.append(" ".join(parts) or f"열{k + 1}")
    seen: dict[str, int] = {}
    for k, name in enumerate(columns):  # two columns of one name are kept apart
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            columns[k] = f"{name} {seen[name]}"
    return columns, {}


def _grid(el: ET.Element) -> tuple[list[list], int]:
    """Rows of the table as a grid: a cell is its lines, () where a span above covers it."""
    rows = [tr for tr in el.iter("tr")]
    grid: list[list] = []
    header_rows = 0
    pending: dict[tuple[int, int], bool] = {}
    for r, tr in enumerate(rows):
        row: list = []
        k = 0
        cells = [c for c in tr if c.tag in ("td", "th")]
        all_th = bool(cells) and all(c.tag == "th" for c in cells)
        in_head = any(p.tag == "thead" for p in el.iter() if tr in list(p))
        if (all_th or in_head) and r == header_rows:
            header_rows += 1
        for cell in cells:
            while (r, k) in pending:
                row.append(())
                k += 1
            lines = _cell_lines(cell)
            rowspan = _int(cell.get("rowspan"))
            colspan = _int(cell.get("colspan"))
            for c in range(colspan):
                row.append(lines if c == 0 or r < header_rows else [])
                for extra in range(1, rowspan):
                    pending[(r + extra, k + c)] = True
            k += colspan
        while (r, k) in pending:
            row.append(())
            k += 1
        grid.append(row)
    # Header cells spanning columns name each column they cover.
    for r in range(1, header_rows):  # a header cell spanning header rows names its column once
        for k, cell in enumerate(grid[r]):
            if cell == () and k < len(grid[r - 1]):
                grid[r][k] = grid[r - 1][k]
    return grid, header_rows


def _int(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 100))
    except ValueError:
        return 1


def _cell_lines(cell: ET.Element) -> list[str]:
    """A cell's lines: one per list item, `br` or paragraph."""
    lines: list[str] = []
    current: list[str] = []

    def walk(el: ET.Element) -> None:
        if el.text:
            current.append(el.text)
        for child in el:
            if child.tag in SKIP_TAGS:
                pass
            elif child.tag in ("br", "li", "p", "div"):
                lines.append(_text("".join(current)))
                current.clear()
                walk(child)
                lines.append(_text("".join(current)))
                current.clear()
            elif child.tag == "img":
                current.append(child.get("alt") or "")
            else:
                walk(child)
            if child.tail:
                current.append(child.tail)

    walk(cell)
    lines.append(_text("".join(current)))
    return [line for line in lines if line]


def inline_text(el: ET.Element) -> str:
    """The words of an element up to its nested lists and tables; images give their `alt`."""
    parts = [el.text or ""]
    for child in el:
        if child.tag in SKIP_TAGS:
            pass
        elif child.tag in ("ul", "ol", "table") or (child.tag in BLOCKS and _has_blocks(child)):
            parts.append(" ")  # read as blocks of their own
        elif child.tag == "img":
            parts.append(child.get("alt") or "")
        elif child.tag == "br":
            parts.append(" ")
        else:
            parts.append(inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _has_blocks(el: ET.Element) -> bool:
    return any(c.tag in ("ul", "ol", "table", "p", "div", "h1", "h2", "h3", "h4", "h5", "h6") for c in el.iter()
               if c is not el)


def _only_images(el: ET.Element) -> bool:
    images = [c for c in el.iter("img") if (c.get("alt") or "").strip()]
    text = _text("".join(t for c in el.iter() for t in (c.text, c.tail if c is not el else None) if t))
    return bool(images) and not text and not _has_blocks(el)


def _chrome_lines(el: ET.Element) -> list[str]:
    text = _text(" ".join(t for t in el.itertext()))
    return [text] if text else []
