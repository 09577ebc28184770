"""The Streamlit pieces pages share: language switch, menu, filters, notices, charts with their
downloads and citations, chart tabs and the share bar. Each widget is drawn from the URL and writes
back to it (the URL is the single source of truth)."""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from cenfigures.app.chrome import css_text, md_escape
from cenfigures.app.context import (
    PageContext,
    plotly_config,
    view_url,
)
from cenfigures.app.downloads import chart_downloads, deck_popover
from cenfigures.charts import catalog
from cenfigures.charts.kit import Chart, title_lines, title_units
from cenfigures.tables.dataset import DataFileError
from cenfigures.tables.paths import REBUILD_COMMAND
from cenfigures.view import downloads, explorer, filters, share
from cenfigures.view.filters import FILTERS_BY_KEY, ParsedQuery
from cenfigures.view.labels import LANGUAGES, text
from cenfigures.view.model import ChartSpec
from cenfigures.view.site import Page
from cenfigures.view.translate import Translator
from cenfigures.view.words import unreviewed_ids

LANGUAGE_NAMES = {"zh": "中文", "en": "English"}
TOOLBAR_PX = 260  # plotly's toolbar
# The narrowest chart that shows the toolbar: its 260 px beside a title of kit.TITLE_UNITS at 17 px
# (about 350 px); narrower charts hide it (a container query), and presentation mode's width bands
# start here.
TOOLBAR_MIN_CHART_PX = 640
# Only the browser knows how wide a chart is. The width bands of a chart (px, the narrowest of each):
# below the first, a phone's (the toolbar hidden); from each, a title line may take what the band's
# narrowest chart has beside the toolbar. A chart whose title wraps differently in a wider band is
# drawn once per such band, and a container query (as for the toolbar) shows the one for the chart's
# width: a title is laid out for the width it is drawn at (pages, slides, and the PNG the toolbar
# makes of what is shown), give or take a band's 80-160 px; most titles fit one line in every band
# and are drawn once, a long one two or three times.
WIDE_CHART_PX = (TOOLBAR_MIN_CHART_PX, 720, 800, 880, 960, 1120, 1440)


# Streamlit adds its own button to plotly's toolbar, titled "Fullscreen" / "Close fullscreen" in
# English whatever the config's locale; plotly.js shows a title through CSS (content: attr(data-title)),
# so the tooltip of that button is given the label's text instead.
_STREAMLIT_TOOLBAR = ("plotly.fullscreen", "plotly.fullscreen_close")


def escaped_toolbar_css(t: Translator) -> str:
    """Constant rules (labels only, escaped as CSS strings) translating Streamlit's toolbar button."""
    rules = "".join(
        f".js-plotly-plot .plotly .modebar .modebar-btn[data-title={css_text(text(key, 'en'))}]::after "
        f"{{ content: {css_text(t(key))}; }}"
        for key in _STREAMLIT_TOOLBAR
    )
    return f"<style>{rules}</style>"


def title_bands(title: str, scale: float = 1.0) -> list[tuple[int, int | None]]:
    """(narrowest chart width in px, title units or None for a phone's) of each band where `title`
    at text `scale` wraps differently from the band before, narrowest first."""
    bands: list[tuple[int, int | None]] = [(0, None)]
    last = title_lines(title, scale)
    for width in WIDE_CHART_PX:
        units = title_units(width - TOOLBAR_PX, scale)
        lines = title_lines(title, scale, units)
        if lines != last:
            bands.append((width, units))
            last = lines
    return bands


def escaped_band_css(container: str, prefix: str, widths: Sequence[int]) -> str:
    """Container queries that show, of a chart drawn once per band starting at `widths`, the one for
    its width: the n-th is `.st-key-<prefix>-<n>` inside `.st-key-<container>`. `container` and
    `prefix` are our keys (ids and slugs), the rest integers and constant text: nothing needs escaping."""
    rules = [f".st-key-{container} {{ container-type: inline-size; }}"]

    def hidden(number: int) -> str:  # the chart's container and the wrapper Streamlit puts around it
        chart = f".st-key-{prefix}-{number}"
        return f":is({chart}, [data-testid='stLayoutWrapper']:has(> {chart})) {{ display: none !important; }}"

    for number, low in enumerate(widths):
        if number:
            rules.append(f"@container (width <= {low}px) {{ {hidden(number)} }}")
        if number + 1 < len(widths):
            rules.append(f"@container (width > {widths[number + 1]}px) {{ {hidden(number)} }}")
    return "<style>" + " ".join(rules) + "</style>"


