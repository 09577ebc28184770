"""A view's charts as a PowerPoint deck (.pptx, python-pptx): one slide per chart, the chart a native
PowerPoint chart whose data sheet holds the figures (so "Edit Data" in PowerPoint or WPS opens
them), with its title, takeaway, source line and short citation on the slide and the full citation
(articles, every figure's id and quote) in the speaker notes; a title slide names the view, its
filters in words, the date and the link that reopens it.

Native charts: bars (a clustered bar, one series per kind: stated, target, derived, unreviewed
draft, each labelled and drawn apart) and lines (values of one measure over periods, ranks with
the first at the top). A chart's values of several units are drawn as one native chart per unit
that has two or more values; a unit with a single value is a row of a table beside them (a bar of
its own would be as long as any other). The map, the timeline, the capacity marks and the speed
strip (what a native chart cannot draw: shapes, dated spans, marks on a scale) are the chart as a
picture (PNG by kaleido at the slide's resolution), with the same text and notes.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_PATTERN_TYPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from cenfigures.charts import catalog
from cenfigures.charts.export import for_image, render
from cenfigures.view import filters, share
from cenfigures.view.colors import KIND_STYLE, OKABE_ITO
from cenfigures.view.filters import ViewState
from cenfigures.view.labels import text
from cenfigures.view.magnitude import scale_for
from cenfigures.view.model import View, fact_columns
from cenfigures.view.translate import Translator
from cenfigures.view.words import (
    indicator_names,
    plain_values,
    text_column,
    unreviewed,
    unreviewed_ids,
    value_labels,
)
from cenfigures.view.workbook import part, workbook_bytes

# Chart types drawn as pictures: what a native chart has no form for.
PICTURE_TYPES = frozenset({"map", "timeline", "capacity", "speed_and_events"})
LINE_TYPES = frozenset({"rank_over_time"})  # values of one measure over periods
LINE_KINDS = ("rank", "observed", "target")  # what a line of values over periods holds

# 16:9 at PowerPoint's default size (13.33 x 7.5 in).
SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
CHART_TOP, CHART_HEIGHT = Inches(1.35), Inches(4.45)
PICTURE_PX = 1600  # a picture's width: 120 dpi across the slide's 13.3 in, sharp on a projector
# A Chinese font every Windows and WPS machine has, set as the east-Asian typeface of every run (a
# viewer without it substitutes its own CJK font: LibreOffice on Linux takes Noto Sans CJK).
EAST_ASIAN_FONT = "Microsoft YaHei"
# The Latin typeface is a label (office.latin_font): YaHei's Latin letters in Chinese, Calibri in English.
TEXT_COLOR = RGBColor(0x1F, 0x29, 0x33)
QUIET_COLOR = RGBColor(0x52, 0x60, 0x6D)


def _rgb(hex_color: str) -> RGBColor:
    return RGBColor.from_string(hex_color.lstrip("#")[:6].upper())


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    kind: str  # what it draws: observed, target, derived... ("draft" for unreviewed drafts)


@dataclass(frozen=True)
class NativeChart:
    """One native chart: its categories, series and the scale its numbers are written at."""

    line: bool
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit_label: str
    reversed_axis: bool = False  # ranks: the first at the top

    @property
    def logarithmic(self) -> bool:
        """Values a hundredfold apart (23000 base stations and 6 projects): a log axis, as on the page."""
        values = [v for s in self.series for v in s.values if v is not None]
        return bool(values) and min(values) > 0 and max(values) / min(values) >= 100


def _kind_class(rows: pd.DataFrame) -> pd.Series:
    """What tells a value apart on the slide: an unreviewed draft, else its kind."""
    drafts = rows["reviewed"].astype(str).str.lower().eq("false") if "reviewed" in rows else False
    return rows["kind"].astype(str).where(~drafts, "draft")


def _labels(view: View, rows: pd.DataFrame, with_period: bool) -> list[str]:
    """Each row's category: the measure as the screen names it, with its region when the rows have
    several and its period when asked."""
    several = rows["region_id"].nunique() > 1 if "region_id" in rows else False
    names = indicator_names(view, rows)
    regions = rows["region_id"].map(view.region_name) if several else pd.Series([""] * len(rows), index=rows.index)
    labels = names.where(regions.eq(""), regions + " · " + names)
    return list(labels + (" · " + rows["period"].astype(str) if with_period else ""))


def native_charts(view: View, rows: pd.DataFrame, chart_type: str) -> tuple[list[NativeChart], pd.DataFrame]:
    """The native charts of a chart's figures (one per unit with two or more values) and the rows
    left for a table (units with a single value)."""
    t = view.t
    rows = rows[pd.to_numeric(rows.get("value"), errors="coerce").notna()] if "value" in rows else rows.iloc[0:0]
    if "figure_id" in rows and not rows.empty:  # one value per fact, as the chart draws it (view/facts.py)
        figures = view.all_figures
        statements = pd.Series(fact_columns(figures)["statement"].to_numpy(), index=figures["figure_id"].astype(str))
        keys = rows["figure_id"].astype(str).map(statements)  # rows that are not figures (events) have none
        rows = rows[keys.isna() | ~keys.duplicated()]
    aside = rows.iloc[0:0]
    if chart_type in LINE_TYPES and not rows.empty:  # places gained are no rank: listed, not on the line
        levels = rows["kind"].isin(LINE_KINDS)
        aside, rows = rows[~levels], rows[levels]
    counts = rows["unit"].value_counts() if not rows.empty else pd.Series(dtype=int)
    drawn_units = [u for u in dict.fromkeys(rows["unit"]) if counts[u] >= 2] if not rows.empty else []
    single = rows[~rows["unit"].isin(drawn_units)] if not rows.empty else rows
    charts = []
    for unit in drawn_units:
        group = rows[rows["unit"] == unit]
        scale = scale_for(group["value"].astype(float), unit, t.lang)
        values = group["value"].astype(float).map(scale.of)
        classes = _kind_class(group)
        line = chart_type in LINE_TYPES and group["period"].nunique() > 1
        if line:
            periods = group.drop_duplicates("period").sort_values(["period_start", "period_end"])["period"].astype(str)
            categories = tuple(periods)
            suffixes = classes.map(lambda kind: "" if kind in ("observed", "rank") else f" · {_series_name(t, kind)}")
            keys = indicator_names(view, group) + suffixes
            frame = pd.DataFrame({"series": keys, "period": group["period"].astype(str), "value": values})
            series = tuple(
                Series(name, tuple(_at(part.set_index("period")["value"], categories)), "observed")
                for name, part in frame.groupby("series", sort=False)
            )
        else:
            with_period = group["period"].nunique() > 1
            labels = _unique(_labels(view, group, with_period), list(classes), list(group["period"].astype(str)))
            categories = tuple(dict.fromkeys(labels))
            frame = pd.DataFrame({"label": labels, "class": list(classes), "value": list(values)})
            series = tuple(
                Series(_series_name(t, kind), tuple(_at(part.set_index("label")["value"], categories)), kind)
                for kind, part in frame.groupby("class", sort=False)
            )
        charts.append(NativeChart(line, categories, series, scale.unit_label, reversed_axis=line and unit == "rank"))
    return charts, pd.concat([single, aside]) if not aside.empty else single


def _unique(labels: list[str], classes: list[str], periods: list[str]) -> list[str]:
    """Labels that a series holds once each: a second value of the same measure and kind is told by
    its period, then by its place (no figure is dropped from the data sheet)."""
    seen: set[tuple[str, str]] = set()
    result = []
    for label, kind, period in zip(labels, classes, periods):
        numbered = (f"{label} · {period} ({n})" for n in itertools.count(2))  # never runs out: none is dropped
        for candidate in itertools.chain((label, f"{label} · {period}"), numbered):
            if (candidate, kind) not in seen:
                seen.add((candidate, kind))
                result.append(candidate)
                break
    return result


def _at(values: pd.Series, categories: Sequence[str]) -> list[float | None]:
    """The series' value at each category, None where it has none (a blank cell of the data sheet)."""
    values = values[~values.index.duplicated()]
    return [None if pd.isna(v) else float(v) for v in values.reindex(list(categories))]


