"""Where a chart's words land, computed from the figure's own layout (axis ranges, margins, height,
anchors and shifts) at a phone's and a desktop's chart width: notes clear of lines and markers,
labels clear of each other. Text is measured as the line-break rule measures it (display units: a
CJK character two, a Latin one), at a generous 0.6 em a unit, so a pass here has room to spare."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import pytest
from test_chart_types import LANGS, SPECS, TABLES

from cenfigures.charts import types
from cenfigures.view.filters import state_of
from cenfigures.view.linebreak import display_units
from cenfigures.view.model import View

WIDTHS = {"phone": 358, "desktop": 810}  # the chart's width in px (390 and 1280 px screens)
EM_PER_UNIT = 0.6
LINE_EM = 1.3


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def hits(self, other: Box) -> bool:
        return (
            self.left < other.right and other.left < self.right and self.top < other.bottom and other.top < self.bottom
        )

    def crosses(self, a: tuple[float, float], b: tuple[float, float], steps: int = 200) -> bool:
        """Whether the segment a-b passes through the box (sampled finely)."""
        return any(
            self.left < a[0] + (b[0] - a[0]) * i / steps < self.right
            and self.top < a[1] + (b[1] - a[1]) * i / steps < self.bottom
            for i in range(steps + 1)
        )


def text_size(text: str, font_px: float) -> tuple[float, float]:
    lines = text.replace("<br>", "\n").split("\n")
    return max(display_units(line) for line in lines) * font_px * EM_PER_UNIT, len(lines) * font_px * LINE_EM


class Plot:
    """Data coordinates of a cartesian figure to pixels of its plot area at a chart width."""

    def __init__(self, figure: go.Figure, width: int):
        layout = figure.layout
        self.w = width - layout.margin.l - layout.margin.r
        self.h = layout.height - layout.margin.t - layout.margin.b
        self.x0, self.x1 = layout.xaxis.range
        self.y0, self.y1 = layout.yaxis.range

    def px(self, x: float, y: float) -> tuple[float, float]:
        return (x - self.x0) / (self.x1 - self.x0) * self.w, (self.y1 - y) / (self.y1 - self.y0) * self.h

    def annotation(self, note) -> Box:
        ax, ay = self.px(note.x, note.y)
        ax, ay = ax + (note.xshift or 0), ay - (note.yshift or 0)
        w, h = text_size(note.text, note.font.size or 12)
        left = {"right": ax - w, "center": ax - w / 2}.get(note.xanchor, ax)
        top = {"top": ay, "middle": ay - h / 2}.get(note.yanchor, ay - h)
        return Box(left, top, left + w, top + h)

    def marks(self, figure: go.Figure) -> tuple[list[tuple], list[Box]]:
        """The line segments and the boxes of markers and their value labels."""
        segments, boxes = [], []
        for trace in figure.data:
            if trace.type != "scatter":
                continue
            points = [self.px(x, y) for x, y in zip(trace.x, trace.y)]
            if "lines" in (trace.mode or ""):
                segments += list(zip(points, points[1:]))
            if "markers" in (trace.mode or ""):
                radius = (trace.marker.size or 12) / 2
                boxes += [Box(x - radius, y - radius, x + radius, y + radius) for x, y in points]
            if "text" in (trace.mode or "") and trace.text is not None:
                font = (trace.textfont.size or 13) if trace.textfont else 13
                for (x, y), label in zip(points, trace.text):
                    w, h = text_size(str(label), font)
                    boxes.append(Box(x - w, y - radius - h, x + w, y - radius))  # above, either side
        return segments, boxes


BEFORE_AFTER = [spec for spec in SPECS if spec.type == "before_after"]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", BEFORE_AFTER, ids=lambda s: f"{s.page}-{s.id}")
def test_before_after_change_note_is_clear_of_lines_and_markers(spec, lang, width):
    figure = types.build(View(TABLES, state_of(lang)), spec).figure
    notes = [a for a in figure.layout.annotations if a.name == "change-note"]
    assert notes, "the seed declares a change for every before_after chart"
    plot = Plot(figure, WIDTHS[width])
    segments, boxes = plot.marks(figure)
    assert segments and boxes
    for note in notes:
        box = plot.annotation(note)
        assert 0 <= box.top and box.bottom <= plot.h, f"the note leaves the plot: {box}"
        assert not [s for s in segments if box.crosses(*s)], f"the note crosses a line: {box}"
        assert not [b for b in boxes if box.hits(b)], f"the note covers a marker or its label: {box}"


# ---------------------------------------------------------------- the map


def mercator(lat: float) -> float:
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


class GeoPlot:
    """A mercator geo subplot fitted into the plot area (plotly keeps the map's aspect ratio)."""

    def __init__(self, figure: go.Figure, width: int):
        layout = figure.layout
        self.w = width - layout.margin.l - layout.margin.r
        self.h = layout.height - layout.margin.t - layout.margin.b
        self.lon0, self.lon1 = layout.geo.lonaxis.range
        lat0, lat1 = layout.geo.lataxis.range
        self.y0, self.y1 = mercator(lat0), mercator(lat1)
        self.scale = min(self.w / (self.lon1 - self.lon0), self.h / (self.y1 - self.y0))

    @property
    def filled(self) -> float:
        """The share of the plot area the map takes."""
        return (self.lon1 - self.lon0) * (self.y1 - self.y0) * self.scale**2 / (self.w * self.h)

    def px(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.lon0) * self.scale, (self.y1 - mercator(lat)) * self.scale

    def label(self, lon: float, lat: float, text: str, font_px: float) -> Box:
        x, y = self.px(lon, lat)
        w, h = text_size(text, font_px)
        w, h = w * 0.9, h * 0.8  # the drawn glyphs, not the line box with its leading
        return Box(x - w / 2, y - h / 2, x + w / 2, y + h / 2)


MAP = next(spec for spec in SPECS if spec.type == "map")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_map_labels_never_collide_and_stay_on_the_map(lang, width):
    figure = types.build(View(TABLES, state_of(lang)), MAP).figure
    geo = GeoPlot(figure, WIDTHS[width])
    labels = next(t for t in figure.data if t.type == "scattergeo" and t.mode == "text")
    boxes = {
        text: geo.label(lon, lat, text, labels.textfont.size)
        for text, lon, lat in zip(labels.text, labels.lon, labels.lat)
    }
    assert len(boxes) >= 5
    clashes = [(a, b) for a in boxes for b in boxes if a < b and boxes[a].hits(boxes[b])]
    assert clashes == []
    right, bottom = geo.px(geo.lon1, math.degrees(2 * math.atan(math.exp(math.radians(geo.y0))) - math.pi / 2))
    assert all(
        0 <= b.left and b.right <= right + 1 and 0 <= b.top and b.bottom <= bottom + 1 for b in boxes.values()
    ), boxes
    frame = next(t for t in figure.data if t.type == "scattergeo" and t.name == "inset-frame")
    (left, top), (right, bottom) = geo.px(min(frame.lon), max(frame.lat)), geo.px(max(frame.lon), min(frame.lat))
    inset = Box(left, top, right, bottom)
    assert not [name for name, box in boxes.items() if box.hits(inset)], "no label on the islands' inset"


@pytest.mark.parametrize("width", WIDTHS)
def test_map_fills_most_of_its_box_on_a_phone_and_a_desktop(width):
    """plotly keeps the map's aspect ratio: the height is chosen so that neither a phone (width
    bound) nor a desktop (height bound) leaves most of the box empty."""
    figure = types.build(View(TABLES, state_of("zh")), MAP).figure
    assert GeoPlot(figure, WIDTHS[width]).filled >= 0.6


# ---------------------------------------------------------------- category labels

LABEL_LINE_PX = 13 * 1.2  # a line of a 13 px category label


def horizontal_bars(figure: go.Figure) -> list[str]:
    return list(
        dict.fromkeys(
            label
            for trace in figure.data
            if trace.type == "bar" and trace.orientation == "h" and trace.y is not None
            for label in trace.y
            if isinstance(label, str)
        )
    )


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", [s for s in SPECS if s.type == "counts"], ids=lambda s: f"{s.page}-{s.id}")
def test_category_labels_fit_their_rows_and_keep_names_whole(spec, lang):
    """Every label of a bar fits the row plotly gives it (all rows are equal), so no label runs into
    its neighbour's; a "region · indicator" label that wraps puts the region on a line of its own."""
    view = View(TABLES, state_of(lang))
    figure = types.build(view, spec).figure
    labels = horizontal_bars(figure)
    if not labels:  # counts drawn as dots on a log scale: one category per trace point
        labels = [label for trace in figure.data if trace.y is not None for label in trace.y]
    plot_px = figure.layout.height - figure.layout.margin.t - figure.layout.margin.b
    row_px = plot_px / len(set(labels))
    for label in labels:
        lines = label.split("<br>")
        assert len(lines) * LABEL_LINE_PX <= row_px, f"{label!r} needs {len(lines)} lines in a {row_px:.0f} px row"
        if "·" in label and len(lines) > 1:
            assert lines[0].endswith("·"), f"the region stays whole on its own line: {lines}"


# ---------------------------------------------------------------- the timeline

TIMELINE = next(spec for spec in SPECS if spec.type == "timeline")
YEAR_STEPS = (1, 2, 5, 10, 20, 50, 100)


def timeline_figure(lang: str, first_year: int | None = None) -> go.Figure:
    """The timeline of the seed's events; with `first_year`, its year-dated event moved back to it
    (a corpus whose events span many years)."""
    events = TABLES["events"].copy()
    if first_year is not None:
        moved = events.index[events["precision"] == "year"][0]
        events.loc[moved, ["date", "date_end"]] = [str(first_year), ""]
    return types.build(View({**TABLES, "events": events}, state_of(lang)), TIMELINE).figure


def year_ticks(axis) -> list[pd.Timestamp]:
    """The years a date axis labels: every `dtick` months from `tick0`, inside its range."""
    step = int(axis.dtick.removeprefix("M")) // 12
    start, end, origin = (pd.Timestamp(v) for v in (*axis.range, axis.tick0))
    return [
        pd.Timestamp(year=y, month=1, day=1) for y in range(start.year, end.year + 1) if (y - origin.year) % step == 0
    ]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("first_year", [None, 2008, 1990, 1900])
def test_timeline_year_labels_never_crowd_and_stay_on_the_chart(first_year, lang, width):
    """The year labels, upright, keep apart and inside the chart at a phone's and a desktop's width,
    whatever years the events span; and no more years are skipped than a phone needs."""
    figure = timeline_figure(lang, first_year)
    axis, margin = figure.layout.xaxis, figure.layout.margin
    plot_w = WIDTHS[width] - margin.l - margin.r
    start, end = (pd.Timestamp(v) for v in axis.range)
    ticks = year_ticks(axis)
    assert len(ticks) >= 2 and axis.tickangle == 0

    def spans(at_width_px: float, years: list[pd.Timestamp]) -> list[tuple[float, float]]:
        out = []
        for year in years:
            x = margin.l + (year - start) / (end - start) * at_width_px
            w, _ = text_size(year.strftime(axis.tickformat), 13)
            out.append((x - w / 2, x + w / 2))
        return out

    boxes = spans(plot_w, ticks)
    assert all(a[1] + 8 <= b[0] for a, b in zip(boxes, boxes[1:])), f"year labels crowd: {boxes}"
    assert boxes[0][0] >= 0 and boxes[-1][1] <= WIDTHS[width], f"a year label leaves the chart: {boxes}"
    step = int(axis.dtick.removeprefix("M")) // 12
    if step > 1:  # the next smaller step would crowd on a phone
        smaller = YEAR_STEPS[YEAR_STEPS.index(step) - 1]
        denser = spans(
            WIDTHS["phone"] - margin.l - margin.r,
            [y for y in pd.date_range(start, end, freq="YS") if y.year % smaller == 0],
        )
        assert any(a[1] + 8 > b[0] for a, b in zip(denser, denser[1:]))
        assert axis.minor.showgrid and axis.minor.dtick == "M12", "a grid line every year between the labels"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_timeline_plot_takes_most_of_the_width_and_titles_sit_above_their_marks(lang, width):
    """The events' titles stand above their marks, so the plot takes most of the chart's width (it
    had 40% of a phone's, beside titles wrapped narrow); each title fits the chart's width and the
    room above its own mark, clear of the mark and of the event before."""
    figure = timeline_figure(lang)
    margin = figure.layout.margin
    assert (WIDTHS[width] - margin.l - margin.r) / WIDTHS[width] >= 0.75
    plot_h = figure.layout.height - margin.t - margin.b
    bottom, top = figure.layout.yaxis.range
    assert top == 0 and plot_h >= bottom - 2, (
        "a unit of the y axis is at least a pixel: the rows are as tall as laid out"
    )
    titles = sorted((a for a in figure.layout.annotations if a.name == "event-label"), key=lambda a: a.y)
    marks = sorted(
        (y, trace.marker.size if trace.type == "scatter" else trace.width) for trace in figure.data for y in trace.y
    )
    assert len(titles) == len(marks) == len(TABLES["events"])
    previous_mark_bottom = 0.0
    for title, (center, size) in zip(titles, marks):
        w, h = text_size(title.text, title.font.size)
        assert title.x == 0 and title.xanchor == "left" and margin.l + w <= WIDTHS[width], (
            f"{title.text!r} runs off the chart"
        )
        assert previous_mark_bottom <= title.y and title.y + h <= center - size / 2, f"{title.text!r} overlaps a mark"
        previous_mark_bottom = center + size / 2
