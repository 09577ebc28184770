"""What every chart shares: the Chart record, fonts, title, source line, hover text, marks and the
words of a takeaway.

Chart builders (cenfigures/charts/types/) have one signature, `build(view, spec) -> Chart`, and
call `chart(...)` at the end so that every chart carries a title, units, a source line naming its
articles inside the figure, CJK fonts and a takeaway filled from its declared template; and
`hover_text` so that every point shows its value as stated, its quote (or formula) and its article.
"""

from __future__ import annotations

import html
import math
import string
import threading
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from cenfigures.view import facts
from cenfigures.view.colors import GRID, KIND_STYLE, NEUTRAL, SOURCE_TEXT, TEXT
from cenfigures.view.linebreak import display_units, wrap
from cenfigures.view.model import ChartSpec, View, fact_columns, ids_of, select, selector_mask, source_ids
from cenfigures.view.translate import Translator
from cenfigures.view.words import (  # noqa: F401  (types take them from the kit)
    articles_named,
    each,
    indicator_name,
    indicator_names,
    is_unreviewed,
    item,
    items,
    marked,
    plain_values,
    region_names,
    series_key,
    source_names,
    text_column,
    unreviewed,
    unreviewed_ids,
    value_label,
)

# Noto Sans CJK comes with Debian's fonts-noto-cjk; the others cover macOS and Windows viewers.
FONT_FAMILY = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'


class Chart:
    """A built chart: its name (the chart's id: keys, file names, the link's chart=), the plotly
    figure, the takeaway (one sentence, computed from the data), the title (plain text), and what is
    behind it: `rows` (the figures, or events, it draws and cites), their `figure_ids` and the
    articles (`sources`). A chart of a large corpus cites every figure stating a fact it draws
    (500 articles: 500 figures a mark): `behind` makes those rows when first asked for (a download,
    a citation), not for every chart built and kept. `events`: dated events drawn beside the
    figures, rows of events.csv, downloaded and cited as events (never in a figure_id column)."""

    def __init__(
        self,
        name: str,
        figure: go.Figure,
        takeaway: str,
        figure_ids: tuple[str, ...] | None = None,
        rows: pd.DataFrame | None = None,
        title: str = "",
        sources: tuple[str, ...] | None = None,
        events: pd.DataFrame | None = None,
        selects: str = "",
        *,
        behind: Callable[[], pd.DataFrame] | None = None,
        drawn: bool | None = None,
    ):
        self.name, self.figure, self.takeaway, self.title = name, figure, takeaway, title
        self.events = events if events is not None else pd.DataFrame()
        self.selects = selects
        self._rows, self._behind = rows, behind
        self._figure_ids, self._sources = figure_ids, sources
        self._drawn = drawn
        self._lock = threading.Lock()

    @property
    def rows(self) -> pd.DataFrame:
        if self._rows is None:
            with self._lock:  # a kept chart is shared by sessions
                if self._rows is None:
                    self._rows = self._behind() if self._behind is not None else pd.DataFrame()
        return self._rows

    @rows.setter
    def rows(self, rows: pd.DataFrame) -> None:
        self._rows, self._figure_ids, self._sources, self._drawn = rows, None, None, None

    @property
    def empty(self) -> bool:
        """Whether the chart draws nothing (then it cites nothing): known without making its rows."""
        return self.rows.empty if self._drawn is None else not self._drawn

    @property
    def figure_ids(self) -> tuple[str, ...]:
        return ids_of(self.rows) if self._figure_ids is None else self._figure_ids

    @figure_ids.setter
    def figure_ids(self, ids: tuple[str, ...]) -> None:
        self._figure_ids = ids

    @property
    def sources(self) -> tuple[str, ...]:
        return source_ids(self.rows) if self._sources is None else self._sources

    @property
    def event_ids(self) -> tuple[str, ...]:
        return tuple(str(i) for i in self.events["event_id"]) if "event_id" in self.events else ()


class SealedFigure(go.Figure):
    """A finished figure that is only read from now on, so its dict and its JSON are made once:
    st.plotly_chart asks for figure.to_dict() on every rerun, and plotly deep-copies the whole figure
    for it (0.18 s a rerun for the map's province outlines, a few ms for other charts); then it
    encodes that dict with plotly.io.to_json (the map's 200 KB of outlines: most of a Regions rerun's
    CPU, docs/benchmarks.md "Rerun cost"), which _sealed_to_json answers from the JSON kept here."""

    def to_dict(self) -> dict:
        if getattr(self, "_sealed_dict", None) is None:
            self._sealed_dict = super().to_dict()
            _SEALED_JSON[id(self._sealed_dict)] = (self._sealed_dict, _plain_to_json(self._sealed_dict, validate=False))
            weakref.finalize(self, _SEALED_JSON.pop, id(self._sealed_dict), None)
        return self._sealed_dict


_SEALED_JSON: dict[int, tuple[dict, str]] = {}  # id of a sealed figure's dict -> (that dict, its JSON)
_plain_to_json = pio.to_json


def _sealed_to_json(
    fig: Any, validate: bool = True, pretty: bool = False, remove_uids: bool = True, engine: str | None = None
) -> str:
    """plotly.io.to_json, answered from the JSON kept for a sealed figure's dict when asked for that
    very text (how Streamlit 1.67's st.plotly_chart asks: the dict, validate=False); anything else
    is encoded by plotly as before."""
    kept = _SEALED_JSON.get(id(fig))
    if kept is not None and kept[0] is fig and not validate and not pretty and remove_uids and engine is None:
        return kept[1]
    return _plain_to_json(fig, validate=validate, pretty=pretty, remove_uids=remove_uids, engine=engine)


pio.to_json = _sealed_to_json


def seal(chart: Chart) -> Chart:
    """The chart with its figure sealed (see SealedFigure); for charts kept and shared after building."""
    chart.figure.__class__ = SealedFigure  # in place: a copy would validate the whole figure again
    return chart


