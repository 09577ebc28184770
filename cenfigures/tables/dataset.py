"""Read the tables of data/ into DataFrames, checking each against its schema.

A missing, empty, truncated, non-UTF-8 or wrongly shaped file gives a DataFileError that names the
file and the command that rebuilds it; the other tables still load, so pages that do not need the
broken file keep working.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cenfigures.tables.paths import CSV_ENCODING, DATA_DIR, REBUILD_COMMAND
from cenfigures.tables.schema import TABLES, TABLES_BY_NAME, Table


class DataFileError(Exception):
    """A data file cannot be used; `reason_key` names the translated explanation."""

    def __init__(self, file: str, reason_key: str, detail: str = ""):
        self.file = file
        self.reason_key = reason_key
        self.detail = detail
        super().__init__(f"{file}: {reason_key} {detail}".strip())

    def __reduce__(self):  # st.cache_data pickles what it caches
        return (DataFileError, (self.file, self.reason_key, self.detail))


@dataclass
class Dataset:
    """The tables that loaded, and an error for each that did not."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    errors: dict[str, DataFileError] = field(default_factory=dict)

    def missing(self, *names: str) -> list[DataFileError]:
        return [self.errors[name] for name in names if name in self.errors]

    def table(self, name: str) -> pd.DataFrame:
        """The loaded table; when its file is broken, an empty frame with the table's columns, so
        that builders draw "no data" instead of failing (pages show the file's error)."""
        loaded = self.tables.get(name)
        if loaded is not None:
            return loaded
        return pd.DataFrame({c: pd.Series(dtype="object") for c in TABLES_BY_NAME[name].column_names})

    def all_tables(self) -> dict[str, pd.DataFrame]:
        return {name: self.table(name) for name in TABLES_BY_NAME}

    def source(self) -> dict[str, str]:
        """The article's row of sources.csv ({} when the file is broken or empty)."""
        sources = self.table("sources")
        return {} if sources.empty else sources.iloc[0].to_dict()


def _frame(table: Table, rows: list[list[str]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=table.column_names, dtype="string")
    for column in table.columns:
        if column.type == "integer":
            frame[column.name] = pd.to_numeric(frame[column.name].replace("", pd.NA)).astype("Int64")
        elif column.type == "number":
            frame[column.name] = pd.to_numeric(frame[column.name].replace("", pd.NA)).astype("float64")
        else:
            frame[column.name] = frame[column.name].fillna("").astype(str)
    return frame


def parse_table(table: Table, raw: bytes) -> pd.DataFrame:
    """The table's rows from the file's bytes; raises DataFileError naming what is wrong."""
    if not raw.strip():
        raise DataFileError(table.path, "empty")
    try:
        text = raw.decode(CSV_ENCODING)
    except UnicodeDecodeError as error:
        raise DataFileError(table.path, "encoding", f"byte {error.start}") from error
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise DataFileError(table.path, "corrupt", str(error)) from error
    header, rows = records[0], records[1:]
    if not text.endswith(
        "\n"
    ):  # prep ends every line: a file cut inside its last field still has the right number of fields
        raise DataFileError(table.path, "truncated", f"line {len(records)}")
    if header != table.column_names:
        raise DataFileError(table.path, "columns", ", ".join(header[:30]))
    for number, row in enumerate(rows, start=2):
        if len(row) != len(header):
            raise DataFileError(table.path, "truncated", f"line {number}")
    problems = table.problems([dict(zip(header, row)) for row in rows])
    if problems:
        raise DataFileError(table.path, "invalid", problems[0])
    if not rows:
        raise DataFileError(table.path, "empty")
    return _frame(table, rows)


def load_dataset(data_dir: Path = DATA_DIR) -> Dataset:
    """Every table of `data_dir`; broken files are reported in `errors`, not raised."""
    dataset = Dataset()
    for table in TABLES:
        path = data_dir / table.path
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            dataset.errors[table.name] = DataFileError(table.path, "missing")
            continue
        except OSError as error:
            dataset.errors[table.name] = DataFileError(table.path, "unreadable", str(error))
            continue
        try:
            dataset.tables[table.name] = parse_table(table, raw)
        except DataFileError as error:
            dataset.errors[table.name] = error
    return dataset


def data_fingerprint(data_dir: Path = DATA_DIR) -> tuple[tuple[str, int, int], ...]:
    """Size and modification time of each data file: a cache key that changes when a file is
    repaired, so a reload picks up the fix without restarting the server."""
    entries = []
    for table in TABLES:
        path = data_dir / table.path
        try:
            stat = path.stat()
            entries.append((table.path, stat.st_size, stat.st_mtime_ns))
        except OSError:
            entries.append((table.path, -1, -1))
    return tuple(entries)


__all__ = ["DataFileError", "Dataset", "load_dataset", "data_fingerprint", "parse_table", "REBUILD_COMMAND"]