def _series_name(t: Translator, kind: str) -> str:
    return t("review.unreviewed") if kind == "draft" else t.kind(kind)


# ---------------------------------------------------------------- text


def _set_fonts(run, lang: str) -> None:
    """The run's Latin and east-Asian typefaces and language (PowerPoint takes Chinese characters'
    font from the east-Asian one: without it they fall back to whatever the theme says)."""
    run.font.name = text("office.latin_font", lang)
    properties = run._r.get_or_add_rPr()
    properties.set("lang", text("office.lang_tag", lang))
    properties.set("altLang", text("office.other_lang_tag", lang))
    for old in properties.findall(qn("a:ea")):
        properties.remove(old)
    east = etree.SubElement(properties, qn("a:ea"))
    east.set("typeface", EAST_ASIAN_FONT)


def _text_box(slide, left, top, width, height, paragraphs: Sequence[tuple[str, int, bool, RGBColor]], lang: str):
    """A text box of (text, points, bold, colour) paragraphs that wraps to its width."""
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP
    for number, (words, size, bold, color) in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.LEFT
        run = paragraph.add_run()
        run.text = words
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = color
        _set_fonts(run, lang)
    return box


def _chart_fonts(chart, lang: str, size: int = 12) -> None:
    """Every text of a native chart in the slide's typefaces (its txPr), east-Asian included."""
    chart.font.size = Pt(size)
    chart.font.name = text("office.latin_font", lang)
    properties = chart._chartSpace.get_or_add_txPr().find(".//" + qn("a:defRPr"))
    if properties is not None:
        east = etree.SubElement(properties, qn("a:ea"))
        east.set("typeface", EAST_ASIAN_FONT)


