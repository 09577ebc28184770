"""Where a chart's words land, computed from the figure's own layout (axis ranges, margins, height,
anchors and shifts) at a phone's and a desktop's chart width: notes clear of lines and markers,
labels clear of each other. Text is measured as the line-break rule measures it (display units: a
CJK character two, a Latin one), at a generous 0.6 em a unit, so a pass here has room to spare."""

from __future__ import annotations

import math
from dataclasses import dataclass

import plotly.graph_objects as go
import pytest

from cenfigures.charts import types
from cenfigures.view.filters import state_of
from cenfigures.view.linebreak import display_units
from cenfigures.view.model import View
from test_chart_types import LANGS, SPECS, TABLES

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
        return self.left < other.right and other.left < self.right and self.top < other.bottom and other.top < self.bottom

    def crosses(self, a: tuple[float, float], b: tuple[float, float], steps: int = 200) -> bool:
        """Whether the segment a-b passes through the box (sampled finely)."""
        return any(self.left < a[0] + (b[0] - a[0]) * i / steps < self.right and self.top < a[1] + (b[1] - a[1]) * i / steps < self.bottom
                   for i in range(steps + 1))


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
        return (self.lon1 - self.lon0) * (self.y1 - self.y0) * self.scale ** 2 / (self.w * self.h)

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
    boxes = {text: geo.label(lon, lat, text, labels.textfont.size) for text, lon, lat in zip(labels.text, labels.lon, labels.lat)}
    assert len(boxes) >= 5
    clashes = [(a, b) for a in boxes for b in boxes if a < b and boxes[a].hits(boxes[b])]
    assert clashes == []
    right, bottom = geo.px(geo.lon1, math.degrees(2 * math.atan(math.exp(math.radians(geo.y0))) - math.pi / 2))
    assert all(0 <= b.left and b.right <= right + 1 and 0 <= b.top and b.bottom <= bottom + 1 for b in boxes.values()), boxes
    frame = next(t for t in figure.data if t.type == "scattergeo" and t.name == "inset-frame")
    (l, t), (r, b) = geo.px(min(frame.lon), max(frame.lat)), geo.px(max(frame.lon), min(frame.lat))
    assert not [name for name, box in boxes.items() if box.hits(Box(l, t, r, b))], "no label on the islands' inset"


@pytest.mark.parametrize("width", WIDTHS)
def test_map_fills_most_of_its_box_on_a_phone_and_a_desktop(width):
    """plotly keeps the map's aspect ratio: the height is chosen so that neither a phone (width
    bound) nor a desktop (height bound) leaves most of the box empty."""
    figure = types.build(View(TABLES, state_of("zh")), MAP).figure
    assert GeoPlot(figure, WIDTHS[width]).filled >= 0.6


# ---------------------------------------------------------------- category labels

LABEL_LINE_PX = 13 * 1.2  # a line of a 13 px category label


def horizontal_bars(figure: go.Figure) -> list[str]:
    return list(dict.fromkeys(label for trace in figure.data if trace.type == "bar" and trace.orientation == "h" and trace.y is not None
                              for label in trace.y if isinstance(label, str)))


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