# ---------------------------------------------------------------- words of a figure


def _wrap(value: str, width: int) -> str:
    return "<br>".join(html.escape(line, quote=False) for line in wrap(value.replace("\n", ""), width)) or ""


def escaped(column: pd.Series, quote: bool = True) -> pd.Series:
    """html.escape for a column."""
    text = column.astype(str).str.replace("&", "&amp;", regex=False)
    text = text.str.replace("<", "&lt;", regex=False).str.replace(">", "&gt;", regex=False)
    if quote:
        text = text.str.replace('"', "&quot;", regex=False).str.replace("'", "&#x27;", regex=False)
    return text


def _wrapped(column: pd.Series, width: int) -> pd.Series:
    """_wrap for a column, once per distinct text."""
    text = column.fillna("").astype(str)
    return text.map({value: _wrap(value, width) for value in text.unique()})


def _line(text: pd.Series, shown: pd.Series) -> pd.Series:
    """ "<br>" + the text where `shown`, else nothing: an optional line of a hover."""
    return ("<br>" + text).where(shown, "")


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame[name].fillna("").astype(str) if name in frame else pd.Series("", index=frame.index, dtype=str)


def hover_column(view: View, rows: pd.DataFrame) -> pd.Series:
    """The hover of each row (a figure or a fact), a column at a time: its name; region, value, kind
    and period; draft; the value as stated; the quote (or formula and inputs); the note; for a fact,
    the articles that state it and what other articles give for the same key; the article and id.
    Every text escaped."""
    t = view.t
    if rows.empty:
        return pd.Series("", index=rows.index, dtype=str)
    width = int(t("chart.hover.width"))
    names = rows["name"] if "name" in rows else indicator_names(view, rows)
    regions = rows["region_name"] if "region_name" in rows else region_names(view, _column(rows, "region_id"))
    plain = rows["plain_value"] if "plain_value" in rows else plain_values(view, rows)
    kinds = rows["kind"].astype(str).map(t.kind)
    hover = (
        "<b>" + _wrapped(names, width) + "</b><br>" + escaped(regions) + " · " + escaped(plain)
        + " · " + escaped(kinds) + " · " + escaped(rows["period"])
    )  # fmt: skip
    hover += _line(pd.Series(f"<b>{html.escape(t('review.unreviewed'))}</b>", index=rows.index), unreviewed(rows))
    stated = _column(rows, "value_as_stated")
    hover += _line(escaped(t.labelled(t("chart.hover.stated"), "") + stated), stated != "")
    quote = _column(rows, "quote")
    quote_label = f"{html.escape(t('chart.hover.quote'))}{t('word.colon')}"
    hover += _line(quote_label + "“" + _wrapped(quote, width) + "”", quote != "")
    formula = _column(rows, "formula")
    inputs = _wrapped(_column(rows, "inputs").str.replace(";", "; ", regex=False), width + 20)
    hover += _line(escaped(t.labelled(t("chart.hover.formula"), "") + formula) + "<br>" + inputs, formula != "")
    note = text_column(rows, "note", t.lang) if any(c.startswith("note_") for c in rows.columns) else _column(rows, "")
    hover += _line("<i>" + _wrapped(note, width) + "</i>", note != "")
    if "said_by" in rows:  # a fact: who states it, and what the others give
        hover += _line(escaped(rows["said_by"]), rows["said_by"] != "")
        hover += _line(escaped(rows["others"]), rows["others"] != "")
    source = t.labelled(t("chart.hover.source"), "")
    sources = source_names(view, _column(rows, "source_id"))
    hover += (
        f"<br><span style='color:{SOURCE_TEXT}'>" + escaped(source + sources) + " · "
        + escaped(_column(rows, "figure_id")) + "</span>"
    )  # fmt: skip
    return hover


def category_names(view: View, rows: pd.DataFrame, several_regions: bool) -> pd.Series:
    """Each row's indicator name (`name` of marks), with its region before it when the chart shows
    several ("浙江 · 学习交流会研讨专题数")."""
    if not several_regions or rows.empty:
        return rows["name"] if "name" in rows else indicator_names(view, rows)
    pairs = pd.DataFrame({"region": rows["region_name"], "name": rows["name"]}, index=rows.index)
    distinct = pairs.drop_duplicates()
    named = {
        (region, name): view.t("chart.category_region", region=region, indicator=name)
        for region, name in zip(distinct["region"], distinct["name"])
    }
    return pd.Series([named[pair] for pair in zip(pairs["region"], pairs["name"])], index=rows.index, dtype=str)


def apart(view: View, categories: pd.Series, rows: pd.DataFrame) -> pd.Series:
    """Category labels of marks, each of several statements of one key told apart by its value
    ("全国（30.8%）"): bars of one category would lie on each other."""
    disputed = rows["verdict"] != ""
    if not disputed.any():
        return categories
    told = pd.Series(
        [
            view.t("chart.category_disputed", category=c, value=v)
            for c, v in zip(categories[disputed], rows.loc[disputed, "plain_value"])
        ],
        index=categories[disputed].index,
        dtype=str,
    )
    return categories.where(~disputed, told)


def hover_text(view: View, row: Mapping) -> str:
    """hover_column of one figure."""
    return hover_column(view, pd.DataFrame([dict(row)])).iloc[0]


def hover_texts(view: View, rows: pd.DataFrame) -> list[str]:
    return hover_column(view, rows).tolist()


def _frozen(selector: Mapping[str, Any] | None) -> tuple:
    return tuple(sorted((key, tuple(values)) for key, values in (selector or {}).items()))


SHARED_VIEWS = 16  # views whose facts are kept (a page's filters in each language)
_VIEW_FACTS: dict[tuple, tuple[pd.DataFrame, pd.DataFrame]] = {}
_VIEW_FACTS_LOCK = threading.Lock()