# ---------------------------------------------------------------- the slides


def _draw_native(slide, spec: NativeChart, left, top, width, height, t: Translator) -> None:
    data = CategoryChartData(number_format="#,##0.##")
    data.categories = spec.categories
    for series in spec.series:
        data.add_series(series.name, series.values)
    kind = XL_CHART_TYPE.LINE_MARKERS if spec.line else XL_CHART_TYPE.BAR_CLUSTERED
    chart = slide.shapes.add_chart(kind, left, top, width, height, data).chart
    _chart_fonts(chart, t.lang)
    chart.has_title = False  # the slide's title says it (PowerPoint titles a one-series chart with its name)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.TOP
    chart.legend.include_in_layout = False
    axis = chart.value_axis
    axis.has_title = True
    axis.axis_title.text_frame.text = spec.unit_label or t("office.value")
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = RGBColor(0xE5, 0xE7, 0xEB)
    if spec.line:  # a measure's line runs across the periods it has no value for
        chart._chartSpace.find(".//" + qn("c:dispBlanksAs")).set("val", "span")
    if spec.reversed_axis:
        axis.reverse_order = True
    if spec.logarithmic:
        scaling = axis._element.find(qn("c:scaling"))
        base = etree.SubElement(scaling, qn("c:logBase"))
        base.set("val", "10")
        scaling.insert(0, base)  # the schema puts logBase first in c:scaling
    if not spec.line:
        chart.category_axis.reverse_order = True  # the first category at the top, as on the page
        plot = chart.plots[0]
        plot.overlap = 100 if len(spec.series) > 1 else 0  # one bar per category, whichever series holds it
        plot.gap_width = 60
    plot = chart.plots[0]
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = "#,##0.##"
    labels.number_format_is_linked = False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END if not spec.line else XL_LABEL_POSITION.ABOVE
    for number, (drawn, series) in enumerate(zip(plot.series, spec.series)):
        color = _rgb(OKABE_ITO[number % len(OKABE_ITO)] if spec.line else OKABE_ITO[0])
        _style_series(drawn, series.kind, spec.line, color)


def _style_series(drawn, kind: str, line: bool, color: RGBColor) -> None:
    """Kinds drawn apart as on the screen (cenfigures.view.colors.KIND_STYLE): stated solid, a target
    hollow, a derived value hatched, an unreviewed draft with a dashed outline; each also named in
    the legend."""
    fill_style = KIND_STYLE.get(kind, KIND_STYLE["observed"])["fill"]
    if line:
        drawn.format.line.color.rgb = color
        drawn.format.line.width = Pt(2.5)
        drawn.smooth = False
        return
    fill = drawn.format.fill
    if fill_style == "hollow":
        fill.background()
        drawn.format.line.color.rgb = color
        drawn.format.line.width = Pt(2)
    elif fill_style == "hatched":
        fill.patterned()
        fill.pattern = MSO_PATTERN_TYPE.WIDE_UPWARD_DIAGONAL
        fill.fore_color.rgb = color
        fill.back_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        drawn.format.line.color.rgb = color
    else:
        fill.solid()
        fill.fore_color.rgb = color
        if kind == "draft":
            drawn.format.line.color.rgb = RGBColor(0x1F, 0x29, 0x33)
            drawn.format.line.dash_style = 4  # MSO_LINE_DASH_STYLE.DASH
            drawn.format.line.width = Pt(1.5)
    drawn.invert_if_negative = False


