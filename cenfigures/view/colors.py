"""Colours and marks, in one place: one colour per region from colour-blind-safe palettes (Okabe-Ito,
then Paul Tol's muted scheme; no black, which hides labels and reads as "no data"), and one mark per
kind so that targets and derived values never look like observed data."""

from __future__ import annotations

import pandas as pd

# Okabe & Ito (2008), "Color Universal Design"; readable with every common colour-vision deficiency.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")  # without yellow and black
# Paul Tol, "Colour schemes" (2021), muted: more colours that stay apart for colour-blind readers.
TOL_MUTED = ("#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499")
PALETTE = OKABE_ITO + TOL_MUTED

REGION_COLORS: dict[str, str] = {
    "hebei": "#0072B2",
    "national": "#7F7F7F",  # the reference line everything is compared against: neutral grey
    "guangzhou": "#D55E00",
    "beijing": "#009E73",
    "zhejiang": "#E69F00",
    "fujian": "#56B4E9",
    "hubei": "#CC79A7",
    "xinjiang": "#882255",
}
NEUTRAL = "#7F7F7F"
GRID = "#E5E5E5"
TEXT = "#262730"
SOURCE_TEXT = "#6B6B6B"

# How a kind is drawn. Observed: solid fill. Target: hollow with a dashed outline. Derived:
# hatched fill with a dotted outline. Marker symbols follow the same idea for points.
KIND_STYLE: dict[str, dict[str, object]] = {
    "observed": {"symbol": "circle", "dash": "solid", "fill": "solid", "opacity": 1.0},
    "rank": {"symbol": "circle", "dash": "solid", "fill": "solid", "opacity": 1.0},
    "change": {"symbol": "triangle-up", "dash": "solid", "fill": "solid", "opacity": 1.0},
    "cagr": {"symbol": "circle", "dash": "solid", "fill": "solid", "opacity": 1.0},
    "target": {"symbol": "diamond-open", "dash": "dash", "fill": "hollow", "opacity": 1.0},
    "derived": {"symbol": "circle-open-dot", "dash": "dot", "fill": "hatched", "opacity": 0.85},
}


def region_color(region_id: str) -> str:
    """The region's colour: a fixed one for the regions of the first article, otherwise one of the
    palette picked by the id (the same region has the same colour on every chart and the map)."""
    if region_id in REGION_COLORS:
        return REGION_COLORS[region_id]
    return PALETTE[sum(map(ord, str(region_id))) % len(PALETTE)]


def region_colors(region_ids: pd.Series) -> pd.Series:
    """region_color for a column, once per distinct region."""
    return region_ids.map({region: region_color(region) for region in region_ids.unique()})


def series_colors(count: int) -> list[str]:
    """`count` distinct colours for series that are not regions (indicators on one chart)."""
    return [PALETTE[i % len(PALETTE)] for i in range(count)]


def pale(color: str, amount: float = 0.7) -> str:
    """`color` mixed with `amount` of white: a region named by the articles whose figures the
    filters hide is drawn pale, never grey (grey means "not in the articles")."""
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    mix = [round(c + (255 - c) * amount) for c in (red, green, blue)]
    return "#" + "".join(f"{c:02X}" for c in mix)


# The map: how many figures a region has under the filters, on a sequential, colour-blind safe scale
# (ColorBrewer's Blues, light to dark; one hue, so it reads in greyscale and for every colour vision).
FIGURE_COUNT_BINS = ((1, 1), (2, 4), (5, 9), (10, 19), (20, None))  # (first, last); None: and more
FIGURE_COUNT_COLORS = ("#C6DBEF", "#9ECAE1", "#6BAED6", "#2171B5", "#08306B")
NAMED_NO_FIGURES = "#FFFFFF"  # named by an article, no figure: white with a dark outline
NAMED_OUTLINE = "#4D4D4D"


def figure_count_bin(count: int) -> int:
    """The index of the bin (FIGURE_COUNT_BINS) holding `count` >= 1."""
    return next(index for index, (first, last) in enumerate(FIGURE_COUNT_BINS) if last is None or count <= last)


def figure_count_color(count: int) -> str:
    return FIGURE_COUNT_COLORS[figure_count_bin(count)] if count > 0 else NAMED_NO_FIGURES


def relative_luminance(color: str) -> float:
    """WCAG 2.x relative luminance of an sRGB colour written #RRGGBB."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(int(color[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two #RRGGBB colours (1 to 21; AA asks 4.5 for text, 3 for large text)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_on(fill: str) -> str:
    """The text colour that reads on `fill`: the page's dark text, or white where that is below AA."""
    return TEXT if contrast_ratio(TEXT, fill) >= 4.5 else "#FFFFFF"


def readable(color: str, ground: str = "#FFFFFF") -> str:
    """`color` darkened just enough to meet AA (4.5:1) as text on `ground`: a series' words in its
    own hue (grey #7F7F7F, orange #E69F00 are 4.0 and 2.3 on white)."""
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    for step in range(21):
        keep = 1 - step / 20
        darker = "#" + "".join(f"{round(c * keep):02X}" for c in (red, green, blue))
        if contrast_ratio(darker, ground) >= 4.5:
            return darker
    return TEXT
