"""A web page (a saved .html or a fetched address) as the article's text: trafilatura finds the main
text (navigation, share buttons, footers and related links left out); every other block of the page
is listed as dropped furniture, restorable where it stood. The page's own metadata gives the guesses:
title, publication date (htmldate, from the metadata only), publisher and author, each marked with
where it came from.

A repost's furniture (a portal's "发布时间：… 来源：…" line) is never the article's date or publisher
when the metadata says otherwise: it is dropped from the text and named in the notes; a 来源 that is
an internal code (letters, digits, _) is no publisher at all.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from cenfigures.draft.text import is_furniture
from cenfigures.intake.document import Block, Guess, PageGuesses, Reading, clean_line, table_lines
from cenfigures.intake.encoding import decode_text
from cenfigures.intake.errors import IntakeError

MAX_DEPTH = 250  # nesting of elements; real pages stay under 60
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)
_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
}  # fmt: skip
_OPTIONAL_END = {"p", "li", "dt", "dd", "tr", "td", "th", "option", "thead", "tbody", "tfoot"}
_SKIP = {"script", "style", "noscript", "template", "head", "svg", "select", "iframe", "object"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "body", "center", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "li", "main", "nav", "ol", "p", "pre",
    "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "html",
}  # fmt: skip
_REPOST_DATE = re.compile(r"(?:发布时间|发布日期|发稿时间|时间|日期)[:：]\s*(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})")
_REPOST_SOURCE = re.compile(r"(?:来源|信息来源|稿件来源)[:：]\s*([^\s　|｜]{1,30})")
_CODE = re.compile(r"^[A-Za-z0-9_.\-]+$")
_PUBLISHER_META = ("ContentSource", "source", "citation_publisher", "dc.publisher", "publisher")
_NORMALIZE = re.compile(r"[\s|｜]+")


class _Depth(HTMLParser):
    """The deepest nesting of elements, counted without building a tree."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []
        self.deepest = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _VOID:
            return
        if tag in _OPTIONAL_END and self.open and self.open[-1] == tag:
            return  # <p>a<p>b: the first ends where the second starts
        self.open.append(tag)
        self.deepest = max(self.deepest, len(self.open))
        if self.deepest > MAX_DEPTH:
            raise _TooDeep

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open and self.open.pop() != tag:
                pass


class _TooDeep(Exception):
    pass


def check_depth(html: str, name: str) -> None:
    parser = _Depth()
    try:
        parser.feed(html)
    except _TooDeep as error:
        raise IntakeError("html_nested", name=name, depth=f"more than {MAX_DEPTH}", limit=MAX_DEPTH) from error


def decode_page(data: bytes, name: str, declared: str = "") -> tuple[str, str]:
    """The page's text and encoding: the server's charset, else the page's <meta charset>, else detected."""
    if not declared:
        match = _META_CHARSET.search(data[:4096])
        declared = match.group(1).decode("ascii") if match else ""
    return decode_text(data, name, declared)


def _normalized(text: str) -> str:
    return _NORMALIZE.sub("", text)


def _page_blocks(root) -> list[str]:
    """Every block of text of the page in document order: a block element's own text (its inline
    children's too), split at <br>."""
    blocks: list[str] = []

    def flush(parts: list[str]) -> None:
        for line in "".join(parts).split("\n"):
            line = clean_line(line)
            if line:
                blocks.append(line)
        parts.clear()

    def walk(element, parts: list[str]) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""  # comments and processing instructions: ""
        if tag in _SKIP or not tag:
            return
        block = tag in _BLOCK
        if block:
            flush(parts)
        if tag == "br":
            parts.append("\n")
        if element.text and tag != "br":
            parts.append(element.text)
        for child in element:
            walk(child, parts)
            if child.tail:
                parts.append(child.tail)
        if block:  # td and th are blocks too: a table's cells are blocks of their own
            flush(parts)

    parts: list[str] = []
    walk(root, parts)
    flush(parts)
    return blocks


def _main_lines(text: str) -> tuple[list[str], list[int]]:
    """trafilatura's text as lines, its tables ("| a | b |" rows) as lines the drafter reads; and for
    each of its raw lines, the index of the last line made so far (where a block after it goes)."""
    lines: list[str] = []
    made_by: list[int] = []
    table: list[list[str]] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if line.startswith("|") and line.endswith("|"):
            table.append([cell.strip() for cell in line.strip("|").split("|")])
        else:
            if table:
                lines += table_lines(table)
                table = []
            if clean_line(line):
                lines.append(clean_line(line))
        made_by.append(len(lines) - 1)
    if table:
        lines += table_lines(table)
        made_by[-1] = len(lines) - 1
    return lines, made_by