def view_facts(view: View) -> pd.DataFrame:
    """The facts of every figure the view's filters let through (facts.facts), with their words
    (`with_words`) but not their hovers, computed once per figures table, filters and language and
    shared by every chart and session of that view: a page's charts select from them and write the
    hovers of what they draw only (wrapping every quote of a large corpus would cost every first
    visit). (What is kept grows with the facts, not with the articles: 5,000 copies of one article
    are its 54 facts.)"""
    table = view.all_figures
    key = (id(table), view.t.lang, view.uses, repr(view.state.only(view.uses).filters))
    hit = _VIEW_FACTS.get(key)
    if hit is not None and hit[0] is table:
        return hit[1]
    made = with_words(view, facts.facts(view.keyed_figures))
    with _VIEW_FACTS_LOCK:  # sessions' script threads share it
        if len(_VIEW_FACTS) >= SHARED_VIEWS:
            _VIEW_FACTS.pop(next(iter(_VIEW_FACTS)), None)
        _VIEW_FACTS[key] = (table, made)
    return made


def marks(
    view: View, selector: Mapping[str, Any] | None = None, *, figures: pd.DataFrame | None = None
) -> pd.DataFrame:
    """What a chart draws: one row per fact (view/facts.py) of the figures `selector` picks (or of
    `figures`), the first figure stating it, in the table's order, with the words every builder
    needs, computed a column at a time: `name` (the indicator's), `region_name`, `value_text` (as
    written, a draft's starred, a conflicting value flagged), `hover`, and the fact's `articles`,
    `verdict`, `said_by` and `others`. The facts are the view's (`view_facts`), selected; a
    selection by article counts only that article's figures (its facts made from them)."""

    def make() -> pd.DataFrame:
        if figures is not None:  # figures of the view: their facts are the view's
            keyed = figures if "statement" in figures else figures.join(fact_columns(view.all_figures))
            return with_words(view, facts.facts(keyed), hover=True)
        if any(key.endswith("source") for key in selector or {}):
            return with_words(view, facts.facts(view.select(selector or {}, view.keyed_figures)), hover=True)
        return with_hover(view, select(view_facts(view), selector or {}))

    return make() if figures is not None else view.memo(("marks", _frozen(selector)), make)


def with_hover(view: View, drawn: pd.DataFrame) -> pd.DataFrame:
    """Facts with their words (`view_facts`, selected) and the hovers of their marks."""
    return drawn.assign(hover=hover_column(view, drawn))


def with_words(view: View, drawn: pd.DataFrame, hover: bool = False) -> pd.DataFrame:
    """Facts (facts.facts) with the words of marks (see `marks`), the hover too when asked."""
    t = view.t
    if drawn.empty:
        empty = pd.Series(dtype=str)
        return drawn.assign(
            name=empty, region_name=empty, plain_value=empty, value_text=empty, said_by=empty, others=empty, hover=empty
        )
    plain = plain_values(view, drawn)
    value = plain.where(~unreviewed(drawn), each(view, "review.marked", plain))
    several = drawn["articles"] > 1
    said_by = pd.Series("", index=drawn.index, dtype=str)
    said_by[several] = [
        t("chart.hover.said_by", sources=articles_named(view, first, count))
        for first, count in zip(drawn.loc[several, "first_sources"], drawn.loc[several, "articles"])
    ]
    others = pd.Series("", index=drawn.index, dtype=str)
    disputed = drawn[drawn["verdict"] != ""]
    statements = {  # what each disputed statement says, with its articles
        index: t("indicators.finding.gives", value=text, sources=articles_named(view, first, count))
        for index, text, first, count in zip(
            disputed.index, value[disputed.index], disputed["first_sources"], disputed["articles"]
        )
    }
    for _, key in disputed.groupby("fact_key", sort=False):  # one key's statements: each names the others
        for index, verdict in zip(key.index, key["verdict"]):
            rest = [statements[i] for i in key.index if i != index]
            others[index] = t(f"chart.hover.{verdict}", statements=t.listing(rest))
    words = drawn.assign(
        name=indicator_names(view, drawn),
        region_name=region_names(view, drawn["region_id"]),
        plain_value=plain,
        value_text=value.where(drawn["verdict"].ne("conflict"), each(view, "chart.value.conflict", value)),
        said_by=said_by,
        others=others,
    )
    return with_hover(view, words) if hover else words


@dataclass(frozen=True)
class Cited:
    """What a chart cites, known without copying its rows: the articles (in the order they first
    appear), whether any row is an unreviewed draft, and how to make the rows."""

    sources: tuple[str, ...]
    drafts: bool
    make: Callable[[], pd.DataFrame]


def cited_by(view: View, spec: ChartSpec, drawn: pd.DataFrame) -> Cited:
    """Every figure stating a fact of `drawn` (marks), in the table's order: what a chart cites and
    downloads (a selection by article: only that article's figures). Rows that are not facts
    (events drawn beside them) are their own."""
    if drawn.empty or "statement" not in drawn:
        return Cited(source_ids(drawn), bool(unreviewed_ids(drawn)), lambda: drawn)
    others = drawn[drawn["statement"].isna()]  # events drawn beside the facts
    figures = view.figures
    stating = view.keyed_figures["statement"].isin(set(drawn["statement"].dropna()))
    selectors = [spec.select, *spec.related.values()]
    if any(key.endswith("source") for selector in selectors for key in selector):
        stating &= pd.concat([selector_mask(figures, selector) for selector in selectors], axis=1).any(axis=1)
    positions = np.flatnonzero(stating.to_numpy())
    codes, articles = view.memo(("source codes",), lambda: pd.factorize(figures["source_id"]))
    distinct, first = np.unique(codes[positions], return_index=True)
    sources = tuple(str(articles[code]) for code in distinct[np.argsort(first)])
    sources += tuple(s for s in source_ids(others) if s not in sources)
    drafts = bool(unreviewed(figures).to_numpy()[positions].any()) or bool(unreviewed_ids(others))

    def make() -> pd.DataFrame:
        rows = figures.iloc[positions]
        return pd.concat([rows, others]) if not others.empty else rows

    return Cited(sources, drafts, make)


