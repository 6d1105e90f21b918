"""Reports published as government web pages: the report text inside a page of navigation.

A county site wraps the report in menus, breadcrumbs, related links, footers and scripts, and
lays its tables out with rowspan/colspan. This reader finds the element that holds the report
(the title with 年度报告 and most of the non-link text), drops the rest, and writes tables as
tab-separated grid rows (see `ingest.read` for the layout) so the one text parser reads them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ingest.errors import UnreadableFile
from ingest.read import Document, join_lines, tab_lines

_DROP = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "select",
    "button",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "svg",
    "canvas",
    "head",
)
_BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "tr",
    "table",
    "center",
    "hr",
    "address",
    "figure",
    "figcaption",
    "caption",
    "body",
    "td",
    "th",
}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_WS = re.compile(r"[ \t\n\r\f]+")
_ALL_WS = re.compile(r"[\s\u00a0\u3000]+")
MIN_DESCEND = 0.8  # a child holding this share of its parent's non-link text is the better container


def decode_html(data: bytes, name: str) -> tuple[str, str]:
    """Decode with the page's declared charset (GB2312 read as GB18030), else detect like a .txt."""
    from ingest.read.text import decode

    if not data.strip():
        raise UnreadableFile(f"文件为空：{name}。请检查保存的网页是否完整 (empty file).")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    m = _META_CHARSET.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii").lower()
        enc = "gb18030" if declared in {"gb2312", "gbk", "gb18030", "x-gbk", "cp936"} else declared
        try:
            return data.decode(enc), enc
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common: fall back to detection
    return decode(data, name)


def _parse(text: str, name: str) -> Any:
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.document_fromstring(_XML_DECL.sub("", text))
    except (lxml.etree.ParserError, ValueError) as exc:
        raise UnreadableFile(
            f"无法解析网页：{name}。请确认是完整的 HTML 文件 (cannot parse HTML: {exc})."
        ) from exc
    return root


def _text_len(el: Any) -> int:
    """Visible non-blank characters outside links: navigation is mostly links, a report is not."""

    def count(x: Any) -> int:
        return len(_ALL_WS.sub("", x.text_content()))

    return count(el) - sum(count(a) for a in el.iter("a")) if el.tag != "a" else 0


def _main_content(body: Any) -> Any:
    """Descend from <body> while one child holds most of the report's non-link text."""
    node = body
    while True:
        total = _text_len(node)
        children = [c for c in node if isinstance(c.tag, str)]
        best = max(children, key=_text_len, default=None)
        if best is None or total == 0 or _text_len(best) < MIN_DESCEND * total or best.tag == "p":
            return node
        if best.tag == "table" and not _is_layout_table(best):
            return node
        node = best


def _title_element(root: Any) -> Any | None:
    """The visible heading naming the report: short text with 年度报告, not a link, not in <head>."""
    best = None
    for el in root.iter("h1", "h2", "h3", "div", "p", "td", "span", "strong", "font"):
        text = _WS.sub("", el.text_content())
        if (
            "年度报告" not in text
            or len(text) > 80
            or el.tag == "a"
            or any(a.tag == "a" for a in el.iterancestors())
        ):
            continue
        if best is None or el.tag in ("h1", "h2") and best.tag not in ("h1", "h2"):
            best = el
    return best


def _common_ancestor(a: Any, b: Any) -> Any:
    ancestors = {id(x) for x in [a, *a.iterancestors()]}
    for x in [b, *b.iterancestors()]:
        if id(x) in ancestors:
            return x
    return b


def _cell_text(cell: Any) -> str:
    parts: list[str] = []
    _walk(cell, parts)
    return join_lines("".join(parts).split("\n"))


def _grid(table: Any) -> list[list[str]]:
    """Rows of a data table with rowspan/colspan expanded: text first, "" in covered positions."""
    grid: dict[tuple[int, int], str] = {}
    rows = [tr for tr in table.iter("tr") if _owner_table(tr) is table]
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag not in ("td", "th"):
                continue
            while (r, c) in grid:
                c += 1
            rowspan = _span(cell.get("rowspan"), len(rows) - r)
            colspan = _span(cell.get("colspan"), 200)
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid.setdefault((r + dr, c + dc), "")
            grid[(r, c)] = _cell_text(cell)
            c += colspan
    width = max((c + 1 for _, c in grid), default=0)
    return [[grid.get((r, c), "") for c in range(width)] for r in range(len(rows))]


