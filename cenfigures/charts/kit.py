"""What every chart shares: the Chart record, fonts, title, source line, hover text and marks.

Chart builders (charts_*.py) are pure: DataFrame of figures in, Chart out. They call `finish` so
that every chart carries a title, units, a source line inside the figure and CJK fonts, and
`hover_text` so that every point shows its value as stated and its quote (or formula).
"""

from __future__ import annotations

import html
import re
import textwrap
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from cenfigures.view.colors import GRID, KIND_STYLE, SOURCE_TEXT, TEXT
from cenfigures.view.formatting import format_figure
from cenfigures.view.labels import column, kind_label, text
from cenfigures.view.rows import row_of, select, value_of  # noqa: F401  (builders take them from the kit)

# Noto Sans CJK comes with Debian's fonts-noto-cjk; the others cover macOS and Windows viewers.
FONT_FAMILY = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'


@dataclass
class Chart:
    name: str  # slug for keys and file names
    figure: go.Figure
    takeaway: str  # one sentence, computed from the data
    figure_ids: tuple[str, ...]
    rows: pd.DataFrame = field(default_factory=pd.DataFrame)  # the figures behind the chart


class SealedFigure(go.Figure):
    """A finished figure that is only read from now on, so its dict is made once: st.plotly_chart
    asks for figure.to_dict() on every rerun, and plotly deep-copies the whole figure for it (0.18 s
    a rerun for the map's province outlines, a few ms for other charts)."""

    def to_dict(self) -> dict:
        if getattr(self, "_sealed_dict", None) is None:
            self._sealed_dict = super().to_dict()
        return self._sealed_dict


def seal(chart: Chart) -> Chart:
    """The chart with its figure sealed (see SealedFigure); for charts kept and shared after building."""
    chart.figure.__class__ = SealedFigure  # in place: a copy would validate the whole figure again
    return chart




def indicator(row: Mapping, lang: str) -> str:
    return str(row[column("indicator", lang)])


def _wrap(value: str, width: int) -> str:
    return "<br>".join(textwrap.wrap(html.escape(value.replace("\n", ""), quote=False), width)) or ""


