"""How a figure reads in a sentence, a label or a listing, in the View's language: its indicator's
name, its value (marked when it is an unreviewed draft), "indicator value" items."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from cenfigures.view.model import View


def is_unreviewed(row: Mapping) -> bool:
    return str(row.get("reviewed", "true")).lower() == "false"


def unreviewed_ids(rows: pd.DataFrame) -> frozenset[str]:
    """The ids of the unreviewed drafts among figures or events (for citations)."""
    key = next((c for c in ("figure_id", "event_id") if c in rows), None)
    if key is None or "reviewed" not in rows or rows.empty:
        return frozenset()
    return frozenset(str(i) for i in rows.loc[rows["reviewed"].astype(str).str.lower() == "false", key])


def indicator_name(view: View, row: Mapping) -> str:
    """The indicator's registry name (stable across articles), else the row's own wording."""
    indicator = str(row.get("indicator_id", "") or "")
    if indicator and indicator in view.names.entries.get("indicator", {}):
        return view.names.name("indicator", indicator, view.t.lang)
    return view.t.field(row, "indicator")


def series_key(row: Mapping) -> str:
    """What joins points of one series: the indicator id, else the wording."""
    return str(row.get("indicator_id", "") or "") or str(row.get("indicator_zh", ""))


def marked(view: View, row: Mapping, text: str) -> str:
    """`text` (a value, an event's date) as shown, with the draft marker when `row` is unreviewed."""
    return view.t("review.marked", value=text) if is_unreviewed(row) else text


def value_label(view: View, row: Mapping) -> str:
    """The value as written on a chart or card; an unreviewed draft's value is marked."""
    return marked(view, row, view.t.value(row))


def item(view: View, row: Mapping, with_region: bool = False) -> str:
    """"关键工序数控化率63%" / "NC rate of key processes: 63%", for listings and cards."""
    key = "chart.item_region" if with_region else "chart.item"
    return view.t(key, region=view.region_name(row.get("region_id", "")), indicator=indicator_name(view, row), value=value_label(view, row))


MAX_ITEMS = 8  # a listing in a sentence names this many figures, then counts the rest


def items(view: View, rows: pd.DataFrame) -> str:
    """"a；b；c" of the rows' items; a long listing names the first few and counts the rest."""
    with_region = rows["region_id"].nunique() > 1 if "region_id" in rows and not rows.empty else False
    listed = view.t.listing(item(view, row, with_region) for _, row in rows.head(MAX_ITEMS).iterrows())
    return listed + view.t("chart.more_items", count=len(rows) - MAX_ITEMS) if len(rows) > MAX_ITEMS else listed
