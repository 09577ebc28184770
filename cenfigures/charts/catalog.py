"""Every chart of the dashboard, page by page: what presentation mode and the deck iterate.

A page's chart module exports `BUILDERS`, builders `name(figures, lang, source) -> Chart`. Modules
are imported when asked for, and a module that does not exist yet (pages still being built) is
simply left out, so the catalog picks up new chart modules as they land.
"""

from __future__ import annotations

import importlib
import inspect
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd

from cenfigures.charts.kit import Chart
from cenfigures.view import filters
from cenfigures.view.filters import ViewState
from cenfigures.view.site import PAGES, Page

# page key -> module holding that page's BUILDERS
CHART_MODULES: dict[str, str] = {
    "digitization": "cenfigures.charts.digitization",
    "uhd_video": "cenfigures.charts.uhd_video",
    "olympics_5g": "cenfigures.charts.olympics_5g",
    "regions": "cenfigures.charts.regions",
    "timeline": "cenfigures.charts.timeline",
}
_OPTIONAL_TABLES = ("events", "regions", "region_notes", "sources", "mentions")

Builder = Callable[..., Chart]
T = TypeVar("T")
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Slide:
    page: Page
    chart: Chart


def _module(page_key: str):
    """The chart module of a page; None when it has none or it is not written yet."""
    name = CHART_MODULES.get(page_key)
    if name is None:
        return None
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name != name:  # the module exists but one of its imports is missing: a real bug
            raise
        return None


def builders(page_key: str) -> tuple[Builder, ...]:
    """The builders of a page; () when it has none or its module is not written yet."""
    return tuple(getattr(_module(page_key), "BUILDERS", ()))


def tab_names(page_key: str) -> tuple[str, ...]:
    """The chart tabs of a page (its builders' names, a link's `chart=`); () when it has one chart
    or none, since a single chart needs no tabs."""
    names = tuple(builder.__name__ for builder in builders(page_key))
    return names if len(names) > 1 else ()


def page_tables(page: Page, tables: Mapping[str, pd.DataFrame], state: ViewState) -> dict[str, pd.DataFrame]:
    """The other tables as the page narrows them: a chart module's `apply_<table>(frame, state, uses)`
    (e.g. charts_timeline.apply_events) filters that table as its page does."""
    module = _module(page.key)
    narrowed = dict(tables)
    for name in _OPTIONAL_TABLES:
        narrow = getattr(module, f"apply_{name}", None)
        if narrow is not None and name in tables:
            narrowed[name] = narrow(tables[name], state, page.uses)
    return narrowed


def build(builder: Callable[..., T], figures: pd.DataFrame, lang: str, source: Mapping, tables: Mapping[str, pd.DataFrame]) -> T:
    """Call a builder (a chart's, or any pure `builder(figures, lang, source)`); builders that also
    want other tables (events=..., regions=...) get them by name."""
    wanted = inspect.signature(builder).parameters
    extra = {name: tables[name] for name in _OPTIONAL_TABLES if name in wanted and name in tables}
    return builder(figures, lang, source, **extra)


def slides(
    tables: Mapping[str, pd.DataFrame], state: ViewState, source: Mapping, *, strict: bool = True,
    chart_for: Callable[[Page, Builder], Chart] | None = None,
) -> list[Slide]:
    """Every chart of every page, each page's figures narrowed by the filters that page uses.
    Charts the filters leave empty are skipped: a slide always shows data. `chart_for(page,
    builder)` makes a chart (the app passes its cache); by default it is built here. With
    strict=False (the app) a builder that raises is logged and left out, so one broken chart cannot
    take the whole presentation down; tests and the command line stay strict."""
    figures = tables.get("figures")
    if figures is None or figures.empty:
        return []

    def build_here(page: Page, builder: Builder) -> Chart:
        return build(builder, filters.apply(figures, state, page.uses), state.lang, source, page_tables(page, tables, state))

    make = chart_for or build_here
    result = []
    for page in PAGES:
        for builder in builders(page.key):
            try:
                chart = make(page, builder)
            except Exception:
                if strict:
                    raise
                _log.exception("chart builder %s.%s failed; left out of the slides", page.key, getattr(builder, "__name__", builder))
                continue
            if not chart.rows.empty:
                result.append(Slide(page, chart))
    return result