def _push(key: str, widget_key: str) -> None:
    """Widget callback: write the widget's new value into the URL (the source of truth)."""
    value = st.session_state[widget_key]
    if key == "years":
        value = f"{value[0]}-{value[1]}" if isinstance(value, (list, tuple)) and len(value) == 2 else None
    if value in (None, [], (), ""):
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = value
    if key in filters.FILTER_KEYS or key == "sort":  # other rows or another order: back to the first page
        st.query_params.pop("page", None)


def _clear_filters() -> None:
    for key in (*filters.FILTER_KEYS, "page"):
        st.query_params.pop(key, None)


def _push_page(widget_key: str) -> None:
    """Pager callback: the page of a long list lives in the URL (page 1 is the default, left out)."""
    page = int(st.session_state[widget_key])
    if page <= 1:
        st.query_params.pop("page", None)
    else:
        st.query_params["page"] = str(page)


def pager(ctx: PageContext, pages: int, label_key: str, where=st) -> int:
    """A long list's page (from the URL, 1 to `pages`), and, when it has more than one, a way to
    turn it: a page number box with "of N" (the list is paged on the server: a corpus of thousands
    of articles sends the browser a page of them, not all)."""
    page = min(max(ctx.state.page, 1), pages)
    if pages > 1:
        row = where.container(horizontal=True, vertical_alignment="center", gap="small")
        row.number_input(
            ctx.t(label_key),
            min_value=1,
            max_value=pages,
            step=1,
            key=_bind("page", page),
            on_change=_push_page,
            args=("url_page",),
            width=150,
        )
        row.caption(md_escape(ctx.t("pager.of", pages=f"{pages:,}")))
    return page


def paged(ctx: PageContext, items: list, per_page: int, label_key: str) -> list:
    """The items of the page the link asks for (`pager`, `per_page` a page): a long list of cards
    sends the browser one page of them."""
    page = pager(ctx, explorer.page_count(len(items), per_page), label_key)
    return explorer.page_of(items, page, per_page)


def _bind(key: str, value: Any) -> str:
    """Prepare a widget bound to URL parameter `key`: its value comes from the URL on every run."""
    widget_key = f"url_{key}"
    st.session_state[widget_key] = value
    return widget_key


def language_switch(ctx: PageContext) -> None:
    st.sidebar.radio(
        ctx.t("app.language"),
        LANGUAGES,
        format_func=LANGUAGE_NAMES.__getitem__,
        horizontal=True,
        key=_bind("lang", ctx.lang),
        on_change=_push,
        args=("lang", "url_lang"),
    )


def menu(ctx: PageContext, editor_pages: tuple[Page, ...] = ()) -> None:
    """Every page, translated, and the editors' pages for an editor; links carry the language and
    filters, never the open tab."""
    st.sidebar.caption(ctx.t("app.menu"))
    for page in ctx.site + editor_pages:
        st.sidebar.page_link(page.path, label=page.label(ctx.t), icon=page.icon, query_params=ctx.query_for(page))


