"""Charts of the 5G and Winter Olympics page: builders against data/figures.csv and data/events.csv,
and the page in AppTest."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest
from apptest_pages import every_tab_specs, open_page, points_by_id
from streamlit.testing.v1 import AppTest

from cenfigures.charts import olympics_5g as charts_olympics
from cenfigures.tables.dataset import load_dataset
from cenfigures.view.formatting import format_value
from cenfigures.view.labels import text

REPO_ROOT = Path(__file__).resolve().parents[1]
TOPIC = "olympics_5g"
PAGE = "pages/3_olympics_5g.py"
LANGS = ("zh", "en")
CJK = re.compile(r"[\u4e00-\u9fff]")

DATASET = load_dataset()
FIGURES = DATASET.tables["figures"]
EVENTS = DATASET.tables["events"]
SOURCE = DATASET.tables["sources"].iloc[0].to_dict()
ROWS = FIGURES.set_index("figure_id")
BUILDERS = {builder.__name__: builder for builder in charts_olympics.BUILDERS}


def build(name: str, figures: pd.DataFrame, lang: str, events: pd.DataFrame = EVENTS):
    builder = BUILDERS[name]
    if name == "train_studio":
        return builder(figures, lang, SOURCE, events=events)
    return builder(figures, lang, SOURCE)


def formatted(figure_id: str, lang: str) -> str:
    row = ROWS.loc[figure_id]
    return format_value(row["value"], row["unit"], lang, row["qualifier"])


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
    chart = build(name, FIGURES, lang)
    drawn = points_by_id(chart.figure.to_plotly_json()["data"])
    assert chart.figure_ids
    for figure_id in chart.figure_ids:
        value = float(ROWS.loc[figure_id, "value"])
        assert figure_id in drawn, figure_id
        assert any(any(math.isclose(value, v, rel_tol=1e-9) for v in numbers) for _, numbers in drawn[figure_id]), figure_id


@pytest.mark.parametrize("name", list(BUILDERS))
def test_derived_hatched_observed_solid(name: str) -> None:
    chart = build(name, FIGURES, "en")
    for figure_id, traces in points_by_id(chart.figure.to_plotly_json()["data"]).items():
        kind = ROWS.loc[figure_id, "kind"]
        for trace, _ in traces:
            pattern = ((trace.get("marker") or {}).get("pattern") or {}).get("shape", "")
            assert bool(pattern) == (kind == "derived"), (figure_id, kind)


def test_uplink_marks_every_whole_stream() -> None:
    """Dotted marks at 1x, 2x... the need, as many as fit under the measured rate."""
    chart = build("uplink", FIGURES, "en")
    need = ROWS.loc["olympics-4k-uplink-required", "value"]
    rate = ROWS.loc["olympics-venue-5g-rate", "value"]
    marks = sorted(shape.x0 for shape in chart.figure.layout.shapes)
    assert marks == [need * n for n in range(1, int(rate // need) + 1)]
    assert all(shape.line.dash == "dot" for shape in chart.figure.layout.shapes)


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
    empty = build(name, FIGURES.iloc[0:0], "zh", events=EVENTS.iloc[0:0])
    assert empty.rows.empty and empty.figure_ids == ()
    for figure_id in build(name, FIGURES, "zh").figure_ids:
        assert figure_id not in build(name, FIGURES[FIGURES["figure_id"] != figure_id], "en").figure_ids


def test_train_studio_events_default_and_precision() -> None:
    """Without events only the speed is drawn; with events, a month is a band over the month and a day a point."""
    assert [t.type for t in BUILDERS["train_studio"](FIGURES, "en", SOURCE).figure.data] == ["bar"]
    chart = build("train_studio", FIGURES, "en")
    ours = EVENTS[EVENTS["topic"] == TOPIC]
    assert not ours.empty
    traces = [t for t in chart.figure.data if t.type == "scatter"]
    assert len(traces) == len(ours)
    for trace, (_, event) in zip(traces, ours.sort_values("date").iterrows()):
        assert pd.Timestamp(trace.x[0]).strftime("%Y-%m-%d").startswith(event["date"])
        if event["precision"] == "month":
            assert trace.mode == "lines" and pd.Timestamp(trace.x[1]).month == pd.Timestamp(trace.x[0]).month
            assert pd.Timestamp(trace.x[1]) > pd.Timestamp(trace.x[0])
        else:
            assert trace.mode == "markers" and len(trace.x) == 1
    for lang in LANGS:
        lang_chart = build("train_studio", FIGURES, lang)
        for _, event in ours.iterrows():
            assert event[f"title_{lang}"] in lang_chart.takeaway


def test_every_topic_figure_is_charted() -> None:
    charted = set().union(*(set(build(name, FIGURES, "zh").figure_ids) for name in BUILDERS))
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
    assert [tab.label for tab in at.tabs] == [text(f"tab.olympics_5g.{b.__name__}", lang) for b in charts_olympics.BUILDERS]
    assert len(chart_ids(lang)) == len(charts_olympics.BUILDERS)
    assert at.title[0].value and bool(CJK.search(at.title[0].value)) == (lang == "zh")


@pytest.mark.parametrize("lang", LANGS)
def test_kind_filter_changes_the_charts(lang: str) -> None:
    before = set().union(*chart_ids(lang))
    after_charts = chart_ids(lang, kind="derived")
    after = set().union(*after_charts) if after_charts else set()
    derived = set(FIGURES.loc[(FIGURES["topic"] == TOPIC) & (FIGURES["kind"] == "derived"), "figure_id"])
    assert derived and after == derived
    assert derived < before
    assert len(after_charts) < len(charts_olympics.BUILDERS)
