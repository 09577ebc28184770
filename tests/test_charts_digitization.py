"""Hebei's charts: pure builders, drawn from the rows of data/, with computed takeaways."""

from __future__ import annotations

import re

import pytest

from cenfigures.charts import digitization as charts
from cenfigures.tables.dataset import load_dataset
from cenfigures.view.colors import KIND_STYLE
from cenfigures.view.formatting import format_figure

DATA = load_dataset()
FIGURES = DATA.tables["figures"]
SOURCE = DATA.tables["sources"].iloc[0].to_dict()
BY_ID = FIGURES.set_index("figure_id")


def has_cjk(value: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", value))


def drawn_values(chart) -> set[float]:
    values = set()
    for trace in chart.figure.data:
        for axis in ("x", "y"):
            for value in getattr(trace, axis, None) if getattr(trace, axis, None) is not None else []:
                if isinstance(value, (int, float)):
                    values.add(round(float(value), 6))
    return values


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("build", charts.BUILDERS, ids=lambda b: b.__name__)
def test_builders_title_and_takeaway_speak_the_language(build, lang):
    chart = build(FIGURES, lang, SOURCE)
    title = chart.figure.layout.title.text
    assert title and has_cjk(title) == (lang == "zh")
    assert chart.takeaway and has_cjk(chart.takeaway) == (lang == "zh")
    source_line = chart.figure.layout.annotations[-1].text
    assert ("中国电子报" if lang == "zh" else "China Electronics News") in source_line


@pytest.mark.parametrize("build", charts.BUILDERS, ids=lambda b: b.__name__)
def test_every_drawn_number_is_a_figure_of_the_chart(build):
    chart = build(FIGURES, "en", SOURCE)
    values = {round(float(BY_ID.loc[i, "value"]), 6) for i in chart.figure_ids}
    drawn = drawn_values(chart)
    assert drawn, chart.name
    assert drawn - values <= set(range(2010, 2031)), (chart.name, drawn - values)


def test_every_digitization_figure_is_charted():
    charted = {i for build in charts.BUILDERS for i in build(FIGURES, "zh", SOURCE).figure_ids}
    expected = set(FIGURES.loc[FIGURES["topic"] == "digitization", "figure_id"]) | {"national-ii-growth-index-2020"}
    assert charted == expected


def test_targets_are_drawn_hollow_not_as_data():
    chart = charts.targets(FIGURES, "en", SOURCE)
    assert chart.figure.data
    for trace in chart.figure.data:
        assert trace.marker.color == "rgba(255,255,255,0)"  # hollow: an aim, not a measurement
    assert set(BY_ID.loc[list(chart.figure_ids), "kind"]) == {"target"}


def test_ranks_axis_is_inverted_with_first_on_top():
    chart = charts.ranks(FIGURES, "en", SOURCE)
    low, high = chart.figure.layout.yaxis.range
    assert low > high  # the larger rank number at the bottom
    assert high <= 1


def test_derived_2016_penetration_is_marked_as_derived():
    chart = charts.penetration(FIGURES, "en", SOURCE)
    derived = [t for t in chart.figure.data if t.name and "Derived" in t.name]
    assert derived and derived[0].marker.symbol == KIND_STYLE["derived"]["symbol"]
    assert derived[0].y[0] == BY_ID.loc["hebei-rd-tool-penetration-2016", "value"]


@pytest.mark.parametrize(
    "build, ids",
    [
        (charts.ranks, ["hebei-integration-rank-2015", "hebei-integration-rank-2020", "hebei-integration-rank-change-2015-2020"]),
        (charts.indices, ["hebei-ii-growth-index-2020", "national-ii-growth-index-2020", "hebei-ii-growth-index-gap-2020"]),
        (charts.penetration, ["hebei-rd-tool-penetration-2020", "hebei-rd-tool-penetration-change-2016-2020", "hebei-rd-tool-penetration-2016"]),
        (charts.counts, list(charts.COUNT_IDS)),
        (charts.targets, list(charts.TARGET_IDS)),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_takeaways_are_computed_from_the_rows(build, ids, lang):
    chart = build(FIGURES, lang, SOURCE)
    for figure_id in ids:
        shown = format_figure(BY_ID.loc[figure_id].to_dict() | {"figure_id": figure_id}, lang).lstrip("+")
        assert shown.replace("个百分点", "") in chart.takeaway or shown in chart.takeaway, (figure_id, shown, chart.takeaway)
    # a different number in the data gives a different sentence
    changed = FIGURES.copy()
    changed.loc[changed["figure_id"] == ids[0], "value"] *= 2
    assert build(changed, lang, SOURCE).takeaway != chart.takeaway


@pytest.mark.parametrize("build", charts.BUILDERS, ids=lambda b: b.__name__)
def test_no_rows_means_no_chart(build):
    chart = build(FIGURES.iloc[0:0], "en", SOURCE)
    assert chart.rows.empty and chart.figure_ids == ()


def test_filtered_rows_leave_the_chart():
    without_2020 = FIGURES[FIGURES["figure_id"] != "hebei-integration-rank-2020"]
    chart = charts.ranks(without_2020, "en", SOURCE)
    assert "hebei-integration-rank-2020" not in chart.figure_ids
    assert BY_ID.loc["hebei-integration-rank-2020", "value"] not in drawn_values(chart)
