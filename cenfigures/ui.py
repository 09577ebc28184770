"""The shared setup every page calls, and the few Streamlit pieces pages share.

`setup_page("digitization")` sets the page up (title, access gate, language, translated menu,
the filters that apply, notices for bad links) and returns a PageContext with the state and the
data. The URL is the single source of truth for state: widgets are drawn from it and write back
to it, so a copied link reproduces page, filters and language.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from cenfigures import filters
from cenfigures.data import Dataset, DataFileError, data_fingerprint, load_dataset
from cenfigures.filters import FilterOptions, ParsedQuery, ViewState
from cenfigures.labels import LANGUAGES, TOPICS, KINDS, kind_label, text, topic_label
from cenfigures.prep import DATA_DIR, REBUILD_COMMAND
from cenfigures.site import PAGES, PAGES_BY_KEY, Page

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
        """A loaded table; an empty frame when the file is broken (the error is shown once)."""
        return self.dataset.tables.get(name, pd.DataFrame())

    @property
    def all_figures(self) -> pd.DataFrame:
        return self.table("figures")

    @property
    def figures(self) -> pd.DataFrame:
        """The figures this page's filters let through."""
        frame = self.all_figures
        return filters.apply(frame, self.state, self.page.uses) if not frame.empty else frame

    @property
    def source(self) -> dict[str, str]:
        sources = self.table("sources")
        return {} if sources.empty else sources.iloc[0].to_dict()

    def region_names(self) -> dict[str, str]:
        regions = self.table("regions")
        if regions.empty:
            return {}
        column = "name_en" if self.lang == "en" else "name_zh"
        return dict(zip(regions["region_id"], regions[column]))

    def link_query(self, **changes: object) -> dict[str, str | list[str]]:
        """URL parameters of the current view, with `changes` applied."""
        return filters.to_query(self.state.with_(**changes), self.options)


def _raw_query() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params.keys()}


def _fallback_options() -> FilterOptions:
    return FilterOptions(regions=(), topics=tuple(TOPICS), kinds=tuple(KINDS), first_year=2015, last_year=2025)


def _push(key: str, widget_key: str) -> None:
    """Widget callback: write the widget's new value into the URL (the source of truth)."""
    value = st.session_state[widget_key]
    if key == "years":
        value = f"{value[0]}-{value[1]}"
    if value in (None, [], ()):
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
    query = ctx.link_query(present=False, slide=1)
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
    options = FilterOptions.from_figures(figures) if figures is not None else _fallback_options()
    parsed = filters.parse_query(_raw_query(), options)
    state = parsed.state
    lang = state.lang
    st.set_page_config(
        page_title=f"{text(f'page.{page.key}', lang)} · {text('app.title', lang)}",
        page_icon=":material/query_stats:",
        layout="wide",
        initial_sidebar_state="collapsed" if state.present else "auto",
    )
    clean = filters.to_query(state, options)
    ours = {k: v for k, v in _raw_query().items() if k not in filters.STREAMLIT_KEYS}
    if ours != {k: (v if isinstance(v, list) else [v]) for k, v in clean.items()}:
        st.query_params.from_dict(clean)  # a copied link then holds only the clean state

    ctx = PageContext(page=page, state=state, options=options, dataset=dataset)
    _language_switch(state)
    _menu(ctx)
    _filter_widgets(ctx)
    _notice(parsed, lang)
    return ctx


def plotly_config(ctx: PageContext, chart_name: str) -> dict[str, Any]:
    """Toolbar of every chart: a 2x PNG named by page, chart, language and date."""
    published = str(ctx.source.get("published", "")).replace("-", "")
    return {
        "displaylogo": False,
        "toImageButtonOptions": {
            "format": "png",
            "scale": 2,
            "filename": f"{ctx.page.key}_{chart_name}_{ctx.lang}_{published}",
        },
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


def show_chart(ctx: PageContext, chart) -> None:
    """A chart with its takeaway under it; a notice instead when the filters leave no data."""
    if chart.rows.empty:
        st.info(ctx.t("app.no_rows"), icon=":material/filter_alt_off:")
        return
    st.plotly_chart(chart.figure, theme=None, key=f"chart-{chart.name}", config=plotly_config(ctx, chart.name))
    if chart.takeaway:
        st.markdown(f"**{md_escape(ctx.t('word.takeaway'))}** · {md_escape(chart.takeaway)}")
