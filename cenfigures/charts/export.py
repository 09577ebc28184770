"""A chart as SVG, rendered by kaleido, which drives a local Chromium (choreographer looks for
`BROWSER_PATH`, then `chromium`, `google-chrome`... on PATH; Debian's /usr/bin/chromium is found on
PATH). Without a browser `svg_available()` is False and the page shows a note instead of the button.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
import warnings
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from cenfigures.charts.kit import enlarge, title_units
from cenfigures.view import labels
from cenfigures.view.translate import Translator

# plotly.js geo subplots fetch a world map from cdn.plot.ly unless pointed at an empty topology;
# plotly.js appends "world_110m.json" to this URL, which then lands in the fragment.
EMPTY_TOPOJSON_URL = 'data:application/json,{"type":"Topology","objects":{},"arcs":[]}#'

# plotly.js names its toolbar tooltips and messages by their English text; `locale` alone picks a
# dictionary only if one was registered (Streamlit's plotly.js bundle and the deck's inlined one
# register none, so zh showed "Download plot as a PNG"). The dictionary is passed in the chart's config
# instead (plotly.js reads config.locales before its registry): English text -> the label
# (labels.csv plotly.ui.*).
PLOTLY_UI = tuple(key for key in labels.labels() if key.startswith("plotly.ui."))
PLOTLY_ENGLISH = "en"  # the language of plotly.js's own strings, its dictionary's keys


def plotly_locales(t: Translator) -> dict[str, Any]:
    """config.locales for plotly.js: the toolbar's words and the date names in the page's language."""
    words = {labels.text(key, PLOTLY_ENGLISH): t(key) for key in PLOTLY_UI}
    names = {
        name: t(f"plotly.{label}").split(";")
        for name, label in (
            ("months", "months"),
            ("shortMonths", "short_months"),
            ("days", "days"),
            ("shortDays", "short_days"),
        )
    }
    return {t("plotly.locale"): {"dictionary": words, "format": names}}


def toolbar_config(t: Translator) -> dict[str, Any]:
    """The plotly config every chart shares, in the app and in the deck: the toolbar in the reader's
    language, no plotly logo, no map fetched from a CDN."""
    return {
        "displaylogo": False,
        "locale": t("plotly.locale"),
        "locales": plotly_locales(t),
        "topojsonURL": EMPTY_TOPOJSON_URL,
    }


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


# An image's width: a desktop page's chart. Its title is laid out for this width (a page lays titles
# out for a phone until it knows better: widgets.title_bands), so it takes one line where it fits.
IMAGE_WIDTH_PX = 960


def for_image(figure: go.Figure, width_px: int = IMAGE_WIDTH_PX) -> go.Figure:
    """A copy of a finished chart laid out for an image `width_px` wide: its title wrapped for that
    width (an image has no toolbar beside it), everything else as on the page."""
    if not (figure.layout.meta or {}).get("finish"):
        return figure
    return enlarge(figure, 1.0, title_units(width_px))


def figure_svg(figure: go.Figure | str, width_px: int = IMAGE_WIDTH_PX) -> bytes:
    """The figure (or its JSON) as SVG `width_px` wide, its title laid out for that width, rendered
    by kaleido in a headless Chromium (~1-2 s)."""
    if isinstance(figure, str):
        figure = pio.from_json(figure)
    drawn = for_image(figure, width_px)
    return render(drawn, format="svg", width=width_px, height=drawn.layout.height)


# kaleido's sync server is one Chromium for the process, and not safe for threads: under the load
# test, two sessions' images made at once came back swapped (an SVG download holding a PNG, a
# deck's picture an SVG that PowerPoint's image reader refused). Images are made one at a time.
_RENDER_LOCK = threading.Lock()


def render(figure: go.Figure, **options: Any) -> bytes:
    """`figure` as an image (plotly.io.to_image's `options`: format, width, height, scale) by the
    process's one Chromium, one image at a time."""
    start_renderer()
    pio.defaults.topojson = EMPTY_TOPOJSON_URL
    with _RENDER_LOCK:
        return pio.to_image(figure, **options)


# kaleido warns "The kopts argument is ignored if using a server." on every image when its server
# runs, because plotly always passes its request headers as kopts (a non-empty dict). The server is
# started with those same options below, so nothing is ignored that it does not already apply.
_KOPTS_IGNORED = "The kopts argument is ignored if using a server"


def render_server_options() -> dict[str, Any]:
    """What plotly.io.to_image passes kaleido for each image (plotly.io._kaleido: plotly.js, MathJax,
    request headers), for the server to start with."""
    defaults = pio.defaults
    named = {"plotlyjs": defaults.plotlyjs, "mathjax": defaults.mathjax, "headers": defaults.headers}
    return {name: value for name, value in named.items() if value}


def start_render_server() -> None:
    """One Chromium for every image of this process (kaleido's sync server), started with the options
    plotly passes per image; their per-image "ignored" warning is then filtered out of the server log."""
    import kaleido

    warnings.filterwarnings("ignore", message=_KOPTS_IGNORED, category=UserWarning)
    kaleido.start_sync_server(silence_warnings=True, **render_server_options())


def stop_render_server() -> None:
    import kaleido

    kaleido.stop_sync_server(silence_warnings=True)


@functools.cache
def start_renderer() -> bool:
    """One Chromium for every picture this process renders (the render server above, stopped at
    exit): without it kaleido starts a browser per image (1-2 s and a few hundred MB each). Started
    when the first picture is drawn (a server started and never used kept the process from ending).
    False without a browser."""
    if not svg_available():
        return False
    import atexit

    start_render_server()
    atexit.register(stop_render_server)  # its Chromium leaves with the process
    return True
