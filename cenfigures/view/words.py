"""How a figure reads in a sentence, a label or a listing, in the View's language: its indicator's
name, its value (marked when it is an unreviewed draft), "indicator value" items.

Each has a whole-column form (`indicator_names`, `value_labels`, `region_names`, `unreviewed`) for
frames: a value is formatted once per distinct value, unit, qualifier and kind, a name once per id,
so a column of 270,000 figures costs what its few distinct values cost."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from cenfigures.view import labels
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


def items_of(view: View, rows: pd.DataFrame) -> pd.Series:
    """item() for a column: "关键工序数控化率63%" / "NC rate of key processes: 63%", from the
    template filled once."""
    if rows.empty:
        return pd.Series(dtype=str, index=rows.index)
    hole = "\x00"
    before, middle, after = view.t("chart.item", region="", indicator=hole, value=hole).split(hole)
    return before + indicator_names(view, rows) + middle + value_labels(view, rows) + after


def names_region(name: str, region: str) -> bool:
    """Whether an indicator's name already says the region ("北京冬奥纪实8K…频道" and 北京): then the
    region is not written before it again."""
    return bool(region) and region in name


def part(view: View, row: Mapping, with_period: bool, with_kind: bool, value: str | None = None) -> str:
    """One value of a series in a listing, with what tells it from the others: "2015年30.8%" /
    "30.8% in 2015", "推算约3.85个" / "about 3.85 (derived)". `value`: the value as written, when
    already made (value_label's, by default)."""
    with_kind = with_kind and str(row.get("kind", "")) != "rank"  # "第19位" / "19th" says it is a rank
    key = "chart.part" + (".period" if with_period else "") + (".kind" if with_kind else "")
    return view.t(
        key,
        value=value_label(view, row) if value is None else value,
        period=row.get("period", ""),
        kind=view.t.kind_text(str(row.get("kind", ""))),
    )


MAX_ITEMS = 8  # a listing in a sentence names this many series, then counts the rest


def items(view: View, rows: pd.DataFrame, with_period: bool = False) -> str:
    """ "a；b；c" of the rows' items; a long listing names the first few and counts the rest. Rows of one
    indicator and region are one item whose values are told apart by period and kind where they differ
    (never "路数3个；路数约3.85个"); `with_period` always gives each value's period and kind (a page
    about one indicator over time). Rows may be figures or marks (their `value_text` is used)."""
    if rows.empty:
        return ""
    with_region = rows["region_id"].nunique() > 1 if "region_id" in rows else False
    frame = pd.DataFrame(
        {
            "region": rows["region_id"].astype(str) if "region_id" in rows else "",
            "name": rows["name"] if "name" in rows else indicator_names(view, rows),
            "value": rows["value_text"] if "value_text" in rows else value_labels(view, rows),
            "period": rows["period"].astype(str),
            "kind": rows["kind"].astype(str),
        },
        index=rows.index,
    )
    series = frame.groupby(["region", "name"], sort=False)
    listed = []
    for number, (_, group) in enumerate(series):  # one item per series: at most MAX_ITEMS of them
        if number == MAX_ITEMS:
            break
        first = rows.loc[group.index[0]]
        if len(group) == 1 and not with_period:
            listed.append(_labelled(view, first, with_region, group["value"].iloc[0]))
            continue
        show_period = with_period or group["period"].nunique() > 1
        show_kind = with_period or group["kind"].nunique() > 1
        values = view.t.join(
            part(view, {"period": period, "kind": kind}, show_period, show_kind, value)
            for period, kind, value in zip(group["period"], group["kind"], group["value"])
        )
        listed.append(_labelled(view, first, with_region, values, several=True))
    more = series.ngroups - MAX_ITEMS
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


# ---------------------------------------------------------------- whole columns


def unreviewed(frame: pd.DataFrame) -> pd.Series:
    """Whether each row is an unreviewed draft (is_unreviewed for a column)."""
    if "reviewed" not in frame:
        return pd.Series(False, index=frame.index)
    return frame["reviewed"].astype(str).str.lower().eq("false")


def text_column(frame: pd.DataFrame, base: str, lang: str) -> pd.Series:
    """The `base` column of `lang` (labels.field for a column): "indicator" -> indicator_en."""
    try:
        name = labels.column_name(base, lang, set(frame.columns))
    except KeyError:
        return pd.Series("", index=frame.index, dtype=str)
    return frame[name].fillna("").astype(str)


def each(view: View, key: str, column: pd.Series, field: str = "value", **values: object) -> pd.Series:
    """The label `key` with `field` filled by each entry of `column` (a template filled once)."""
    hole = "\x00"
    before, _, after = view.t(key, **{field: hole}, **values).partition(hole)
    return before + column.astype(str) + after


def by_distinct(frame: pd.DataFrame, columns: list[str], make) -> pd.Series:
    """`make(entry)` once per distinct combination of `columns`, spread over the rows."""
    distinct = frame[columns].drop_duplicates()
    texts = [make(dict(zip(columns, values))) for values in zip(*(distinct[c] for c in columns))]
    index = pd.MultiIndex.from_frame(distinct) if len(columns) > 1 else pd.Index(distinct[columns[0]])
    lookup = pd.Series(texts, index=index, dtype=object)
    keys = pd.MultiIndex.from_frame(frame[columns]) if len(columns) > 1 else pd.Index(frame[columns[0]])
    return pd.Series(lookup.reindex(keys).to_numpy(), index=frame.index, dtype=object).astype(str)


def indicator_names(view: View, frame: pd.DataFrame) -> pd.Series:
    """indicator_name for a column: the registry's name, else the row's own wording."""
    own = text_column(frame, "indicator", view.t.lang)
    if "indicator_id" not in frame or frame.empty:
        return own
    registry = view.names.entries.get("indicator", {})
    names = {i: view.names.name("indicator", i, view.t.lang) for i in registry}
    ids = frame["indicator_id"].fillna("").astype(str)
    return ids.map(names).where(ids.isin(names.keys()), own).astype(str)


def region_names(view: View, ids: pd.Series) -> pd.Series:
    """view.region_name for a column of region ids."""
    return _named(view, "region", ids)


def source_names(view: View, ids: pd.Series) -> pd.Series:
    """view.source_name for a column of article ids."""
    return _named(view, "source", ids)


def _named(view: View, kind: str, ids: pd.Series) -> pd.Series:
    """The names of `kind` for a column of ids (an unknown id is its own name)."""
    text = ids.fillna("").astype(str)
    known = view.names.entries.get(kind, {})
    names = {i: view.names.name(kind, i, view.t.lang) for i in text.unique() if i in known}
    return text.map(names).astype(object).where(text.isin(names.keys()), text).astype(str)


def plain_values(view: View, frame: pd.DataFrame) -> pd.Series:
    """t.value for a column: each figure's value as written, without the draft marker."""
    if frame.empty:
        return pd.Series("", index=frame.index, dtype=str)
    return by_distinct(frame, ["value", "unit", "qualifier", "kind"], view.t.value)


def value_labels(view: View, frame: pd.DataFrame) -> pd.Series:
    """value_label for a column: the value as written, an unreviewed draft's marked."""
    plain = plain_values(view, frame)
    return plain.where(~unreviewed(frame), each(view, "review.marked", plain))