def filter_widgets(ctx: PageContext) -> None:
    """The filters this page applies, each drawn from the registry (cenfigures.view.filters), in the
    sidebar or, for a page that asks for it (the explorer), at the top of the page: the search box
    first, the other filters in an expander, so a phone shows them without opening the sidebar."""
    uses = [key for key in ctx.page.uses if key in FILTERS_BY_KEY]
    if not uses:
        return
    t, names = ctx.t, ctx.view.names
    if ctx.page.filters_on_page:
        sidebar = st.container()
        if "q" in uses:
            _text_filter(ctx, sidebar, FILTERS_BY_KEY["q"])
            uses.remove("q")
        sidebar = sidebar.expander(t("app.filters"), expanded=bool(ctx.state.set_keys), icon=":material/filter_alt:")
    else:
        sidebar = st.sidebar
        sidebar.caption(t("app.filters"))
    for key in uses:
        flt = FILTERS_BY_KEY[key]
        options = ctx.options.of(key)
        if flt.widget == "multiselect":
            if not options:
                continue
            sidebar.multiselect(
                # No "Select all" entry: Streamlit writes it in English only, and choosing nothing already means all.
                t(flt.label),
                options,
                format_func=lambda value, f=flt: f.option_label(value, t, names),
                placeholder=t("filter.all"),
                select_all=False,
                key=_bind(key, [v for v in ctx.state.get(key, ()) if v in options]),
                on_change=_push,
                args=(key, f"url_{key}"),
            )
        elif flt.widget == "range" and len(options) == 2 and options[0] < options[1]:
            # `value` makes it a range slider: Streamlit decides that from `value` alone, not from the
            # session state, and without it reads a dragged pair as one year (the default), which
            # _push then dropped from the URL: both handles snapped back to the full range.
            sidebar.select_slider(
                t(flt.label),
                options=list(range(options[0], options[1] + 1)),
                value=tuple(options),
                key=_bind(key, tuple(ctx.state.get(key) or options)),
                on_change=_push,
                args=(key, f"url_{key}"),
            )
        elif flt.widget == "text":
            _text_filter(ctx, sidebar, flt)
    sidebar.button(t("app.reset_filters"), on_click=_clear_filters, type="tertiary")


def sort_control(ctx: PageContext, where=st) -> None:
    """The explorer's row order (the URL's `sort`, filters.SORTS): the articles' order, or by value as
    a number within each unit. The grid's own header sort reads 数值 as text (1个, 3个, 50%, 超过1000万台)."""
    orders = ("", *filters.SORTS)
    where.segmented_control(
        ctx.t("sort.label"),
        orders,
        format_func=lambda order: ctx.t(f"sort.{order.replace('-', 'desc_') or 'source'}"),
        key=_bind("sort", ctx.state.sort),
        on_change=_push,
        args=("sort", "url_sort"),
    )
    # A caption, not the widget's help: Streamlit names a help icon "Help for ..." in English only.
    where.caption(ctx.t("sort.help"))


def _text_filter(ctx: PageContext, where, flt) -> None:
    where.text_input(
        ctx.t(flt.label),
        placeholder=ctx.t(f"{flt.label}.placeholder"),
        max_chars=filters.MAX_SEARCH_LENGTH,
        key=_bind(flt.key, ctx.state.get(flt.key, "")),
        on_change=_push,
        args=(flt.key, f"url_{flt.key}"),
    )


def notice(ctx: PageContext, parsed: ParsedQuery) -> None:
    """Bad link parameters (named by our own key names only, never echoing the link's text), and
    filters of the link this page does not apply."""
    t = ctx.t
    keeps = ctx.page.keeps  # parameters the page reads itself (/review?source=): neither dropped nor ignored
    dropped = [key for key in parsed.dropped if key not in keeps]
    if dropped or parsed.unknown:
        names = [_parameter_name(key, t) for key in dict.fromkeys(dropped)] + [t("app.notice.unknown_name")] * min(
            parsed.unknown, 1
        )
        count = len(dropped) + parsed.unknown
        st.warning(t("app.notice.dropped", count=count, names=t.join(names)), icon=":material/link_off:")
    ignored = filters.ignored(ctx.state, (*ctx.page.uses, *keeps))
    if ignored:
        said = filters.conditions(ctx.state, t, ctx.view.names, ignored)
        st.caption(md_escape(t("filter.ignored", conditions=t("filter.sentence.and").join(said))))


def _parameter_name(key: str, t: Translator) -> str:
    """A link parameter as the reader knows it, its label in the page's language, with the name the
    link uses so it can be found there: "地区（region）"."""
    label = f"param.{key}" if t.has(f"param.{key}") else f"filter.{key}"
    return t("param.named", label=t(label), name=key) if t.has(label) else key


def show_data_errors(errors: list[DataFileError], t: Translator) -> None:
    """A translated message per broken data file, naming it and the command that rebuilds it."""
    for error in errors:
        reason = t(f"data.reason.{error.reason_key}")
        st.error(
            md_escape(t("data.error", file=error.file, reason=reason, command=REBUILD_COMMAND)), icon=":material/error:"
        )


def _sources(ctx: PageContext, rows: pd.DataFrame) -> list[Mapping]:
    ids = (
        list(dict.fromkeys(rows["source_id"])) if "source_id" in rows and not rows.empty else list(ctx.view.sources)[:1]
    )
    return [ctx.view.source(s) for s in ids]