def hover_text(row: Mapping, lang: str) -> str:
    """Value, value as stated, kind, period and the quote (or formula) of one figure, escaped."""
    width = 28 if lang == "zh" else 60
    lines = [
        f"<b>{_wrap(indicator(row, lang), width)}</b>",
        f"{html.escape(format_figure(row, lang))}"
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


# A source line must fit the narrowest screen we support (a 390 px phone: about 340 px of chart at
# 10 px type): wrap it by display width, a CJK character counting as two Latin ones.
SOURCE_LINE_UNITS = 62
LEGEND_ROW_PX = 21
TITLE_PX = 56
TITLE_UNITS = 44  # a title wraps so that it fits a phone at 17 px type
TITLE_LINE_PX = 22


def _display_units(value: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in value)


def wrap_display(value: str, max_units: int) -> list[str]:
    """Lines of at most `max_units` display units; Latin words are not split, CJK may break anywhere."""
    lines, current = [], ""
    for token in re.findall(r"[A-Za-z0-9_.\-]+[,;]? ?|.", value):
        if current and _display_units(current + token.rstrip()) > max_units:
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current += token
    if current.strip():
        lines.append(current.rstrip())
    return lines


LEGEND_UNITS = 46  # a legend entry wraps so that it fits beside its symbol on a phone


def _legend_rows(figure: go.Figure) -> int:
    """Wrap long legend entries and count the lines the legend takes."""
    rows = 0
    for trace in figure.data:
        if getattr(trace, "showlegend", False) is False or not getattr(trace, "name", None):
            continue  # hidden, unnamed, or a trace kind with no legend entry (e.g. Indicator)
        lines = wrap_display(trace.name.replace("<br>", " "), LEGEND_UNITS) or [""]
        trace.name = "<br>".join(lines)
        rows += len(lines)
    return rows


CATEGORY_UNITS = 18  # a category label wraps after about 9 CJK or 18 Latin characters
PX_PER_UNIT = 6.7  # at 13 px type


def _wrapped_categories(values) -> tuple[list[str], int, int] | None:
    """Category labels wrapped to CATEGORY_UNITS, with the widest line and the most lines."""
    if values is None or len(values) == 0 or not all(isinstance(v, str) for v in values):
        return None
    lines = [wrap_display(v.replace("<br>", " "), CATEGORY_UNITS) or [""] for v in values]
    widest = max(_display_units(line) for group in lines for line in group)
    return ["<br>".join(group) for group in lines], widest, max(len(group) for group in lines)


def _fit_categories(figure: go.Figure) -> tuple[int, int]:
    """Wrap long category labels of bars; return the widest y label (units) and the most x label lines."""
    widest_y, x_lines = 0, 1
    for trace in figure.data:
        if trace.type != "bar":
            continue
        horizontal = trace.orientation == "h"
        wrapped = _wrapped_categories(trace.y if horizontal else trace.x)
        if wrapped is None:
            continue
        labels, widest, lines = wrapped
        if horizontal:
            trace.y = labels
            widest_y = max(widest_y, widest)
        else:
            trace.x = labels
            x_lines = max(x_lines, lines)
    return widest_y, x_lines


def finish(
    figure: go.Figure,
    *,
    title: str,
    source: Mapping,
    figure_ids: Iterable[str],
    lang: str,
    height: int = 440,
) -> go.Figure:
    """Title, fonts, legend, source line and furniture shared by every chart.

    Margins are computed, not left to plotly's automargin, so that the source line can be placed at
    the figure's left edge and never runs off a phone screen; long category labels are wrapped to
    fit them. The legend is a column between the title and the plot, and the space it takes is
    added to the figure, so neither the title nor the plot is ever covered.
    """
    ids = list(figure_ids)
    source_lines = wrap_display(source_line(source, ids, lang), SOURCE_LINE_UNITS)
    widest_y, x_lines = _fit_categories(figure)
    has_y_title = any(axis.title.text for axis in figure.select_yaxes())
    has_x_title = any(axis.title.text for axis in figure.select_xaxes())
    left = int(max(56, 14 + PX_PER_UNIT * widest_y) + (24 if has_y_title else 0))
    x_axis_px = 30 + 16 * (x_lines - 1) + (24 if has_x_title else 0)
    bottom = x_axis_px + 16 + 13 * len(source_lines)
    legend_rows = _legend_rows(figure) if figure.layout.showlegend is not False else 0
    title_lines = wrap_display(title, TITLE_UNITS) or [""]
    extra_title_px = TITLE_LINE_PX * (len(title_lines) - 1)
    top = TITLE_PX + extra_title_px + LEGEND_ROW_PX * legend_rows + (8 if legend_rows else 0)
    figure.update_layout(
        title={
            "text": "<br>".join(html.escape(line, quote=False) for line in title_lines), "x": 0, "xanchor": "left", "xref": "container",
            "y": 1, "yanchor": "top", "yref": "container", "pad": {"t": 14, "l": 12},
            "font": {"size": 17, "family": FONT_FAMILY, "color": TEXT},
        },
        font={"family": FONT_FAMILY, "size": 13, "color": TEXT},
        hoverlabel={"font": {"family": FONT_FAMILY, "size": 12}, "align": "left"},
        legend={"orientation": "v", "yanchor": "bottom", "y": 1.02, "x": 0, "xanchor": "left", "font": {"family": FONT_FAMILY, "size": 12}},
        margin={"l": left, "r": 40, "t": top, "b": bottom, "autoexpand": False},
        height=height + extra_title_px + LEGEND_ROW_PX * legend_rows + 13 * len(source_lines) + 16 * (x_lines - 1),
        paper_bgcolor="white",
        plot_bgcolor="white",
    )
    axis_style = {"gridcolor": GRID, "zerolinecolor": GRID, "title_font": {"family": FONT_FAMILY}, "tickfont": {"family": FONT_FAMILY}, "automargin": False}
    figure.update_xaxes(**axis_style, title_standoff=8)
    figure.update_yaxes(**axis_style, title_standoff=6)
    figure.add_annotation(
        text="<br>".join(html.escape(line, quote=False) for line in source_lines),
        xref="paper", yref="paper", x=0, y=0, xshift=-left + 10, yshift=-bottom + 6, xanchor="left", yanchor="bottom",
        showarrow=False, align="left", font={"size": 10, "color": SOURCE_TEXT, "family": FONT_FAMILY},
    )
    return figure


def chart_from(name: str, figure: go.Figure, takeaway: str, rows: pd.DataFrame, *, title: str, source: Mapping, lang: str, height: int = 440) -> Chart:
    """Finish `figure` with the shared furniture and wrap it with its takeaway and rows."""
    ids = tuple(rows["figure_id"]) if not rows.empty else ()
    finish(figure, title=title, source=source, figure_ids=ids, lang=lang, height=height)
    return Chart(name=name, figure=figure, takeaway=takeaway, figure_ids=ids, rows=rows)
