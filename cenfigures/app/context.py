"""A page's context: the data (read once per process), the pages of the site, the view state
parsed from the URL, and the charts built for that view (kept once per view and data version,
shared by sessions).

The URL is the single source of truth for state: widgets (cenfigures.app.widgets) are drawn from
it and write back to it, so a copied link reproduces page, filters and language.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from cenfigures.charts import catalog, types
from cenfigures.charts.export import toolbar_config
from cenfigures.charts.kit import Chart, SealedFigure, enlarge, seal
from cenfigures.tables.dataset import Dataset, data_fingerprint, load_dataset
from cenfigures.tables.paths import DATA_DIR, ROOT
from cenfigures.view import downloads, filters, share
from cenfigures.view.filters import FilterOptions, ParsedQuery, ViewState
from cenfigures.view.model import (
    ChartSpec,
    View,
    chart_specs,
    names_of,
    pages_with_charts,
    topic_specs,
)
from cenfigures.view.site import OVERVIEW, Page, find, site_pages
from cenfigures.view.translate import Translator

_log = logging.getLogger(__name__)


def data_version() -> str:
    """The data files' sizes and times as one string: the key of every cache here, so a repaired
    file is read again without a restart. A string, because Streamlit's cache hashes its arguments
    on every call: a string costs it microseconds, the tuple or a ViewState a third to half a
    millisecond each, several times a rerun (docs/benchmarks.md, "Rerun cost")."""
    return repr(data_fingerprint(DATA_DIR))


@st.cache_resource(show_spinner=False, max_entries=4)
def _dataset_for(version: str) -> Dataset:
    # Read once per process, again only after a file changes (`version`).
    # Shared, never copied (read only): st.cache_data unpickled every table on every rerun, ~10% of a
    # run's time under 100 sessions (docs/benchmarks.md, "What serializes").
    return load_dataset(DATA_DIR)


def current_dataset(version: str = "") -> Dataset:
    return _dataset_for(version or data_version())


def page_files() -> tuple[str, ...]:
    return tuple(f"pages/{path.name}" for path in sorted((ROOT / "pages").glob("*.py")))


@st.cache_resource(show_spinner=False, max_entries=4)
def _site_for(version: str, files: tuple[str, ...]) -> tuple[Page, ...]:
    # Shared, not copied (st.cache_data unpickled the site on every rerun): pages are only read.
    dataset = _dataset_for(version)
    charts = chart_specs(dataset.table("charts"))
    return site_pages(topic_specs(dataset.table("topics")), pages_with_charts(charts), files)


def current_site(version: str = "") -> tuple[Page, ...]:
    """Every page in menu order, from the declared topics (a new topic adds a page, no code)."""
    return _site_for(version or data_version(), page_files())


def page_frame(page: Page, dataset: Dataset) -> pd.DataFrame:
    """What the page shows, unfiltered: its options (regions, years...) come from it, so a page
    never offers a filter value it has no data for."""
    if page.key == "timeline":
        return dataset.table("events")
    figures = dataset.table("figures")
    if page.is_topic and not figures.empty:
        return figures[figures["topic"] == page.key]
    return figures


def current_options(page: Page, version: str = "") -> FilterOptions:
    """page_options of a page of the current site, worked out once per page and data version and
    shared: every rerun of the page asked again (a tenth of a topic page's rerun)."""
    return _options_for(page.key, page_files(), version or data_version())


@st.cache_resource(show_spinner=False, max_entries=64)
def _options_for(page_key: str, files: tuple[str, ...], version: str) -> FilterOptions:
    site = _site_for(version, files)
    return page_options(find(site, page_key) or OVERVIEW, _dataset_for(version), site)


def page_options(page: Page, dataset: Dataset, site: tuple[Page, ...]) -> FilterOptions:
    frame = page_frame(page, dataset)
    # A filter the page does not apply is still read from the link, against the whole data: the page
    # then names it as ignored (not as invalid) and links onward keep it.
    figures = dataset.table("figures")
    values = {f.key: f.options(frame if f.key in page.uses else figures) for f in filters.FILTERS}
    values["source"] = tuple(
        dataset.table("sources").get("source_id", ())
    )  # any article can be named (the source reader's choice)
    notes = dataset.table("region_notes")
    if (
        page.key == "regions" and not notes.empty
    ):  # a region the articles write about is a region of the page, figures or not
        values["region"] = tuple(dict.fromkeys([*values.get("region", ()), *notes["region_id"].drop_duplicates()]))
    charts = tuple(spec.id for spec in chart_specs(dataset.table("charts"), page.charts)) if page.charts else ()
    slides = tuple(
        filters.slide_id(shown.key, spec.id)
        for shown in catalog.view_pages(site, page)
        if shown.charts
        for spec in chart_specs(dataset.table("charts"), shown.charts)
    )
    topic_ids = tuple(p.key for p in site if p.is_topic)
    indicators = dataset.table("indicators")
    return FilterOptions(
        values=values,
        charts=charts if len(charts) > 1 else (),
        ids=topic_ids,
        indicators=tuple(indicators["indicator_id"]) if not indicators.empty else (),
        slides=slides,
    )


@dataclass
class PageContext:
    page: Page
    state: ViewState
    options: FilterOptions
    dataset: Dataset
    site: tuple[Page, ...]
    parsed: ParsedQuery | None = None
    version: str = ""  # data_version() when the page was set up: one look at the files per rerun

    @cached_property
    def data_version(self) -> str:
        return self.version or data_version()

    @property
    def lang(self) -> str:
        return self.state.lang

    @cached_property
    def t(self) -> Translator:
        return Translator(self.state.lang)

    @cached_property
    def view(self) -> View:
        return View(self.dataset.all_tables(), self.state, self.page.uses)

    def table(self, name: str) -> pd.DataFrame:
        """A loaded table, or an empty one with its columns when its file is broken (Dataset.table)."""
        return self.dataset.table(name)

    @property
    def all_figures(self) -> pd.DataFrame:
        return self.table("figures")

    @property
    def figures(self) -> pd.DataFrame:
        """The figures this page's filters let through."""
        return self.view.figures

    @cached_property
    def specs(self) -> list[ChartSpec]:
        return self.dataset_specs(self.page.charts) if self.page.charts else []

    def dataset_specs(self, page_id: str) -> list[ChartSpec]:
        """The declared charts (or cards) of a page of the site."""
        return chart_specs(self.table("charts"), page_id)

    def chart(self, spec: ChartSpec) -> Chart:
        """The chart `spec` declares for this page and view, built once per view and data version
        and then reused: building (plotly's validation) is the slowest part of a rerun."""
        return _chart_for(spec.page, spec.id, self.state.only(self.page.uses), self.page.uses, self.data_version)

    def cached_chart(self, builder: Callable[[View, str], Chart], argument: str) -> Chart:
        """A chart a fixed page builds itself (`builder(view, argument)`), cached like declared ones."""
        state = self.state.only(self.page.uses).with_(chart="", present=False, slide=1, page=1)
        return _built_by(
            builder.__module__,
            builder.__name__,
            argument,
            repr(state),
            ",".join(self.page.uses),
            self.data_version,
            state,
            self.page.uses,
        )

    def cached(self, function: Callable[..., Any], *args: Any) -> Any:
        """`function(view, *args)` for this page and view, computed once per view state and data
        version and shared by sessions (what it returns is only read): the cards, lists and
        findings a page computes from the data were computed again on every rerun. `args` are
        hashable values (ids, not frames; the page of a long list, when the function shows one: the
        state's own is left out of the key)."""
        state = self.state.with_(present=False, slide=1, page=1)
        return _computed(
            f"{function.__module__}.{function.__qualname__}",
            self.page.key,
            args,
            repr(state),
            self.data_version,
            function,
            state,
            self.page.uses,
        )

    def relaid(self, chart: Chart, title_units: int) -> go.Figure:
        """The chart's figure laid out again for a title line of `title_units` (a wider chart's:
        widgets.title_bands), made once per chart, view and width and shared."""
        state = self.state.only(self.page.uses).with_(present=False, slide=1)
        return _relaid(chart.name, self.page.key, repr(state), self.data_version, title_units, chart.figure)

    def link_query(self, **changes: object) -> dict[str, str | list[str]]:
        """URL parameters of the current view, with `changes` applied."""
        return filters.to_query(self.state.with_(**changes), self.options)

    def query_for(self, page: Page) -> dict[str, str | list[str]]:
        """The link to another page: this view's language and filters, that page's own query."""
        query = filters.to_query(
            self.state.with_(chart="", present=False, slide=1, id="", indicator="", sort="", page=1, slides=())
        )
        return {**query, **page.query}

    def page_named(self, key: str) -> Page | None:
        return find(self.site, key)


def _chart_for(page_id: str, chart_id: str, state: ViewState, uses: tuple[str, ...], version: str) -> Chart:
    """A declared chart for the page's filters (`state` holds only those the page applies)."""
    state = state.with_(chart="", present=False, slide=1, page=1)
    return _built(page_id, chart_id, repr(state), ",".join(uses), version, state, uses)


# The caches below are keyed by strings only (the state's repr stands for the state, passed unhashed
# as `_state`): Streamlit hashes every hashed argument on every call (see data_version).


@st.cache_resource(show_spinner=False, max_entries=512)
def _built(
    page_id: str, chart_id: str, state_key: str, uses_key: str, version: str, _state: ViewState, _uses: tuple[str, ...]
) -> Chart:
    # Shared across sessions (st.cache_resource, no copy): what is built is only read afterwards,
    # and a chart's figure is sealed so that drawing it does not deep-copy it on every rerun.
    dataset = _dataset_for(version)
    spec = next(s for s in chart_specs(dataset.table("charts"), page_id) if s.id == chart_id)
    return seal(types.build(View(dataset.all_tables(), _state, _uses), spec))


@st.cache_resource(show_spinner=False, max_entries=64)
def _relaid(chart_name: str, page_key: str, state_key: str, version: str, title_units: int, _figure: go.Figure):
    # Keyed by what the chart shows (its page, view and data version) and the title's width.
    figure = enlarge(_figure, 1.0, title_units)
    figure.__class__ = SealedFigure  # only read from now on, as the chart it comes from
    return figure


@st.cache_resource(show_spinner=False, max_entries=256)
def _built_by(
    module: str,
    name: str,
    argument: str,
    state_key: str,
    uses_key: str,
    version: str,
    _state: ViewState,
    _uses: tuple[str, ...],
) -> Chart:
    builder = getattr(importlib.import_module(module), name)
    dataset = _dataset_for(version)
    return seal(builder(View(dataset.all_tables(), _state, _uses), argument))


@st.cache_resource(show_spinner=False, max_entries=512)
def _computed(
    name: str,
    page_key: str,
    args: tuple,
    state_key: str,
    version: str,
    _function: Callable[..., Any],
    _state: ViewState,
    _uses: tuple[str, ...],
) -> Any:
    # Keyed by the function's name and the page (a page file's functions live in "__main__"; the page
    # also fixes the filters it applies), never by the function object. The full state: a function
    # may read any of it.
    dataset = _dataset_for(version)
    return _function(View(dataset.all_tables(), _state, _uses), *args)


def view_slides(ctx: PageContext) -> list[catalog.Slide]:
    """Every chart of this view (the page's own, or every page's from a page without charts;
    catalog.view_pages), from the same cache as pages; a builder that fails is logged and left out
    rather than taking the presentation down."""
    version = ctx.data_version

    def cached(page: Page, spec: ChartSpec) -> Chart:
        return _chart_for(spec.page, spec.id, ctx.state.only(page.uses), page.uses, version)

    pages = catalog.view_pages(ctx.site, ctx.page)
    return catalog.slides(ctx.dataset.all_tables(), ctx.state, pages, strict=False, chart_for=cached)


def cached_slides(ctx: PageContext) -> list[catalog.Slide]:
    """The slides of this view: the ones ticked in the picker (`?slides=`), or every chart of the
    view (view_slides). Presentation mode, the decks and the workbook show these."""
    return catalog.chosen(view_slides(ctx), ctx.state.slides)


def raw_query() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params.keys()}