def behind(view: View, spec: ChartSpec, drawn: pd.DataFrame) -> pd.DataFrame:
    """The rows `cited_by` makes: every figure stating a fact of `drawn`."""
    return cited_by(view, spec, drawn).make()


def source_line(view: View, rows: pd.DataFrame) -> str:
    """ "来源：中国电子报，2022-01" — the articles behind the chart, in one line (ids are in the CSV):
    up to three by name, more as the first two and how many ("A；B等500篇报道"); when some rows are
    unreviewed drafts, what their star means (the line is part of an exported image)."""
    return source_line_of(view, source_ids(rows), bool(unreviewed_ids(rows)))


def source_line_of(view: View, sources: tuple[str, ...], drafts: bool) -> str:
    """source_line of the articles `sources`, with the drafts' footnote when `drafts`."""
    t = view.t
    line = t("chart.source", sources=_sources_said(view, sources)[0] or "–")
    return line + t("review.footnote") if drafts else line


def _sources_said(view: View, ids: tuple[str, ...]) -> tuple[str, list[str]]:
    """The articles `ids` as the source line says them, and the names it shows."""
    if len(ids) <= 3:
        names = [view.source_name(s) for s in ids]
        return view.t.listing(names), names
    names = [view.source_name(s) for s in ids[:2]]
    return view.t("chart.source.many", first=names[0], second=names[1], total=len(ids), more=len(ids) - 2), names


# ---------------------------------------------------------------- marks


def bar_marker(kind: str, color: str) -> dict:
    """Observed bars are solid; targets hollow with a dashed-looking outline; derived hatched."""
    style = KIND_STYLE[kind]
    if style["fill"] == "hollow":
        return {"color": "rgba(255,255,255,0)", "line": {"color": color, "width": 2.5}, "pattern": {"shape": ""}}
    if style["fill"] == "hatched":
        return {
            "color": "rgba(255,255,255,0)",
            "line": {"color": color, "width": 1.5},
            "pattern": {"shape": "/", "fgcolor": color, "solidity": 0.35},
        }
    return {"color": color, "line": {"color": color, "width": 1}}


def bar_markers(kinds: Iterable[str], colors: Iterable[str]) -> dict:
    """bar_marker per bar of one trace (fill, outline and hatching as arrays)."""
    markers = [bar_marker(kind, color) for kind, color in zip(kinds, colors)]
    return {
        "color": [m["color"] for m in markers],
        "line": {"color": [m["line"]["color"] for m in markers], "width": [m["line"]["width"] for m in markers]},
        "pattern": {
            "shape": [m.get("pattern", {}).get("shape", "") for m in markers],
            "fgcolor": [m["line"]["color"] for m in markers],
            "solidity": 0.35,
        },
    }


def _hatched(trace: Any) -> bool:
    pattern = getattr(getattr(trace, "marker", None), "pattern", None)
    shape = getattr(pattern, "shape", None) if pattern is not None else None
    return any(shape) if isinstance(shape, tuple | list) else bool(shape)


def comparable(rows: pd.DataFrame) -> pd.Series:
    """True for a row whose unit has another value beside it in `rows`. Only those are drawn as bars,
    on one scale with its axis shown: a bar alone on its own scale is as long as any other (1个 as
    long as 超过4000亿元), so a value alone in its unit is listed, not drawn."""
    if rows.empty:
        return pd.Series(False, index=rows.index, dtype=bool)
    return rows.groupby("unit", sort=False)["value"].transform("size") >= 2


def lone_value(
    figure: go.Figure, view: View, figure_row: Mapping, y: str = "", size: int = 16, color: str = TEXT, **where: int
) -> None:
    """A value alone on its scale, a point of its kind with the value written beside it, not a bar
    (`comparable`): its axis shows no scale, which would compare it with nothing."""
    value = float(figure_row["value"])
    figure.add_scatter(
        x=[value],
        y=[y],
        mode="markers+text",
        marker=point_marker(str(figure_row["kind"]), color, size=12),
        # A fact's words (marks) name its articles; a bare figure's are made here.
        text=[figure_row["value_text"] if "value_text" in figure_row else value_label(view, figure_row)],
        textposition="middle right",
        textfont={"size": size, "color": TEXT},  # the dark text meets AA; the point carries the colour
        customdata=[figure_row["figure_id"]],
        hovertext=[figure_row["hover"] if "hover" in figure_row else hover_text(view, figure_row)],
        hoverinfo="text",
        showlegend=False,
        cliponaxis=False,
        **where,
    )
    span = max(abs(value), 1.0)
    figure.update_xaxes(
        range=[value - 0.3 * span, value + 9 * span],  # a little air after the category's name
        showgrid=False,
        zeroline=False,
        showticklabels=False,
        ticks="",
        **where,
    )
    figure.update_yaxes(showgrid=False, zeroline=False, **where)


def explain_hatching(figure: go.Figure, t: Translator) -> None:
    """Hatching means derived (computed by us from stated figures): a chart that hatches a mark and
    has no hatched legend entry gets one, so the pattern is said, not guessed."""
    hatched = [trace for trace in figure.data if _hatched(trace)]
    if not hatched or any(trace.showlegend is not False for trace in hatched):
        return
    figure.add_bar(
        x=[None],
        y=[None],
        name=t("chart.hatched_legend"),
        marker=bar_marker("derived", NEUTRAL),
        showlegend=True,
        hoverinfo="skip",
    )


def point_marker(kind: str, color: str, size: int = 14) -> dict:
    style = KIND_STYLE[kind]
    return {"symbol": style["symbol"], "color": color, "size": size, "line": {"color": color, "width": 2.5}}


# ---------------------------------------------------------------- the frame around a chart

