"""Timeline page: events drawn by date precision, event filters, the events table, the page."""
import json

import pandas as pd
import pytest
from apptest_pages import open_page

from cenfigures.charts import timeline as charts
from cenfigures.tables.dataset import load_dataset
from cenfigures.view.filters import ViewState
from cenfigures.view.labels import text


@pytest.fixture(scope="module")
def data():
    tables = load_dataset().tables
    return tables["figures"], tables["events"], tables["sources"].iloc[0].to_dict()


def _marks(chart):
    """(event row number, trace type, opacity) for every mark of the chart."""
    return [(y, t.type, t.marker.opacity) for t in chart.figure.data for y in t.y]


@pytest.mark.parametrize("lang, word", [("zh", "事件"), ("en", "event")])
def test_one_mark_per_event_in_time_order(data, lang, word):
    figures, events, source = data
    chart = charts.timeline(figures, lang, source, events=events)
    marks = _marks(chart)
    assert sorted(y for y, _, _ in marks) == list(range(len(events)))
    assert set(chart.figure_ids) == set(events["event_id"])
    assert word in chart.figure.layout.title.text.lower()
    assert str(len(events)) in chart.takeaway
    spans = charts.event_spans(events)
    assert list(spans["start"]) == sorted(spans["start"])


def test_day_and_month_precision_drawn_differently(data):
    figures, events, source = data
    chart = charts.timeline(figures, "en", source, events=events)
    spans = charts.event_spans(events).reset_index(drop=True)
    by_row = {y: (kind, opacity) for y, kind, opacity in _marks(chart)}
    for number, event in spans.iterrows():
        kind, opacity = by_row[number]
        if event["precision"] == "day" and not event["date_end"]:
            assert kind == "scatter" and opacity == charts.PRECISION_STYLE["day"]["opacity"]
        else:
            assert kind == "bar" and opacity == charts.PRECISION_STYLE[event["precision"]]["opacity"] < 1


@pytest.mark.parametrize("value, precision, start, end", [
    ("2021-10", "month", "2021-10-01", "2021-11-01"),
    ("2020", "year", "2020-01-01", "2021-01-01"),
    ("2022-01-06", "day", "2022-01-06", "2022-01-07"),
])
def test_period_spans_the_whole_stated_unit(value, precision, start, end):
    assert charts._period(value, precision) == (pd.Timestamp(start), pd.Timestamp(end))


def test_end_date_runs_to_end_of_its_unit(data):
    _, events, _ = data
    spans = charts.event_spans(events)
    for _, event in spans[spans["date_end"] != ""].iterrows():
        assert event["end"] == charts._period(event["date_end"], event["precision"])[1]


def _years(events):
    start = events["date"].str[:4].astype(int)
    end = events["date_end"].where(events["date_end"] != "", events["date"]).str[:4].astype(int)
    return start, end


@pytest.mark.parametrize("state", [
    ViewState(),
    ViewState(regions=("beijing",)),
    ViewState(regions=("national", "guangzhou")),
    ViewState(topics=("olympics_5g",)),
    ViewState(years=(2020, 2020)),
    ViewState(years=(2022, 2025)),
    ViewState(regions=("beijing",), topics=("uhd_video",), years=(2021, 2021)),
])
def test_apply_events(data, state):
    _, events, _ = data
    got = charts.apply_events(events, state)
    start, end = _years(events)
    keep = pd.Series(True, index=events.index)
    if state.regions:
        keep &= events["region_id"].isin(state.regions)
    if state.topics:
        keep &= events["topic"].isin(state.topics)
    if state.years:
        keep &= (start <= state.years[1]) & (end >= state.years[0])
    expected = events[keep]
    assert list(got["event_id"]) == list(expected["event_id"])
    assert charts.apply_events(events, state, uses=()).equals(events)


def test_years_filter_keeps_a_period_that_overlaps(data):
    _, events, _ = data
    got = charts.apply_events(events, ViewState(years=(2022, 2022)))
    start, end = _years(events)
    spanning = events[(events["date_end"] != "") & (start < 2022) & (end >= 2022)]
    assert not spanning.empty and set(spanning["event_id"]) <= set(got["event_id"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_events_table_translated(data, lang):
    _, events, _ = data
    table = charts.events_table(events, lang)
    assert len(table) == len(events)
    assert table.columns[0] == text("timeline.col.date", lang)
    assert set(table[text("timeline.col.title", lang)]) == set(events["title_en" if lang == "en" else "title_zh"])


def test_empty_events(data):
    figures, events, source = data
    chart = charts.timeline(figures, "en", source, events=events.iloc[0:0])
    assert chart.rows.empty and not chart.figure.data
    assert charts.events_table(events.iloc[0:0], "zh").empty


def _page(lang, region=None):
    return open_page("pages/5_timeline.py", lang=lang, **({"region": region} if region else {}))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_renders_chart_and_table(lang, data):
    _, events, _ = data
    at = _page(lang)
    assert not at.exception
    charts_ = at.get("plotly_chart")
    assert len(charts_) == 1
    assert sum(len(t["y"]) for t in json.loads(charts_[0].proto.spec)["data"]) == len(events)
    assert len(at.table) == 1 and len(at.table[0].value) == len(events)  # a static table: quotes wrap, nothing to scroll


def test_page_region_filter_changes_chart(data):
    _, events, _ = data
    at = _page("en", region="beijing")
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert sum(len(t["y"]) for t in spec["data"]) == int((events["region_id"] == "beijing").sum()) < len(events)
