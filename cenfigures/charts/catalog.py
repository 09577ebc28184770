"""Every declared chart of every page, in menu order: what presentation mode and the deck iterate."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from cenfigures.charts import types
from cenfigures.charts.kit import Chart
from cenfigures.view.filters import ViewState, slide_id
from cenfigures.view.model import ChartSpec, View, chart_specs
from cenfigures.view.site import Page

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Slide:
    page: Page
    chart: Chart
    spec: ChartSpec | None = None  # its declaration (the chart type says how an office file draws it)


def view_pages(site: Iterable[Page], page: Page | None) -> tuple[Page, ...]:
    """The pages whose charts a view presents (presentation mode, the decks, the workbook): the page
    itself when it has charts, else every page of the site (the overview, the explorer...)."""
    site = tuple(site)
    return (page,) if page is not None and page.charts else site


def build(tables: Mapping[str, pd.DataFrame], state: ViewState, page: Page, spec: ChartSpec) -> Chart:
    """The chart `spec` declares, with the filters `page` applies."""
    return types.build(View(tables, state.only(page.uses), page.uses), spec)


def slides(
    tables: Mapping[str, pd.DataFrame],
    state: ViewState,
    site: Iterable[Page],
    *,
    strict: bool = True,
    chart_for: Callable[[Page, ChartSpec], Chart] | None = None,
) -> list[Slide]:
    """Every chart of every page, each narrowed by the filters its page applies. Charts the filters
    leave empty are skipped: a slide always shows data. `chart_for(page, spec)` makes a chart (the
    app passes its cache); by default it is built here. With strict=False (the app) a chart that
    fails is logged and left out, so one broken chart cannot take the whole presentation down; tests
    and the command line stay strict."""
    declared = chart_specs(tables.get("charts"))
    make = chart_for or (lambda page, spec: build(tables, state, page, spec))
    result = []
    for page in site:
        for spec in (s for s in declared if page.charts and s.page == page.charts):
            try:
                chart = make(page, spec)
            except Exception:
                if strict:
                    raise
                _log.exception("chart %s/%s failed; left out of the slides", spec.page, spec.id)
                continue
            if not chart.empty:
                result.append(Slide(page, chart, spec))
    return result


def chosen(slides: list[Slide], ids: Iterable[str]) -> list[Slide]:
    """Of `slides`, the ones ticked in the picker (`ids`, slide ids); all of them when none is."""
    wanted = set(ids)
    return [s for s in slides if slide_id(s.page.key, s.chart.name) in wanted] if wanted else slides