# A source line must fit the narrowest screen we support (a 390 px phone: about 340 px of chart at
# 10 px type): wrap it by display width, a CJK character counting as two Latin ones.
SOURCE_LINE_UNITS = 62
LEGEND_ROW_PX = 21
TITLE_PX = 56
TITLE_UNITS = 40  # a title wraps so that it fits a phone at 17 px type (balanced lines)
TITLE_LINE_PX = 22
TITLE_FONT_PX = 17
TITLE_LEFT_PX = 12  # the title's left pad
TITLE_CAP_SHIFT = 0.7  # em: plotly.js's CAP_SHIFT, from a title's top to its first baseline
LEGEND_UNITS = 46  # a legend entry wraps so that it fits beside its symbol on a phone
LEGEND_SYMBOL_PX = 44  # a legend entry's symbol and the gap after it, at 12 px type
CATEGORY_UNITS = 18  # a category label wraps after about 9 CJK or 18 Latin characters
PX_PER_UNIT = 6.7  # at 13 px type
NOTE_UNITS = 56  # a note under the plot at 11 px type, as wide as the source line
NOTE_LINE_PX = 15
# A chart's width on the narrowest screen we support (a 390 px phone, inside Streamlit's padding):
# charts are laid out once, to fit it, and a wider screen only gives them more room.
PHONE_CHART_PX = 358
RIGHT_PX = 40  # a cartesian chart's right margin: room for half of its last x tick label
TICK_GAP_PX = 16  # at least this much blank between two tick labels


def tick_step(span: float, plot_px: float, label_px: float) -> int:
    """The smallest step of 1, 2, 5, 10, 20, 50, ... (in the units of `span`) whose tick labels,
    each `label_px` wide, stay TICK_GAP_PX apart on a plot `plot_px` wide showing `span` units."""
    px_per_unit = plot_px / max(span, 1e-9)
    magnitude = 1
    while True:
        for multiple in (1, 2, 5):
            if multiple * magnitude * px_per_unit >= label_px + TICK_GAP_PX:
                return multiple * magnitude
        magnitude *= 10


LEGEND_GAP_PX = 6  # between the legend and the plot (or a first panel's title)


def _legend_rows(figure: go.Figure, units: int = LEGEND_UNITS) -> int:
    """Wrap long legend entries and count the lines the legend takes."""
    rows = 0
    for trace in figure.data:
        if getattr(trace, "showlegend", False) is False or not getattr(trace, "name", None):
            continue  # hidden, unnamed, or a trace kind with no legend entry (e.g. Indicator)
        lines = wrap(trace.name.replace("<br>", "\n"), units) or [""]  # a line break joins Chinese without a space
        trace.name = "<br>".join(lines)
        rows += len(lines)
    return rows


CATEGORY_PART = " · "  # between the parts of a category label ("浙江 · 学习交流会研讨专题数")
CATEGORY_LINE_PX = 16
CATEGORY_ROW_PX = 56  # a bar's row: room for three lines of its label


def category_lines(value: str) -> list[str]:
    """A category label in lines of at most CATEGORY_UNITS; when it has to wrap, each of its parts
    (region · indicator) starts a line of its own rather than breaking inside a name."""
    value = value.replace("<br>", " ")
    if display_units(value) <= CATEGORY_UNITS:
        return [value]
    head, separator, tail = value.partition(CATEGORY_PART)
    if separator:
        return (wrap(head + CATEGORY_PART.rstrip(), CATEGORY_UNITS) or [""]) + (wrap(tail, CATEGORY_UNITS) or [""])
    return wrap(value, CATEGORY_UNITS) or [""]


def category_rows_px(labels: Iterable[str]) -> int:
    """The height bars need for these category labels: plotly gives every category the same row, so
    each row is as tall as the label of the most lines needs."""
    labels = list(labels)
    return len(labels) * max(
        [CATEGORY_ROW_PX, *(CATEGORY_LINE_PX * len(category_lines(label)) + 16 for label in labels)]
    )


def _wrapped_categories(values) -> tuple[list[str], int, int] | None:
    """Category labels wrapped to CATEGORY_UNITS, with the widest line and the most lines."""
    # Numbers copied from a finished figure come as plotly's typed array ({"dtype", "bdata"}).
    if values is None or isinstance(values, Mapping) or len(values) == 0 or not all(isinstance(v, str) for v in values):
        return None
    lines = [category_lines(v) for v in values]
    widest = max(display_units(line) for group in lines for line in group)
    return ["<br>".join(group) for group in lines], widest, max(len(group) for group in lines)


def _fit_categories(figure: go.Figure) -> tuple[int, int]:
    """Wrap long category labels of bars; return the widest y label (units) and the most x label lines."""
    widest_y, x_lines = 0, 1
    for trace in figure.data:
        if trace.type not in ("bar", "scatter"):
            continue
        horizontal = trace.orientation == "h" or trace.type == "scatter"
        wrapped = _wrapped_categories(trace.y if horizontal else trace.x)
        if wrapped is None or (trace.type == "scatter" and trace.x is not None and _wrapped_categories(trace.x)):
            continue
        labels, widest, lines = wrapped
        if horizontal:
            trace.y = labels
            widest_y = max(widest_y, widest)
        else:
            trace.x = labels
            x_lines = max(x_lines, lines)
    return widest_y, x_lines


def title_units(room_px: float, scale: float = 1.0) -> int:
    """How many display units of title fit in `room_px` of a line at `scale` (a CJK character, two
    units, is as wide as the type is tall)."""
    return max(int((room_px - TITLE_LEFT_PX) / (TITLE_FONT_PX * scale / 2)), 1)


def title_lines(title: str, scale: float = 1.0, title_width: int | None = None) -> list[str]:
    """The lines of a chart title: `title_width` units a line, by default what fits a phone at this
    scale (TITLE_UNITS, shorter by the scale)."""
    return wrap(title, title_width or int(TITLE_UNITS / scale)) or [""]


