"""A Word .docx's paragraphs and tables in document order (python-docx); a table's rows become lines
the drafter reads (document.table_lines). Headers and footers of the pages are not read.

Checked before python-docx unpacks anything: the zip's entries, their total unpacked size and how much
each is compressed (a zip bomb: a few KB that unpack to gigabytes) are bounded.
"""

from __future__ import annotations

import io
import zipfile

from cenfigures.intake.document import Block, Reading, clean_line, furniture_blocks, table_lines
from cenfigures.intake.errors import IntakeError, size_text

MAX_ENTRIES = 2_000
MAX_UNPACKED = 80 * 1024 * 1024  # a Word file's parts, unpacked; its text is far smaller
MAX_RATIO = 100  # deflate packs XML about 5-20 times; 100 is no document


def check_zip(data: bytes, name: str) -> None:
    """IntakeError when the .docx would unpack to too much (a zip bomb) or is no zip at all."""
    try:
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError) as error:
        raise IntakeError("docx_broken", name=name, reason=str(error)) from error
    unpacked = sum(entry.file_size for entry in entries)
    packed = max(1, sum(entry.compress_size for entry in entries))
    worst = max(
        (entry.file_size / max(1, entry.compress_size) for entry in entries if entry.file_size > 1 << 20), default=0
    )
    if len(entries) > MAX_ENTRIES or unpacked > MAX_UNPACKED or worst > MAX_RATIO:
        raise IntakeError("docx_bomb", name=name, size=size_text(unpacked), ratio=round(max(worst, unpacked / packed)))


def _row_cells(row) -> list[str]:
    """A row's cells, a merged cell once (python-docx repeats it for every grid column it spans)."""
    cells, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        cells.append(clean_line(cell.text))
    return cells


def read_docx(data: bytes, name: str) -> Reading:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    check_zip(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
        blocks: list[Block] = []
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                blocks += [Block(line) for line in table_lines([_row_cells(row) for row in item.rows])]
            else:
                blocks += furniture_blocks(item.text.split("\n"))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise IntakeError("docx_broken", name=name, reason=type(error).__name__) from error
    return Reading(blocks)
