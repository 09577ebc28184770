"""Colours and marks, in one place: one colour per region from the colour-blind-safe Okabe-Ito
palette, and one mark per kind so that targets and derived values never look like observed data."""

from __future__ import annotations

# Okabe & Ito (2008), "Color Universal Design"; readable with every common colour-vision deficiency.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

REGION_COLORS: dict[str, str] = {
    "hebei": "#0072B2",
    "national": "#7F7F7F",  # the reference line everything is compared against: neutral grey
    "guangzhou": "#D55E00",
    "beijing": "#009E73",
    "zhejiang": "#E69F00",
    "fujian": "#56B4E9",
    "hubei": "#CC79A7",
    "xinjiang": "#000000",
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
    return REGION_COLORS.get(region_id, NEUTRAL)