def _fit_x_titles(figure: go.Figure, units: int) -> int:
    """Wrap x axis titles to `units` (centred on the plot, a wider line runs off a phone's edge);
    the most lines one takes. A title its chart wrapped shorter keeps its breaks."""
    most = 1
    for axis in figure.select_xaxes():
        if not axis.title.text:
            continue
        lines = [html.unescape(line) for line in axis.title.text.split("<br>")]
        if max(display_units(line) for line in lines) > units:
            lines = wrap("\n".join(lines), units) or [""]  # a line break joins Chinese without a space
            axis.title.text = "<br>".join(html.escape(line, quote=False) for line in lines)
        most = max(most, len(lines))
    return most


FOOT_LINES = ("source-line", "note-line")  # the annotations finish writes under a chart


def finish(
    figure: go.Figure,
    *,
    title: str,
    source: str,
    height: int = 440,
    top_extra: int = 0,
    names: Iterable[str] = (),
    min_left: int = 0,
    note: str = "",
    scale: float = 1.0,
    title_width: int | None = None,
) -> go.Figure:
    """Title, fonts, legend, source line and furniture shared by every chart.

    Margins are computed, not left to plotly's automargin, so that the source line can be placed at
    the figure's left edge and never runs off a phone screen; long category labels are wrapped to
    fit them. The legend is a column between the title and the plot, and the space it takes is
    added to the figure, so neither the title nor the plot is ever covered. The source line breaks
    between the articles' `names`, never inside one. `min_left`: the room a type's own tick text
    needs. `note`: a sentence under the plot, above the source line (an assumption the chart makes).
    X axis titles are wrapped to the plot's width on a phone. `scale` enlarges every text and the
    room it takes (presentation mode), and wraps the title, legend and source line shorter so that
    they still fit a phone; the inputs are kept in `layout.meta` so that a finished figure can be
    laid out again at another scale (`enlarge`).
    `title_width`: the display units a title line may take when the chart is known to be wider than
    a phone (presentation mode's wide screens); by default TITLE_UNITS, shorter by the scale.
    """
    names = list(names)
    px = lambda value: int(round(value * scale))  # noqa: E731 - a length at this scale
    source_lines = wrap(source, int(SOURCE_LINE_UNITS / scale), balance=False, keep=names)
    widest_y, x_lines = _fit_categories(figure)
    has_y_title = any(axis.title.text for axis in figure.select_yaxes())
    has_x_title = any(axis.title.text for axis in figure.select_xaxes())
    # A map (or a lone number) has no axes: its plot may use the width an axis' labels would take.
    cartesian = any(trace.type not in ("choropleth", "scattergeo", "indicator") for trace in figure.data)
    y_labels = cartesian and any(
        axis.visible is not False and axis.showticklabels is not False for axis in figure.select_yaxes()
    )
    left = max(px(max(56 if y_labels else 14, 14 + PX_PER_UNIT * widest_y) + (24 if has_y_title else 0)), px(min_left))
    right = px(RIGHT_PX) if cartesian else 14
    x_title_lines = _fit_x_titles(figure, int((PHONE_CHART_PX - left - right) / (px(13) / 2)))
    x_axis_px = px(30 + 16 * (x_lines - 1) + (24 + 16 * (x_title_lines - 1) if has_x_title else 0))
    note_lines = wrap(note, int(NOTE_UNITS / scale), balance=False) if note else []
    note_px = px(NOTE_LINE_PX * len(note_lines) + 6) if note_lines else 0
    bottom = x_axis_px + note_px + px(16 + 13 * len(source_lines))
    # The legend starts at the plot's left edge, which moves right as the margins grow with the text:
    # its room shrinks by the scale while each unit widens by it.
    # and no entry may run past a phone's right edge from there, beside its symbol.
    legend_units = min(int(LEGEND_UNITS / scale**2), int((PHONE_CHART_PX - left - px(LEGEND_SYMBOL_PX)) / (px(12) / 2)))
    legend_rows = _legend_rows(figure, legend_units) if figure.layout.showlegend is not False else 0
    wrapped_title = title_lines(title, scale, title_width)
    extra_title_px = px(TITLE_LINE_PX * (len(wrapped_title) - 1))
    # plotly.js sets the first line of a title of several lines on the pad, not its cap height (0.7
    # em) below it as a title of one line: without this drop the first line's top is cut off.
    title_drop = round(TITLE_CAP_SHIFT * px(TITLE_FONT_PX)) if len(wrapped_title) > 1 else 0
    legend_px = px(LEGEND_ROW_PX * legend_rows + (8 if legend_rows else 0))
    top = px(TITLE_PX) + extra_title_px + legend_px + px(top_extra)
    total_px = (
        px(height)
        + extra_title_px
        + px(LEGEND_ROW_PX * legend_rows)
        + px(13 * len(source_lines))
        + px(16 * (x_lines - 1))
        + px(top_extra)
        + note_px
        + px(16 * (x_title_lines - 1))
    )
    # The legend sits a few pixels above what the type put in `top_extra` (a first panel's title),
    # not on it; in pixels, not a share of the plot (2% of a plot 6,000 px tall, a comparison of
    # many regions, lifted the legend 120 px up over the title).
    legend_y = 1 + (px(LEGEND_GAP_PX) + px(top_extra)) / max(total_px - top - bottom, 1)
    figure.update_layout(
        title={
            "text": "<br>".join(html.escape(line, quote=False) for line in wrapped_title),
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "pad": {"t": px(14) + title_drop, "l": TITLE_LEFT_PX},
            "font": {"size": px(TITLE_FONT_PX), "family": FONT_FAMILY, "color": TEXT},
        },
        font={"family": FONT_FAMILY, "size": px(13), "color": TEXT},
        # One hover box for every trace, white with a dark frame: plotly fills it with the trace's
        # colour by default, on which the grey source-and-id footer fell below AA (about 2:1).
        hoverlabel={
            "bgcolor": "#FFFFFF",
            "bordercolor": TEXT,
            "font": {"family": FONT_FAMILY, "size": px(12), "color": TEXT},
            "align": "left",
        },
        legend={
            "orientation": "v",
            # No gap between legend groups: the rows counted above (_legend_rows) are the legend's
            # height; plotly's 10 px a group grew a legend of 13 groups up over the title.
            "tracegroupgap": 0,
            # Room for every row counted: plotly caps a vertical legend at the plot's height and
            # scrolls it, which left the space above it empty (34 regions' ranks on a short plot).
            **({"maxheight": legend_px + px(LEGEND_GAP_PX)} if legend_rows else {}),
            "yanchor": "bottom",
            "y": legend_y,
            "x": 0,
            "xanchor": "left",
            "font": {"family": FONT_FAMILY, "size": px(12)},
        },
        margin={"l": left, "r": right, "t": top, "b": bottom, "autoexpand": False},
        height=total_px,
        paper_bgcolor="white",
        plot_bgcolor="white",
        meta={
            "finish": {
                "title": title,
                "source": source,
                "height": height,
                "top_extra": top_extra,
                "names": names,
                "min_left": min_left,
                "note": note,
            }
        },
    )
    axis_style = {
        "gridcolor": GRID,
        "zerolinecolor": GRID,
        "title_font": {"family": FONT_FAMILY},
        "tickfont": {"family": FONT_FAMILY},
        "automargin": False,
    }
    figure.update_xaxes(**axis_style, title_standoff=px(8))
    figure.update_yaxes(**axis_style, title_standoff=px(6))
    if any(a.name in FOOT_LINES for a in figure.layout.annotations):  # set again only if there are (checked again)
        figure.layout.annotations = [a for a in figure.layout.annotations if a.name not in FOOT_LINES]
    if note_lines:
        figure.add_annotation(
            text="<br>".join(html.escape(line, quote=False) for line in note_lines),
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xshift=-left + 10,
            yshift=-x_axis_px - px(2),
            xanchor="left",
            yanchor="top",
            showarrow=False,
            align="left",
            font={"size": px(11), "color": SOURCE_TEXT, "family": FONT_FAMILY},
            name="note-line",
        )
    figure.add_annotation(
        text="<br>".join(html.escape(line, quote=False) for line in source_lines),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xshift=-left + 10,
        yshift=-bottom + 6,
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
        align="left",
        font={"size": px(10), "color": SOURCE_TEXT, "family": FONT_FAMILY},
        name="source-line",
    )
    return figure


