"""What every chart shares: the Chart record, fonts, title, source line, hover text and marks.

Chart builders (charts_*.py) are pure: DataFrame of figures in, Chart out. They call `finish` so
that every chart carries a title, units, a source line inside the figure and CJK fonts, and
`hover_text` so that every point shows its value as stated and its quote (or formula).
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from cenfigures.colors import GRID, KIND_STYLE, SOURCE_TEXT, TEXT
from cenfigures.formatting import format_value
from cenfigures.labels import column, kind_label, text

# Noto Sans CJK comes with Debian's fonts-noto-cjk; the others cover macOS and Windows viewers.
FONT_FAMILY = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'


@dataclass
class Chart:
    name: str  # slug for keys and file names
    figure: go.Figure
    takeaway: str  # one sentence, computed from the data
    figure_ids: tuple[str, ...]
    rows: pd.DataFrame = field(default_factory=pd.DataFrame)  # the figures behind the chart


def select(figures: pd.DataFrame, ids: Iterable[str]) -> pd.DataFrame:
    """The rows of `ids` that are present (filters may have removed some), in the order of `ids`."""
    ids = list(ids)
    present = figures[figures["figure_id"].isin(ids)]
    order = {figure_id: position for position, figure_id in enumerate(ids)}
    return present.sort_values("figure_id", key=lambda s: s.map(order))


def value_of(figures: pd.DataFrame, figure_id: str) -> float | None:
    match = figures.loc[figures["figure_id"] == figure_id, "value"]
    return None if match.empty else float(match.iloc[0])


def row_of(figures: pd.DataFrame, figure_id: str) -> pd.Series | None:
    match = figures[figures["figure_id"] == figure_id]
    return None if match.empty else match.iloc[0]


def indicator(row: Mapping, lang: str) -> str:
    return str(row[column("indicator", lang)])


def _wrap(value: str, width: int) -> str:
    return "<br>".join(textwrap.wrap(html.escape(value.replace("\n", ""), quote=False), width)) or ""


def hover_text(row: Mapping, lang: str) -> str:
    """Value, value as stated, kind, period and the quote (or formula) of one figure, escaped."""
    width = 28 if lang == "zh" else 60
    lines = [
        f"<b>{_wrap(indicator(row, lang), width)}</b>",
        f"{html.escape(format_value(row['value'], row['unit'], lang, row['qualifier']))}"
        f" · {html.escape(kind_label(row['kind'], lang))} · {html.escape(str(row['period']))}",
    ]
    if row.get("value_as_stated"):
        lines.append(f"{text('chart.hover.stated', lang)}: {html.escape(str(row['value_as_stated']))}")
    if row.get("quote"):
        lines.append(f"{text('chart.hover.quote', lang)}: “{_wrap(str(row['quote']), width)}”")
    if row.get("formula"):
        lines.append(f"{text('chart.hover.formula', lang)}: {html.escape(str(row['formula']))}")
        lines.append(_wrap(str(row["inputs"]).replace(";", "; "), width + 20))
    note = row.get(column("note", lang))
    if note:
        lines.append(f"<i>{_wrap(str(note), width)}</i>")
    lines.append(f"<span style='color:{SOURCE_TEXT}'>{html.escape(str(row['figure_id']))}</span>")
    return "<br>".join(lines)


def hover_texts(rows: pd.DataFrame, lang: str) -> list[str]:
    return [hover_text(row, lang) for _, row in rows.iterrows()]


def source_line(source: Mapping, figure_ids: Iterable[str], lang: str) -> str:
    publisher = source.get("publisher_en" if lang == "en" else "publisher", "")
    ids = ", ".join(figure_ids)
    return text("chart.source", lang, publisher=publisher, published=source.get("published", ""), ids=ids)


def bar_marker(kind: str, color: str) -> dict:
    """Observed bars are solid; targets hollow with a dashed-looking outline; derived hatched."""
    style = KIND_STYLE[kind]
    if style["fill"] == "hollow":
        return {"color": "rgba(255,255,255,0)", "line": {"color": color, "width": 2.5}, "pattern": {"shape": ""}}
    if style["fill"] == "hatched":
        return {"color": "rgba(255,255,255,0)", "line": {"color": color, "width": 1.5}, "pattern": {"shape": "/", "fgcolor": color, "solidity": 0.35}}
    return {"color": color, "line": {"color": color, "width": 1}}


def point_marker(kind: str, color: str, size: int = 14) -> dict:
    style = KIND_STYLE[kind]
    return {"symbol": style["symbol"], "color": color, "size": size, "line": {"color": color, "width": 2.5}}


def finish(
    figure: go.Figure,
    *,
    title: str,
    source: Mapping,
    figure_ids: Iterable[str],
    lang: str,
    height: int = 440,
) -> go.Figure:
    """Title, fonts, source line and furniture shared by every chart."""
    ids = list(figure_ids)
    source_text = _wrap(source_line(source, ids, lang), 110 if lang == "en" else 60)
    source_lines = source_text.count("<br>") + 1
    bottom = 70 + 14 * source_lines
    figure.update_layout(
        title={"text": html.escape(title, quote=False), "x": 0, "xanchor": "left", "font": {"size": 18, "family": FONT_FAMILY, "color": TEXT}},
        font={"family": FONT_FAMILY, "size": 13, "color": TEXT},
        hoverlabel={"font": {"family": FONT_FAMILY, "size": 12}, "align": "left"},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "font": {"family": FONT_FAMILY}},
        margin={"l": 60, "r": 30, "t": 90, "b": bottom},
        height=height,
        paper_bgcolor="white",
        plot_bgcolor="white",
    )
    figure.update_xaxes(gridcolor=GRID, zerolinecolor=GRID, title_font={"family": FONT_FAMILY}, tickfont={"family": FONT_FAMILY}, automargin=True)
    figure.update_yaxes(gridcolor=GRID, zerolinecolor=GRID, title_font={"family": FONT_FAMILY}, tickfont={"family": FONT_FAMILY}, automargin=True)
    figure.add_annotation(
        text=source_text,
        xref="paper", yref="paper", x=0, y=0, yshift=-bottom + 8, xanchor="left", yanchor="bottom",
        showarrow=False, align="left", font={"size": 10, "color": SOURCE_TEXT, "family": FONT_FAMILY},
    )
    return figure


def chart_from(name: str, figure: go.Figure, takeaway: str, rows: pd.DataFrame, *, title: str, source: Mapping, lang: str, height: int = 440) -> Chart:
    """Finish `figure` with the shared furniture and wrap it with its takeaway and rows."""
    ids = tuple(rows["figure_id"]) if not rows.empty else ()
    finish(figure, title=title, source=source, figure_ids=ids, lang=lang, height=height)
    return Chart(name=name, figure=figure, takeaway=takeaway, figure_ids=ids, rows=rows)
