"""The timeline page: every dated event drawn once, in time order, by the precision of its date
(cenfigures/charts/types/timeline.py, cenfigures/view/dates.py), its hover, its card in the list
(cenfigures/view/timeline.py), and the filters the page applies."""

from __future__ import annotations

import html

import pandas as pd
import pytest
from chart_reading import LANGS, SEED_TABLES, corpus_tables, find_spec, flat

from cenfigures.charts import types
from cenfigures.charts.types.timeline import PRECISION_OPACITY
from cenfigures.view.dates import event_spans, period, stated_date, stated_span
from cenfigures.view.filters import state_of
from cenfigures.view.model import View
from cenfigures.view.site import FIXED_AFTER
from cenfigures.view.timeline import event_cards
from cenfigures.view.translate import Translator

PAGE = next(page for page in FIXED_AFTER if page.key == "timeline")
EVENTS = SEED_TABLES["events"]
SPEC = find_spec("timeline", "timeline")


def page_view(lang: str = "en", tables=SEED_TABLES, **filters) -> View:
    return View(tables, state_of(lang, **filters).only(PAGE.uses), PAGE.uses)


def timeline(lang: str = "en", tables=SEED_TABLES, **filters):
    return types.build(page_view(lang, tables, **filters), SPEC)


def labels(chart) -> list:
    """The events' titles (annotations above their marks), top to bottom."""
    return sorted((a for a in chart.figure.layout.annotations if a.name == "event-label"), key=lambda a: a.y)


def marks(chart) -> list[tuple[int, object, int]]:
    """(row of the event, trace, index in the trace) for every mark; a mark belongs to the nearest
    title above it, and the titles are in time order."""
    tops = [a.y for a in labels(chart)]
    return [
        (max(n for n, top in enumerate(tops) if top < y), trace, i)
        for trace in chart.figure.data
        for i, y in enumerate(trace.y)
    ]


@pytest.mark.parametrize("dataset", ["seed", "corpus"])
@pytest.mark.parametrize("lang, word", [("zh", "事件"), ("en", "event")])
def test_one_mark_per_event_in_time_order(lang, word, dataset):
    tables = SEED_TABLES if dataset == "seed" else corpus_tables()
    events = tables["events"]
    chart = timeline(lang, tables)
    found = marks(chart)
    assert sorted(row for row, _, _ in found) == list(range(len(events))), "every event once"
    spans = event_spans(events).reset_index(drop=True)
    assert list(spans["start"]) == sorted(spans["start"])
    assert list(chart.figure_ids) == list(spans["event_id"]) and set(chart.figure_ids) == set(events["event_id"])
    assert word in chart.figure.layout.title.text.lower()
    assert str(len(events)) in chart.takeaway
    ticks = [flat(html.unescape(a.text)) for a in labels(chart)]
    view = page_view(lang, tables)
    titles = [
        e[f"title_{lang}"] if str(e["reviewed"]) != "false" else view.t("review.marked", value=e[f"title_{lang}"])
        for _, e in spans.iterrows()
    ]
    assert ticks == [flat(title) for title in titles], "each row is labelled with its event's title (a draft's starred)"


def test_each_event_is_drawn_over_the_time_its_date_states():
    chart = timeline("en")
    spans = event_spans(EVENTS).reset_index(drop=True)
    for row, trace, i in marks(chart):
        event = spans.loc[row]
        if trace.type == "scatter":
            assert pd.Timestamp(trace.x[i]) == event["start"] + pd.Timedelta(hours=12), "a day is a point at its middle"
        else:
            assert pd.Timestamp(trace.base[i]) == event["start"]
            assert pd.Timedelta(milliseconds=trace.x[i]) == event["end"] - event["start"], (
                "a bar covers the whole month or year"
            )


def test_day_month_and_year_precision_drawn_differently():
    chart = timeline("en")
    spans = event_spans(EVENTS).reset_index(drop=True)
    assert set(spans["precision"]) == {"day", "month", "year"}
    for row, trace, _ in marks(chart):
        event = spans.loc[row]
        if event["precision"] == "day" and not event["date_end"]:
            assert trace.type == "scatter" and trace.marker.opacity == PRECISION_OPACITY["day"] == 1
        else:
            assert trace.type == "bar" and trace.marker.opacity == PRECISION_OPACITY[event["precision"]] < 1
    assert PRECISION_OPACITY["year"] < PRECISION_OPACITY["month"] < PRECISION_OPACITY["day"], "the vaguer, the paler"


@pytest.mark.parametrize("lang", LANGS)
def test_event_hover_has_both_titles_the_date_the_quote_the_article_and_the_id(lang):
    view = page_view(lang)
    chart = types.build(view, SPEC)
    spans = event_spans(EVENTS).reset_index(drop=True)
    for row, trace, i in marks(chart):
        event = spans.loc[row]
        hover = flat(trace.hovertext[i])
        for text in (
            event["title_zh"],
            event["title_en"],
            stated_span(event, view.t),
            event["quote"],
            view.source_name(event["source_id"]),
            event["event_id"],
        ):
            assert flat(html.escape(text)) in hover, (event["event_id"], text)


