"""The ultra-HD video page's charts, as declared in seeds/topics.toml: what is particular to each
beyond what every chart keeps (tests/test_chartkit.py): Guangzhou's targets one panel per unit
saying "more than", the 4K penetration at its stated years only, the 8K multiple with its
assumption, the broadcast windows on a 24-hour clock, and the page's filters."""

from __future__ import annotations

import html

import pytest
from chart_reading import (
    LANGS,
    SEED_TABLES,
    build,
    corpus_tables,
    find_spec,
    flat,
    points,
    view_of,
    written,
)

from cenfigures.charts import types
from cenfigures.charts.types.levels import rounded_rate
from cenfigures.view.filters import state_of
from cenfigures.view.model import TopicSpec, View, chart_specs, topic_specs

TOPIC = "uhd_video"
FIGURES = SEED_TABLES["figures"]
ROWS = FIGURES.set_index("figure_id", drop=False)


def spec(chart_id: str, tables=SEED_TABLES):
    return find_spec(TOPIC, chart_id, tables)


def page_topic() -> TopicSpec:
    return next(t for t in topic_specs(SEED_TABLES["topics"]) if t.id == TOPIC)


def page_charts(lang: str = "zh", **filters):
    """Every chart of the page, with the filters the page applies (topics.csv `filters`)."""
    uses = page_topic().filters
    view = View(SEED_TABLES, state_of(lang, **filters).only(uses), uses)
    return [types.build(view, s) for s in chart_specs(SEED_TABLES["charts"], TOPIC)]


@pytest.mark.parametrize("lang", LANGS)
def test_targets_say_more_than_in_their_labels(lang):
    chart = build(spec("guangzhou_targets"), lang)
    view_words = flat(written(chart.figure))
    more_than = chart.rows[chart.rows["qualifier"] == "more_than"]
    assert len(more_than) >= 5
    view = view_of(lang=lang)
    for _, row in chart.rows.iterrows():
        assert flat(view.t.value(row)) in view_words, row["figure_id"]
    word = "超" if lang == "zh" else "more than"
    assert flat(written(chart.figure)).count(flat(word)) >= len(more_than)


def test_targets_one_panel_per_unit():
    """A panel per unit that has two or more values (the others are listed in one panel, issue 25)."""
    chart = build(spec("guangzhou_targets"), "en")
    units = chart.rows["unit"].nunique()
    assert units >= 3
    shared = (chart.rows.groupby("unit").size() >= 2).sum()
    alone = units - shared
    axes = [key for key in chart.figure.to_plotly_json()["layout"] if key.startswith("xaxis")]
    assert len(axes) == shared + (1 if alone else 0)
    by_axis: dict[str, set[str]] = {}
    for point in points(chart.figure):
        by_axis.setdefault(point.trace.xaxis, set()).add(ROWS.loc[point.figure_id, "unit"])
    assert all(len(found) == 1 for found in by_axis.values()), "never two units on one axis"


def test_a_target_stands_beside_the_outcome_another_article_reports():
    tables = corpus_tables()
    chart = build(spec("guangzhou_targets", tables), "en", tables)
    drawn = {p.figure_id: p for p in points(chart.figure)}
    assert drawn["zhujiang-guangzhou-uhd-display-output-2023"].style == ("bar", "solid")
    assert drawn["guangzhou-uhd-display-output-2023"].style == ("bar", "hollow")
    assert (
        drawn["zhujiang-guangzhou-uhd-display-output-2023"].trace.xaxis
        == drawn["guangzhou-uhd-display-output-2023"].trace.xaxis
    )


def test_penetration_has_only_the_stated_years():
    """No invented years: the year axis holds the years of the rows, the points sit on them."""
    chart = build(spec("penetration_4k"), "en")
    years = sorted(
        {int(ROWS.loc[p.figure_id, "period_end"]) for p in points(chart.figure) if p.trace.type == "scatter"}
    )
    assert years == [2015, 2020]
    assert list(chart.figure.layout.xaxis.tickvals) == years
    for point in points(chart.figure):
        if point.trace.type == "scatter":
            assert point.trace.x[point.index] == ROWS.loc[point.figure_id, "period_end"]


@pytest.mark.parametrize("lang", LANGS)
def test_penetration_rate_is_written_beside_the_change(lang):
    chart = build(spec("penetration_4k"), lang)
    cagr = ROWS.loc["tv-4k-penetration-cagr-2015-2020"]
    # said as the share's growth, to two significant figures (issue 25: 18.18% beside +40.2 points)
    assert view_of(lang=lang).t("chart.cagr_note", cagr=f"{rounded_rate(float(cagr['value']))}%") in written(
        chart.figure
    )
    assert "tv-4k-penetration-cagr-2015-2020" not in {p.figure_id for p in points(chart.figure)}, (
        "a rate is not a level"
    )


