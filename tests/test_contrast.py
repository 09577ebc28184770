"""Every text a chart writes meets WCAG AA on what it is drawn on (issue 25, item 5): 4.5:1, or 3:1
for large text (24 px, or 18.66 px bold); the hover box's text, its grey source-and-id footer
included, on the hover box's fill. The browser test (tests/browser/test_honest_e2e.py) reads the
colours a hover box is drawn with."""

from __future__ import annotations

import re

import pytest
from chart_reading import LANGS, build, declared, spec_id

from cenfigures.view.colors import contrast_ratio

SPECS = declared()
PAPER = "#FFFFFF"
_SPAN_COLOUR = re.compile(r"color:\s*(#[0-9A-Fa-f]{6})")
_NAMED = {"white": "#FFFFFF", "black": "#000000"}


def _hex(color) -> str | None:
    if color is None:
        return None
    color = str(color).strip()
    if color in _NAMED:
        return _NAMED[color]
    if re.fullmatch(r"#[0-9A-Fa-f]{6}", color):
        return color.upper()
    match = re.fullmatch(r"rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*([\d.]+))?\)", color)
    if match and (match.group(4) is None or float(match.group(4)) == 1):
        return "#" + "".join(f"{int(match.group(i)):02X}" for i in (1, 2, 3))
    return None


def _needed(size) -> float:
    return 3.0 if size and float(size) >= 24 else 4.5


def chart_texts(figure) -> list[tuple[str, str, str, float]]:
    """(what, text colour, ground, ratio needed) for every text with a colour of its own."""
    layout = figure.layout
    found = []
    for annotation in layout.annotations:
        ground = _hex(annotation.bgcolor) or PAPER
        color = _hex(annotation.font.color) if annotation.font else None
        if color and annotation.text:
            found.append((f"annotation {annotation.text[:30]!r}", color, ground, _needed(annotation.font.size)))
    for trace in figure.data:
        font = getattr(trace, "textfont", None)
        color = _hex(font.color) if font is not None and isinstance(font.color, str) else None
        if color and trace.type != "scattergeo":  # map labels: test_honest_charts (on their fill)
            position = getattr(trace, "textposition", None)
            if position not in ("inside",):
                found.append((f"trace {trace.name!r} text", color, PAPER, _needed(font.size)))
    if layout.title and layout.title.font and _hex(layout.title.font.color):
        found.append(("title", _hex(layout.title.font.color), PAPER, _needed(layout.title.font.size)))
    if layout.font and _hex(layout.font.color):
        found.append(("layout font", _hex(layout.font.color), PAPER, 4.5))
    return found


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", SPECS, ids=spec_id)
def test_chart_text_meets_aa(spec, lang):
    figure = build(spec, lang).figure
    for what, color, ground, needed in chart_texts(figure):
        assert contrast_ratio(color, ground) >= needed, (spec.page, spec.id, what, color, ground)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", SPECS, ids=spec_id)
def test_hover_text_meets_aa_on_the_hover_box(spec, lang):
    """The hover box has one fill (white) for every trace: plotly's default is the trace's colour,
    on which the grey source-and-id footer was about 2:1."""
    figure = build(spec, lang).figure
    label = figure.layout.hoverlabel
    box = _hex(label.bgcolor)
    assert box, "the hover box's fill is set (not each trace's colour)"
    text = _hex(label.font.color)
    assert text and contrast_ratio(text, box) >= 4.5
    for trace in figure.data:
        assert trace.hoverlabel is None or trace.hoverlabel.bgcolor is None, trace.name
        hovers = trace.hovertext if isinstance(trace.hovertext, tuple | list) else [trace.hovertext]
        for hover in hovers:
            for color in _SPAN_COLOUR.findall(str(hover or "")):
                assert contrast_ratio(color, box) >= 4.5, (spec.page, spec.id, color)