def _meta(root, *names: str) -> tuple[str, str]:
    """(content, name) of the first <meta name|property=…> among `names` that has content."""
    for name in names:
        for element in root.iter("meta"):
            key = element.get("name") or element.get("property") or ""
            content = clean_line(element.get("content") or "")
            if key.lower() == name.lower() and content:
                return content, key
    return "", ""


def read_webpage(data: bytes, name: str, declared_charset: str = "", url: str = "") -> Reading:
    import lxml.html
    import trafilatura

    html, encoding = decode_page(data, name, declared_charset)
    check_depth(html, name)
    try:
        root = lxml.html.document_fromstring(html)
    except Exception as error:  # lxml's own errors (ParserError, ValueError for an empty document)
        raise IntakeError("empty", name=name) from error
    document = trafilatura.bare_extraction(
        html, url=url or None, with_metadata=True, include_comments=False, include_tables=True, favor_precision=True
    )
    guesses = _guesses(root, html, document, name)
    raw = document.text if document is not None and document.text else ""
    body = root.find("body")
    return Reading(_arrange(raw, _page_blocks(body if body is not None else root), guesses), encoding, guesses)


def _arrange(raw: str, page: list[str], guesses: PageGuesses) -> list[Block]:
    """trafilatura's main text kept and the page's other blocks dropped, each dropped block after the
    main line that precedes it on the page; the title first."""
    main, made_by = _main_lines(raw)
    raw_lines = raw.split("\n")
    flat = _normalized(raw)
    ends, position = [], 0  # where each raw line ends in the flattened text
    for line in raw_lines:
        position += len(_normalized(line))
        ends.append(position)
    title = _normalized(guesses.title.value)
    after: dict[int, list[Block]] = {}
    cursor = 0
    for text in page:
        key = _normalized(text)
        if not key or key == title:
            continue
        found = flat.find(key, max(0, cursor - len(key)))
        if found >= 0 and (len(key) >= 6 or found - cursor <= 40):
            cursor = max(cursor, found + len(key))
            continue
        anchor = next((made_by[index] for index, end in enumerate(ends) if end >= cursor), len(main) - 1)
        after.setdefault(anchor if cursor else -1, []).append(Block(text, kept=False, reason="not_text"))
    blocks: list[Block] = []
    if title and (not main or _normalized(main[0]) != title):
        blocks.append(Block(guesses.title.value))
    blocks += after.get(-1, [])
    for index, line in enumerate(main):
        furniture = is_furniture(line)
        blocks.append(Block(line, kept=not furniture, reason="furniture" if furniture else ""))
        blocks += after.get(index, [])
    return blocks


def _guesses(root, html: str, document, name: str) -> PageGuesses:
    import htmldate

    guesses = PageGuesses()
    title, key = _meta(root, "og:title", "ArticleTitle", "twitter:title")
    if not title and document is not None and document.title:
        title, key = clean_line(document.title), "<title>"
    if title:
        guesses.title = Guess(title, f"page metadata {key}")

    page_text = " ".join(_page_blocks(root))
    repost_date = _REPOST_DATE.search(page_text)
    repost_source = _REPOST_SOURCE.search(page_text)
    try:
        published = htmldate.find_date(html, extensive_search=False, original_date=True) or ""
    except Exception:  # htmldate on a page it cannot parse: no date from the metadata
        published = ""
    repost = (
        f"{int(repost_date.group(1)):04d}-{int(repost_date.group(2)):02d}-{int(repost_date.group(3)):02d}"
        if repost_date
        else ""
    )
    if published and published == repost:
        published = ""  # htmldate read the repost line itself (its class names a date): no metadata date
    if published:
        guesses.published = Guess(published, "page metadata (publication date)")
        if repost and repost != published:
            guesses.notes.append(
                f"{repost_date.group(0)} of the page: a repost's date, not the article's ({published})"
            )
    elif repost:
        guesses.published = Guess(repost, f"{repost_date.group(0)} on the page (no date in its metadata)")

    publisher, key = _meta(root, *_PUBLISHER_META)
    if publisher:
        guesses.publisher = Guess(publisher, f"page metadata {key}")
    source = repost_source.group(1) if repost_source else ""
    if source and _CODE.match(source):
        guesses.notes.append(f"{repost_source.group(0)}: an internal code, not a publisher")
        source = ""
    if not publisher and source:
        guesses.publisher = Guess(source, f"{repost_source.group(0)} on the page")
    site = (document.sitename if document is not None else "") or _meta(root, "og:site_name")[0]
    if not guesses.publisher.value and site:
        guesses.publisher = Guess(clean_line(site), "page metadata (site name)")
    elif site and clean_line(site) != guesses.publisher.value:
        guesses.notes.append(f"site name {clean_line(site)}: the site that shows the article, not its publisher")

    author = (document.author if document is not None else "") or _meta(root, "author", "article:author")[0]
    if author:
        guesses.authors = Guess(clean_line(author), "page metadata (author)")
    return guesses
