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
from cenfigures.tables.schema_zh import COLUMNS_ZH, TABLES_ZH
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


def _labels(rows: pd.DataFrame, column: str, how: str, t: Translator, names: Names) -> pd.Series:
    """The label the screen shows for each code of `column` (empty for an empty or missing code: an
    event's row under a chart of figures has no kind or unit), once per distinct code."""
    if column not in rows:
        return pd.Series("", index=rows.index, dtype=str)
    codes = rows[column].astype(object).where(rows[column].notna(), "").astype(str)
    read = {"kind": t.kind, "unit": t.unit}.get(how) or (lambda value: names.name(how, value, t.lang))
    said = {code: read(code) if code else "" for code in codes.unique()}
    return codes.map(said)


def _cells(rows: pd.DataFrame, name: str, column_type: str) -> pd.Series:
    """A column's cells as prep writes them (_cell for a column)."""
    if name not in rows:
        return pd.Series("", index=rows.index, dtype=str)
    column = rows[name]
    missing = column.isna()
    if column_type == "number":
        numbers = pd.to_numeric(column, errors="coerce")
        said = {value: number_text(float(value)) for value in numbers.dropna().unique()}
        return numbers.map(said).where(~missing, "").astype(str)
    if column_type == "integer":
        return column.astype("Int64").astype(str).where(~missing, "")
    return column.astype(object).where(~missing, "").astype(str)


def table_csv(
    rows: pd.DataFrame, table: Table | None = None, *, lang: str | None = None, names: Names | None = None
) -> bytes:
    """`rows` as the CSV prep writes for their table (figures.csv unless they are rows of another
    table): its columns in order, UTF-8 with BOM for Excel. With `lang`, label columns follow, headed
    in that language (kind, unit, topic, region and article as the screen shows them). Rows of no
    table: their own columns. Made a column at a time; the csv module writes the lines."""
    table = table or table_of(rows)
    if table is None:
        return rows.to_csv(index=False, lineterminator="\n").encode(CSV_ENCODING)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    t = Translator(lang) if lang else None
    labels = [c for c in _LABEL_COLUMNS if c[0] in table.column_names] if t else []
    writer.writerow(table.column_names + [t(key) for _, key, _ in labels] if t else table.column_names)
    columns = [_cells(rows, column.name, column.type) for column in table.columns]
    columns += [_labels(rows, column, how, t, names or Names()) for column, _, how in labels] if t else []
    writer.writerows(zip(*(column.tolist() for column in columns)))
    return buffer.getvalue().encode(CSV_ENCODING)


def readme_text(tables: Iterable[Table] = TABLES, title: str = "", t: Translator | None = None) -> str:
    """README.txt of the zip, in the language of `t` (English without): every file and column with
    its type and description (English from schema.py, Chinese from schema_zh.py: the same content)."""
    t = t or Translator("en")
    lines = [title or t("readme.title"), "", t("readme.encoding"), t("readme.datapackage"), ""]
    for table in tables:
        name, description = t.of({"en": (table.title, table.description), "zh": TABLES_ZH[table.name]})
        lines += [
            f"{table.path} - {name}",
            f"  {description}",
            "  " + t("readme.primary_key", columns=", ".join(table.key_columns)),
            "  " + t("readme.columns"),
        ]
        for column in table.columns:
            about = t.of({"en": column.description, "zh": COLUMNS_ZH[f"{table.name}.{column.name}"]})
            lines.append(
                "    "
                + t(
                    "readme.column",
                    name=column.name,
                    type=t(f"readme.type.{column.type}"),
                    optional="" if column.required else t("readme.optional"),
                    description=about,
                    allowed=t("readme.allowed", values=", ".join(column.enum)) if column.enum else "",
                )
            )
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
    cleaned = [
        "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "-" for ch in str(part))
        for part in (*parts, day)
        if part
    ]
    return "_".join(cleaned)
