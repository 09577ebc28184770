"""The digitization page's charts (Hebei), as declared in seeds/topics.toml: what is particular to
each beyond what every chart keeps (tests/test_chartkit.py): the ranks on an inverted axis with
the stated change, the derived 2016 penetration, the counts on dots when they span orders of
magnitude, the indices against the national value, the targets beside a later outcome."""

from __future__ import annotations

import math

import pytest
from chart_reading import (
    LANGS,
    SEED_TABLES,
    build,
    corpus_tables,
    find_spec,
    points,
    view_of,
)

from cenfigures.charts import types

ROWS = SEED_TABLES["figures"].set_index("figure_id", drop=False)


def spec(chart_id: str, tables=SEED_TABLES):
    return find_spec("digitization", chart_id, tables)


@pytest.mark.parametrize("lang", LANGS)
def test_ranks_axis_is_inverted_with_the_first_on_top(lang):
    chart = build(spec("ranks"), lang)
    low, high = chart.figure.layout.yaxis.range
    assert low > high, "the larger rank number at the bottom"
    assert high <= 1 < low
    drawn = [p.value for p in points(chart.figure)]
    assert high < min(drawn) and max(drawn) < low, "every rank inside the axis"


def test_ranks_takeaway_uses_the_stated_change_over_the_same_years():
    changed = SEED_TABLES["figures"].copy()
    stated = changed["figure_id"] == "hebei-integration-rank-change-2015-2020"
    changed.loc[stated, "value"] = 6.0  # the article's own words win over a difference of ranks
    chart = types.build(view_of({**SEED_TABLES, "figures": changed}, "en"), spec("ranks"))
    assert "19th in 2015, 14th in 2020 (+6 places)" in chart.takeaway


@pytest.mark.parametrize(
    "lang, expected", [("zh", "2015年第19位，2022年第12位（+7位）"), ("en", "19th in 2015, 12th in 2022 (+7 places)")]
)
def test_ranks_of_a_later_article_extend_the_line_and_the_change(lang, expected):
    """The fixture article's 2022 rank joins the seed's line; the 2015-2020 change no longer
    spans the line, so the takeaway counts the places itself."""
    tables = corpus_tables()
    chart = build(spec("ranks", tables), lang, tables)
    line = next(t for t in chart.figure.data if "yanzhao-hebei-integration-rank-2022" in list(t.customdata))
    assert list(line.customdata) == [
        "hebei-integration-rank-2015",
        "hebei-integration-rank-2020",
        "yanzhao-hebei-integration-rank-2022",
    ]
    assert [round(x) for x in line.x] == [2015, 2020, 2022]
    assert expected in chart.takeaway
    # the stated 2015-2020 change no longer describes the line: not cited, since nothing shows it
    assert "hebei-integration-rank-change-2015-2020" not in chart.figure_ids


def test_derived_2016_penetration_is_marked_as_derived():
    chart = build(spec("penetration"), "en")
    derived = next(p for p in points(chart.figure) if p.figure_id == "hebei-rd-tool-penetration-2016")
    assert derived.style == ("scatter", "circle-open-dot")
    assert derived.value == ROWS.loc["hebei-rd-tool-penetration-2016", "value"]
    assert "Derived" in derived.trace.name
    stated = next(p for p in points(chart.figure) if p.figure_id == "hebei-rd-tool-penetration-2020")
    assert stated.style == ("scatter", "circle")


def test_penetration_change_is_a_bracket_from_the_first_level():
    chart = build(spec("penetration"), "en")
    bracket = next(p for p in points(chart.figure) if p.figure_id == "hebei-rd-tool-penetration-change-2016-2020")
    assert bracket.trace.type == "bar"
    assert bracket.trace.base[0] == ROWS.loc["hebei-rd-tool-penetration-2016", "value"]
    assert math.isclose(bracket.trace.base[0] + bracket.value, ROWS.loc["hebei-rd-tool-penetration-2020", "value"])


def test_only_stated_years_are_on_the_year_axis():
    chart = build(spec("penetration"), "en")
    years = sorted({int(v) for v in chart.rows["period_end"]})
    assert list(chart.figure.layout.xaxis.tickvals) == years
    for point in points(chart.figure):
        if point.trace.type == "scatter":
            assert round(float(point.trace.x[point.index])) in years


def test_counts_spanning_orders_of_magnitude_are_dots_on_a_log_axis():
    """23,000 base stations beside 6 pilot projects: bars on a log axis would mean nothing, bars
    on a linear one would hide the 6; dots on a log axis show both."""
    chart = build(spec("counts"), "en")
    assert {p.trace.type for p in points(chart.figure)} == {"scatter"}
    assert chart.figure.layout.xaxis.type == "log"
    ticks = list(chart.figure.layout.xaxis.tickvals)
    assert all(math.log10(t).is_integer() for t in ticks)
    assert min(ticks) <= min(p.value for p in points(chart.figure)) and max(
        p.value for p in points(chart.figure)
    ) <= 10 * max(ticks)


@pytest.mark.parametrize("lang", LANGS)
def test_indices_put_hebei_beside_the_national_value(lang):
    chart = build(spec("indices"), lang)
    growth = [
        p
        for p in points(chart.figure)
        if p.figure_id in ("hebei-ii-growth-index-2020", "national-ii-growth-index-2020")
    ]
    assert len(growth) == 2 and growth[0].trace.yaxis == growth[1].trace.yaxis, "one panel for the growth index"
    view = view_of(lang=lang)
    assert {p.trace.y[p.index] for p in growth} == {view.region_name("hebei"), view.region_name("national")}
    gap = ROWS.loc["hebei-ii-growth-index-gap-2020"]
    assert view.t.number(gap["value"], gap["unit"]) in chart.takeaway


def test_targets_are_hollow_and_a_later_outcome_stands_beside_them():
    seed = build(spec("targets"), "en")
    assert {ROWS.loc[p.figure_id, "kind"] for p in points(seed.figure)} == {"target"}
    assert {p.style for p in points(seed.figure)} == {("bar", "hollow")}
    tables = corpus_tables()
    chart = build(spec("targets", tables), "en", tables)
    outcome = next(p for p in points(chart.figure) if p.figure_id == "yanzhao-hebei-nc-rate-2022")
    target = next(p for p in points(chart.figure) if p.figure_id == "hebei-nc-rate-2025")
    assert outcome.style == ("bar", "solid") and target.style == ("bar", "hollow")
    # in the same block (one indicator), one bar under the other
    assert abs(outcome.trace.y[outcome.index] - target.trace.y[target.index]) < 40