def cite_block(
    ctx: PageContext, title: str, rows: pd.DataFrame, page: Page | None = None, events: pd.DataFrame | None = None
) -> None:
    """Short and long citation of a chart or table, as copyable text (st.code shows text literally):
    each article behind the rows (and `events` drawn beside them), the chart, the figure and event
    ids and the link of the view."""
    events = events if events is not None else pd.DataFrame()
    both = pd.concat([rows, events]) if not events.empty else rows
    ids, event_ids = _ids(rows), _ids(events)
    sources = _sources(ctx, both)
    drafts = unreviewed_ids(rows) | unreviewed_ids(events)
    st.caption(ctx.t("cite.short_label"))
    st.code(share.short_citation(sources, ids, ctx.t, drafts, event_ids), language=None, wrap_lines=True)
    st.caption(ctx.t("cite.long_label"))
    st.code(
        share.long_citation(sources, title, ids, ctx.t, view_url(ctx, page), drafts, event_ids),
        language=None,
        wrap_lines=True,
    )


def _ids(rows: pd.DataFrame) -> tuple[str, ...]:
    key = next((c for c in ("figure_id", "event_id") if c in rows), None)  # tables of figures or events
    return tuple(rows[key]) if key else ()


def data_actions(
    ctx: PageContext,
    rows: pd.DataFrame | Callable[[], pd.DataFrame],
    name: str,
    title: str,
    figure=None,
    page: Page | None = None,
    events: pd.DataFrame | None = None,
    chart: Chart | None = None,
) -> None:
    """Download (displayed rows as CSV, full data as zip; for a `chart`, an SVG of `figure`, a
    PowerPoint slide and an Excel workbook) and citation popovers, for any chart or table: `rows` are
    the rows shown, or what makes them when a popover opens (a chart of a large corpus cites
    thousands of figures) (`events`: events a chart draws beside its figures, a CSV of their own),
    `name` a slug for keys and files."""
    page_key = (page or ctx.page).key
    slide = None
    if chart is not None:
        site_page = page or ctx.page
        spec = next((s for s in ctx.dataset_specs(site_page.charts) if s.id == chart.name), None)
        slide = catalog.Slide(site_page, chart, spec)
    stem = downloads.file_stem(page_key, name, ctx.lang)
    bar = st.container(horizontal=True, gap="small")
    events_stem = downloads.file_stem(page_key, name, "events", ctx.lang)
    chart_downloads(bar, ctx, rows, stem, f"{page_key}-{name}", figure, events, events_stem, slide)  # filled while open
    cite_popover(bar, ctx, title, rows, f"cite-{page_key}-{name}", page, events)


def cite_popover(
    where,
    ctx: PageContext,
    title: str,
    rows: pd.DataFrame | Callable[[], pd.DataFrame],
    key: str,
    page: Page | None = None,
    events: pd.DataFrame | None = None,
) -> None:
    """The citation popover, filled only while it is open (opening it is one short rerun, as for the
    downloads): an ordinary rerun neither works out the citations (about a fifth of a chart page's
    rerun) nor sends their four elements."""
    popover = where.popover(ctx.t("cite.button"), icon=":material/format_quote:", key=key, on_change="rerun")
    with popover:
        if popover.open:
            cite_block(ctx, title, rows() if callable(rows) else rows, page, events)


def show_chart(ctx: PageContext, chart: Chart, page: Page | None = None) -> None:
    """A chart with its takeaway, downloads and citation; a notice instead when the filters leave no data."""
    if chart.empty:
        st.info(ctx.t("app.no_rows"), icon=":material/filter_alt_off:")
        return
    config = plotly_config(ctx, chart, page)
    bands = title_bands(chart.title)
    if len(bands) == 1:
        _plot(ctx, chart, chart.figure, f"chart-{chart.name}", config)
    else:
        with st.container(key=f"bands-{chart.name}"):
            st.html(escaped_band_css(f"bands-{chart.name}", f"band-{chart.name}", [low for low, _ in bands]))
            for number, (_, units) in enumerate(bands):
                with st.container(key=f"band-{chart.name}-{number}"):
                    figure = chart.figure if units is None else ctx.relaid(chart, units)
                    _plot(ctx, chart, figure, f"chart-{chart.name}-{number}", config)
    if chart.takeaway:
        st.markdown(f"**{md_escape(ctx.t('word.takeaway'))}** · {md_escape(chart.takeaway)}")
    data_actions(ctx, lambda: chart.rows, chart.name, chart.title, chart.figure, page, chart.events, chart)


