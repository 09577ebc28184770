"""Presentation mode (`?present=1&slide=N`): one chart per screen, large type, no sidebar.

setup_page calls `show(ctx)` instead of drawing the page when the URL asks for it. The slides are
the charts of the page it was entered from (every chart of every page from a page without charts,
catalog.view_pages), narrowed by the filters in the URL; previous/next (buttons, the arrow keys,
Page Up/Down, a clicker) write `slide` into the URL, so a slide can be linked to and embedded
(`&embed=true` passes through); Escape leaves. Every slide fits its screen (the chart is scaled to the
height the title bar, takeaway and source leave).
"""

from __future__ import annotations

import streamlit as st

from cenfigures.app import widgets
from cenfigures.app.context import PageContext, cached_slides, plotly_config, view_url
from cenfigures.app.downloads import deck_popover
from cenfigures.app.widgets import md_escape
from cenfigures.charts.kit import enlarge, title_units
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
# so titles, legends and labels wrap shorter and take more room instead of overlapping; a chart
# taller than its screen's room is scaled to fit (the slide script in show()). A phone's chart is drawn as on the page.
SLIDE_TEXT_SCALE = 1.2
SLIDE_HEIGHT_SCALE = 1.25  # and its plot a little taller still: room for the rows of the larger labels


def title_bands(title: str) -> list[tuple[int, int | None]]:
    """The width bands of a slide's chart: a phone's (below widgets.TOOLBAR_MIN_CHART_PX), drawn as
    the page draws it (a phone's type is small already, and a chart enlarged for a projector could
    only fit a phone's screen at a size nobody reads), then from that width on the slide's larger
    type, once per band where `title` wraps differently (widgets.title_bands)."""
    first = widgets.TOOLBAR_MIN_CHART_PX
    wide = [(first, title_units(first - widgets.TOOLBAR_PX, SLIDE_TEXT_SCALE))]
    wide += [band for band in widgets.title_bands(title, SLIDE_TEXT_SCALE)[1:] if band[0] > first]
    return [(0, None), *wide]


def escaped_band_css(widths: list[int]) -> str:
    """The container queries that show the slide's chart for its width: the n-th is
    `.st-key-present-chart-<n>` inside `.st-key-present-slide`."""
    return widgets.escaped_band_css("present-slide", "present-chart", widths)


def slide_number(requested: int, total: int) -> int:
    """The slide to show: `requested` kept within 1..total."""
    return min(max(requested, 1), max(total, 1))


# Constant CSS (no data in it). The slide is one screen: the bar, the chart, the takeaway and the
# source; the chart has the height the others leave (a flex column as tall as the window), and the
# slide's script scales a taller chart to fit it (down to MIN_SCALE), so
# nothing falls below the fold on any screen. The takeaway is shown whole (a box of at most 40% of
# the screen) and the chart takes what is left. The sidebar and
# Streamlit's header (transparent, over the page's top 60 px) are hidden: a presentation is the slide,
# fixed to the window (what the page drew before it, notices and styles, stays behind it).

# The slide's script, constant text (no data in it), registered once per window (Streamlit runs a
# page's script again on every rerun).
# - Keys step through the slides as a presentation program's do: the arrows, Page Up/Down (what a
#   clicker sends), space and Home/End; Escape leaves. It presses the slide's own buttons, so every
#   step writes the URL as a click does; never while somebody types in a field.
# - A chart taller than the room the slide leaves it is scaled to fit (a CSS transform: its layout,
#   tested for overlaps at its own size, shrinks as a whole, as a presentation program fits a
#   picture), not squeezed (a squeezed plot keeps its margins and its rows of labels collide). Only
#   the browser knows the room; the scale is kept on the plot and redone when the window or slide
#   changes. Not CSS zoom, nor a transform of a box Streamlit measures: Streamlit sizes the plot to
#   its element's measured (scaled) box, and the plot was squeezed after all. Below MIN_SCALE the
#   type would be too small to read (the browser test fails a slide that needs less). MIN_SCALE is
#   the script's own constant: the script stays a literal, static markup the HTML check can see.


