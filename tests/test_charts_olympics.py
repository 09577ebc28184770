"""The 5G and Winter Olympics page's charts, as declared in seeds/topics.toml: what is particular to
each beyond what every chart keeps (tests/test_chartkit.py): the uplink marks at every whole
stream, the stated and computed streams, the train studio with the topic's dated events, and the
page's filters."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd
import pytest
from chart_reading import LANGS, SEED_TABLES, build, find_spec, flat, points, view_of

from cenfigures.charts import types
from cenfigures.charts.kit import value_label
from cenfigures.view.dates import event_spans
from cenfigures.view.filters import state_of
from cenfigures.view.model import View, chart_specs, topic_specs

TOPIC = "olympics_5g"
FIGURES = SEED_TABLES["figures"]
EVENTS = SEED_TABLES["events"]
ROWS = FIGURES.set_index("figure_id", drop=False)


def spec(chart_id: str):
    return find_spec(TOPIC, chart_id)


def page_charts(lang: str = "zh", **filters):
    uses = next(t for t in topic_specs(SEED_TABLES["topics"]) if t.id == TOPIC).filters
    view = View(SEED_TABLES, state_of(lang, **filters).only(uses), uses)
    return [types.build(view, s) for s in chart_specs(SEED_TABLES["charts"], TOPIC)]


@pytest.mark.parametrize("lang, mark", [("zh", "{n}路"), ("en", "{n}× 4K")])
def test_uplink_marks_every_whole_stream(lang, mark):
    """Dotted marks at 1x, 2x... the need, as many as fit under the measured rate."""
    chart = build(spec("uplink"), lang)
    need = ROWS.loc["olympics-4k-uplink-required", "value"]
    rate = ROWS.loc["olympics-venue-5g-rate", "value"]
    streams = int(rate // need)
    assert streams == 3
    marks = sorted(shape.x0 for shape in chart.figure.layout.shapes)
    assert marks == [need * n for n in range(1, streams + 1)]
    assert all(shape.line.dash == "dot" for shape in chart.figure.layout.shapes)
    labels = [a.text for a in chart.figure.layout.annotations if a.name != "source-line"]
    assert [mark.format(n=n) for n in range(1, streams + 1)] == [
        text for text in labels if text in {mark.format(n=n) for n in range(1, 9)}
    ]
    assert str(streams) in chart.takeaway


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_uplink_values_sit_beside_their_bars_over_the_marks(lang):
    """The dotted marks ran through "约40Mbps": each value is written at its bar's end on a white
    ground (drawn above the marks), at its own bar's row."""
    chart = build(spec("uplink"), lang)
    bars = chart.figure.data[0]
    values = [a for a in chart.figure.layout.annotations if a.name == "bar-value"]
    assert [a.x for a in values] == list(bars.x)
    assert [a.y for a in values] == list(range(len(bars.x)))
    assert all(a.bgcolor == "white" and a.xanchor == "left" for a in values)
    assert [a.text for a in values] == [
        value_label(View(SEED_TABLES, state_of(lang)), ROWS.loc[f]) for f in bars.customdata
    ]


def test_uplink_need_is_neutral_and_the_measured_rate_coloured():
    chart = build(spec("uplink"), "en")
    fills = {p.figure_id: p.fill for p in points(chart.figure)}
    assert fills["olympics-4k-uplink-required"] != fills["olympics-venue-5g-rate"]


def test_streams_stated_solid_and_computed_hatched_on_one_axis():
    chart = build(spec("streams"), "en")
    drawn = {p.figure_id: p for p in points(chart.figure)}
    assert drawn["olympics-4k-streams-stated"].style == ("bar", "solid")
    assert drawn["olympics-4k-streams-derived"].style == ("bar", "hatched")
    assert drawn["olympics-4k-streams-stated"].trace.xaxis == drawn["olympics-4k-streams-derived"].trace.xaxis


@dataclass(frozen=True)
class EventMark:
    """One event as the strip draws it: a point, or a band from its first to its last day."""

    x: tuple
    mode: str
    hovertext: str


def _event_marks(chart) -> list[EventMark]:
    """The events of the strip (the second panel), in the order of the events (their row): one trace
    of points for the days, one of bands (segments between gaps) for months and years."""
    found = {}
    for trace in (t for t in chart.figure.data if t.yaxis == "y2"):
        ys, xs, hovers = list(trace.y), list(trace.x), list(trace.hovertext)
        for i, y in enumerate(ys):
            if y is None:
                continue
            found.setdefault(y, EventMark((), trace.mode, hovers[i]))
            found[y] = EventMark((*found[y].x, xs[i]), trace.mode, hovers[i])
    return [found[y] for y in sorted(found)]


def test_train_studio_events_month_is_a_band_over_the_month_day_a_point():
    chart = build(spec("train_studio"), "en")
    ours = event_spans(EVENTS[EVENTS["topic"] == TOPIC]).reset_index(drop=True)
    assert set(ours["precision"]) == {"day", "month"}
    marks = _event_marks(chart)
    assert len(marks) == len(ours)
    for trace, (_, event) in zip(marks, ours.iterrows()):
        start = pd.Timestamp(trace.x[0])
        assert start == event["start"]
        if event["precision"] == "month":
            end = pd.Timestamp(trace.x[-1])
            assert trace.mode == "lines" and start.day == 1
            assert end == event["end"] - pd.Timedelta(days=1) and end.month == start.month, (
                "the band covers the whole month"
            )
        else:
            assert trace.mode == "markers" and len(trace.x) == 1, "a day is a point"


@pytest.mark.parametrize("lang", LANGS)
def test_train_studio_events_hover_with_quote_article_and_id(lang):
    view = view_of(lang=lang)
    chart = types.build(view, spec("train_studio"))
    ours = event_spans(EVENTS[EVENTS["topic"] == TOPIC]).reset_index(drop=True)
    for trace, (_, event) in zip(_event_marks(chart), ours.iterrows()):
        hover = flat(trace.hovertext)
        assert flat(html.escape(event["quote"])) in hover
        assert flat(html.escape(view.source_name(event["source_id"]))) in hover
        assert flat(event["event_id"]) in hover
        assert event[f"title_{lang}"] in chart.takeaway


def test_train_studio_without_events_draws_only_the_speed():
    chart = types.build(view_of({**SEED_TABLES, "events": EVENTS.iloc[0:0]}, "en"), spec("train_studio"))
    assert [t.type for t in chart.figure.data] == ["scatter"]  # the one value, written beside its point (no lone bar)
    assert [p.figure_id for p in points(chart.figure)] == ["olympics-train-studio-speed"]
    assert chart.figure_ids == ("olympics-train-studio-speed",)


def test_train_studio_cites_its_events():
    chart = build(spec("train_studio"), "en")
    ours = set(EVENTS.loc[EVENTS["topic"] == TOPIC, "event_id"])
    # Cited as what they are: the figure as a figure, the events as events (never in a figure_id column).
    assert set(chart.figure_ids) == {"olympics-train-studio-speed"}
    assert set(chart.event_ids) == ours and ours


@pytest.mark.parametrize("lang", LANGS)
def test_kind_filter_narrows_every_chart_of_the_page(lang):
    before = set().union(*(c.figure_ids for c in page_charts(lang)))
    charts = page_charts(lang, kind=("derived",))
    after = {i for c in charts for i in c.figure_ids if i in ROWS.index}
    derived = set(FIGURES.loc[(FIGURES["topic"] == TOPIC) & (FIGURES["kind"] == "derived"), "figure_id"])
    assert derived and after == derived and derived < before
    assert sum(not c.rows.empty for c in charts) < len(charts)
