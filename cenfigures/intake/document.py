"""What every reader of a source returns: the text in blocks, in reading order, each kept (the
article) or dropped (page furniture, with the reason, restorable by the editor), and the guesses the
source's own metadata gives (title, publisher, date, author), each with the words it came from.

A table becomes one line per row that the drafter can read: the row's first cell, then each column's
header with its cell, a unit the header (or the row's label) states in brackets written after a bare
number: `石家庄市：工业增加值1234.5亿元，增速8.2%。`. The cells' words are all there; the original file
keeps the table as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from cenfigures.draft.text import is_furniture

_BRACKETED_UNIT = re.compile(r"\s*[（(]\s*(?:单位[:：]\s*)?([^（）()]{1,6})\s*[）)]\s*$")
# Units a table header states in brackets: percent, money, counts, physical units (prep.numbers reads them).
_UNIT = re.compile(
    r"^(?:%|％|‰|个百分点|百分点|(?:万|亿|千|百)?(?:元|美元|人|户|个|家|台|套|件|辆|项|部|吨|千瓦|千瓦时|度|平方米|公里|千米|小时|座|所|条|次|万人次)"
    r"|万|亿|万亿|GW|MW|kW|Mbps|Gbps)$"
)
_BARE_NUMBER = re.compile(r"^[-+－]?\d[\d,，]*(?:\.\d+)?$")
_HAS_NUMBER = re.compile(r"\d(?![\d.]*\s*(?:年|月|季度|日))")  # a value, not a year or a date of a header
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")


# Why a block was dropped (labels.csv: intake.reason.<code>), in English for the command.
REASONS = {
    "furniture": "page furniture",
    "not_text": "not the article's text",
    "page_number": "page number",
    "running": "running header or footer",
}


@dataclass(frozen=True)
class Block:
    text: str
    kept: bool = True  # the article's text; False: furniture the reader dropped (restorable)
    reason: str = ""  # why it was dropped: a code of REASONS


@dataclass
class Guess:
    value: str = ""
    cue: str = ""  # the words or metadata it came from, for the reviewer


@dataclass
class PageGuesses:
    """What the source's own metadata says (a web page's <meta>, its title, a repost header)."""

    title: Guess = field(default_factory=Guess)
    publisher: Guess = field(default_factory=Guess)
    published: Guess = field(default_factory=Guess)
    authors: Guess = field(default_factory=Guess)
    notes: list[str] = field(default_factory=list)  # what was seen and not taken, and why


@dataclass
class Reading:
    """A source as one of the readers (text, web page, PDF, .docx) read it."""

    blocks: list[Block]
    encoding: str = ""
    guesses: PageGuesses = field(default_factory=PageGuesses)


def clean_line(text: str) -> str:
    """One block's text on one line: runs of spaces (and no-break, ideographic spaces) as one."""
    return _SPACES.sub(" ", text.replace("\r", " ").replace("\n", " ")).strip()


def furniture_blocks(lines: Iterable[str]) -> list[Block]:
    """Lines as blocks, those the drafter reads as page furniture (navigation, share buttons,
    timestamps, copyright) dropped."""
    return [
        Block(line, kept=not is_furniture(line), reason="furniture" if is_furniture(line) else "")
        for line in (clean_line(line) for line in lines)
        if line
    ]


def _unit_of(label: str) -> tuple[str, str]:
    """(label without its bracketed unit, unit) when the label ends in one, else (label, "")."""
    match = _BRACKETED_UNIT.search(label)
    if match and _UNIT.match(match.group(1).strip()):
        return label[: match.start()].strip(), match.group(1).strip()
    return label.strip(), ""


def table_lines(rows: Sequence[Sequence[str]]) -> list[str]:
    """A table's rows as lines the drafter reads (see the module's docstring). A first row without
    numbers is the header; a table without one has its cells joined by "，"."""
    rows = [[clean_line(cell) for cell in row] for row in rows]
    rows = [row for row in rows if any(row)]
    if not rows:
        return []
    has_header = (
        len(rows) > 1
        and not any(_HAS_NUMBER.search(cell) for cell in rows[0][1:])
        and any(_HAS_NUMBER.search(cell) for row in rows[1:] for cell in row[1:])
    )
    if not has_header:
        return ["，".join(cell for cell in row if cell) + "。" for row in rows]
    header = rows[0]
    lines = []
    for row in rows[1:]:
        label, row_unit = _unit_of(row[0]) if row else ("", "")
        parts = []
        for column, cell in enumerate(row[1:], start=1):
            if not cell or cell in ("-", "—", "--", "/"):
                continue
            name, unit = _unit_of(header[column] if column < len(header) else "")
            unit = unit or row_unit
            value = f"{cell}{unit}" if unit and _BARE_NUMBER.match(cell) else cell
            parts.append(f"{name}{value}" if name else value)
        if parts:
            lines.append(f"{label or row[0]}：{'，'.join(parts)}。")
        elif row[0]:
            lines.append(row[0])
    return lines
