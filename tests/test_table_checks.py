"""Table.problems checks a table's rows a column at a time on the column's distinct values
(Column.all_pass) before it words them row by row: the two must agree on every value."""

from __future__ import annotations

import pytest

from cenfigures.tables.schema import TABLES, Column

SAMPLES = (
    "",
    " ",
    "x",
    "12",
    "-3",
    "1.5",
    "1e3",
    "nan",
    "abc def",
    "2020",
    "2020-2021",
    "2020-13",
    "true",
    "a_b",
    "Ab",
)


def _values(column: Column) -> list[str]:
    return [*SAMPLES, *column.enum]


@pytest.mark.parametrize(
    "column", [column for table in TABLES for column in table.columns], ids=lambda c: f"{c.name}-{c.type}"
)
def test_a_column_passes_its_values_at_once_as_it_passes_each(column: Column) -> None:
    values = _values(column)
    for value in values:
        assert column.all_pass({value}) == (column.problems(value) == []), value
    assert column.all_pass(set(values)) == all(column.problems(value) == [] for value in values)


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_one_bad_row_among_good_ones_is_named(table) -> None:
    good = [
        {column.name: (column.enum[0] if column.enum else _good(column, number)) for column in table.columns}
        for number in range(3)
    ]
    assert table.problems(good) == []
    broken = [dict(row) for row in good]
    required = next(column for column in table.columns if column.required)
    broken[1][required.name] = ""
    assert table.problems(broken) == [f"{table.path} row 2 ({table.key(broken[1])}): {required.name} is required"]
    reordered = [dict(reversed(list(row.items()))) for row in good[:1]] + good[1:]
    assert len(table.problems(reordered)) == 1 and "row 1: columns" in table.problems(reordered)[0]
    assert any("duplicate" in line for line in table.problems([good[0], dict(good[0])]))


def _good(column: Column, number: int) -> str:
    """A value the column accepts, distinct per row (keys stay unique)."""
    if column.type in ("integer", "number"):
        return str(2000 + number)
    if column.pattern:
        samples = (f"a{number}", f"{2020 + number}", f"{2020 + number}-12-0{number + 1}", f"{number:064x}")
        more = (f"https://example.org/{number}", f"text/html{number}", f"{2020 + number}-12-01T08:00:00Z")
        for value in (*samples, *more):
            if column.problems(value) == []:
                return value
        raise AssertionError(f"no sample for {column.pattern}")
    return f"value {number}"