def add_annotations(figure: go.Figure, annotations: Iterable[Mapping[str, Any]]) -> None:
    """Annotations (dicts of `add_annotation`'s arguments, axes named) added in one step: plotly's
    add_annotation validates every annotation so far again on each call, so a label per block or
    bar costs seconds at a few hundred."""
    figure.layout.annotations = (*figure.layout.annotations, *annotations)


def _scaled_text(spec: Mapping[str, Any], key: str, scale: float) -> dict[str, Any]:
    """An annotation's (`key` font) or a trace's (textfont) spec with its text `scale` times larger
    (13 px when unset)."""
    font = dict(spec.get(key) or {})
    font["size"] = round((font.get("size") or 13) * scale)
    return {**spec, key: font}


def enlarge(figure: go.Figure, scale: float, title_width: int | None = None) -> go.Figure:
    """A copy of a finished chart with every text `scale` times larger and laid out again for it
    (margins, wrapping, the room of the title and legend), so nothing enlarged overlaps.
    `title_width`: the units a title line may take (finish), for a chart known to be wide.
    Scaled as plain dicts: an update per annotation costs seconds at a few hundred."""
    spec = figure.to_plotly_json()
    layout = dict(spec["layout"])
    layout["annotations"] = [  # the source and note lines are written again by finish
        {
            **_scaled_text(annotation, "font", scale),
            "xshift": (annotation.get("xshift") or 0) * scale,
            "yshift": (annotation.get("yshift") or 0) * scale,
        }
        for annotation in layout.get("annotations", ())
        if annotation.get("name") not in FOOT_LINES
    ]
    data = [
        _scaled_text(trace, "textfont", scale) if trace.get("type") in ("bar", "scatter", "scattergeo") else trace
        for trace in spec["data"]
    ]
    # Not validated again: every part comes from a figure plotly checked when it was built.
    big = go.Figure({"data": data, "layout": layout}, _validate=False)
    finish(big, scale=scale, title_width=title_width, **dict(big.layout.meta["finish"]))
    return big


# ---------------------------------------------------------------- words of a chart


NAMED_REGIONS = 3  # regions a title or takeaway names before it counts the others


def common_values(view: View, rows: pd.DataFrame) -> dict[str, Any]:
    """The values every template may use: region, indicator, first and last year, items (of the
    facts drawn: a fact of 500 articles is one item), and `count` (how many are drawn)."""
    if rows.empty:
        return {}
    values: dict[str, Any] = {"count": len(rows), "sources": len(source_ids(rows))}
    if "region_id" in rows:
        regions = [view.region_name(r) for r in rows["region_id"].drop_duplicates()]
        named = view.t.join(regions[:NAMED_REGIONS])
        # A corpus on every province would put 31 names in a title: the first few, then a count.
        values["region"] = (
            view.t("chart.regions.many", first=named, total=len(regions), more=len(regions) - NAMED_REGIONS)
            if len(regions) > NAMED_REGIONS + 1
            else view.t.join(regions)
        )
    if "indicator_zh" in rows:
        values["indicator"] = indicator_name(view, rows.iloc[0])
        values["items"] = items(view, rows)
    if "period_start" in rows:
        values["first_year"] = int(rows["period_start"].min())
        values["last_year"] = int(rows["period_end"].max())
    return values


def fill(template: str, values: Mapping[str, Any]) -> str | None:
    """The template with `values` filled in; None when it needs a value that is missing."""
    if not template:
        return None
    needed = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    if any(values.get(name) is None for name in needed):
        return None
    return template.format(**{name: values[name] for name in needed})


