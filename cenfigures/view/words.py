"""How a figure reads in a sentence, a label or a listing, in the View's language: its indicator's
name, its value (marked when it is an unreviewed draft), "indicator value" items."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

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
    """ "关键工序数控化率63%" / "NC rate of key processes: 63%", for listings and cards."""
    return _labelled(view, row, with_region, value_label(view, row))


def _labelled(view: View, row: Mapping, with_region: bool, value: str, several: bool = False) -> str:
    """The indicator's name (with its region when asked and the name does not hold it already) and
    `value` (`several` values: after a colon in Chinese too)."""
    name = indicator_name(view, row)
    region = view.region_name(row.get("region_id", ""))
    key = "chart.item_region" if with_region and not names_region(name, region) else "chart.item"
    return view.t(key + (".values" if several else ""), region=region, indicator=name, value=value)


def names_region(name: str, region: str) -> bool:
    """Whether an indicator's name already says the region ("北京冬奥纪实8K…频道" and 北京): then the
    region is not written before it again."""
    return bool(region) and region in name


def part(view: View, row: Mapping, with_period: bool, with_kind: bool) -> str:
    """One value of a series in a listing, with what tells it from the others: "2015年30.8%" /
    "30.8% in 2015", "推算约3.85个" / "about 3.85 (derived)"."""
    with_kind = with_kind and str(row.get("kind", "")) != "rank"  # "第19位" / "19th" says it is a rank
    key = "chart.part" + (".period" if with_period else "") + (".kind" if with_kind else "")
    return view.t(
        key, value=value_label(view, row), period=row.get("period", ""), kind=view.t.kind_text(str(row.get("kind", "")))
    )


MAX_ITEMS = 8  # a listing in a sentence names this many series, then counts the rest


def items(view: View, rows: pd.DataFrame, with_period: bool = False) -> str:
    """ "a；b；c" of the rows' items; a long listing names the first few and counts the rest. Rows of one
    indicator and region are one item whose values are told apart by period and kind where they differ
    (never "路数3个；路数约3.85个"); `with_period` always gives each value's period and kind (a page
    about one indicator over time)."""
    if rows.empty:
        return ""
    with_region = rows["region_id"].nunique() > 1 if "region_id" in rows else False
    series: dict[tuple[str, str], list[Mapping]] = {}
    for _, row in rows.iterrows():
        series.setdefault((str(row.get("region_id", "")), indicator_name(view, row)), []).append(row)
    listed = []
    for group in list(series.values())[:MAX_ITEMS]:
        if len(group) == 1 and not with_period:
            listed.append(item(view, group[0], with_region))
            continue
        periods = {str(r.get("period", "")) for r in group}
        kinds = {str(r.get("kind", "")) for r in group}
        show_period, show_kind = with_period or len(periods) > 1, with_period or len(kinds) > 1
        values = view.t.join(part(view, r, show_period, show_kind) for r in group)
        listed.append(_labelled(view, group[0], with_region, values, several=True))
    more = len(series) - MAX_ITEMS
    return view.t.listing(listed) + (view.t("chart.more_items", count=more) if more > 0 else "")


def articles_named(view: View, source_ids: Iterable[str], total: int | None = None) -> str:
    """ "A" / "A and B" / "A, B and C" / "A, B and 498 more articles": the articles behind a fact or
    a finding; `total` when only the first few ids are given (facts.NAMED)."""
    ids = list(source_ids)
    total = len(ids) if total is None else total
    names = [view.source_name(s) for s in ids[: 3 if total <= 3 else 2]]
    if not names:
        return ""
    if total == 1 or len(names) == 1:
        return names[0]
    if total <= 3:
        return view.t("indicators.sources.listed", names=view.t.join(names[:-1]), last=names[-1])
    return view.t("indicators.sources.many", first=names[0], second=names[1], more=total - 2, total=total)
