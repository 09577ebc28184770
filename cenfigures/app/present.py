"""Presentation mode (`?present=1&slide=N`): one chart per screen, large type, no sidebar.

setup_page calls `show(ctx)` instead of drawing the page when the URL asks for it. The slides are
every chart of every page (catalog), each page's figures narrowed by the filters in the URL;
previous/next write `slide` into the URL, so a slide can be linked to and embedded
(`&embed=true` passes through).
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from cenfigures.app.context import PageContext, cached_slides, plotly_config, view_url
from cenfigures.app.widgets import TOOLBAR_MIN_CHART_PX, TOOLBAR_PX, deck_button, md_escape
from cenfigures.charts.kit import enlarge, title_lines, title_units
from cenfigures.view import share
from cenfigures.view.words import unreviewed_ids


def _go_to(slide: int) -> None:
    """Button callback: the slide number lives in the URL (slide 1 is the default, left out)."""
    if slide <= 1:
        st.query_params.pop("slide", None)
    else:
        st.query_params["slide"] = str(slide)


def _exit() -> None:
    st.query_params.pop("present", None)
    st.query_params.pop("slide", None)


# Text on a slide is a fifth larger than on a page; the chart is laid out again for it (kit.enlarge),
# so titles, legends and labels wrap shorter and take more room instead of overlapping.
SLIDE_TEXT_SCALE = 1.2
SLIDE_HEIGHT_SCALE = 1.25


def large(figure: go.Figure, title_width: int | None = None) -> go.Figure:
    """A copy of the chart sized for a screen: taller, with larger type in the chart itself (title,
    axis labels, bar labels, annotations), laid out again so that nothing overlaps. `title_width`:
    the units a title line may take (by default what fits a phone)."""
    big = enlarge(figure, SLIDE_TEXT_SCALE, title_width)
    big.update_layout(height=int(big.layout.height * SLIDE_HEIGHT_SCALE / SLIDE_TEXT_SCALE))
    return big


# Only the browser knows how wide a slide is. The width bands of a chart (px, the narrowest of each):
# below the first, a phone's (the toolbar hidden, widgets.TOOLBAR_MIN_CHART_PX); from each, a title
# line may take what the band's narrowest chart has beside the toolbar. A slide is drawn once per
# band where its title wraps otherwise, and a container query (as for the toolbar) shows the one
# for the chart's width; most titles fit in one line from the first wide band on.
WIDE_CHART_PX = (TOOLBAR_MIN_CHART_PX, 960, 1440)


def title_bands(title: str) -> list[tuple[int, int | None]]:
    """(narrowest chart width in px, title units or None for a phone's) of each band where `title`
    wraps differently from the band before, narrowest first."""
    bands: list[tuple[int, int | None]] = [(0, None)]
    last = title_lines(title, SLIDE_TEXT_SCALE)
    for width in WIDE_CHART_PX:
        units = title_units(width - TOOLBAR_PX, SLIDE_TEXT_SCALE)
        lines = title_lines(title, SLIDE_TEXT_SCALE, units)
        if lines != last:
            bands.append((width, units))
            last = lines
    return bands


def escaped_band_css(widths: list[int]) -> str:
    """Container queries that show, of the slide's charts (one per band starting at `widths`), the
    one for the slide's width: the n-th is `.st-key-present-chart-<n>` inside `.st-key-present-slide`.
    Made of integers and constant text only: nothing in it needs escaping."""
    rules = [".st-key-present-slide { container-type: inline-size; }"]
    for number, low in enumerate(widths):
        if number:
            rules.append(f"@container (width <= {low}px) {{ .st-key-present-chart-{number} {{ display: none; }} }}")
        if number + 1 < len(widths):
            rules.append(
                f"@container (width > {widths[number + 1]}px) {{ .st-key-present-chart-{number} {{ display: none; }} }}"
            )
    return "<style>" + " ".join(rules) + "</style>"


def slide_number(requested: int, total: int) -> int:
    """The slide to show: `requested` kept within 1..total."""
    return min(max(requested, 1), max(total, 1))


def show(ctx: PageContext) -> None:
    # Constant CSS only (no data in it): hide the sidebar and its toggle, enlarge the text.
    st.html(
        """<style>
        [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"] {
          display: none !important;
        }
        [data-testid="stMainBlockContainer"] { max-width: 100%; padding-top: 4rem; }
        [data-testid="stMain"] [data-testid="stMarkdownContainer"] p { font-size: 1.3rem; line-height: 1.5; }
        </style>"""
    )
    t = ctx.t
    slides = cached_slides(ctx)
    total = len(slides)
    bar = st.container(horizontal=True, vertical_alignment="center")
    if not slides:
        st.info(t("present.empty"), icon=":material/filter_alt_off:")
        bar.button(t("present.exit"), icon=":material/close:", on_click=_exit, key="present-exit")
        return
    number = slide_number(ctx.state.slide, total)
    slide = slides[number - 1]
    bar.button(
        t("present.prev"),
        icon=":material/arrow_back:",
        on_click=_go_to,
        args=(number - 1,),
        disabled=number == 1,
        key="present-prev",
    )
    bar.button(
        t("present.next"),
        icon=":material/arrow_forward:",
        on_click=_go_to,
        args=(number + 1,),
        disabled=number == total,
        key="present-next",
    )
    bar.caption(md_escape(t("present.counter", n=number, total=total, page=slide.page.label(t))))
    bar.button(t("present.exit"), icon=":material/close:", on_click=_exit, key="present-exit", type="tertiary")

    chart = slide.chart
    bands = title_bands(chart.title)
    config = plotly_config(ctx, chart, slide.page)
    with st.container(key="present-slide"):
        if len(bands) > 1:
            st.html(escaped_band_css([low for low, _ in bands]))
        for number, (_, units) in enumerate(bands):
            with st.container(key=f"present-chart-{number}"):
                st.plotly_chart(large(chart.figure, units), theme=None, key=f"present-plot-{number}", config=config)
    if chart.takeaway:
        st.markdown(f"**{md_escape(t('word.takeaway'))}** · {md_escape(chart.takeaway)}")
    url = view_url(ctx, slide.page, present=False, slide=1)
    # The article and how many figures, not every id (they are in the CSV and behind the link).
    sources = [ctx.view.source(s) for s in chart.sources]
    st.caption(
        md_escape(share.short_citation(sources, chart.figure_ids, t, unreviewed_ids(chart.rows), chart.event_ids))
        + "  \n"
        + md_escape(url)
    )
    deck_button(ctx)