def _table(slide, rows: pd.DataFrame, view: View, left, top, width, height) -> None:
    """Values that share their unit with no other: a list (measure, value as stated, kind), not bars."""
    t = view.t
    kinds = rows["kind"].astype(str).map(t.kind) + " · " + rows["period"].astype(str)
    lines = list(zip(indicator_names(view, rows), value_labels(view, rows), kinds))
    shape = slide.shapes.add_table(len(lines) + 1, 3, left, top, width, min(height, Inches(0.4) * (len(lines) + 1)))
    table = shape.table
    heads = (t("office.col.measure"), t("office.col.value"), t("office.col.kind"))
    for column, head in enumerate(heads):
        table.cell(0, column).text = head
    for number, cells in enumerate(lines, start=1):
        for column, words in enumerate(cells):
            table.cell(number, column).text = words
    table.columns[0].width = int(width * 0.5)
    table.columns[1].width = int(width * 0.25)
    table.columns[2].width = width - int(width * 0.5) - int(width * 0.25)
    for cell in (c for r in table.rows for c in r.cells):
        for paragraph in cell.text_frame.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(13)
                _set_fonts(run, t.lang)


def picture_figure(figure, width_px: int):
    """The chart as a slide's picture draws it: laid out for `width_px`, without its title (the
    slide's title says it already, above the picture)."""
    drawn = go.Figure(for_image(figure, width_px))
    drawn.update_layout(title_text="")
    return drawn


def _picture(figure, width_px: int) -> bytes:
    """The chart as a PNG `width_px` wide (twice that in pixels), without its title (picture_figure)."""
    drawn = picture_figure(figure, width_px)
    return render(drawn, format="png", width=width_px, height=int(drawn.layout.height), scale=2)


def _notes(slide, text: str) -> None:
    slide.notes_slide.notes_text_frame.text = text


def figure_notes(view: View, chart, url: str) -> str:
    """The speaker notes of a chart: the full citation, then every figure with its id, value and quote
    (a derived one with its formula)."""
    t = view.t
    sources = [view.source(s) for s in chart.sources]
    drafts = unreviewed_ids(chart.rows) | unreviewed_ids(chart.events)
    lines = [share.long_citation(sources, chart.title, chart.figure_ids, t, url, drafts, chart.event_ids), ""]
    figures = chart.rows if _has_figures(chart.rows) else chart.rows.iloc[0:0]
    events = pd.concat([chart.rows.drop(figures.index), chart.events]) if figures.empty else chart.events
    if not figures.empty:
        said = _text(figures, "quote").where(_text(figures, "quote").ne(""), _text(figures, "formula"))
        marker = pd.Series("", index=figures.index).where(~unreviewed(figures), f" {t('review.unreviewed')}")
        ids = "[" + _text(figures, "figure_id") + "]" + marker
        lines += list(ids + " " + indicator_names(view, figures) + ": " + plain_values(view, figures) + " · " + said)
    if "event_id" in events and not events.empty:
        ids = "[" + _text(events, "event_id") + "] " + _text(events, "date")
        lines += list(ids + " " + text_column(events, "title", t.lang) + " · " + _text(events, "quote"))
    return "\n".join(lines)


def _text(rows: pd.DataFrame, column: str) -> pd.Series:
    """A column as text, '' where it is missing or empty."""
    if column not in rows:
        return pd.Series("", index=rows.index, dtype=object)
    return rows[column].fillna("").astype(str)


def _has_figures(rows: pd.DataFrame) -> bool:
    """Rows of figures.csv (the timeline's rows are events)."""
    return {"indicator_zh", "value", "unit"} <= set(rows.columns)


def add_chart_slide(presentation, view: View, chart, chart_type: str, url: str) -> None:
    t = view.t
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])  # blank
    width = SLIDE_WIDTH - 2 * MARGIN
    _text_box(slide, MARGIN, Inches(0.3), width, Inches(0.95), [(chart.title, 26, True, TEXT_COLOR)], t.lang)
    if chart_type in PICTURE_TYPES or not _has_figures(chart.rows):
        _add_picture(slide, chart.figure, width)
    else:
        natives, single = native_charts(view, chart.rows, chart_type)
        if not natives and single.empty:
            _add_picture(slide, chart.figure, width)
        else:
            table_width = int(width * (0.42 if natives else 1.0)) if not single.empty else 0
            room = width - table_width
            each = int(room / max(len(natives), 1))
            for number, spec in enumerate(natives):
                _draw_native(slide, spec, MARGIN + each * number, CHART_TOP, each, CHART_HEIGHT, t)
            if table_width:
                _table(slide, single, view, MARGIN + room, CHART_TOP, table_width, CHART_HEIGHT)
    source = (chart.figure.layout.meta or {}).get("finish", {}).get("source", "")
    sources = [view.source(s) for s in chart.sources]
    drafts = unreviewed_ids(chart.rows) | unreviewed_ids(chart.events)
    cite = share.short_citation(sources, chart.figure_ids, t, drafts, chart.event_ids)
    paragraphs = [(f"{t('word.takeaway')} · {chart.takeaway}", 16, False, TEXT_COLOR)] if chart.takeaway else []
    paragraphs += [(source, 11, False, QUIET_COLOR), (cite, 11, False, QUIET_COLOR)]
    _text_box(slide, MARGIN, CHART_TOP + CHART_HEIGHT + Inches(0.1), width, Inches(1.5), paragraphs, t.lang)
    _notes(slide, figure_notes(view, chart, url))