def test_event_hover_escapes_the_articles_words():
    hostile = EVENTS.assign(quote=EVENTS["quote"] + "<img src=x onerror=alert(1)>", title_en=EVENTS["title_en"] + "<b>")
    chart = types.build(View({**SEED_TABLES, "events": hostile}, state_of("en")), SPEC)
    for trace in chart.figure.data:
        for hover in trace.hovertext:
            assert "<img" not in hover and "&lt;img src=x onerror=alert(1)&gt;" in hover


@pytest.mark.parametrize(
    "value, precision, start, end",
    [
        ("2021-10", "month", "2021-10-01", "2021-11-01"),
        ("2021-12", "month", "2021-12-01", "2022-01-01"),
        ("2020", "year", "2020-01-01", "2021-01-01"),
        ("2022-01-06", "day", "2022-01-06", "2022-01-07"),
        ("2024-02-29", "day", "2024-02-29", "2024-03-01"),
    ],
)
def test_a_date_spans_the_whole_unit_it_states(value, precision, start, end):
    assert period(value, precision) == (pd.Timestamp(start), pd.Timestamp(end))


def test_an_end_date_runs_to_the_end_of_its_unit():
    spans = event_spans(EVENTS)
    ranged = spans[spans["date_end"] != ""]
    assert not ranged.empty
    for _, event in ranged.iterrows():
        assert event["end"] == period(event["date_end"], event["precision"])[1]
        assert event["start"] == period(event["date"], event["precision"])[0]


@pytest.mark.parametrize(
    "value, precision, zh, en",
    [
        ("2021-10-25", "day", "2021年10月25日", "25 Oct 2021"),
        ("2021-12", "month", "2021年12月", "Dec 2021"),
        ("2020", "year", "2020年", "2020"),
    ],
)
def test_dates_are_written_as_precisely_as_stated(value, precision, zh, en):
    assert stated_date(value, precision, Translator("zh")) == zh
    assert stated_date(value, precision, Translator("en")) == en


def _years(events: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    start = events["date"].str[:4].astype(int)
    end = events["date_end"].where(events["date_end"] != "", events["date"]).str[:4].astype(int)
    return start, end


FILTERS = {
    "none": {},
    "beijing": {"region": ("beijing",)},
    "national-guangzhou": {"region": ("national", "guangzhou")},
    "olympics": {"topic": ("olympics_5g",)},
    "year-2020": {"years": (2020, 2020)},
    "years-2022-2025": {"years": (2022, 2025)},
    "year-2022": {"years": (2022, 2022)},
    "beijing-uhd-2021": {"region": ("beijing",), "topic": ("uhd_video",), "years": (2021, 2021)},
    "kind-ignored": {"kind": ("target",)},
    "source": {"source": ("cen-2022-01-local-it",)},
}


@pytest.mark.parametrize("name", list(FILTERS))
def test_the_filters_pick_the_events_drawn(name):
    given = FILTERS[name]
    chart = timeline("en", **given)
    start, end = _years(EVENTS)
    keep = pd.Series(True, index=EVENTS.index)
    if "region" in given:
        keep &= EVENTS["region_id"].isin(given["region"])
    if "topic" in given:
        keep &= EVENTS["topic"].isin(given["topic"])
    if "source" in given:
        keep &= EVENTS["source_id"].isin(given["source"])
    if "years" in given:  # an event whose dates overlap the years
        keep &= (start <= given["years"][1]) & (end >= given["years"][0])
    expected = EVENTS.loc[keep, "event_id"]
    assert sorted(chart.figure_ids) == sorted(expected)
    assert len(marks(chart)) == len(expected)


def test_a_period_that_overlaps_the_years_is_kept():
    chart = timeline("en", years=(2022, 2022))
    assert {"guangzhou-uhd-plan-period", "bai-cheng-qian-ping-campaign"} <= set(chart.figure_ids)


@pytest.mark.parametrize("lang", LANGS)
def test_event_cards_one_per_event_in_time_order_in_the_language(lang):
    view = page_view(lang)
    cards = event_cards(view)
    spans = event_spans(EVENTS).reset_index(drop=True)
    assert [c.event_id for c in cards] == list(spans["event_id"])
    for card, (_, event) in zip(cards, spans.iterrows()):
        assert card.title == event[f"title_{lang}"]
        assert card.quote == event["quote"]
        assert card.date == stated_span(event, view.t)
        assert card.precision == view.t.precision(event["precision"])
        assert card.cite == f"{view.source_name(event['source_id'])} · {event['event_id']}"
        assert view.region_name(event["region_id"]) in card.where and view.topic_name(event["topic"]) in card.where


def test_no_events_give_no_marks_and_no_cards():
    view = page_view("zh", region=("hubei",))
    assert view.events.empty
    chart = types.build(view, SPEC)
    assert chart.rows.empty and not chart.figure.data
    assert event_cards(view) == []
