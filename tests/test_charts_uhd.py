"""Charts of the ultra-HD video page: builders against the rows of data/figures.csv, and the page in AppTest."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest
from apptest_pages import every_tab_specs, open_page, plotly_numbers, points_by_id
from streamlit.testing.v1 import AppTest

from cenfigures.charts import uhd_video as charts_uhd
from cenfigures.tables.dataset import load_dataset
from cenfigures.view.formatting import format_value
from cenfigures.view.labels import text

REPO_ROOT = Path(__file__).resolve().parents[1]
TOPIC = "uhd_video"
PAGE = "pages/2_uhd_video.py"
LANGS = ("zh", "en")
CJK = re.compile(r"[\u4e00-\u9fff]")

DATASET = load_dataset()
FIGURES = DATASET.tables["figures"]
SOURCE = DATASET.tables["sources"].iloc[0].to_dict()
ROWS = FIGURES.set_index("figure_id")
BUILDERS = {builder.__name__: builder for builder in charts_uhd.BUILDERS}


def annotations_text(layout: dict) -> str:
    return " ".join(str(a.get("text", "")) for a in layout.get("annotations", []))


def formatted(figure_id: str, lang: str) -> str:
    row = ROWS.loc[figure_id]
    return format_value(row["value"], row["unit"], lang, row["qualifier"])


def build(name: str, figures: pd.DataFrame, lang: str):
    return BUILDERS[name](figures, lang, SOURCE)


def _is_hollow_or_hatched(trace: dict, kind: str) -> bool:
    marker = trace.get("marker", {}) or {}
    symbol = str(marker.get("symbol", ""))
    pattern = (marker.get("pattern") or {}).get("shape", "")
    if kind == "target":
        return "open" in symbol
    if kind == "derived":
        return bool(pattern) or "open" in symbol
    return "open" not in symbol and not pattern


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", list(BUILDERS))
def test_title_in_language(name: str, lang: str) -> None:
    chart = build(name, FIGURES, lang)
    title = chart.figure.layout.title.text
    assert title
    assert bool(CJK.search(title)) == (lang == "zh")
    assert bool(CJK.search(chart.takeaway)) == (lang == "zh")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", list(BUILDERS))
def test_trace_values_are_the_data(name: str, lang: str) -> None:
    """Each figure of the chart is drawn with its value from data/, or (a rate beside a level)
    written into an annotation as formatted from data/."""
    chart = build(name, FIGURES, lang)
    figure = chart.figure.to_plotly_json()
    drawn = points_by_id(figure["data"])
    notes = annotations_text(figure["layout"])
    assert chart.figure_ids
    for figure_id in chart.figure_ids:
        value = float(ROWS.loc[figure_id, "value"])
        if figure_id in drawn:
            assert any(any(math.isclose(value, v, rel_tol=1e-9) for v in numbers) for _, numbers in drawn[figure_id]), figure_id
        else:
            assert formatted(figure_id, lang) in notes, figure_id


@pytest.mark.parametrize("name", list(BUILDERS))
def test_targets_hollow_derived_hatched(name: str) -> None:
    chart = build(name, FIGURES, "en")
    drawn = points_by_id(chart.figure.to_plotly_json()["data"])
    for figure_id, traces in drawn.items():
        kind = ROWS.loc[figure_id, "kind"]
        assert all(_is_hollow_or_hatched(trace, kind) for trace, _ in traces), (figure_id, kind)


def test_targets_have_dashed_stems_and_say_more_than() -> None:
    chart = build("guangzhou_targets", FIGURES, "zh")
    traces = chart.figure.to_plotly_json()["data"]
    stems = [t for t in traces if "lines" in str(t.get("mode"))]
    assert stems and all(t["line"]["dash"] == "dash" for t in stems)
    labels = annotations_text(chart.figure.to_plotly_json()["layout"])
    more_than = FIGURES[(FIGURES["figure_id"].isin(charts_uhd.TARGET_IDS)) & (FIGURES["qualifier"] == "more_than")]
    assert not more_than.empty
    assert labels.count("超") >= len(more_than)
    for figure_id in more_than["figure_id"]:
        assert formatted(figure_id, "zh") in labels


def test_targets_one_panel_per_unit() -> None:
    chart = build("guangzhou_targets", FIGURES, "en")
    units = FIGURES[FIGURES["figure_id"].isin(charts_uhd.TARGET_IDS)]["unit"].nunique()
    axes = [key for key in chart.figure.to_plotly_json()["layout"] if key.startswith("xaxis")]
    assert len(axes) == units


def test_penetration_has_only_observed_years() -> None:
    """No invented years: every x of the observed series is the year of a row."""
    chart = build("penetration_4k", FIGURES, "en")
    years = {float(ROWS.loc[i, "period_end"]) for i in charts_uhd.PENETRATION_IDS}
    for trace in chart.figure.to_plotly_json()["data"]:
        if trace.get("type") == "scatter":
            assert set(plotly_numbers(trace["x"])) <= years


def test_8k_assumption_comes_from_the_note() -> None:
    row = ROWS.loc["tv-8k-retail-volume-multiple-2019-2021"]
    for lang, column in (("zh", "note_zh"), ("en", "note_en")):
        chart = build("retail_8k", FIGURES, lang)
        assert row[column] and row[column] in chart.takeaway


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", list(BUILDERS))
def test_takeaway_has_values_and_follows_the_rows(name: str, lang: str) -> None:
    chart = build(name, FIGURES, lang)
    for figure_id in chart.figure_ids:
        assert formatted(figure_id, lang) in chart.takeaway, figure_id
    fewer = FIGURES[FIGURES["figure_id"] != chart.figure_ids[0]]
    assert build(name, fewer, lang).takeaway != chart.takeaway


@pytest.mark.parametrize("name", list(BUILDERS))
def test_builders_cope_with_missing_rows(name: str) -> None:
    empty = build(name, FIGURES.iloc[0:0], "zh")
    assert empty.rows.empty and empty.figure_ids == ()
    chart = build(name, FIGURES, "zh")
    for figure_id in chart.figure_ids:
        part = build(name, FIGURES[FIGURES["figure_id"] != figure_id], "en")
        assert figure_id not in part.figure_ids


def test_every_topic_figure_is_charted() -> None:
    charted = set().union(*(set(b(FIGURES, "zh", SOURCE).figure_ids) for b in charts_uhd.BUILDERS))
    assert charted == set(FIGURES.loc[FIGURES["topic"] == TOPIC, "figure_id"])


# --- the page in AppTest ---------------------------------------------------------------------

def run_page(lang: str, **query: str) -> AppTest:
    at = open_page(PAGE, lang=lang, **query)
    assert not at.exception, [e.message for e in at.exception]
    return at


def chart_ids(lang: str, **query: str) -> list[set[str]]:
    """Figure ids drawn per chart, over every tab of the page."""
    return [set(points_by_id(spec["data"])) for spec in every_tab_specs(PAGE, lang=lang, **query)]


@pytest.mark.parametrize("lang", LANGS)
def test_page_runs_and_shows_every_chart(lang: str) -> None:
    at = run_page(lang)
    assert len(at.get("plotly_chart")) == 1  # only the open tab's chart is drawn
    assert [tab.label for tab in at.tabs] == [text(f"tab.uhd_video.{b.__name__}", lang) for b in charts_uhd.BUILDERS]
    assert len(chart_ids(lang)) == len(charts_uhd.BUILDERS)
    assert at.title[0].value and bool(CJK.search(at.title[0].value)) == (lang == "zh")


@pytest.mark.parametrize("lang", LANGS)
def test_kind_filter_changes_the_charts(lang: str) -> None:
    before = set().union(*chart_ids(lang))
    after_charts = chart_ids(lang, kind="target")
    after = set().union(*after_charts) if after_charts else set()
    targets = set(FIGURES.loc[(FIGURES["topic"] == TOPIC) & (FIGURES["kind"] == "target"), "figure_id"])
    assert after == targets
    assert before != after and targets < before
    assert len(after_charts) < len(charts_uhd.BUILDERS)
