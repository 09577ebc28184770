"""What the browser tests expect to see, derived from data/ the way the app derives it: the pages
(`site_pages` over data/topics.csv and data/charts.csv), each page's chart tabs, the link of a
view, and every chart as its builder makes it. No page, tab or filter value is listed by hand, so
a new topic or chart is tested without editing the tests."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qs, urlsplit

import pandas as pd
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from cenfigures.app.context import page_files, page_options
from cenfigures.charts import catalog, indicator_series
from cenfigures.charts.kit import Chart
from cenfigures.tables.dataset import load_dataset
from cenfigures.view import filters, share
from cenfigures.view.filters import FilterOptions, ViewState
from cenfigures.view.indicators import indicator_choices
from cenfigures.view.labels import LANGUAGES, text
from cenfigures.view.model import ChartSpec, View, chart_specs, pages_with_charts, topic_specs
from cenfigures.view.site import Page, find, site_pages
from cenfigures.view.translate import Translator

DATASET = load_dataset()
TABLES = DATASET.all_tables()
FIGURES = TABLES["figures"]
SPECS = chart_specs(TABLES["charts"])
SITE: tuple[Page, ...] = site_pages(topic_specs(TABLES["topics"]), pages_with_charts(SPECS), page_files())
TOPIC_PAGES = tuple(page for page in SITE if page.is_topic)


def page(key: str) -> Page:
    found = find(SITE, key)
    assert found is not None, key
    return found


def tabs(site_page: Page) -> list[ChartSpec]:
    """The page's declared charts, in tab order (data/charts.csv)."""
    return chart_specs(TABLES["charts"], site_page.charts) if site_page.charts else []


def every_view() -> list[tuple[Page, ChartSpec | None]]:
    """Every page, once per chart tab (pages without charts once, with None)."""
    return [(p, spec) for p in SITE for spec in (tabs(p) or [None])]


def view_id(view: tuple[Page, ChartSpec | None]) -> str:
    p, spec = view
    return f"{p.key}-{spec.id}" if spec else p.key


def options(site_page: Page) -> FilterOptions:
    return page_options(site_page, DATASET, SITE)


def url(base: str, site_page: Page, query: Mapping[str, str | list[str]] | None = None) -> str:
    """The deep link of a page with `query` (the page's own `?id=` added)."""
    return share.view_url(base, site_page.url_path, {**(query or {}), **site_page.query})


def query_of(address: str) -> dict[str, list[str]]:
    """The app's parameters of a URL (Streamlit's own left out)."""
    return {
        k: v
        for k, v in parse_qs(urlsplit(address).query, keep_blank_values=True).items()
        if k not in filters.STREAMLIT_KEYS
    }


def heading(site_page: Page, lang: str) -> str:
    """The page's h1: the app's title on the overview, the page's name elsewhere."""
    t = Translator(lang)
    return t("app.title") if site_page.key == "overview" else site_page.label(t)


def tab_label(spec: ChartSpec, lang: str) -> str:
    return spec.words("tab", lang) or spec.id


def view_of(site_page: Page, state: ViewState) -> View:
    return View(TABLES, state.only(site_page.uses), site_page.uses)


def chart(site_page: Page, spec: ChartSpec, state: ViewState) -> Chart:
    """The chart the page shows for `spec` in `state`."""
    return catalog.build(TABLES, state, site_page, spec)


def indicator_chart(state: ViewState) -> Chart:
    """The indicators page's chart: the chosen indicator, or the first of the choices."""
    view = view_of(page("indicators"), state)
    ids = [c[0] for c in indicator_choices(view)]
    return indicator_series.build(view, state.indicator if state.indicator in ids else ids[0])


def first_chart(site_page: Page, state: ViewState) -> Chart | None:
    """The chart a page shows first (its first tab, or the indicators page's own), None without one."""
    if site_page.key == "indicators":
        return indicator_chart(state)
    specs = tabs(site_page)
    return chart(site_page, specs[0], state) if specs else None


def title(chart_or_raw: Chart | str | None) -> str:
    raw = chart_or_raw.figure.layout.title.text if isinstance(chart_or_raw, Chart) else chart_or_raw
    return share.plain_title(raw)


def narrowing_filter(site_page: Page) -> tuple[dict[str, list[str]], ChartSpec | None] | None:
    """A filter of the page (URL parameters) that keeps some but not all of what one of its charts
    (or, without declared charts, what the page shows) draws, and that chart's tab: the first
    choice filter it uses with the first value that narrows. None when no single value narrows."""
    base = ViewState()
    for key in site_page.uses:
        if filters.FILTERS_BY_KEY[key].widget != "multiselect":
            continue
        for value in options(site_page).of(key):
            state = base.with_filter(key, (value,))
            for spec in tabs(site_page) or [None]:
                before, after = _shown_rows(site_page, spec, base), _shown_rows(site_page, spec, state)
                if 0 < len(after) < len(before):
                    return {key: [value]}, spec
    return None


def _shown_rows(site_page: Page, spec: ChartSpec | None, state: ViewState) -> pd.DataFrame:
    if spec is not None:
        return chart(site_page, spec, state).rows
    if site_page.key == "indicators":
        return indicator_chart(state).rows
    return view_of(site_page, state).figures


def filter_area(pg, site_page: Page):
    """Where a page's filters are: the sidebar, or the page itself (the explorer: its search box on
    top, the other filters in an expander, opened here)."""
    if not site_page.filters_on_page:
        return pg.locator('[data-testid="stSidebar"]')
    main = pg.locator('[data-testid="stMain"]')
    expander = main.locator('[data-testid="stExpander"]').first
    if expander.locator("details").first.get_attribute("open") is None:
        expander.locator("summary").first.click()
        expander.locator('[data-testid="stExpanderDetails"]').first.wait_for()
        last = None  # it slides open: a click during the animation misses its widgets
        for _ in range(60):
            box = expander.bounding_box()
            if box is not None and box == last:
                break
            last = box
            pg.wait_for_timeout(150)
    return main


def open_menu(pg, multiselect):
    """Open a multiselect's menu and return its listbox. A click that lands while a rerun redraws the
    widget is lost (seen under load): click again, up to three times, before giving up."""
    listbox = pg.locator('[role="listbox"]').first
    for attempt in range(3):
        multiselect.locator('input[role="combobox"]').click()
        try:
            listbox.wait_for(timeout=10_000)
            return listbox
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    return listbox


__all__ = ["LANGUAGES", "text"]
