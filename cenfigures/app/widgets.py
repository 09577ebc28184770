"""The Streamlit pieces pages share: language switch, menu, filters, notices, charts with their
downloads and citations, chart tabs and the share bar. Each widget is drawn from the URL and writes
back to it (the URL is the single source of truth)."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from cenfigures.app.context import (
    PageContext,
    plotly_config,
    server_base_url,
    view_url,
)
from cenfigures.app.downloads import chart_downloads, deck_download
from cenfigures.charts import catalog
from cenfigures.tables.dataset import (
    DataFileError,
)
from cenfigures.tables.paths import REBUILD_COMMAND
from cenfigures.view import downloads, filters, share
from cenfigures.view.filters import ParsedQuery, ViewState
from cenfigures.view.labels import (
    LANGUAGES,
    kind_label,
    text,
    topic_label,
)
from cenfigures.view.site import PAGES, Page

LANGUAGE_NAMES = {"zh": "中文", "en": "English"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(value: str) -> str:
    """Text that Streamlit's markdown shows literally: no links, HTML, emphasis or LaTeX."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False))


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


def language_switch(state: ViewState) -> None:
    st.sidebar.radio(
        text("app.language", state.lang),
        LANGUAGES,
        format_func=LANGUAGE_NAMES.__getitem__,
        horizontal=True,
        key=_bind("lang", state.lang),
        on_change=_push,
        args=("lang", "url_lang"),
    )


def menu(ctx: PageContext) -> None:
    st.sidebar.caption(ctx.t("app.menu"))
    query = ctx.link_query(present=False, slide=1, chart="")  # the open tab is the current page's own
    for page in PAGES:
        st.sidebar.page_link(page.path, label=ctx.t(f"page.{page.key}"), icon=page.icon, query_params=query)


def filter_widgets(ctx: PageContext) -> None:
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


def notice(parsed: ParsedQuery, lang: str) -> None:
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
    stem = downloads.file_stem(page_key, name, ctx.lang, published)
    key_column = next((c for c in ("figure_id", "event_id") if c in rows), None)  # tables of figures or events
    ids = tuple(rows[key_column]) if key_column else ()
    bar = st.container(horizontal=True, gap="small")
    chart_downloads(bar, ctx, rows, stem, f"{page_key}-{name}", figure)  # filled while open; SVG made on request
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
    """Download of the offline slide deck of every chart with the current filters (made on request)."""
    deck_download(ctx, where, server_base_url())  # made on request, then handed over with the page