def show(ctx: PageContext) -> None:
    st.html(
        """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stHeader"] { display: none !important; }
.st-key-present-screen { position: fixed !important; inset: 0.5rem 1.5rem 0.5rem 1.5rem; z-index: 100;
  width: auto !important; height: auto !important; overflow: hidden; gap: 0.4rem !important; background: white; }
[data-testid="stLayoutWrapper"]:has(> .st-key-present-slide), .st-key-present-slide {
  flex: 1 1 0 !important; min-height: 0 !important; }
.st-key-present-slide { overflow-y: auto; overflow-x: hidden; }
.st-key-present-screen :is([data-testid="stMarkdownContainer"], [data-testid="stCaptionContainer"]) {
  margin-bottom: 0 !important; }
.st-key-present-screen [data-testid="stMarkdownContainer"] p { font-size: 1.25rem; line-height: 1.45; margin: 0; }
.st-key-present-takeaway { max-height: 40vh; overflow-y: auto; flex: 0 0 auto !important; }
.st-key-present-screen [data-testid="stCaptionContainer"] p { font-size: 0.9rem; margin: 0; }
@media (max-width: 640px) {
  .st-key-present-screen { inset: 0.25rem 0.5rem 0.25rem 0.5rem; gap: 0.25rem !important; }
  .st-key-present-screen [data-testid="stMarkdownContainer"] p { font-size: 0.9rem; line-height: 1.3; }
  .st-key-present-screen [data-testid="stCaptionContainer"] p { font-size: 0.7rem; line-height: 1.3; }
  .st-key-present-link { display: none !important; }
  /* the bar in one row: its buttons show their icons, their words stay for screen readers */
  :is(.st-key-present-prev, .st-key-present-next, .st-key-present-exit, .st-key-deck-files-main)
    button [data-testid="stMarkdownContainer"] {
    position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  .st-key-present-screen button { padding: 0.15rem 0.5rem; min-height: 2rem; }
}
</style>"""
    )
    st.html(
        """<script>
(() => {
  const MIN_SCALE = 0.5;
  if (window.cenfiguresPresentKeys) return;
  window.cenfiguresPresentKeys = true;
  let queued = false;
  const fit = () => {
    queued = false;
    const slide = document.querySelector(".st-key-present-slide");
    if (!slide) return;
    for (const chart of slide.querySelectorAll('[data-testid="stPlotlyChart"]')) {
      const plot = chart.querySelector(".js-plotly-plot");
      const frame = chart.closest('[data-testid="stElementContainer"]');
      const band = frame && frame.parentElement.closest('[data-testid="stVerticalBlock"]');
      if (!plot || !band || !plot._fullLayout || !chart.checkVisibility()) continue;
      // the slide's height below the chart's top (above it: the band's style element and its gap)
      const above = band.getBoundingClientRect().top - slide.getBoundingClientRect().top + slide.scrollTop;
      const room = slide.clientHeight - above - 2;
      // The chart's own height. Streamlit sizes the plot to its element's measured box, so the scale
      // is put on the plot inside it, never on a box it measures (that shrank the plot instead).
      const height = plot._fullLayout.height;
      const chartBox = chart.offsetHeight;  // Streamlit's element: the plot and its own padding
      const around = Math.max(0, chartBox - height);
      const scale = Math.max(MIN_SCALE, Math.min(1, (room - around) / height));
      if (Math.abs((parseFloat(plot.dataset.scale) || 1) - scale) > 0.002 || frame.dataset.height !== String(height)) {
        plot.dataset.scale = String(scale);
        frame.dataset.height = String(height);
        if (scale < 1) {
          // a picture fitted into the slide: scaled as a whole about its top centre, and the room
          // it no longer takes given back below it
          // (the band's container, ours, is cut to the scaled height: a negative margin left the
          // element's box below, and a scroll bar; Streamlit's element keeps its own height)
          plot.style.setProperty("transform-origin", "50% 0", "important");
          plot.style.setProperty("transform", `scale(${scale})`, "important");
          const cut = `${around + height * scale}px`;  // (a flex item: its flex basis, not its height, counts)
          band.style.setProperty("height", cut, "important");
          band.style.setProperty("flex", `0 0 ${cut}`, "important");
          band.style.setProperty("min-height", "0", "important");  // a flex item's is its content's
          band.style.setProperty("overflow", "hidden", "important");
        } else {
          for (const name of ["transform-origin", "transform"]) plot.style.removeProperty(name);
          for (const name of ["height", "flex", "min-height", "overflow"]) band.style.removeProperty(name);
        }
      }
      frame.dataset.fitted = "1";
    }
  };
  const later = () => { if (!queued) { queued = true; requestAnimationFrame(fit); } };
  new MutationObserver(later).observe(document.body, {childList: true, subtree: true});
  window.addEventListener("resize", later);
  const keys = {ArrowRight: "next", ArrowDown: "next", PageDown: "next", " ": "next", End: "last",
    ArrowLeft: "prev", ArrowUp: "prev", PageUp: "prev", Home: "first", Escape: "exit"};
  document.addEventListener("keydown", (event) => {
    const name = keys[event.key];
    if (!name || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    if (!document.querySelector(".st-key-present-screen")) return;
    const button = document.querySelector(".st-key-present-" + name + " button");
    if (!button || button.disabled) return;
    event.preventDefault();
    button.click();
  }, true);
  later();
})();
</script>""",
        unsafe_allow_javascript=True,
    )
    t = ctx.t
    slides = cached_slides(ctx)
    total = len(slides)
    screen = st.container(key="present-screen")
    bar = screen.container(horizontal=True, vertical_alignment="center", gap="small")
    if not slides:
        screen.info(t("present.empty"), icon=":material/filter_alt_off:")
        bar.button(t("present.exit"), icon=":material/close:", on_click=_exit, key="present-exit")
        return
    number = slide_number(ctx.state.slide, total)
    slide = slides[number - 1]
    steps = (
        ("prev", t("present.prev"), ":material/arrow_back:", number - 1, number == 1),
        ("next", t("present.next"), ":material/arrow_forward:", number + 1, number == total),
    )
    for name, label, icon, target, disabled in steps:
        bar.button(label, icon=icon, on_click=_go_to, args=(target,), disabled=disabled, key=f"present-{name}")
    bar.caption(md_escape(t("present.counter", n=number, total=total, page=slide.page.label(t))))
    bar.button(t("present.exit"), icon=":material/close:", on_click=_exit, key="present-exit", type="tertiary")
    # The keys' other targets (Home, End): not drawn (hidden by their key's class) but pressed by the script.
    bar.html(
        "<style>.st-key-present-first, .st-key-present-last { display: none !important; }</style>",
    )
    bar.button("1", on_click=_go_to, args=(1,), key="present-first", disabled=number == 1)
    bar.button(str(total), on_click=_go_to, args=(total,), key="present-last", disabled=number == total)
    deck_popover(ctx, bar)

    chart = slide.chart
    bands = title_bands(chart.title)
    config = plotly_config(ctx, chart, slide.page)
    with screen.container(key="present-slide"):
        st.html(escaped_band_css([low for low, _ in bands]))
        for band, (_, units) in enumerate(bands):
            with st.container(key=f"present-chart-{band}"):
                if units is None:  # a phone's: as on the page
                    figure = chart.figure
                else:
                    figure = enlarge(chart.figure, SLIDE_TEXT_SCALE, units)
                    figure.update_layout(height=int(figure.layout.height * SLIDE_HEIGHT_SCALE / SLIDE_TEXT_SCALE))
                st.plotly_chart(figure, theme=None, key=f"present-plot-{band}", config=config)
    if chart.takeaway:  # whole; only past 40% of the screen would it scroll in its box
        screen.container(key="present-takeaway").markdown(
            f"**{md_escape(t('word.takeaway'))}** · {md_escape(chart.takeaway)}"
        )
    url = view_url(ctx, slide.page, present=False, slide=1)
    # The article and how many figures, not every id (they are in the CSV and behind the link).
    sources = [ctx.view.source(s) for s in chart.sources]
    screen.container(key="present-source").caption(
        md_escape(share.short_citation(sources, chart.figure_ids, t, unreviewed_ids(chart.rows), chart.event_ids))
    )
    screen.container(key="present-link").caption(md_escape(url))  # a phone leaves it out: its address bar has it
