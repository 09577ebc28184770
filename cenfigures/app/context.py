"""A page's context: the data (read once per process), the view state parsed from the URL, and
the charts built for that view (kept once per view and data version, shared by sessions).

The URL is the single source of truth for state: widgets (cenfigures.app.widgets) are drawn from
it and write back to it, so a copied link reproduces page, filters and language.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pandas as pd
import streamlit as st

from cenfigures.charts import catalog, export
from cenfigures.charts.kit import Chart, seal
from cenfigures.tables.dataset import (
    Dataset,
    data_fingerprint,
    load_dataset,
)
from cenfigures.tables.paths import DATA_DIR
from cenfigures.view import downloads, filters, share
from cenfigures.view.filters import FilterOptions, ViewState
from cenfigures.view.labels import (
    KINDS,
    TOPICS,
    text,
)
from cenfigures.view.site import PAGES_BY_KEY, Page

_log = logging.getLogger(__name__)


@st.cache_resource(show_spinner=False, max_entries=4)
def _dataset_for(fingerprint: tuple[tuple[str, int, int], ...]) -> Dataset:
    # Keyed by the files' sizes and times: read once per process, again only after a file changes.
    # Shared, never copied (read only): st.cache_data unpickled every table on every rerun, ~10% of a
    # run's time under 100 sessions (docs/benchmarks.md, "What serializes").
    return load_dataset(DATA_DIR)


def current_dataset() -> Dataset:
    return _dataset_for(data_fingerprint(DATA_DIR))


@dataclass
class PageContext:
    page: Page
    state: ViewState
    options: FilterOptions
    dataset: Dataset

    @property
    def lang(self) -> str:
        return self.state.lang

    def t(self, key: str, **values: object) -> str:
        return text(key, self.lang, **values)

    def table(self, name: str) -> pd.DataFrame:
        """A loaded table, or an empty one with its columns when its file is broken (Dataset.table)."""
        return self.dataset.table(name)

    @property
    def all_figures(self) -> pd.DataFrame:
        return self.table("figures")

    @property
    def figures(self) -> pd.DataFrame:
        """The figures this page's filters let through."""
        frame = self.all_figures
        return filters.apply(frame, self.state, self.page.uses) if not frame.empty else frame

    @cached_property
    def source(self) -> dict[str, str]:
        return self.dataset.source()

    def region_names(self) -> dict[str, str]:
        regions = self.table("regions")
        if regions.empty:
            return {}
        column = "name_en" if self.lang == "en" else "name_zh"
        return dict(zip(regions["region_id"], regions[column]))

    def chart(self, builder: catalog.Builder) -> Chart:
        """The chart `builder` draws for this page and view, built once per view and data version
        and then reused: building (plotly's validation) is the slowest part of a rerun."""
        return self.cached(builder)

    def cached(self, builder: Callable[..., Any]) -> Any:
        """What a pure builder (catalog.build's calling convention) makes of this page's figures and
        view, computed once per view and data version and shared by sessions; never mutate it."""
        return _built(self.page.key, builder.__module__, builder.__name__, _page_state(self.state, self.page), data_fingerprint(DATA_DIR))

    def link_query(self, **changes: object) -> dict[str, str | list[str]]:
        """URL parameters of the current view, with `changes` applied."""
        return filters.to_query(self.state.with_(**changes), self.options)


def _page_state(state: ViewState, page: Page) -> ViewState:
    """Only what the page's charts depend on: the language and the filters the page uses."""
    return ViewState(
        lang=state.lang,
        regions=state.regions if "region" in page.uses else (),
        topics=state.topics if "topic" in page.uses else (),
        kinds=state.kinds if "kind" in page.uses else (),
        years=state.years if "years" in page.uses else None,
        search=state.search if "q" in page.uses else "",
    )


@st.cache_resource(show_spinner=False, max_entries=512)
def _built(page_key: str, module: str, name: str, state: ViewState, fingerprint: tuple) -> Any:
    # Keyed by strings and the frozen state, never by DataFrames: the key costs nothing to hash.
    # Shared across sessions (st.cache_resource, no copy): what is built is only read afterwards,
    # and a chart's figure is sealed so that drawing it does not deep-copy it on every rerun.
    page = PAGES_BY_KEY[page_key]
    builder = getattr(importlib.import_module(module), name)
    dataset = _dataset_for(fingerprint)
    tables = dataset.all_tables()
    figures = filters.apply(tables["figures"], state, page.uses) if not tables["figures"].empty else tables["figures"]
    built = catalog.build(builder, figures, state.lang, dataset.source(), catalog.page_tables(page, tables, state))
    return seal(built) if isinstance(built, Chart) else built


def cached_slides(ctx: PageContext) -> list[catalog.Slide]:
    """Every chart of every page for this view (presentation mode), from the same cache as pages;
    a builder that fails is logged and left out rather than taking the presentation down."""
    fingerprint = data_fingerprint(DATA_DIR)

    def cached(page: Page, builder: catalog.Builder) -> Chart:
        return _built(page.key, builder.__module__, builder.__name__, _page_state(ctx.state, page), fingerprint)

    return catalog.slides(ctx.dataset.tables, ctx.state, ctx.source, strict=False, chart_for=cached)


def raw_query() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params.keys()}


def fallback_options(charts: tuple[str, ...]) -> FilterOptions:
    return FilterOptions(regions=(), topics=tuple(TOPICS), kinds=tuple(KINDS), first_year=2015, last_year=2025, charts=charts)


def plotly_config(ctx: PageContext, chart_name: str, page_key: str | None = None) -> dict[str, Any]:
    """Toolbar of every chart: a 2x PNG named by page, chart, language and date; no CDN map fetch."""
    published = str(ctx.source.get("published", "")).replace("-", "")
    return {
        "displaylogo": False,
        "toImageButtonOptions": {
            "format": "png",
            "scale": 2,
            "filename": downloads.file_stem(page_key or ctx.page.key, chart_name, ctx.lang, published),
        },
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
        "topojsonURL": export.EMPTY_TOPOJSON_URL,  # geo charts would otherwise fetch a map from cdn.plot.ly
    }


def server_base_url() -> str:
    """Scheme://host:port the reader reached the app at ("" when unknown, e.g. under AppTest)."""
    try:
        return share.base_url(st.context.url, dict(st.context.headers or {}))
    except Exception:  # no browser session (AppTest, bare mode): links stay relative
        return ""


def view_url(ctx: PageContext, page: Page | None = None, **changes: object) -> str:
    """The link that restores this view (page, filters, language), with `changes` applied."""
    return share.view_url(server_base_url(), page or ctx.page, ctx.link_query(**changes))


@st.cache_data(show_spinner=False)
def _full_zip(fingerprint: tuple[tuple[str, int, int], ...]) -> bytes:
    # Keyed by the data files' sizes and times, like the dataset itself.
    return downloads.full_zip(downloads.read_data_files(DATA_DIR), downloads.readme_text(title=text("app.title", "en")))


def full_zip_bytes() -> bytes:
    return _full_zip(data_fingerprint(DATA_DIR))


@st.cache_data(show_spinner=False, max_entries=64)
def svg_bytes(figure_json: str) -> bytes:
    return export.figure_svg(figure_json)


