"""A PDF's text in reading order (pdfminer.six): lines grouped into rows by their height on the page,
a row of several cells far apart read as a table row, the rows of a paragraph joined without a break
(a Chinese sentence or a number cut by a line break is one again: 123⏎4.56亿元 is 1234.56亿元), and
running headers, footers and page numbers dropped (restorable).

Single-column pages, as notices and reports are; two columns side by side would be read row by row
across both. A PDF without a text layer (scanned pages) is refused: it needs OCR; one protected by a
password is refused too. Characters that some PDF writers map to Kangxi radicals (⼯ for 工) are read
as the characters they look like.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
import unicodedata
from dataclasses import dataclass

from cenfigures.intake.document import Block, Reading, clean_line, table_lines
from cenfigures.intake.errors import IntakeError

MAX_PAGES = 200
_ZONE = 0.09  # the top and bottom 9% of a page: where running headers, footers and page numbers stand
_PAGE_NUMBER = re.compile(
    r"^[-－—–\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*[/／]\s*\d{1,4}|\s*共\s*\d{1,4}\s*页)?[-－—–\s]*$"
    r"|^(?:page\s*)?\d{1,4}(?:\s*of\s*\d{1,4})?$",
    re.I,
)
_CELL_GAP = 0.9  # a gap wider than 0.9 of the characters' size separates two cells (a word space is ~0.3)
_RADICALS = re.compile(r"[\u2e80-\u2ef3\u2f00-\u2fd5]")
# The CJK Radicals Supplement forms of simplified characters, which have no Unicode decomposition
# (the Kangxi radicals have one: NFKC reads them).
_SUPPLEMENT = dict(
    zip(
        "\u2ec4\u2ec5\u2ec6\u2ec9\u2ecb\u2ed3\u2ed4\u2ed8\u2eda\u2edb\u2edc\u2edd\u2ee0\u2ee2\u2ee3"
        "\u2ee5\u2ee6\u2ee8\u2ee9\u2eec\u2eed\u2eee\u2ef0\u2ea0",
        "西见角贝车长门青页风飞食饣马骨鱼鸟麦黄齐齿齿龙民",
        strict=True,
    )
)
_SENTENCE_END = "。！？；：!?;:）)”】"
_ASCII_WORD_END = re.compile(r"[A-Za-z]$")
_ASCII_WORD_START = re.compile(r"^[A-Za-z]")


@dataclass
class _Segment:
    text: str
    x0: float
    x1: float
    y0: float
    y1: float

    @property
    def middle(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def char_width(self) -> float:
        return (self.x1 - self.x0) / max(1, len(self.text))


@dataclass
class _Row:
    page: int
    cells: list[_Segment]
    page_height: float

    @property
    def text(self) -> str:
        return " ".join(cell.text for cell in self.cells)

    @property
    def x0(self) -> float:
        return self.cells[0].x0

    @property
    def x1(self) -> float:
        return self.cells[-1].x1

    @property
    def top(self) -> float:
        return max(cell.y1 for cell in self.cells)

    @property
    def in_zone(self) -> bool:
        middle = self.cells[0].middle
        return middle > self.page_height * (1 - _ZONE) or middle < self.page_height * _ZONE


def _radicals_as_characters(text: str) -> str:
    return _RADICALS.sub(
        lambda match: _SUPPLEMENT.get(match.group(0)) or unicodedata.normalize("NFKC", match.group(0)), text
    )


def _segments(layout) -> list[_Segment]:
    """The page's runs of text: pdfminer's lines, cut where two characters stand more than _CELL_GAP
    of their size apart (the cells of a table row that pdfminer reads as one line)."""
    from pdfminer.layout import LTChar, LTTextLineHorizontal

    found: list[_Segment] = []

    def add(chars: list) -> None:
        text = clean_line(_radicals_as_characters("".join(c.get_text() for c in chars)))
        glyphs = [c for c in chars if isinstance(c, LTChar)]
        if text and glyphs:
            found.append(
                _Segment(
                    text,
                    glyphs[0].x0,
                    glyphs[-1].x1,
                    min(c.y0 for c in glyphs),
                    max(c.y1 for c in glyphs),
                )
            )

    def walk(item) -> None:
        if isinstance(item, LTTextLineHorizontal):
            run: list = []
            last = None
            for char in item:
                if isinstance(char, LTChar):
                    if last is not None and char.x0 - last.x1 > _CELL_GAP * max(char.size, 1.0):
                        add(run)
                        run = []
                    last = char
                run.append(char)
            add(run)
            return
        for child in getattr(item, "_objs", ()) or ():
            walk(child)

    walk(layout)
    return found


def _rows(segments: list[_Segment], page: int, height: float) -> list[_Row]:
    """Segments on one height as one row (top to bottom), its cells left to right; segments closer
    than _CELL_GAP are one cell."""
    rows: list[list[_Segment]] = []
    for segment in sorted(segments, key=lambda s: -s.middle):
        tolerance = (segment.y1 - segment.y0) * 0.5
        if rows and abs(rows[-1][0].middle - segment.middle) <= tolerance:
            rows[-1].append(segment)
        else:
            rows.append([segment])
    result = []
    for cells in rows:
        cells.sort(key=lambda s: s.x0)
        merged = [cells[0]]
        for cell in cells[1:]:
            last = merged[-1]
            if cell.x0 - last.x1 < _CELL_GAP * (cell.y1 - cell.y0):
                merged[-1] = _Segment(
                    last.text + cell.text, last.x0, cell.x1, min(last.y0, cell.y0), max(last.y1, cell.y1)
                )
            else:
                merged.append(cell)
        result.append(_Row(page, merged, height))
    return result


def _furniture(rows: list[_Row], pages: int) -> dict[int, str]:
    """Row index -> why it is dropped: a page number, or a header or footer repeated on two pages or more."""
    repeated: dict[str, set[int]] = {}
    for row in rows:
        if row.in_zone:
            repeated.setdefault(re.sub(r"\d+", "#", row.text), set()).add(row.page)
    dropped = {}
    for index, row in enumerate(rows):
        if not row.in_zone:
            continue
        if _PAGE_NUMBER.match(row.text):
            dropped[index] = "page_number"
        elif pages > 1 and len(repeated[re.sub(r"\d+", "#", row.text)]) > 1:
            dropped[index] = "running"
    return dropped


def _join(previous: str, following: str) -> str:
    """Two lines of one paragraph: no space inside Chinese text and numbers, one between English words."""
    space = " " if _ASCII_WORD_END.search(previous) and _ASCII_WORD_START.search(following) else ""
    return previous + space + following


def read_pdf(data: bytes, name: str) -> Reading:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font warnings of ordinary PDFs
    rows: list[_Row] = []
    pages = 0
    try:
        for page in extract_pages(io.BytesIO(data), laparams=LAParams(), maxpages=MAX_PAGES):
            pages += 1
            rows += _rows(_segments(page), pages, page.height)
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise IntakeError("pdf_password", name=name) from error
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AssertionError) as error:
        if "password" in str(error).lower() or "encrypt" in str(error).lower():
            raise IntakeError("pdf_password", name=name) from error
        raise IntakeError("pdf_broken", name=name, reason=type(error).__name__) from error
    if sum(len(row.text) for row in rows) < 10:
        raise IntakeError("pdf_no_text", name=name)
    return Reading(_blocks(rows, pages))


def _blocks(rows: list[_Row], pages: int) -> list[Block]:
    dropped = _furniture(rows, pages)
    body = [row for index, row in enumerate(rows) if index not in dropped]
    widths = [cell.char_width for row in body for cell in row.cells] or [10.0]
    char = statistics.median(widths)
    left = min((round(row.x0) for row in body if len(row.cells) == 1), default=0)
    right = max((round(row.x1) for row in body if len(row.cells) == 1), default=0)

    blocks: list[Block] = []
    furniture: list[Block] = []  # dropped rows wait until the paragraph or table they cut is closed
    paragraph = ""
    table: list[list[str]] = []
    previous: _Row | None = None

    def close_paragraph() -> None:
        nonlocal paragraph
        if paragraph:
            blocks.append(Block(paragraph))
        paragraph = ""
        blocks.extend(furniture)
        furniture.clear()

    def close_table() -> None:
        if table:
            blocks.extend(Block(line) for line in table_lines(table))
        table.clear()
        blocks.extend(furniture)
        furniture.clear()

    for index, row in enumerate(rows):
        if index in dropped:
            furniture.append(Block(row.text, kept=False, reason=dropped[index]))
            continue
        if len(row.cells) > 1:
            close_paragraph()
            table.append([cell.text for cell in row.cells])
            previous = row
            continue
        close_table()
        text = row.text
        new_paragraph = (
            not paragraph
            or previous is None
            or row.x0 > left + char  # an indented first line, or a centred heading
            # the line before ended short after a full stop: its paragraph ended (a short line without
            # one was cut inside a sentence or a number, as a narrow column cuts them)
            or (previous.x1 < right - 2 * char and previous.text[-1:] in _SENTENCE_END)
            or previous.x0 > left + 4 * char
            and previous.text[-1:] not in "，、"  # after a heading
        )
        if new_paragraph and paragraph and previous is not None and previous.text[-1:] not in _SENTENCE_END:
            # a page break inside a sentence: the next page's first line goes on with it
            new_paragraph = row.page == previous.page
        if new_paragraph:
            close_paragraph()
            paragraph = text
        else:
            paragraph = _join(paragraph, text)
        previous = row
    close_paragraph()
    close_table()
    return blocks