def _plot(ctx: PageContext, chart: Chart, figure, key: str, config: dict[str, Any]) -> None:
    """One drawing of a chart; a click on a mark selects its value of the filter the chart selects
    (the map: a region) when the page uses that filter."""
    if chart.selects in ctx.page.uses:
        options = ctx.options.of(chart.selects)
        st.plotly_chart(
            figure,
            theme=None,
            key=key,
            config=config,
            on_select=functools.partial(_select_clicked, key, chart.selects, options),
            selection_mode="points",
        )
    else:
        st.plotly_chart(figure, theme=None, key=key, config=config)


def _select_clicked(key: str, filter_key: str, options: tuple) -> None:
    """Chart selection callback: the clicked mark's value (its customdata) becomes the filter's value
    in the URL, as if chosen in the filter's widget; a click on a mark without one changes nothing."""
    points = (st.session_state.get(key) or {}).get("selection", {}).get("points", [])
    chosen = [p.get("customdata") for p in points]
    chosen = [c[0] if isinstance(c, list) and c else c for c in chosen]
    chosen = [c for c in dict.fromkeys(chosen) if isinstance(c, str) and c in options]
    if chosen:
        st.query_params[filter_key] = chosen


def _push_tab(widget_key: str, ids_by_label: dict[str, str], first: str) -> None:
    """Tabs callback: write the open tab's chart id into the URL (the first tab is the default)."""
    chart_id = ids_by_label.get(st.session_state[widget_key], first)
    if chart_id == first:
        st.query_params.pop("chart", None)
    else:
        st.query_params["chart"] = chart_id


def chart_tabs(ctx: PageContext, specs: Sequence[ChartSpec], notes: Mapping[str, str] | None = None) -> None:
    """One tab per declared chart, named in the page's language; only the open tab's chart is built
    and drawn (the tabs rerun the page when switched), so a filter change redraws one chart, not all.
    The open tab is in the URL (`chart=`), so a link opens the same chart. `notes`: a caption under a
    chart, by chart id."""
    if not specs:
        st.info(ctx.t("app.no_rows"), icon=":material/filter_alt_off:")
        return
    if len(specs) == 1:
        show_chart(ctx, ctx.chart(specs[0]))
        return
    ids = [spec.id for spec in specs]
    labels = [spec.words("tab", ctx.lang) or spec.id for spec in specs]
    open_id = ctx.state.chart if ctx.state.chart in ids else ids[0]
    widget_key = _bind("chart", labels[ids.index(open_id)])
    tabs = st.tabs(labels, key=widget_key, on_change=_push_tab, args=(widget_key, dict(zip(labels, ids)), ids[0]))
    for tab, spec in zip(tabs, specs):
        if tab.open:
            with tab:
                chart = ctx.chart(spec)
                if chart.empty:
                    st.info(ctx.t("app.no_rows_tab"), icon=":material/filter_alt_off:")
                    continue
                show_chart(ctx, chart)
                if notes and spec.id in notes:
                    st.caption(md_escape(notes[spec.id]))


