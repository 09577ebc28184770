"""Files a reader takes away: the displayed rows as CSV, all data as a zip, and their names.
Pure (bytes out); the chart as SVG is made in cenfigures.charts.export."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from cenfigures.tables.paths import CSV_ENCODING, DATA_DIR
from cenfigures.tables.schema import TABLES, Table, number_text
from cenfigures.view.filters import Names
from cenfigures.view.translate import Translator

DATA_FILES = tuple(table.path for table in TABLES) + ("datapackage.json",)


def _cell(value: object, column_type: str) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if column_type == "number":
        return number_text(float(value))  # as prep writes it: 23000, 10.5
    if column_type == "integer":
        return str(int(value))
    return str(value)


def table_of(rows: pd.DataFrame) -> Table | None:
    """The data table whose columns `rows` carry: figures for most charts, events for the timeline."""
    for table in TABLES:
        if set(table.column_names) <= set(rows.columns):
            return table
    return None


# Label columns a download adds after the table's own: what the screen shows instead of a code.
# (code column, label key of the header, how the label is read)
_LABEL_COLUMNS = (
    ("kind", "download.col.kind", "kind"),
    ("unit", "download.col.unit", "unit"),
    ("topic", "download.col.topic", "topic"),
    ("region_id", "download.col.region", "region"),
    ("source_id", "download.col.source", "source"),
)


def _label(row: pd.Series, column: str, how: str, t: Translator, names: Names) -> str:
    raw = row.get(column, "")
    if raw is None or (not isinstance(raw, str) and pd.isna(raw)):  # an event's row under a chart of figures has no kind or unit
        return ""
    value = str(raw)
    if not value:
        return ""
    if how == "kind":
        return t.kind(value)
    if how == "unit":
        return t.unit(value)
    return names.name(how, value, t.lang)


def table_csv(rows: pd.DataFrame, table: Table | None = None, *, lang: str | None = None, names: Names | None = None) -> bytes:
    """`rows` as the CSV prep writes for their table (figures.csv unless they are rows of another
    table): its columns in order, UTF-8 with BOM for Excel. With `lang`, label columns follow, headed
    in that language (kind, unit, topic, region and article as the screen shows them). Rows of no
    table: their own columns."""
    table = table or table_of(rows)
    if table is None:
        return rows.to_csv(index=False, lineterminator="\n").encode(CSV_ENCODING)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    t = Translator(lang) if lang else None
    labels = [c for c in _LABEL_COLUMNS if c[0] in table.column_names] if t else []
    writer.writerow(table.column_names + [t(key) for _, key, _ in labels] if t else table.column_names)
    types = [(column.name, column.type) for column in table.columns]
    for _, row in rows.iterrows():
        cells = [_cell(row.get(name), kind) for name, kind in types]
        cells += [_label(row, column, how, t, names or Names()) for column, _, how in labels] if t else []
        writer.writerow(cells)
    return buffer.getvalue().encode(CSV_ENCODING)


def readme_text(tables: Iterable[Table] = TABLES, title: str = "") -> str:
    """README.txt of the zip: every file and column with its type and description (from schema)."""
    lines = [title or "Data of the dashboard", "", "Files are UTF-8 CSV with a byte-order mark (Excel opens them directly).",
             "datapackage.json describes the same tables as a Frictionless Data Package.", ""]
    for table in tables:
        lines += [f"{table.path} - {table.title}", f"  {table.description}", f"  Primary key: {', '.join(table.key_columns)}", "  Columns:"]
        for column in table.columns:
            optional = "" if column.required else ", may be empty"
            allowed = f" One of: {', '.join(column.enum)}." if column.enum else ""
            lines.append(f"    {column.name} ({column.type}{optional}): {column.description}{allowed}")
        lines.append("")
    return "\n".join(lines)


def read_data_files(data_dir: Path = DATA_DIR) -> dict[str, bytes]:
    """The files of data/ as they are on disk (missing ones left out)."""
    files = {}
    for name in DATA_FILES:
        path = data_dir / name
        if path.is_file():
            files[name] = path.read_bytes()
    return files


def full_zip(files: Mapping[str, bytes], readme: str) -> bytes:
    """A zip of the data files plus README.txt."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
        archive.writestr("README.txt", readme.encode("utf-8"))
    return buffer.getvalue()


def file_stem(*parts: str, today: dt.date | None = None) -> str:
    """One rule for every file a reader takes away: its parts (page, chart, language) and the day
    it was downloaded, only [A-Za-z0-9_-]: digitization_targets_zh_2026-11-30."""
    day = (today or dt.date.today()).isoformat()
    cleaned = ["".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "-" for ch in str(part)) for part in (*parts, day) if part]
    return "_".join(cleaned)