def plotly_config(ctx: PageContext, chart: Chart, page: Page | None = None) -> dict[str, Any]:
    """Toolbar of every chart: a 2x PNG named by page, chart and language, in the page's language;
    no CDN map fetch."""
    return {
        **toolbar_config(ctx.t),
        "toImageButtonOptions": {
            "format": "png",
            "scale": 2,
            "filename": downloads.file_stem((page or ctx.page).key, chart.name, ctx.lang),
        },
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


def server_base_url() -> str:
    """Scheme://host:port the reader reached the app at ("" when unknown, e.g. under AppTest)."""
    try:
        return share.base_url(st.context.url, dict(st.context.headers or {}))
    except Exception:  # no browser session (AppTest, bare mode): links stay relative
        return ""


def view_url(ctx: PageContext, page: Page | None = None, **changes: object) -> str:
    """The link that restores this view (page, filters, language), with `changes` applied."""
    target = page or ctx.page
    query = ctx.link_query(**changes) if target is ctx.page else ctx.query_for(target)
    return share.view_url(server_base_url(), target.url_path, query)


@st.cache_data(show_spinner=False)
def _full_zip(fingerprint: tuple[tuple[str, int, int], ...], lang: str) -> bytes:
    # Keyed by the data files' sizes and times, like the dataset itself.
    t = Translator(lang)
    files = downloads.read_data_files(DATA_DIR)
    names = names_of(_dataset_for(repr(fingerprint)).all_tables())
    files.update(downloads.labelled_files(files, lang, names))
    return downloads.full_zip(files, downloads.readme_text(title=t("app.title"), t=t))


def full_zip_bytes(lang: str) -> bytes:
    return _full_zip(data_fingerprint(DATA_DIR), lang)


def data_file(path: str) -> Path:
    return DATA_DIR / path