def share_bar(ctx: PageContext) -> None:
    """In the sidebar: the link of this view with a copy button, presentation mode, the deck."""
    sidebar = st.sidebar
    # Constant CSS only (no data in it): the copy button of a code block is always shown, not only on
    # hover, so a phone can copy the share link and citations too.
    # A page title on a phone is smaller, so a short Chinese title stays on one line ("两化融合（河"
    # / "北）" broke inside its bracket at Streamlit's 2.75rem).
    # One element with the toolbar's translation (every element costs each rerun).
    # A chart narrower than its title plus plotly's toolbar (a phone, a tablet, a half-width column)
    # hides the toolbar, which would sit over the title; the download popover below the chart stays.
    sidebar.html(
        "<style>[data-testid='stCode'] button { opacity: 1 !important; visibility: visible !important; }"
        # Streamlit's captions are its text colour at 60% (about 3.9:1 on the sidebar's grey): 80% meets AA.
        " [data-testid='stCaptionContainer'] { color: rgba(49, 51, 63, 0.8) !important; }"
        " @media (max-width: 640px) { [data-testid='stMain'] h1 { font-size: 2rem !important; } }"
        " [data-testid='stPlotlyChart'] { container-type: inline-size; }"
        f" @container (max-width: {TOOLBAR_MIN_CHART_PX}px) "
        "{ .js-plotly-plot .plotly .modebar-container { display: none !important; } }</style>"
        + escaped_toolbar_css(ctx.t)
    )
    sidebar.caption(ctx.t("share.title"))
    link = view_url(ctx)
    sidebar.code(link, language=None, wrap_lines=True)
    sidebar.html(escaped_copy_button(link, ctx.t), unsafe_allow_javascript=True)
    sidebar.caption(ctx.t("share.help"))
    # A button, not a link to the page itself: a page link left the address without present=1 (and
    # the next step dropped back to the page). P enters from the keyboard.
    sidebar.button(
        ctx.t("present.start"),
        icon=":material/slideshow:",
        on_click=_enter_presentation,
        key="present-start",
        shortcut="p",
        help=ctx.t("present.start_help"),
    )
    deck_popover(ctx, sidebar)


# A visible Copy link button under the share link (Streamlit's own copy button shows only while the
# pointer is over the code block, then over the link's end, and a phone has no hover), with a
# confirmation read out by screen readers. One document-level listener for every page: the script
# runs again when the link changes, the listener is added once. The clipboard API needs a secure
# context (https, localhost); elsewhere a selected text area and execCommand("copy") do it.
COPY_SCRIPT = """<script>
(() => {
  if (window.cenfigures_copy_listener) return;
  window.cenfigures_copy_listener = true;
  const fallback = link => {
    const area = document.createElement('textarea');
    area.value = link; area.setAttribute('readonly', ''); area.style.position = 'fixed'; area.style.opacity = '0';
    document.body.appendChild(area); area.select();
    let copied = false;
    try { copied = document.execCommand('copy'); } catch (error) { copied = false; }
    area.remove();
    return copied;
  };
  document.addEventListener('click', async event => {
    const button = event.target.closest('button[data-cenfigures-copy]');
    if (!button) return;
    const link = button.dataset.link;
    let copied = false;
    try { await navigator.clipboard.writeText(link); copied = true; } catch (error) { copied = fallback(link); }
    const status = button.parentElement.querySelector('[role=status]');
    status.textContent = copied ? button.dataset.copied : button.dataset.failed;
    status.dataset.state = copied ? 'copied' : 'failed';
  });
})();
</script>"""
_COPY_CSS = (
    "<style>[data-testid='stSidebar'] [data-testid='stCode'] [data-testid='stElementToolbarButton'] { display: none; }"
    " .cenfigures-copy { display: flex; align-items: center; gap: 0.6rem; flex-wrap: wrap; }"
    " .cenfigures-copy button { font: inherit; font-size: 0.875rem; min-height: 2.5rem; padding: 0.25rem 0.85rem;"
    " border: 1px solid rgba(49, 51, 63, 0.35); border-radius: 0.5rem; background: #fff; color: rgb(49, 51, 63);"
    " cursor: pointer; }"
    " .cenfigures-copy button:hover, .cenfigures-copy button:focus-visible { border-color: rgb(180, 35, 50);"
    " color: rgb(180, 35, 50); }"
    " .cenfigures-copy [role=status] { font-size: 0.875rem; color: rgb(49, 51, 63); }</style>"
)


def escaped_copy_button(link: str, t: Translator) -> str:
    """The Copy link button for `link` (escaped into an attribute) with its status line and script."""
    words = {name: html.escape(t(f"share.{name}"), quote=True) for name in ("copy", "copied", "copy_failed")}
    return (
        _COPY_CSS + f'<div class="cenfigures-copy"><button type="button" data-cenfigures-copy'
        f' data-link="{html.escape(link, quote=True)}" data-copied="✓ {words["copied"]}"'
        f' data-failed="{words["copy_failed"]}">{words["copy"]}</button>'
        '<span role="status" aria-live="polite"></span></div>' + COPY_SCRIPT
    )


def _enter_presentation() -> None:
    """Button callback: presentation mode from its first slide, written into the URL."""
    st.query_params["present"] = "1"
    st.query_params.pop("slide", None)
