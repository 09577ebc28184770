"""The shared setup every page calls, and the few Streamlit pieces pages share.

`setup_page("digitization")` sets the page up (title, access gate, language, translated menu,
the filters that apply, notices for bad links) and returns a PageContext with the state and the
data. The URL is the single source of truth for state: widgets are drawn from it and write back
to it, so a copied link reproduces page, filters and language.
"""

from __future__ import annotations

import html
import importlib
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pandas as pd
import streamlit as st

from cenfigures import auth, filters
from cenfigures import catalog, export, report, share
from cenfigures.chartkit import Chart, seal
from cenfigures.data import Dataset, DataFileError, data_fingerprint, load_dataset
from cenfigures.filters import FilterOptions, ParsedQuery, ViewState
from cenfigures.labels import LANGUAGES, TOPICS, KINDS, kind_label, text, topic_label
from cenfigures.prep import DATA_DIR, REBUILD_COMMAND
from cenfigures.site import PAGES, PAGES_BY_KEY, Page

_log = logging.getLogger(__name__)
LANGUAGE_NAMES = {"zh": "中文", "en": "English"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(value: str) -> str:
    """Text that Streamlit's markdown shows literally: no links, HTML, emphasis or LaTeX."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False))


@st.cache_data(show_spinner=False)
def _dataset_for(fingerprint: tuple[tuple[str, int, int], ...]) -> Dataset:
    # Keyed by the files' sizes and times: read once per process, again only after a file changes.
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
    slides = []
    for page in PAGES:
        for builder in catalog.builders(page.key):
            try:
                chart = _built(page.key, builder.__module__, builder.__name__, _page_state(ctx.state, page), fingerprint)
            except Exception:
                _log.exception("chart builder %s.%s failed; left out of the slides", page.key, builder.__name__)
                continue
            if not chart.rows.empty:
                slides.append(catalog.Slide(page, chart))
    return slides


def _raw_query() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params.keys()}


def _fallback_options(charts: tuple[str, ...]) -> FilterOptions:
    return FilterOptions(regions=(), topics=tuple(TOPICS), kinds=tuple(KINDS), first_year=2015, last_year=2025, charts=charts)


def _push(key: str, widget_key: str) -> None:
    """Widget callback: write the widget's new value into the URL (the source of truth)."""
    value = st.session_state[widget_key]
    if key == "years":
        value = f"{value[0]}-{value[1]}" if isinstance(value, (list, tuple)) and len(value) == 2 else None
    if value in (None, [], (), ""):
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = value


def _clear_filters() -> None:
    for key in ("region", "topic", "kind", "years", "q"):
        st.query_params.pop(key, None)


def _bind(key: str, value: Any) -> str:
    """Prepare a widget bound to URL parameter `key`: its value comes from the URL on every run."""
    widget_key = f"url_{key}"
    st.session_state[widget_key] = value
    return widget_key


def _language_switch(state: ViewState) -> None:
    st.sidebar.radio(
        text("app.language", state.lang),
        LANGUAGES,
        format_func=LANGUAGE_NAMES.__getitem__,
        horizontal=True,
        key=_bind("lang", state.lang),
        on_change=_push,
        args=("lang", "url_lang"),
    )


def _menu(ctx: PageContext) -> None:
    st.sidebar.caption(ctx.t("app.menu"))
    query = ctx.link_query(present=False, slide=1, chart="")  # the open tab is the current page's own
    for page in PAGES:
        st.sidebar.page_link(page.path, label=ctx.t(f"page.{page.key}"), icon=page.icon, query_params=query)


def _filter_widgets(ctx: PageContext) -> None:
    state, options, uses = ctx.state, ctx.options, ctx.page.uses
    if not uses:
        return
    lang = ctx.lang
    sidebar = st.sidebar
    sidebar.caption(ctx.t("app.filters"))
    if "region" in uses:
        names = ctx.region_names()
        sidebar.multiselect(
            ctx.t("filter.region"), options.regions, format_func=lambda r: names.get(r, r),
            placeholder=ctx.t("filter.all"), key=_bind("region", list(state.regions)),
            on_change=_push, args=("region", "url_region"),
        )
    if "topic" in uses:
        sidebar.multiselect(
            ctx.t("filter.topic"), options.topics, format_func=lambda t: topic_label(t, lang),
            placeholder=ctx.t("filter.all"), key=_bind("topic", list(state.topics)),
            on_change=_push, args=("topic", "url_topic"),
        )
    if "kind" in uses:
        sidebar.multiselect(
            ctx.t("filter.kind"), options.kinds, format_func=lambda k: kind_label(k, lang),
            placeholder=ctx.t("filter.all"), key=_bind("kind", list(state.kinds)),
            on_change=_push, args=("kind", "url_kind"),
        )
    if "years" in uses and options.first_year < options.last_year:
        sidebar.select_slider(
            ctx.t("filter.period"), options=list(range(options.first_year, options.last_year + 1)),
            key=_bind("years", state.years or (options.first_year, options.last_year)),
            on_change=_push, args=("years", "url_years"),
        )
    if "q" in uses:
        sidebar.text_input(
            ctx.t("filter.search"), placeholder=ctx.t("filter.search.placeholder"), max_chars=filters.MAX_SEARCH_LENGTH,
            key=_bind("q", state.search), on_change=_push, args=("q", "url_q"),
        )
    sidebar.button(ctx.t("app.reset_filters"), on_click=_clear_filters, type="tertiary")


def _notice(parsed: ParsedQuery, lang: str) -> None:
    if not parsed.has_notice:
        return
    # Only our own key names are shown: nothing of the link's text is echoed back.
    names = list(dict.fromkeys(parsed.dropped)) + [text("app.notice.unknown_name", lang)] * min(parsed.unknown, 1)
    count = len(parsed.dropped) + parsed.unknown
    st.warning(text("app.notice.dropped", lang, count=count, names=text("word.and", lang).join(names)), icon=":material/link_off:")


def show_data_errors(errors: list[DataFileError], lang: str) -> None:
    """A translated message per broken data file, naming it and the command that rebuilds it."""
    for error in errors:
        reason = text(f"data.reason.{error.reason_key}", lang)
        st.error(md_escape(text("data.error", lang, file=error.file, reason=reason, command=REBUILD_COMMAND)), icon=":material/error:")


def setup_page(page_key: str) -> PageContext:
    """Set up the page `page_key` and return its context. Call first on every page."""
    page = PAGES_BY_KEY[page_key]
    dataset = current_dataset()
    figures = dataset.tables.get("figures")
    charts = catalog.tab_names(page.key)
    options = FilterOptions.from_figures(figures, charts) if figures is not None else _fallback_options(charts)
    parsed = filters.parse_query(_raw_query(), options)
    state = parsed.state
    lang = state.lang
    st.set_page_config(
        page_title=f"{text(f'page.{page.key}', lang)} · {text('app.title', lang)}",
        page_icon="📊",  # an emoji: a material icon here is fetched from the internet as the favicon
        layout="wide",
        initial_sidebar_state="collapsed" if state.present else "auto",
    )
    clean = filters.to_query(state, options)
    ours = {k: v for k, v in _raw_query().items() if k not in filters.STREAMLIT_KEYS}
    if ours != {k: (v if isinstance(v, list) else [v]) for k, v in clean.items()}:
        st.query_params.from_dict(clean)  # a copied link then holds only the clean state

    ctx = PageContext(page=page, state=state, options=options, dataset=dataset)
    _language_switch(state)
    auth.gate(lang)  # stops the page here until admitted, when a password is configured
    _menu(ctx)
    _filter_widgets(ctx)
    _notice(parsed, lang)
    share_bar(ctx)
    if state.present:  # presentation mode replaces the page: one chart per screen (cenfigures/present.py)
        from cenfigures import present  # imported here: present builds on this module

        present.show(ctx)
        st.stop()
    return ctx


def plotly_config(ctx: PageContext, chart_name: str, page_key: str | None = None) -> dict[str, Any]:
    """Toolbar of every chart: a 2x PNG named by page, chart, language and date; no CDN map fetch."""
    published = str(ctx.source.get("published", "")).replace("-", "")
    return {
        "displaylogo": False,
        "toImageButtonOptions": {
            "format": "png",
            "scale": 2,
            "filename": export.file_stem(page_key or ctx.page.key, chart_name, ctx.lang, published),
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
    return export.full_zip(export.read_data_files(DATA_DIR), export.readme_text(title=text("app.title", "en")))


def full_zip_bytes() -> bytes:
    return _full_zip(data_fingerprint(DATA_DIR))


@st.cache_data(show_spinner=False, max_entries=64)
def _svg(figure_json: str) -> bytes:
    return export.figure_svg(figure_json)


def cite_block(ctx: PageContext, title: str, figure_ids: tuple[str, ...] | list[str], page: Page | None = None) -> None:
    """Short and long citation of a chart or table, as copyable text (st.code shows text literally)."""
    st.caption(ctx.t("cite.short_label"))
    st.code(share.short_citation(ctx.source, figure_ids, ctx.lang), language=None, wrap_lines=True)
    st.caption(ctx.t("cite.long_label"))
    url = view_url(ctx, page)
    st.code(share.long_citation(ctx.source, title, figure_ids, ctx.lang, url), language=None, wrap_lines=True)


def data_actions(ctx: PageContext, rows: pd.DataFrame, name: str, title: str, figure=None, page: Page | None = None) -> None:
    """Download (displayed rows as CSV, full data as zip, SVG of `figure`) and citation popovers,
    for any chart or table: `rows` are the figures rows shown, `name` a slug for keys and files."""
    page_key = (page or ctx.page).key
    published = str(ctx.source.get("published", "")).replace("-", "")
    stem = export.file_stem(page_key, name, ctx.lang, published)
    key_column = next((c for c in ("figure_id", "event_id") if c in rows), None)  # tables of figures or events
    ids = tuple(rows[key_column]) if key_column else ()
    bar = st.container(horizontal=True, gap="small")
    with bar.popover(ctx.t("download.button"), icon=":material/download:", key=f"dl-{page_key}-{name}"):
        # CSV and zip are cheap (2 ms, cached): handed over now, they stay registered to this session.
        # A file made on click (a callable) is registered to none, and Streamlit 1.67 deletes it
        # once two other sessions finish a run, which under load can be before the browser fetches it.
        st.download_button(
            ctx.t("download.csv"), export.table_csv(rows), file_name=f"{stem}.csv", mime="text/csv",
            key=f"csv-{page_key}-{name}", on_click="ignore", icon=":material/table:",
        )
        st.download_button(
            ctx.t("download.zip"), full_zip_bytes(), file_name=f"{export.file_stem('cenfigures', 'data', published)}.zip",
            mime="application/zip", key=f"zip-{page_key}-{name}", on_click="ignore", icon=":material/folder_zip:",
        )
        if figure is not None:
            if export.svg_available():
                st.download_button(  # serialised and rendered by kaleido only when the button is clicked
                    ctx.t("download.svg"), lambda: _svg(figure.to_json()), file_name=f"{stem}.svg", mime="image/svg+xml",
                    key=f"svg-{page_key}-{name}", on_click="ignore", icon=":material/image:",
                )
            else:
                st.caption(ctx.t("download.svg_unavailable"))
            st.caption(ctx.t("download.png_hint"))
    with bar.popover(ctx.t("cite.button"), icon=":material/format_quote:", key=f"cite-{page_key}-{name}"):
        cite_block(ctx, title, ids, page)


def show_chart(ctx: PageContext, chart, page: Page | None = None) -> None:
    """A chart with its takeaway, downloads and citation; a notice instead when the filters leave no data."""
    if chart.rows.empty:
        st.info(ctx.t("app.no_rows"), icon=":material/filter_alt_off:")
        return
    page_key = (page or ctx.page).key
    st.plotly_chart(chart.figure, theme=None, key=f"chart-{chart.name}", config=plotly_config(ctx, chart.name, page_key))
    if chart.takeaway:
        st.markdown(f"**{md_escape(ctx.t('word.takeaway'))}** · {md_escape(chart.takeaway)}")
    title = share.plain_title(chart.figure.layout.title.text)
    data_actions(ctx, chart.rows, chart.name, title, chart.figure, page)


def _push_tab(widget_key: str, names_by_label: dict[str, str], first: str) -> None:
    """Tabs callback: write the open tab's chart name into the URL (the first tab is the default)."""
    name = names_by_label.get(st.session_state[widget_key], first)
    if name == first:
        st.query_params.pop("chart", None)
    else:
        st.query_params["chart"] = name


def show_chart_tabs(ctx: PageContext, builders: Sequence[catalog.Builder], notes: dict[str, str] | None = None) -> None:
    """One tab per chart, named in the page's language; only the open tab's chart is built and drawn
    (the tabs rerun the page when switched), so a filter change redraws one chart, not all of them.
    The open tab is in the URL (`chart=`), so a link opens the same chart. `notes`: a caption under
    a chart, by builder name."""
    names = [builder.__name__ for builder in builders]
    labels = [ctx.t(f"tab.{ctx.page.key}.{name}") for name in names]
    open_name = ctx.state.chart if ctx.state.chart in names else names[0]
    widget_key = _bind("chart", labels[names.index(open_name)])
    tabs = st.tabs(labels, key=widget_key, on_change=_push_tab, args=(widget_key, dict(zip(labels, names)), names[0]))
    for tab, builder in zip(tabs, builders):
        if tab.open:
            with tab:
                chart = ctx.chart(builder)
                if chart.rows.empty:
                    st.info(ctx.t("app.no_rows_tab"), icon=":material/filter_alt_off:")
                    continue
                show_chart(ctx, chart)
                if notes and builder.__name__ in notes:
                    st.caption(md_escape(notes[builder.__name__]))


def share_bar(ctx: PageContext) -> None:
    """In the sidebar: the link of this view with a copy button, presentation mode, the deck."""
    sidebar = st.sidebar
    sidebar.caption(ctx.t("share.title"))
    sidebar.code(view_url(ctx), language=None, wrap_lines=True)
    sidebar.caption(ctx.t("share.help"))
    sidebar.page_link(ctx.page.path, label=ctx.t("present.start"), icon=":material/slideshow:", query_params=ctx.link_query(present=True, slide=1))
    deck_button(ctx, sidebar)


def deck_button(ctx: PageContext, where=st) -> None:
    """Download of the offline slide deck of every chart with the current filters (built on click)."""
    tables, state, source, base = ctx.dataset.tables, ctx.state, ctx.source, server_base_url()
    published = str(source.get("published", "")).replace("-", "")
    where.download_button(
        ctx.t("present.deck"), lambda: report.deck_html(tables, state, source, base, strict=False).encode("utf-8"),
        file_name=f"{export.file_stem('cenfigures', 'deck', ctx.lang, published)}.html", mime="text/html",
        key=f"deck-{where is st.sidebar}", on_click="ignore", icon=":material/co_present:",
    )
