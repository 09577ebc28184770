"""Shared by the tests: the pages of the site as the data declares them, opening a page under AppTest
the way a deep link does, and reading the numbers plotly sends (numeric arrays travel as base64
typed arrays), point by point."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

from cenfigures.charts.deck import default_site
from cenfigures.tables.dataset import load_dataset
from cenfigures.view.model import chart_specs as declared_charts
from cenfigures.view.site import GENERIC_TOPIC_FILE, Page

ROOT = Path(__file__).resolve().parent.parent
ENTRY = ROOT / "dashboard.py"


def site(tables: dict[str, pd.DataFrame] | None = None) -> tuple[Page, ...]:
    """Every page of the dashboard for these tables (default: data/), in menu order."""
    return default_site(tables if tables is not None else load_dataset().all_tables())


def page_named(key: str, pages: tuple[Page, ...] | None = None) -> Page:
    return next(page for page in pages or site() if page.key == key)


def tab_ids(page: Page, charts: pd.DataFrame | None = None) -> tuple[str, ...]:
    """The page's chart tabs (`?chart=` values) in order, read from data/charts.csv; a page with one
    chart or none has no tabs."""
    charts = load_dataset().table("charts") if charts is None else charts
    ids = tuple(spec.id for spec in declared_charts(charts, page.charts)) if page.charts else ()
    return ids if len(ids) > 1 else ()


def open_page(page_path: str, **params: str | list[str]) -> AppTest:
    """Run `page_path` ("dashboard.py" or "pages/...py") with the link parameters `params`."""
    at = AppTest.from_file(str(ENTRY), default_timeout=90)
    if page_path != "dashboard.py":
        at.run()  # AppTest needs the entry page to have run before switching
        at.switch_page(page_path)
    for key, value in params.items():  # the parameters reach the page itself, as a deep link's do
        at.query_params[key] = value
    at.run()
    return at


def open_site_page(page: Page, **params: str | list[str]) -> AppTest:
    """Open `page` by its own link (a topic served by the generic page gets its `?id=`)."""
    return open_page(page.path, **{**page.query, **params})


def chart_specs(at: AppTest) -> list[dict]:
    return [json.loads(element.proto.spec) for element in at.get("plotly_chart")]


def _page_at(page_path: str, params: dict) -> Page:
    pages = site()
    if page_path == GENERIC_TOPIC_FILE:
        return next(p for p in pages if p.is_topic and p.key == params.get("id"))
    return next(p for p in pages if p.path == page_path)


def open_every_tab(page_path: str, **params: str | list[str]) -> list[AppTest]:
    """The page once per chart tab (a link's `chart=`; only the open tab is drawn), or once when it
    has no tabs. Each run is checked to have no exception."""
    page = _page_at(page_path, params)
    runs = []
    for name in tab_ids(page) or (None,):
        at = open_page(page_path, **params, **({"chart": name} if name else {}))
        assert not at.exception, [e.value for e in at.exception]
        runs.append(at)
    return runs


def every_tab_specs(page_path: str, **params: str | list[str]) -> list[dict]:
    """The spec of every chart drawn on the page's tabs, in tab order (empty tabs draw none)."""
    return [spec for at in open_every_tab(page_path, **params) for spec in chart_specs(at)]


def plotly_numbers(values) -> list[float | None]:
    """Plain numbers from a trace's x or y (None where a value is not a number)."""
    if isinstance(values, dict) and "bdata" in values:
        values = np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"])).tolist()
    numbers = []
    for value in values if values is not None else []:
        try:
            numbers.append(float(value))
        except (TypeError, ValueError):
            numbers.append(None)
    return numbers


def points_by_id(traces: list[dict]) -> dict[str, list[tuple[dict, set[float]]]]:
    """figure_id -> [(trace, the numbers drawn for that point)] from each trace's customdata."""
    found: dict[str, list[tuple[dict, set[float]]]] = {}
    for trace in traces:
        ids = list(trace.get("customdata") if trace.get("customdata") is not None else [])
        xs, ys = plotly_numbers(trace.get("x")), plotly_numbers(trace.get("y"))
        for i, figure_id in enumerate(ids):
            if isinstance(figure_id, list):  # customdata with several columns: the id is the first
                figure_id = figure_id[0] if figure_id else ""
            drawn = {v for v in (xs[i] if i < len(xs) else None, ys[i] if i < len(ys) else None) if v is not None}
            if trace.get("type") == "indicator":
                drawn.add(float(trace["value"]))
            found.setdefault(str(figure_id), []).append((trace, drawn))
    return found


def drawn_ids(spec: dict) -> set[str]:
    """The figure ids a chart draws (its traces' customdata)."""
    return set(points_by_id(spec["data"])) - {""}


def source_line(spec: dict) -> str:
    """The chart's source line (the annotation inside the figure that names its articles)."""
    return next(
        (a.get("text", "") for a in spec["layout"].get("annotations", []) if a.get("name") == "source-line"), ""
    )
