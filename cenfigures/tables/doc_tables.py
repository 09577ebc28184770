"""The docs' reference tables, rendered from the definitions they describe, so each is written once:
the tables of data/ from tables/schema.py, the fields of seeds/ and the chart types from
tables/contract.py.

`docs/architecture.md` and `docs/authoring.md` call these from cog blocks (cogapp, as datasette's docs
do): `cog -r docs/*.md` rewrites the tables, and tests/test_docs.py fails when a doc is stale.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from cenfigures.tables.contract import CHART_TYPES, COMMON_VALUES, COUNTED_NOUNS, FILTER_KEYS, Field, Option, Section
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


# ------------------------------------------------------------------ the input contract (docs/authoring.md)


def _field_allowed(spec: Field) -> str:
    if spec.allowed:
        return code_list(spec.allowed)
    return spec.values


def section_fields(section: Section) -> str:
    """The fields of one section of seeds/, in declared order (the drafter writes them so)."""
    rows = [
        (f"`{f.name}`", f.type.name, "yes" if f.required else "", _field_allowed(f), f.en, f.zh) for f in section.fields
    ]
    return markdown_table(("field", "type", "required", "allowed values", "meaning", "含义"), rows)


def sections(chosen: Sequence[Section]) -> str:
    """Each section with where it is written, what it is, and its fields."""
    parts = []
    for section in chosen:
        moved = "".join(f" `{name}` belongs in {where.split(' go in ')[-1]}." for name, where in section.moved.items())
        parts.append(
            f"\n#### `{section.key}`\n\nIn {section.files}. {section.en} {section.zh}{moved}\n\n"
            f"{section_fields(section)}"
        )
    return "".join(parts)


def _option(option: Option) -> str:
    allowed = f", one of {code_list(option.allowed)}" if option.allowed else ""
    default = {False: "false", "": "none"}.get(option.default, repr(option.default))
    return f"`{option.name}` ({option.type.name}{allowed}, default {default}): {option.en} ({option.zh})"


def chart_types() -> str:
    """Every chart type: what it draws, what it reads, its options and its own template values."""
    rows = []
    for chart_type in CHART_TYPES:
        reads = [*chart_type.reads, *(f"`related.{name}`" for name in chart_type.related)]
        options = "; ".join(_option(o) for o in chart_type.options)
        values = code_list(v.name for v in chart_type.values)
        rows.append(
            (
                f"`{chart_type.name}`",
                f"{chart_type.draws_en} ({chart_type.draws_zh})",
                ", ".join(reads),
                options,
                values,
            )
        )
    table = markdown_table(("type", "draws", "reads", "options", "template values besides the common ones"), rows)
    common = "; ".join(f"`{{{v.name}}}` {v.en}" for v in COMMON_VALUES)
    counted = ", ".join(f"`{{count_{noun}}}`" for noun in COUNTED_NOUNS)
    return (
        f"{table}\nEvery type fills the common values: {common}. For each whole number among a chart's values "
        f"it also fills the number with its noun, singular for one: {counted} and likewise for the other whole "
        'numbers ("1 region", "7 regions", "7个地区"), so an English template never writes "1 regions".\n'
    )


def filter_names() -> str:
    return code_list(FILTER_KEYS)
