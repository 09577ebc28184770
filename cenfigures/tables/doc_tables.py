"""The docs' reference tables, rendered from the definitions they describe, so each is written once.

`docs/architecture.md` and `docs/authoring.md` call these from cog blocks (cogapp, as datasette's docs
do): `cog -r docs/*.md` rewrites the tables, and tests/test_docs.py fails when a doc is stale.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from cenfigures.tables.schema import TABLES, Table


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table; `|` inside a cell is escaped so that it stays one cell."""
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def code_list(values: Iterable[str]) -> str:
    return ", ".join(f"`{value}`" for value in values)


def data_tables_overview() -> str:
    """One line per table of data/: its file, what a row is, its key."""
    return markdown_table(
        ("file", "what it holds", "key"),
        ((f"`{t.path}`", t.description, code_list(t.key_columns)) for t in TABLES),
    )


def _allowed(column) -> str:
    if column.enum:
        return code_list(column.enum)
    if column.enum_from:
        table, name = column.enum_from.split(".")
        return f"a `{name}` of `{table}.csv`"
    if column.pattern:
        return f"`{column.pattern}`"
    return ""


def data_table_columns(table: Table) -> str:
    """The columns of one table of data/, in file order."""
    return markdown_table(
        ("column", "type", "required", "meaning", "allowed values"),
        ((f"`{c.name}`", c.type, "yes" if c.required else "", c.description, _allowed(c)) for c in table.columns),
    )


def data_tables() -> str:
    """Every table of data/ with its columns: the reference section of docs/architecture.md."""
    parts = [data_tables_overview()]
    for table in TABLES:
        keys = [f"key {code_list(table.key_columns)}"]
        keys += [f"`{column}` → `{other}.{other_column}`" for column, other, other_column in table.foreign_keys]
        parts.append(f"\n### `{table.path}`: {table.title}\n\n{'; '.join(keys)}.\n\n{data_table_columns(table)}")
    return "".join(parts)
