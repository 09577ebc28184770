"""A chart as SVG, rendered by kaleido, which drives a local Chromium (choreographer looks for
`BROWSER_PATH`, then `chromium`, `google-chrome`... on PATH; Debian's /usr/bin/chromium is found on
PATH). Without a browser `svg_available()` is False and the page shows a note instead of the button.
"""

from __future__ import annotations

import functools
import os
import shutil

import plotly.graph_objects as go
import plotly.io as pio

# plotly.js geo subplots fetch a world map from cdn.plot.ly unless pointed at an empty topology;
# plotly.js appends "world_110m.json" to this URL, which then lands in the fragment.
EMPTY_TOPOJSON_URL = 'data:application/json,{"type":"Topology","objects":{},"arcs":[]}#'
_BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


@functools.cache
def browser_path() -> str | None:
    """The Chromium kaleido will drive, as choreographer finds it; None when there is none."""
    configured = os.environ.get("BROWSER_PATH")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    for name in _BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def svg_available() -> bool:
    return browser_path() is not None


def figure_svg(figure: go.Figure | str) -> bytes:
    """The figure (or its JSON) as SVG, rendered by kaleido in a headless Chromium (~1-2 s)."""
    if isinstance(figure, str):
        figure = pio.from_json(figure)
    pio.defaults.topojson = EMPTY_TOPOJSON_URL
    return pio.to_image(figure, format="svg")
