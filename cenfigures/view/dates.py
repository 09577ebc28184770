"""Dates as precisely as an article states them: "2021年10月" / "Oct 2021", "2022年1月6日" /
"6 Jan 2022", and the span of time such a date covers (a month-precise date is the whole month)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from cenfigures.view.translate import Translator


def period(value: str, precision: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First instant of the date as stated and the first instant after it."""
    if precision == "year" or len(value) == 4:
        start = pd.Timestamp(f"{value[:4]}-01-01")
        return start, start + pd.DateOffset(years=1)
    if precision == "month" or len(value) == 7:
        start = pd.Timestamp(f"{value[:7]}-01")
        return start, start + pd.DateOffset(months=1)
    start = pd.Timestamp(value[:10])
    return start, start + pd.Timedelta(days=1)


def event_spans(events: pd.DataFrame) -> pd.DataFrame:
    """`events` in time order with `start` and `end` (exclusive) timestamps: a month spans the
    whole month, a year the whole year, and an end date runs to the end of its month or year."""
    if events.empty:
        return events.assign(start=pd.Series(dtype="datetime64[ns]"), end=pd.Series(dtype="datetime64[ns]"))
    starts, ends = [], []
    for _, event in events.iterrows():
        start, end = period(str(event["date"]), str(event["precision"]))
        if str(event.get("date_end", "")):
            _, end = period(str(event["date_end"]), str(event["precision"]))
        starts.append(start)
        ends.append(end)
    spans = events.assign(start=starts, end=ends)
    return spans.sort_values(["start", "end", "event_id"], kind="stable")


def stated_date(value: str, precision: str, t: Translator) -> str:
    """A date as precisely as stated, written as the reader's language writes dates."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1 or precision == "year":
        return t("date.year", year=parts[0])
    month = t(f"date.month_name.{parts[1]}")
    if len(parts) == 2 or precision == "month":
        return t("date.month", year=parts[0], month=parts[1], month_name=month)
    return t("date.day", year=parts[0], month=parts[1], day=parts[2], month_name=month)


def stated_span(event: Mapping, t: Translator) -> str:
    start = stated_date(str(event["date"]), str(event["precision"]), t)
    if not str(event.get("date_end", "")):
        return start
    return f"{start}–{stated_date(str(event['date_end']), str(event['precision']), t)}"