@pytest.mark.parametrize("lang, column", [("zh", "note_zh"), ("en", "note_en")])
def test_8k_assumption_comes_from_the_note(lang, column):
    row = ROWS.loc["tv-8k-retail-volume-multiple-2019-2021"]
    chart = build(spec("retail_8k"), lang)
    assert row[column] and row[column] in chart.takeaway
    assert flat(row[column]) in flat(html.unescape("".join(a.text for a in chart.figure.layout.annotations)))


def test_8k_multiple_is_an_index_over_the_base_year_drawn_as_derived():
    chart = build(spec("retail_8k"), "en")
    base = next(t for t in chart.figure.data if t.customdata is None)
    assert list(base.y) == [1] and "2019" in base.x[0]
    multiple = next(p for p in points(chart.figure) if p.figure_id == "tv-8k-retail-volume-multiple-2019-2021")
    assert multiple.style == ("bar", "hatched")
    assert multiple.trace.x[0] == "2021"
    # the rate labels the step between the bars: an annotation with its own hover, not a bar
    rate = next(
        a
        for a in chart.figure.layout.annotations
        if a.hovertext and "tv-8k-retail-volume-cagr-2019-2021" in a.hovertext
    )
    assert "183%" in rate.text


def test_broadcast_windows_sit_on_a_24_hour_clock():
    chart = build(spec("broadcast_hours"), "en")
    assert list(chart.figure.layout.xaxis.range) == [0, 24]
    for point in points(chart.figure):
        start = point.trace.base[point.index]
        assert 0 <= start and start + point.value <= 24
    window = next(p for p in points(chart.figure) if p.figure_id == "btv-8k-original-programming-hours")
    assert window.trace.base[window.index] == 6 and window.value == 6  # "6：00—12：00"
    for figure_id in ("cctv16-daily-broadcast-hours", "btv-8k-channel-daily-hours"):
        day = next(p for p in points(chart.figure) if p.figure_id == figure_id)
        assert day.trace.base[day.index] == 0 and day.value == 24


def test_plans_are_bars_on_a_linear_axis_one_colour_per_region():
    chart = build(spec("plans"), "en")
    drawn = points(chart.figure)
    assert {p.trace.type for p in drawn} == {"bar"}
    assert chart.figure.layout.xaxis.type in (None, "linear", "-")
    colours = {ROWS.loc[p.figure_id, "region_id"]: p.fill for p in drawn}
    assert len(set(colours.values())) == len(colours) == 2


@pytest.mark.parametrize("lang", LANGS)
def test_kind_filter_narrows_every_chart_of_the_page(lang):
    before = set().union(*(c.figure_ids for c in page_charts(lang)))
    charts = page_charts(lang, kind=("target",))
    after = set().union(*(c.figure_ids for c in charts))
    targets = set(FIGURES.loc[(FIGURES["topic"] == TOPIC) & (FIGURES["kind"] == "target"), "figure_id"])
    assert after == targets and targets < before
    assert sum(not c.rows.empty for c in charts) == 1, "only the targets chart keeps figures"


def test_region_filter_narrows_the_page_to_the_region():
    charts = page_charts("en", region=("beijing",))
    drawn = {p.figure_id for c in charts for p in points(c.figure)}
    assert drawn and set(FIGURES.set_index("figure_id").loc[sorted(drawn), "region_id"]) == {"beijing"}


def test_a_filter_the_page_does_not_show_is_not_applied():
    """topic is not among the page's filters: a topic=digitization left in the link by another
    page does not empty this one."""
    assert "topic" not in page_topic().filters
    assert [c.figure_ids for c in page_charts("en", topic=("digitization",))] == [
        c.figure_ids for c in page_charts("en")
    ]


def test_what_two_articles_give_for_one_year_stands_side_by_side():
    """The fixture article gives 31.2% for 2015 where the seed gives 30.8% (a conflict: both drawn,
    apart, each labelled on its own side and flagged), and the same 71% for 2020 (one fact: one point,
    whose hover names both articles)."""
    tables = corpus_tables()
    chart = build(spec("penetration_4k", tables), "en", tables)
    drawn = {p.figure_id: p for p in points(chart.figure) if p.trace.type == "scatter"}
    ours, theirs = drawn["tv-4k-penetration-2015"], drawn["zhujiang-tv-4k-penetration-2015"]
    x_ours, x_theirs = ours.trace.x[ours.index], theirs.trace.x[theirs.index]
    assert abs(x_ours - x_theirs) >= 0.2, (x_ours, x_theirs)
    assert {ours.trace.textposition[ours.index], theirs.trace.textposition[theirs.index]} == {"top left", "top right"}
    for point, other in ((ours, "31.2%"), (theirs, "30.8%")):
        assert "(conflicting)" in point.trace.text[point.index]
        assert flat("Other articles differ") in flat(point.hover) and other in point.hover
    assert "zhujiang-tv-4k-penetration-2020" not in drawn, "one point for the value both give"
    agreed = drawn["tv-4k-penetration-2020"]
    assert "Statedby" in flat(agreed.hover) and "PearlRiver" in flat(agreed.hover)
    assert "zhujiang-tv-4k-penetration-2020" in chart.figure_ids, "cited and downloaded all the same"
