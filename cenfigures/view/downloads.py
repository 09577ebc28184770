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
from cenfigures.view.words import by_distinct

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


SHOWN_AFTER = "value"  # the value as the screen shows it follows the value in base units


def column_header(name: str, t: Translator) -> str:
    """A column's header in a download of `t`'s language: Chinese words in Chinese (数据ID, 数值（基本
    单位）), the data file's own name in English (figure_id, value)."""
    return t(f"column.{name}")


def table_csv(
    rows: pd.DataFrame, table: Table | None = None, *, lang: str | None = None, names: Names | None = None
) -> bytes:
    """`rows` as the CSV prep writes for their table (figures.csv unless they are rows of another
    table): its columns in order, UTF-8 with BOM for Excel. With `lang`, every header is in that
    language (column_header), the value as the screen shows it ("超2500亿元") follows the value in
    base units, and label columns follow the table's own (kind, unit, topic, region and article as
    the screen shows them). Rows of no table: their own columns. Made a column at a time; the csv
    module writes the lines."""
    table = table or table_of(rows)
    if table is None:
        return rows.to_csv(index=False, lineterminator="\n").encode(CSV_ENCODING)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    t = Translator(lang) if lang else None
    labels = [c for c in _LABEL_COLUMNS if c[0] in table.column_names] if t else []
    shown = t is not None and {"value", "unit", "qualifier"} <= set(table.column_names)
    names_in_order = list(table.column_names)
    if shown:
        names_in_order.insert(names_in_order.index(SHOWN_AFTER) + 1, "value_shown")
    if t:
        writer.writerow([column_header(n, t) for n in names_in_order] + [t(key) for _, key, _ in labels])
    else:
        writer.writerow(names_in_order)
    columns = [_cells(rows, column.name, column.type) for column in table.columns]
    if shown:
        columns.insert(names_in_order.index("value_shown"), shown_values(rows, t))
    columns += [_labels(rows, column, how, t, names or Names()) for column, _, how in labels] if t else []
    writer.writerows(zip(*(column.tolist() for column in columns)))
    return buffer.getvalue().encode(CSV_ENCODING)


def shown_values(rows: pd.DataFrame, t: Translator) -> pd.Series:
    """t.value for a column: each row's value as the screen shows it ('' where it has none), made
    once per distinct value, unit, qualifier and kind."""
    shown = pd.Series("", index=rows.index, dtype=object)
    has_value = rows["value"].notna() if "value" in rows else pd.Series(False, index=rows.index)
    if has_value.any():
        columns = [c for c in ("value", "unit", "qualifier", "kind") if c in rows]
        shown[has_value] = by_distinct(rows.loc[has_value], columns, t.value)
    return shown


def readme_text(tables: Iterable[Table] = TABLES, title: str = "", t: Translator | None = None) -> str:
    """README.txt of the zip, in the language of `t` (English without): every file and column with
    its type and description (English from schema.py, Chinese from schema_zh.py: the same content)."""
    t = t or Translator("en")
    lines = [title or t("readme.title"), "", t("readme.encoding"), t("readme.datapackage"), ""]
    lines += [t("readme.labelled", folder=t.lang), ""]
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


LABELLED_TABLES = ("figures", "events")  # copied with the download's headers into the zip's <lang>/ folder


def labelled_files(files: Mapping[str, bytes], lang: str, names: Names | None = None) -> dict[str, bytes]:
    """The figures and events of `files` as the CSV downloads write them in `lang` (headers in that
    language, the value as shown beside the base-unit value), under `<lang>/`."""
    labelled = {}
    for table in TABLES:
        if table.name in LABELLED_TABLES and table.path in files:
            frame = pd.read_csv(io.BytesIO(files[table.path]), encoding=CSV_ENCODING, dtype=str, keep_default_na=False)
            for column in table.columns:
                if column.type in ("number", "integer") and column.name in frame:
                    frame[column.name] = pd.to_numeric(frame[column.name], errors="coerce")
            labelled[f"{lang}/{table.path}"] = table_csv(frame, table, lang=lang, names=names)
    return labelled


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