COUNTED = ("figures", "regions", "events", "articles")  # nouns a template may count: {count_regions}


def counted(view: View, values: Mapping[str, Any]) -> dict[str, Any]:
    """`values` plus, for each whole number among them and each noun of COUNTED, the number with its
    noun in the view's language ({count_regions}: "1 region", "7 regions", "7个地区"), so that a
    template never writes "1 regions"."""
    extra = {
        f"{name}_{noun}": view.t(f"count.{noun}", count=value)
        for name, value in values.items()
        if isinstance(value, int) and not isinstance(value, bool)
        for noun in COUNTED
    }
    return {**values, **extra}


def takeaway(
    view: View, spec: ChartSpec, rows: pd.DataFrame, values: Mapping[str, Any], articles: int | None = None
) -> str:
    """The declared takeaway filled from `values`, else the listing of what is drawn; charts with
    figures from several articles say how many (`articles`: behind the chart; default: of `rows`)."""
    t = view.t
    if rows.empty:
        return t("app.no_rows")
    sentence = fill(spec.words("takeaway", t.lang), values) or t.sentence(values.get("items") or "")
    count = len(source_ids(rows)) if articles is None else articles
    if count > 1:
        sentence = f"{sentence}{t('chart.several_sources', count=count)}"
    return sentence


def chart(
    view: View,
    spec: ChartSpec,
    figure: go.Figure,
    rows: pd.DataFrame,
    values: Mapping[str, Any] | None = None,
    *,
    cited: pd.DataFrame | None = None,
    height: int = 440,
    top_extra: int = 0,
    min_left: int = 0,
    note: str = "",
) -> Chart:
    """Finish `figure` with the shared furniture and wrap it with its takeaway and rows.
    `rows` are drawn (marks: one per fact); `cited` (default `rows`) are every fact behind the
    chart, derived ones too. The chart's rows, ids, downloads and source line are every figure
    stating those facts (`behind`), from every article. `note`: a sentence under the plot (finish)."""
    # A chart that draws nothing cites nothing: its tab then says "no data" instead of showing an
    # empty frame because a related figure (a change, a gap) passed the filters on its own.
    behind = cited_by(view, spec, rows if cited is None or rows.empty else cited)
    merged = counted(view, {**common_values(view, rows), **(values or {})})
    title = fill(spec.words("title", view.t.lang), merged) or spec.words("tab", view.t.lang) or spec.id
    explain_hatching(figure, view.t)
    finish(
        figure,
        title=title,
        source=source_line_of(view, behind.sources, behind.drafts),
        height=height,
        top_extra=top_extra,
        names=_sources_said(view, behind.sources)[1],
        min_left=min_left,
        note=note,
    )
    return Chart(
        name=spec.id,
        figure=figure,
        takeaway=takeaway(view, spec, rows, merged, len(behind.sources)),
        title=title,
        sources=behind.sources,
        behind=behind.make,
        drawn=not rows.empty,
    )


def panel_titles_left(figure: go.Figure) -> int:
    """Subplot titles aligned with the left edge of their panel (not centred over it); returns the
    space the first one needs above the plot."""
    count = 0
    for annotation in figure.layout.annotations:
        if annotation.yanchor == "bottom" and annotation.xref == "paper" and annotation.yref == "paper":
            annotation.update(x=0, xanchor="left", font={"size": 13, "color": TEXT}, align="left")
            count += 1
    return 26 if count else 0


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """Round tick values from 0 to about `top`: 0, 20, 40, 60 or 0, 10000, 20000."""
    if top <= 0:
        return [0.0]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [step * i for i in range(int(top // step) + 2)]


def value_ticks(view: View, top: float) -> dict[str, Any]:
    """A value axis's ticks up to `top`, labelled as the language writes numbers (2万, not plotly's 20k)."""
    ticks = nice_ticks(top)
    return {"tickmode": "array", "tickvals": ticks, "ticktext": [view.t.number(v, "index") for v in ticks]}


def value_axis(figure: go.Figure, view: View, top: float, axis: str = "x", **where: int) -> None:
    """A value axis labelled as the language writes numbers (value_ticks)."""
    update = figure.update_xaxes if axis == "x" else figure.update_yaxes
    update(**value_ticks(view, top), **where)


def concat(*frames: pd.DataFrame) -> pd.DataFrame:
    """Rows of several selections, each fact (or figure) once, in order."""
    present = [f for f in frames if f is not None and not f.empty]
    if not present:
        return frames[0] if frames else pd.DataFrame()
    joined = pd.concat(present)
    key = next((k for k in ("statement", "figure_id") if k in joined), None)
    return joined.drop_duplicates(subset=key) if key else joined


def spread(rows: pd.DataFrame, step: float, by: tuple[str, ...] = ("period_end", "value")) -> pd.Series:
    """A sideways offset (in years) per row, so that points of the same group do not hide each
    other: by default the same period and value (two indicators both 8th in 2020); a series by its
    period and region spreads what two articles give for one year (30.8% and 31.2%: a conflict)."""
    if rows.empty:
        return pd.Series(dtype=float, index=rows.index)
    groups = rows.groupby(list(by), sort=False)
    return (groups.cumcount() - (groups[list(by)[0]].transform("size") - 1) / 2) * step


def label_sides(offsets: pd.Series) -> list[str]:
    """Where each point's label goes: beside a point moved aside (so the labels of a pair part
    too), else above it."""
    return np.where(offsets < 0, "top left", np.where(offsets > 0, "top right", "top center")).tolist()


def by_period(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.sort_values(["period_end", "period_start"], kind="stable") if not rows.empty else rows


def group_order(rows: pd.DataFrame, key: str) -> Iterable[tuple[str, pd.DataFrame]]:
    """Groups of `rows` by `key` in the order they first appear."""
    for value in dict.fromkeys(rows[key]):
        yield value, rows[rows[key] == value]
