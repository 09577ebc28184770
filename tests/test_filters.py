"""The URL state: parsing hostile links, writing links back, narrowing the table, the sentence."""

from __future__ import annotations

import pandas as pd
import pytest

from cenfigures.tables.dataset import load_dataset
from cenfigures.view import filters
from cenfigures.view.filters import FilterOptions, ViewState, state_of
from cenfigures.view.model import names_of


def S(lang: str = "zh", **values) -> ViewState:
    """A state: S("en", region=("hebei",)); page parameters by with_()."""
    return state_of(lang, **values)


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return load_dataset().all_tables()


@pytest.fixture(scope="module")
def figures(tables) -> pd.DataFrame:
    return tables["figures"]


@pytest.fixture(scope="module")
def names(tables):
    return names_of(tables)


@pytest.fixture(scope="module")
def options(figures: pd.DataFrame) -> FilterOptions:
    return FilterOptions.from_frame(figures, charts=("targets", "ranks", "indices"), slides=SLIDES)


SLIDES = ("digitization.targets", "digitization.ranks", "digitization.indices")


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, S()),
        ({"lang": ["en"]}, S("en")),
        ({"region": ["hebei", "guangzhou"]}, S(region=("hebei", "guangzhou"))),
        ({"region": ["hebei", "hebei"]}, S(region=("hebei",))),
        ({"kind": ["target"], "topic": ["digitization"]}, S(kind=("target",), topic=("digitization",))),
        ({"source": ["cen-2022-01-local-it"]}, S(source=("cen-2022-01-local-it",))),
        ({"years": ["2016-2020"]}, S(years=(2016, 2020))),
        ({"q": ["5G"]}, S(q="5G")),
        ({"present": ["1"], "slide": ["3"]}, S().with_(present=True, slide=3)),
        ({"chart": ["ranks"]}, S().with_(chart="ranks")),
        ({"embed": ["true"], "lang": ["en"]}, S("en")),
        # the slides ticked in the picker: repeated keys (get_all), kept in the view's order
        ({"slides": ["digitization.indices", "digitization.targets"]}, S().with_(slides=SLIDES[::2])),
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
    ({"source": ["no-such-article"]}, ["source"], 0),
    ({"id": ["no-such-topic"]}, ["id"], 0),
    ({"indicator": ["<b>"]}, ["indicator"], 0),
    ({"slides": ["uhd_video.plans"]}, ["slides"], 0),  # a slide of another view
    ({"slides": ["digitization.ranks", "<script>", "x" * 10_000]}, ["slides"], 0),
    ({"slides": ["digitization.ranks", "digitization.ranks"]}, ["slides"], 0),
    ({"slides": ["digitization.ranks"] * 1_000}, ["slides"], 0),
]


@pytest.mark.parametrize("params, dropped, unknown", HOSTILE)
def test_hostile_values_are_dropped_and_reported(params, dropped, unknown, options):
    parsed = filters.parse_query(params, options)
    assert parsed.dropped == dropped
    assert parsed.unknown == unknown
    assert parsed.has_notice
    # whatever survives is a valid state: it writes back to a clean link
    query = filters.to_query(parsed.state, options)
    assert all(key in filters.FILTER_KEYS + filters.PAGE_KEYS for key in query)


def test_good_values_survive_next_to_bad_ones(options):
    parsed = filters.parse_query({"region": ["hebei", "atlantis"], "lang": ["en"]}, options)
    assert parsed.state.regions == ("hebei",)
    assert parsed.state.lang == "en"
    assert parsed.dropped == ["region"]


def test_slides_of_a_hostile_link_keep_the_good_ones(options):
    parsed = filters.parse_query({"slides": ["digitization.ranks", "atlantis.x", "digitization.targets"]}, options)
    assert parsed.state.slides == ("digitization.targets", "digitization.ranks")
    assert parsed.dropped == ["slides"]
    assert filters.to_query(parsed.state, options)["slides"] == ["digitization.targets", "digitization.ranks"]


def test_search_text_loses_control_characters(options):
    parsed = filters.parse_query({"q": ["5\u202eG\x07"]}, options)
    assert parsed.state.search == "5G"


@pytest.mark.parametrize(
    "state",
    [
        S(),
        S("en", region=("hebei", "national"), kind=("target", "derived")),
        S(topic=("uhd_video",), years=(2019, 2021), q="4K"),
        S().with_(present=True, slide=4),
        S(kind=("observed",)).with_(chart="indices"),
        S("en").with_(slides=SLIDES[1:], present=True, slide=2),
    ],
)
def test_links_round_trip(state, options):
    query = filters.to_query(state, options)
    params = {key: value if isinstance(value, list) else [value] for key, value in query.items()}
    assert filters.parse_query(params, options).state == state


@pytest.mark.parametrize(
    "state, expected",
    [
        (S().with_(chart="targets"), None),  # the first tab is the default: left out
        (S().with_(chart="ranks"), "ranks"),
        (S().with_(chart="ranks", present=True), None),  # presentation mode shows every chart
    ],
)
def test_the_open_chart_tab_is_written_only_when_it_is_not_the_first(state, expected, options):
    assert filters.to_query(state, options).get("chart") == expected


