"""The URL state: parsing hostile links, writing links back, narrowing the table, the sentence."""

from __future__ import annotations

import pandas as pd
import pytest

from cenfigures.tables.dataset import load_dataset
from cenfigures.view import filters
from cenfigures.view.filters import FilterOptions, ViewState


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return load_dataset().tables["figures"]


@pytest.fixture(scope="module")
def options(figures: pd.DataFrame) -> FilterOptions:
    return FilterOptions.from_figures(figures, charts=("targets", "ranks", "indices"))


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, ViewState()),
        ({"lang": ["en"]}, ViewState(lang="en")),
        ({"region": ["hebei", "guangzhou"]}, ViewState(regions=("hebei", "guangzhou"))),
        ({"region": ["hebei", "hebei"]}, ViewState(regions=("hebei",))),
        ({"kind": ["target"], "topic": ["digitization"]}, ViewState(kinds=("target",), topics=("digitization",))),
        ({"years": ["2016-2020"]}, ViewState(years=(2016, 2020))),
        ({"q": ["5G"]}, ViewState(search="5G")),
        ({"present": ["1"], "slide": ["3"]}, ViewState(present=True, slide=3)),
        ({"chart": ["ranks"]}, ViewState(chart="ranks")),
        ({"embed": ["true"], "lang": ["en"]}, ViewState(lang="en")),
    ],
)
def test_good_links_are_read(params, expected, options):
    parsed = filters.parse_query(params, options)
    assert parsed.state == expected
    assert not parsed.has_notice


HOSTILE = [
    ({"region": ["atlantis"]}, ["region"], 0),
    ({"region": ["<script>alert(1)</script>"]}, ["region"], 0),
    ({"region": ["hebei", "x" * 10_000]}, ["region"], 0),
    ({"lang": ["fr"]}, ["lang"], 0),
    ({"lang": ["zh", "en"]}, ["lang"], 0),
    ({"years": ["2020-2015"]}, ["years"], 0),
    ({"years": ["1900-2100"]}, ["years"], 0),
    ({"years": ["twenty"]}, ["years"], 0),
    ({"q": ["x" * 10_000]}, ["q"], 0),
    ({"slide": ["-1"]}, ["slide"], 0),
    ({"slide": ["1e9"]}, ["slide"], 0),
    ({"present": ["yes"]}, ["present"], 0),
    ({"<img src=x onerror=alert(1)>": ["1"]}, [], 1),
    ({"x" * 10_000: ["y"], "foo": ["bar"]}, [], 2),
    ({"kind": ["target", "\x00"]}, ["kind"], 0),
    ({"chart": ["uplink"]}, ["chart"], 0),  # a chart of another page
    ({"chart": ["<script>alert(1)</script>"]}, ["chart"], 0),
    ({"chart": ["ranks", "indices"]}, ["chart"], 0),
]


@pytest.mark.parametrize("params, dropped, unknown", HOSTILE)
def test_hostile_values_are_dropped_and_reported(params, dropped, unknown, options):
    parsed = filters.parse_query(params, options)
    assert parsed.dropped == dropped
    assert parsed.unknown == unknown
    assert parsed.has_notice
    # whatever survives is a valid state: it writes back to a clean link
    query = filters.to_query(parsed.state, options)
    assert all(key in filters.MULTI_KEYS + filters.SINGLE_KEYS for key in query)


def test_good_values_survive_next_to_bad_ones(options):
    parsed = filters.parse_query({"region": ["hebei", "atlantis"], "lang": ["en"]}, options)
    assert parsed.state.regions == ("hebei",)
    assert parsed.state.lang == "en"
    assert parsed.dropped == ["region"]


def test_search_text_loses_control_characters(options):
    parsed = filters.parse_query({"q": ["5\u202eG\x07"]}, options)
    assert parsed.state.search == "5G"


@pytest.mark.parametrize(
    "state",
    [
        ViewState(),
        ViewState(lang="en", regions=("hebei", "national"), kinds=("target", "derived")),
        ViewState(topics=("uhd_video",), years=(2019, 2021), search="4K"),
        ViewState(present=True, slide=4),
        ViewState(chart="indices", kinds=("observed",)),
    ],
)
def test_links_round_trip(state, options):
    query = filters.to_query(state, options)
    params = {key: value if isinstance(value, list) else [value] for key, value in query.items()}
    assert filters.parse_query(params, options).state == state


@pytest.mark.parametrize(
    "state, expected",
    [
        (ViewState(chart="targets"), None),  # the first tab is the default: left out
        (ViewState(chart="ranks"), "ranks"),
        (ViewState(chart="ranks", present=True), None),  # presentation mode shows every chart
    ],
)
def test_the_open_chart_tab_is_written_only_when_it_is_not_the_first(state, expected, options):
    assert filters.to_query(state, options).get("chart") == expected


def test_a_page_without_tabs_accepts_no_chart(figures):
    parsed = filters.parse_query({"chart": ["ranks"]}, FilterOptions.from_figures(figures))
    assert parsed.state.chart == "" and parsed.dropped == ["chart"]


def test_full_year_range_is_left_out_of_links(options):
    state = ViewState(years=(options.first_year, options.last_year))
    assert "years" not in filters.to_query(state, options)


@pytest.mark.parametrize(
    "state, column, allowed",
    [
        (ViewState(regions=("hebei",)), "region_id", {"hebei"}),
        (ViewState(kinds=("target", "rank")), "kind", {"target", "rank"}),
        (ViewState(topics=("olympics_5g",)), "topic", {"olympics_5g"}),
    ],
)
def test_apply_keeps_only_matching_rows(state, column, allowed, figures):
    shown = filters.apply(figures, state)
    assert not shown.empty
    assert set(shown[column]) == allowed
    assert len(shown) == figures[column].isin(allowed).sum()


def test_apply_years_keeps_overlapping_periods(figures):
    shown = filters.apply(figures, ViewState(years=(2021, 2022)))
    assert not shown.empty
    assert ((shown["period_start"] <= 2022) & (shown["period_end"] >= 2021)).all()
    assert "hebei-integration-rank-2015" not in set(shown["figure_id"])


def test_apply_search_matches_quotes_and_indicators(figures):
    shown = filters.apply(figures, ViewState(search="基站"))
    assert set(shown["figure_id"]) == {"hebei-5g-base-stations-2016-2020"}


def test_apply_ignores_filters_the_page_does_not_use(figures):
    state = ViewState(regions=("hebei",))
    assert len(filters.apply(figures, state, uses=("kind",))) == len(figures)


@pytest.mark.parametrize(
    "state, expected",
    [
        (ViewState(), "显示54/54条数据"),
        (ViewState(lang="en"), "Showing 54 of 54 figures"),
        (ViewState(lang="en", regions=("hebei",), kinds=("target",)), "Showing 54 of 54 figures where Region: Hebei; Kind: Target"),
        (ViewState(regions=("hebei",)), "显示54/54条数据，条件：地区：河北省"),
    ],
)
def test_describe_says_what_is_shown(state, expected):
    names = {"hebei": "Hebei" if state.lang == "en" else "河北省"}
    assert filters.describe(state, 54, 54, names) == expected
