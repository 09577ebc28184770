"""Read the tables of data/ into DataFrames, checking each against its schema.

A missing, empty, truncated, non-UTF-8 or wrongly shaped file gives a DataFileError that names the
file and the command that rebuilds it; the other tables still load, so pages that do not need the
broken file keep working.

Tables are read when first asked for (a page that never shows the mentions never reads them), by
Arrow's CSV reader and checked a column at a time (`_checked_fast`): a corpus of 5,000 articles
is 270,000 figures and a million mentions. A file that breaks any rule is read again the careful
way (csv module, row by row), which names the first problem exactly as before.

A table read and checked is also kept as an Arrow file in the data folder's cache (paths.
cache_dir_for: beside it, never in it), named by the CSV's size and modification time: the next
process (a restart, another replica) maps it instead of parsing the CSV again, and a CSV changed in
any way is parsed again. Keeping it is best effort: a cache that cannot be written is left alone.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.ipc as pa_ipc

from cenfigures.tables.paths import CSV_ENCODING, DATA_DIR, REBUILD_COMMAND, cache_dir_for
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


class Dataset:
    """The tables that loaded, and an error for each that did not. Made by `load_dataset`, a table
    is read from its folder when first asked for (`table`, `missing`, a key of `all_tables()`);
    `tables` and `errors` read every table. Sessions share one Dataset: reading is locked."""

    def __init__(
        self,
        tables: dict[str, pd.DataFrame] | None = None,
        errors: dict[str, DataFileError] | None = None,
        data_dir: Path | None = None,
    ):
        self._tables = dict(tables or {})
        self._errors = dict(errors or {})
        self._dir = data_dir
        self._read: set[str] = set() if data_dir is not None else set(TABLES_BY_NAME)
        self._lock = threading.Lock()

    def _load(self, name: str) -> None:
        if name in self._read:
            return
        with self._lock:
            if name in self._read:
                return
            table = TABLES_BY_NAME[name]
            try:
                self._tables[name] = read_table(table, self._dir / table.path)
            except DataFileError as error:
                self._errors[name] = error
            self._read.add(name)

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        for name in TABLES_BY_NAME:
            self._load(name)
        return self._tables

    @property
    def errors(self) -> dict[str, DataFileError]:
        for name in TABLES_BY_NAME:
            self._load(name)
        return self._errors

    def missing(self, *names: str) -> list[DataFileError]:
        for name in names:
            self._load(name)
        return [self._errors[name] for name in names if name in self._errors]

    def table(self, name: str) -> pd.DataFrame:
        """The loaded table; when its file is broken, an empty frame with the table's columns, so
        that builders draw "no data" instead of failing (pages show the file's error)."""
        self._load(name)
        loaded = self._tables.get(name)
        if loaded is not None:
            return loaded
        return pd.DataFrame({c: pd.Series(dtype="object") for c in TABLES_BY_NAME[name].column_names})

    def all_tables(self) -> Mapping[str, pd.DataFrame]:
        """Every table by name, each read when first looked up."""
        return LazyTables(self)

    def source(self) -> dict[str, str]:
        """The article's row of sources.csv ({} when the file is broken or empty)."""
        sources = self.table("sources")
        return {} if sources.empty else sources.iloc[0].to_dict()


class LazyTables(Mapping[str, pd.DataFrame]):
    """A Dataset's tables as a mapping: a table is read when first looked up."""

    def __init__(self, dataset: Dataset):
        self._dataset = dataset

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in TABLES_BY_NAME:
            raise KeyError(name)
        return self._dataset.table(name)

    def __iter__(self) -> Iterator[str]:
        return iter(TABLES_BY_NAME)

    def __len__(self) -> int:
        return len(TABLES_BY_NAME)


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


def _checked_fast(table: Table, raw: bytes) -> pa.Table | None:
    """The table read by Arrow's CSV reader and checked a column at a time, or None when anything
    is off (then parse_table reads it the careful way and names the problem): the header, a row's
    number of fields, the end of the file, a required cell, a number, an enum, a pattern, a key."""
    text = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    header_end = text.find(b"\n")
    if not text.endswith(b"\n") or header_end < 0:
        return None
    try:
        header = next(csv.reader([text[:header_end].decode(CSV_ENCODING)]))
    except (UnicodeDecodeError, csv.Error, StopIteration):
        return None
    if header != table.column_names or header_end + 1 == len(text):
        return None
    names = table.column_names
    try:
        arrow = pa_csv.read_csv(
            pa.BufferReader(text),
            read_options=pa_csv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pa_csv.ParseOptions(newlines_in_values=True),
            convert_options=pa_csv.ConvertOptions(
                column_types={name: pa.string() for name in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, UnicodeDecodeError):
        return None
    for column in table.columns:
        cells = arrow[column.name]
        filled = pc.not_equal(cells, "")
        if column.required and not pc.all(filled).as_py():
            return None
        checks = []
        if column.type == "integer":
            checks.append(r"^-?\d+$")
        if column.type == "number":
            checks.append(r"^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")
        if column.pattern:
            checks.append(column.pattern)
        for pattern in checks:
            try:
                matched = pc.match_substring_regex(cells, pattern)
            except pa.ArrowInvalid:
                return None
            if not pc.all(pc.or_(matched, pc.invert(filled))).as_py():
                return None
        if column.enum and not pc.all(pc.or_(pc.is_in(cells, pa.array(column.enum)), pc.invert(filled))).as_py():
            return None
    keys = [arrow[name] for name in table.key_columns]
    key = keys[0] if len(keys) == 1 else pc.binary_join_element_wise(*keys, "\x1f")
    if pc.count_distinct(key).as_py() != len(key):
        return None
    return _typed(table, arrow)


def _typed(table: Table, arrow: pa.Table) -> pa.Table:
    """The checked table of text cells with its numbers as numbers (an empty cell: null)."""
    columns = []
    for column in table.columns:
        cells = arrow[column.name]
        if column.type in ("integer", "number"):
            number = pa.int64() if column.type == "integer" else pa.float64()
            cells = pc.cast(pc.cast(pc.if_else(pc.equal(cells, ""), None, cells), pa.float64()), number)
        columns.append(cells)
    return pa.table(columns, names=table.column_names)


def _frame_of(table: Table, typed: pa.Table) -> pd.DataFrame:
    """The DataFrame of a typed table, with the dtypes the careful reader gives (_frame)."""
    columns = {}
    for column in table.columns:
        cells = typed[column.name].to_pandas()
        if column.type == "integer":
            columns[column.name] = cells.astype("Int64")
        elif column.type == "number":
            columns[column.name] = cells.astype("float64")
        else:
            columns[column.name] = cells.astype(str)
    return pd.DataFrame(columns)


def _copy_path(table: Table, csv_path: Path) -> Path | None:
    """Where the Arrow copy of the CSV at `csv_path`, as it is now, is kept."""
    try:
        stat = csv_path.stat()
    except OSError:
        return None
    return cache_dir_for(csv_path.parent) / "tables" / f"{table.name}-{stat.st_size}-{stat.st_mtime_ns}.arrow"


def _read_copy(path: Path | None) -> pa.Table | None:
    if path is None or not path.is_file():
        return None
    try:
        return pa_ipc.open_file(pa.memory_map(str(path))).read_all()
    except (OSError, pa.ArrowInvalid):
        return None


def _keep_copy(table: Table, path: Path | None, typed: pa.Table) -> None:
    """Write the Arrow copy (atomically; stale copies of the table removed), if the cache can be written."""
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{table.name}-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as stream, pa_ipc.new_file(stream, typed.schema) as writer:
                writer.write_table(typed)
            os.chmod(temporary, 0o644)  # as readable as the data files
            os.replace(temporary, path)
        finally:
            Path(temporary).unlink(missing_ok=True)
        for stale in path.parent.glob(f"{table.name}-*.arrow"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        return


def read_table(table: Table, path: Path) -> pd.DataFrame:
    """The table of the file at `path` (its Arrow copy when the cache holds one of the file as it
    is); raises DataFileError naming what is wrong."""
    copy = _copy_path(table, path)
    kept = _read_copy(copy)
    if kept is not None and kept.column_names == table.column_names:
        return _frame_of(table, kept)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as error:
        raise DataFileError(table.path, "missing") from error
    except OSError as error:
        raise DataFileError(table.path, "unreadable", str(error)) from error
    if raw.strip():
        typed = _checked_fast(table, raw)
        if typed is not None:
            _keep_copy(table, copy, typed)
            return _frame_of(table, typed)
    return parse_table(table, raw)


def parse_table(table: Table, raw: bytes) -> pd.DataFrame:
    """The table's rows from the file's bytes; raises DataFileError naming what is wrong."""
    if not raw.strip():
        raise DataFileError(table.path, "empty")
    typed = _checked_fast(table, raw)
    if typed is not None:
        return _frame_of(table, typed)
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
    """Every table of `data_dir`, each read when first asked for; broken files are reported in
    `errors`, not raised."""
    return Dataset(data_dir=Path(data_dir))


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
