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


def spans_of(dates: pd.Series, precision: pd.Series) -> tuple[pd.Series, pd.Series]:
    """`period` for columns: the first instant of each date as stated and the first instant after it."""
    text = dates.astype(str)
    year = precision.astype(str).eq("year") | text.str.len().eq(4)
    month = ~year & (precision.astype(str).eq("month") | text.str.len().eq(7))
    start_text = text.str[:10].where(~month, text.str[:7] + "-01").where(~year, text.str[:4] + "-01-01")
    start = pd.to_datetime(start_text, format="%Y-%m-%d")
    end = start + pd.Timedelta(days=1)
    end = end.where(~month, start + pd.offsets.MonthBegin(1))
    end = end.where(~year, start + pd.offsets.YearBegin(1))
    return start, end


def event_spans(events: pd.DataFrame) -> pd.DataFrame:
    """`events` in time order with `start` and `end` (exclusive) timestamps: a month spans the
    whole month, a year the whole year, and an end date runs to the end of its month or year."""
    if events.empty:
        return events.assign(start=pd.Series(dtype="datetime64[ns]"), end=pd.Series(dtype="datetime64[ns]"))
    start, end = spans_of(events["date"], events["precision"])
    if "date_end" in events:
        until = events["date_end"].fillna("").astype(str)
        has_end = until != ""
        if has_end.any():
            _, last = spans_of(until.where(has_end, events["date"].astype(str)), events["precision"])
            end = last.where(has_end, end)
    spans = events.assign(start=start, end=end)
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


def stated_spans(events: pd.DataFrame, t: Translator) -> pd.Series:
    """stated_span for a column of events, once per distinct date, end date and precision."""
    if events.empty:
        return pd.Series(dtype=str, index=events.index)
    columns = ["date", "date_end", "precision"] if "date_end" in events else ["date", "precision"]
    keys = events[columns].fillna("").astype(str)
    distinct = keys.drop_duplicates()
    said = {
        tuple(values): stated_span(dict(zip(columns, values)), t) for values in zip(*(distinct[c] for c in columns))
    }
    return pd.Series(
        [said[tuple(values)] for values in zip(*(keys[c] for c in columns))], index=events.index, dtype=str
    )
