"""The explorer's order (issue 25, item 1): by value as a number within each unit, units grouped; the
`sort` key of the link, parsed as a hostile value like every other one."""

from __future__ import annotations

import pandas as pd
import pytest

from cenfigures.tables.dataset import load_dataset
from cenfigures.view import explorer, filters
from cenfigures.view.filters import FilterOptions, parse_query, state_of, to_query

FIGURES = load_dataset().tables["figures"]


@pytest.mark.parametrize("sort", filters.SORTS)
def test_values_sort_as_numbers_within_each_unit(sort):
    ordered = explorer.sorted_figures(FIGURES, sort)
    assert sorted(ordered["figure_id"]) == sorted(FIGURES["figure_id"])
    units = list(ordered["unit"])
    assert units == sorted(units, key=units.index), "each unit's rows together"
    for unit, rows in ordered.groupby("unit", sort=False):
        values = list(pd.to_numeric(rows["value"]))
        assert values == sorted(values, reverse=sort.startswith("-")), unit


def test_text_order_is_not_number_order():
    """What the grid's header sort did: the shown text in text order puts 超过1000万台 before 超过300万户
    and 1个 before 50%; the numeric order does not."""
    counts = FIGURES[FIGURES["unit"] == "percent"]
    by_number = explorer.sorted_figures(counts, "value")["value_as_stated"].tolist()
    assert by_number != sorted(by_number)


def test_no_sort_keeps_the_articles_order():
    assert explorer.sorted_figures(FIGURES, "") is FIGURES


@pytest.mark.parametrize(
    ("values", "kept"),
    [
        (["value"], "value"),
        (["-value"], "-value"),
        (["VALUE"], None),
        (["value", "-value"], None),  # repeated
        (["value;drop"], None),
        (["quote"], None),
        (["<script>"], None),
        (["x" * 5000], None),
    ],
)
def test_sort_in_the_link_is_parsed_as_a_hostile_value(values, kept):
    parsed = parse_query({"sort": values}, FilterOptions())
    assert parsed.state.sort == (kept or "")
    assert ("sort" in parsed.dropped) is (kept is None)


def test_sort_round_trips_through_the_link():
    state = state_of("en", q="目标").with_(sort="-value")
    query = to_query(state)
    assert query["sort"] == "-value"
    assert parse_query({k: [v] for k, v in query.items()}, FilterOptions()).state == state
    assert "sort" not in to_query(state.with_(sort=""))