def _span(value: str | None, limit: int) -> int:
    try:
        n = int(re.sub(r"\D", "", value or "1") or 1)
    except ValueError:
        return 1
    return max(1, min(n, limit)) if n > 0 else max(1, limit)


def _owner_table(el: Any) -> Any:
    return next(el.iterancestors("table"), None)


def _is_layout_table(table: Any) -> bool:
    """A table used for page layout: it holds other tables, or it has a single column."""
    if any(t is not table for t in table.iter("table")):
        return True
    return all(len([c for c in tr if c.tag in ("td", "th")]) <= 1 for tr in table.iter("tr"))


def _walk(el: Any, out: list[str]) -> None:
    """Append visible text in reading order; blocks on their own lines, data tables as tab rows."""
    if not isinstance(el.tag, str) or el.tag in _DROP:
        if el.tail:
            out.append(_WS.sub(" ", el.tail))
        return
    if el.tag == "table" and not _is_layout_table(el):
        out.append("\n" + "\n".join(tab_lines(_grid(el))) + "\n")
    else:
        block = el.tag in _BLOCK
        if block:
            out.append("\n")
        if el.tag == "br":
            out.append("\n")
        if el.text:
            out.append(_WS.sub(" ", el.text))
        for child in el:
            _walk(child, out)
        if block:
            out.append("\n")
    if el.tail:
        out.append(_WS.sub(" ", el.tail))


def html_to_text(text: str, name: str = "") -> str:
    """The report's plain text from a whole web page (or a fragment)."""
    root = _parse(text, name)
    page_title = root.findtext(".//title") or ""
    for bad in [el for el in root.iter(*_DROP)]:
        if bad.getparent() is not None:
            bad.drop_tree()
    body = root.find("body")
    if body is None:
        body = root
    main = _main_content(body)
    title = _title_element(body)
    prefix = ""
    if title is not None and not any(x is main for x in [title, *title.iterancestors()]):
        joined = _common_ancestor(main, title)
        if _text_len(joined) <= 1.2 * _text_len(main) + len(title.text_content()):
            main = joined
        else:
            prefix = _WS.sub(" ", title.text_content()).strip() + "\n"
    elif title is None and "年度报告" in page_title:
        prefix = re.split(r"[_|－—-]", page_title.strip())[0].strip() + "\n"
    parts: list[str] = []
    _walk(main, parts)
    lines = [
        line if "\t" in line else line.strip(" \u3000\u00a0")
        for line in (prefix + "".join(parts)).split("\n")
    ]
    return "\n".join(line for line in lines if line).replace("\u00a0", " ")


_TITLE_META = ("ArticleTitle", "og:title", "title", "Title", "description")


def page_titles(text: str, name: str = "") -> tuple[str, ...]:
    """What the page says its title is: <title>, <h1> and the meta tags CMSs fill (ArticleTitle …),
    for metadata when the body does not carry the title."""
    root = _parse(text, name)
    found = [root.findtext(".//title") or "", *(h.text_content() for h in root.iter("h1"))]
    for meta in root.iter("meta"):
        if (meta.get("name") or meta.get("property") or "") in _TITLE_META:
            found.append(meta.get("content") or "")
    cleaned = (_WS.sub(" ", t).strip() for t in found)
    return tuple(dict.fromkeys(t for t in cleaned if t and len(t) <= 200))


def read_html(path: Path) -> Document:
    text, encoding = decode_html(path.read_bytes(), path.name)
    body = html_to_text(text, path.name)
    if not body.strip():
        raise UnreadableFile(f"网页中没有正文文字：{path.name}。请保存报告正文页面 (no text in the page).")
    return Document(text=body, source_format="html", encoding=encoding, titles=page_titles(text, path.name))
