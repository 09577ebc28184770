"""Shared by the tests: open a page under AppTest the way a deep link does, and read the numbers
plotly sends (numeric arrays travel as base64 typed arrays), point by point."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

ENTRY = Path(__file__).resolve().parent.parent / "dashboard.py"


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


def chart_specs(at: AppTest) -> list[dict]:
    return [json.loads(element.proto.spec) for element in at.get("plotly_chart")]


def open_every_tab(page_path: str, **params: str | list[str]) -> list[AppTest]:
    """The page once per chart tab (a link's `chart=`; only the open tab is drawn), or once when it
    has no tabs. Each run is checked to have no exception."""
    from cenfigures.charts import catalog
    from cenfigures.view.site import PAGES

    page = next(p for p in PAGES if p.path == page_path)
    runs = []
    for name in catalog.tab_names(page.key) or (None,):
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
            drawn = {v for v in (xs[i] if i < len(xs) else None, ys[i] if i < len(ys) else None) if v is not None}
            if trace.get("type") == "indicator":
                drawn.add(float(trace["value"]))
            found.setdefault(str(figure_id), []).append((trace, drawn))
    return found