def test_a_page_without_tabs_accepts_no_chart(figures):
    parsed = filters.parse_query({"chart": ["ranks"]}, FilterOptions.from_frame(figures))
    assert parsed.state.chart == "" and parsed.dropped == ["chart"]


def test_full_year_range_is_left_out_of_links(options):
    first, last = options.of("years")
    parsed = filters.parse_query({"years": [f"{first}-{last}"]}, options)
    assert parsed.state.years is None and not parsed.has_notice
    assert "years" not in filters.to_query(parsed.state, options)


@pytest.mark.parametrize(
    "state, column, allowed",
    [
        (S(region=("hebei",)), "region_id", {"hebei"}),
        (S(kind=("target", "rank")), "kind", {"target", "rank"}),
        (S(topic=("olympics_5g",)), "topic", {"olympics_5g"}),
        (S(source=("cen-2022-01-local-it",)), "source_id", {"cen-2022-01-local-it"}),
    ],
)
def test_apply_keeps_only_matching_rows(state, column, allowed, figures):
    shown = filters.apply(figures, state)
    assert not shown.empty
    assert set(shown[column]) == allowed
    assert len(shown) == figures[column].isin(allowed).sum()


def test_apply_years_keeps_overlapping_periods(figures):
    shown = filters.apply(figures, S(years=(2021, 2022)))
    assert not shown.empty
    assert ((shown["period_start"] <= 2022) & (shown["period_end"] >= 2021)).all()
    assert "hebei-integration-rank-2015" not in set(shown["figure_id"])


# What a reader types in the explorer, and what they see on screen (issue 15, item 3): labels of
# either language, values as displayed and as numbers.
SEARCHES = [
    ("基站", {"hebei-5g-base-stations-2016-2020"}),
    ("target", None),  # every target: the kind's label in English
    ("目标", None),  # and in Chinese
    ("billion", {"guangzhou-uhd-display-output-2023", "guangzhou-uhd-content-industry-2023"}),
    ("more than", None),
    ("23000", {"hebei-5g-base-stations-2016-2020"}),
    ("23,000", {"hebei-5g-base-stations-2016-2020"}),
    ("2.3万", {"hebei-5g-base-stations-2016-2020"}),
    ("Olympic", None),
    ("冬奥", None),
]


@pytest.mark.parametrize("query, expected", SEARCHES, ids=[q for q, _ in SEARCHES])
def test_search_finds_what_the_screen_shows(query, expected, figures, names):
    shown = filters.apply(figures, S(q=query), names=names)
    if expected is not None:
        assert set(shown["figure_id"]) == expected
    elif query in ("target", "目标"):  # every target, and rows whose quote says it too
        targets = set(figures.loc[figures["kind"] == "target", "figure_id"])
        assert targets <= set(shown["figure_id"])
        others = shown[shown["kind"] != "target"]
        assert others["quote"].str.casefold().str.contains(query).all()
    elif query == "more than":
        assert set(shown["figure_id"]) == set(figures.loc[figures["qualifier"] == "more_than", "figure_id"])
    else:  # the Olympics topic in either language
        olympic = set(figures.loc[figures["topic"] == "olympics_5g", "figure_id"])
        assert olympic <= set(shown["figure_id"])


def test_olympics_in_chinese_finds_as_much_as_in_english(figures, names):
    chinese = set(filters.apply(figures, S(q="冬奥"), names=names)["figure_id"])
    english = set(filters.apply(figures, S(q="Olympic"), names=names)["figure_id"])
    assert len(chinese) >= len(english) >= 5


def test_apply_ignores_filters_the_page_does_not_use(figures):
    state = S(region=("hebei",))
    assert len(filters.apply(figures, state, uses=("kind",))) == len(figures)
    assert filters.ignored(state, ("kind",)) == ("region",)
    assert filters.ignored(state, ("region", "kind")) == ()


def test_a_filter_the_table_lacks_leaves_it_alone(tables):
    events = tables["events"]
    assert len(filters.apply(events, S(kind=("target",)))) == len(events)  # events have no kind
    assert len(filters.apply(events, S(region=("guangzhou",)))) < len(events)


@pytest.mark.parametrize(
    "state, expected",
    [
        (S(), "显示54条数据中的54条。"),
        (S("en"), "Showing 54 of 54 figures."),
        (
            S("en", region=("hebei",), kind=("target",)),
            "Showing 54 of 54 figures where the region is Hebei and the kind is Target.",
        ),
        (S("en", q="河北"), "Showing 54 of 54 figures where the text contains “河北”."),
        (S(region=("hebei", "guangzhou")), "显示54条数据中的54条，其中地区为河北或广州。"),
    ],
)
def test_describe_says_what_is_shown_as_a_sentence(state, expected, names):
    assert filters.describe(state, 54, 54, names) == expected


def test_the_filter_registry_and_the_contracts_filter_names_are_one_list():
    # prep checks a topic's `filters` against the contract's names (it may not import view/)
    from cenfigures.tables import contract

    assert filters.FILTER_KEYS == contract.FILTER_KEYS == tuple(f.key for f in filters.FILTERS)
    assert set(contract.TOPIC.field("filters").allowed) == set(filters.FILTERS_BY_KEY)