def _add_picture(slide, figure, width) -> None:
    png = _picture(figure, PICTURE_PX // 2)
    picture = slide.shapes.add_picture(io.BytesIO(png), MARGIN, CHART_TOP, height=CHART_HEIGHT)
    if picture.width > width:  # a wide picture: fit the width instead, keeping its proportions
        ratio = width / picture.width
        picture.width, picture.height = int(width), int(picture.height * ratio)
    picture.left = int(MARGIN + (width - picture.width) / 2)


def _title_slide(presentation, t: Translator, heading: str, scope: str, url: str, count: int, day: dt.date) -> None:
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    width = SLIDE_WIDTH - 2 * MARGIN
    paragraphs = [
        (t("app.title"), 20, False, QUIET_COLOR),
        (heading, 40, True, TEXT_COLOR),
        (scope, 18, False, TEXT_COLOR),
        (t("office.made", date=day.isoformat(), count=t("count.charts", count=count)), 16, False, QUIET_COLOR),
    ]
    _text_box(slide, MARGIN, Inches(1.6), width, Inches(3.4), paragraphs, t.lang)
    box = _text_box(slide, MARGIN, Inches(5.3), width, Inches(0.8), [(url, 14, False, QUIET_COLOR)], t.lang)
    run = box.text_frame.paragraphs[0].runs[0]
    if url.startswith(("http://", "https://")):
        run.hyperlink.address = url
    _notes(slide, f"{scope}\n{url}")


@dataclass(frozen=True)
class DeckView:
    """What a deck or workbook is of: the charts of `pages` under `state`, the page it was asked from
    (its name heads the title slide) and the link that reopens it."""

    tables: Mapping[str, pd.DataFrame]
    state: ViewState
    pages: tuple
    heading: str
    url: str
    base_url: str = ""


def scope_sentence(tables: Mapping[str, pd.DataFrame], state: ViewState) -> str:
    """The view's filters in words: "These slides show the figures where region is Hebei"."""
    t = Translator(state.lang)
    view = View(tables, state)
    clean = state.with_(present=False, slide=1, chart="")
    said = filters.conditions(clean, t, view.names, filters.FILTER_KEYS)
    return t.sentence(
        t("deck.filters", conditions=t("filter.sentence.and").join(said)) if said else t("deck.no_filters")
    )


def slide_url(base_url: str, state: ViewState, slide: catalog.Slide) -> str:
    query = filters.to_query(
        state.with_(present=False, slide=1, chart="").only(slide.page.uses).with_(chart=slide.chart.name)
    )
    return share.view_url(base_url, slide.page.url_path, {**query, **slide.page.query})


def pptx_bytes(
    deck: DeckView, slides: Sequence[catalog.Slide], *, today: dt.date | None = None, title_slide: bool = True
) -> bytes:
    """The deck of `slides` (a title slide first when asked): 16:9, in the state's language."""
    t = Translator(deck.state.lang)
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    core = presentation.core_properties
    core.title, core.language = deck.heading, t("office.lang_tag")
    core.author = t("app.title")
    if title_slide:
        scope = scope_sentence(deck.tables, deck.state)
        _title_slide(presentation, t, deck.heading, scope, deck.url, len(slides), today or dt.date.today())
    for slide in slides:
        view = View(deck.tables, deck.state.only(slide.page.uses), slide.page.uses)
        chart_type = slide.spec.type if slide.spec is not None else ""
        add_chart_slide(presentation, view, slide.chart, chart_type, slide_url(deck.base_url, deck.state, slide))
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(deck: DeckView, slides: Sequence[catalog.Slide], *, today: dt.date | None = None) -> bytes:
    """The workbook of `slides` (one chart, or every chart of the view) in the state's language."""
    parts = [part(s.chart.title, s.chart.rows, s.chart.events) for s in slides]
    scope = scope_sentence(deck.tables, deck.state)
    return workbook_bytes(
        parts, deck.tables, deck.state.lang, heading=deck.heading, scope=scope, url=deck.url, today=today
    )
