"""Chart layout as a real browser draws it (issue 15, fit and finish): on a phone and a tablet a
chart's title, plotly's toolbar, the legend and the plot never overlap, whatever the chart and
language. The boxes are read from the drawn SVG, so a title that wraps at a narrow width or a
toolbar that sits over it fails here even when the figure object looks right."""

from __future__ import annotations

import pytest

from . import views
from .conftest import PageLog, guarded_page, problems

WAIT = 120
SIZES = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "tablet": {"viewport": {"width": 820, "height": 1180}, "is_mobile": True, "has_touch": True},
}

# Boxes (viewport px) of every drawn chart: the title's text, the toolbar when shown, the legend and
# the plot area (plotly's own _size, which the layout computed). A chart whose title wraps otherwise
# at another width is drawn once per width band, the others hidden (widgets.show_chart): only the
# shown drawing is read.
_BOXES_JS = """() => [...document.querySelectorAll('.js-plotly-plot')]
  .filter(gd => gd.getBoundingClientRect().width > 0).map(gd => {
  const box = e => { if (!e) return null; const b = e.getBoundingClientRect();
    return b.width > 0 && b.height > 0 ? {left: b.left, top: b.top, right: b.right, bottom: b.bottom} : null; };
  const g = gd.getBoundingClientRect(), s = gd._fullLayout._size;
  const bar = gd.querySelector('.modebar-container');
  return {
    title: box(gd.querySelector('.g-gtitle .gtitle')),
    toolbar: bar && getComputedStyle(bar).display !== 'none' ? box(gd.querySelector('.modebar')) : null,
    legend: box(gd.querySelector('.legend .bg')) && box(gd.querySelector('.legend .scrollbox')),
    annotations: [...gd.querySelectorAll('.annotation-text-g')].map(box).filter(Boolean),
    plot: {left: g.left + s.l, top: g.top + s.t, right: g.left + s.l + s.w, bottom: g.top + s.t + s.h},
    width: g.width, right: g.right,
  };
})"""


def overlap(a: dict | None, b: dict | None, slack: float = 1.0) -> bool:
    return (
        bool(a and b)
        and a["left"] < b["right"] - slack
        and b["left"] < a["right"] - slack
        and a["top"] < b["bottom"] - slack
        and b["top"] < a["bottom"] - slack
    )


def grown(a: dict | None, margin: float) -> dict | None:
    return a and {
        "left": a["left"] - margin,
        "top": a["top"] - margin,
        "right": a["right"] + margin,
        "bottom": a["bottom"] + margin,
    }


@pytest.mark.parametrize("lang", views.LANGUAGES)
@pytest.mark.parametrize("size", SIZES)
def test_title_toolbar_legend_and_plot_never_overlap(streamlit_server, browser, size, lang, wait_for_app):
    log = PageLog()
    context, pg = guarded_page(browser, log, **SIZES[size])
    found = []
    try:
        for site_page, spec in views.every_view():
            if spec is None and site_page.key != "indicators":
                continue
            query = {"lang": lang} if lang != "zh" else {}
            if spec is not None and spec.id != views.tabs(site_page)[0].id:
                query["chart"] = spec.id
            pg.goto(views.url(streamlit_server, site_page, query))
            wait_for_app(pg, timeout=WAIT)
            name = views.view_id((site_page, spec))
            charts = pg.evaluate(_BOXES_JS)
            assert charts, f"{name}: no chart shown"
            for chart in charts:
                assert chart["title"] is not None, f"{name}: no title drawn"
                if overlap(chart["title"], chart["toolbar"]):
                    found.append(f"{name}: the toolbar sits over the title ({chart['width']:.0f} px wide chart)")
                if chart["title"]["bottom"] > chart["plot"]["top"] + 1:
                    found.append(f"{name}: the title runs into the plot")
                if overlap(chart["title"], chart["legend"]):
                    found.append(f"{name}: the title runs into the legend")
                # A panel's title or a note drawn up to the legend reads as one of its entries
                # (Guangzhou's targets: "单位：元" touched the legend's "2023年目标").
                if any(overlap(grown(chart["legend"], 3), note, slack=0) for note in chart["annotations"]):
                    found.append(f"{name}: a text of the chart touches the legend")
                if chart["title"]["right"] > chart["right"] + 1:
                    found.append(f"{name}: the title is cut at the right edge")
    finally:
        context.close()
    assert found == []
    assert problems(log) == []


def test_desktop_keeps_the_toolbar(streamlit_server, page, wait_for_app):
    """At 1280 px the toolbar is there (hidden only where it cannot fit beside the title)."""
    site_page = views.TOPIC_PAGES[0]
    page.goto(views.url(streamlit_server, site_page))
    wait_for_app(page, timeout=WAIT)
    charts = page.evaluate(_BOXES_JS)
    assert charts and all(c["toolbar"] is not None and not overlap(c["title"], c["toolbar"]) for c in charts)


# ---------------------------------------------------------------- the timeline

TIMELINE = views.page("timeline")
TIMELINE_SIZES = {"phone": SIZES["phone"], "desktop": {"viewport": {"width": 1280, "height": 900}}}

# The timeline's drawn text and marks (viewport px): the year labels, the events' titles (the
# annotations named event-label), the bars and points, the chart's box and its plot area.
_TIMELINE_JS = """() => { const gd = document.querySelector('.js-plotly-plot');
  const box = e => {
    const b = e.getBoundingClientRect();
    return {left: b.left, top: b.top, right: b.right, bottom: b.bottom};
  };
  const g = gd.getBoundingClientRect(), s = gd._fullLayout._size;
  const notes = [...gd.querySelectorAll('.annotation')]
    .filter(e => gd._fullLayout.annotations[+e.dataset.index].name === 'event-label');
  return {
    ticks: [...gd.querySelectorAll('.xtick text')].map(e => ({text: e.textContent, ...box(e)})),
    titles: notes.map(e => ({text: e.textContent, ...box(e.querySelector('text'))})),
    marks: [...gd.querySelectorAll('.bars .point path, .scatterlayer .point')].map(box),
    chart: box(gd), plot: {left: g.left + s.l, right: g.left + s.l + s.w}, viewport: window.innerWidth,
  };
}"""


@pytest.mark.parametrize("lang", views.LANGUAGES)
@pytest.mark.parametrize("size", TIMELINE_SIZES)
def test_timeline_plot_has_the_width_and_its_words_never_overlap(
    streamlit_server, browser, size, lang, wait_for_app, screenshot_dir
):
    """On a phone the events' titles took most of the width and the year labels, tilted, ran into
    each other: as drawn, the plot has most of the chart's width, the year labels keep apart, and
    no title or label runs into another, into a mark or off the chart, on a phone and a desktop."""
    log = PageLog()
    context, pg = guarded_page(browser, log, **TIMELINE_SIZES[size])
    try:
        pg.goto(views.url(streamlit_server, TIMELINE, {"lang": lang} if lang != "zh" else {}))
        wait_for_app(pg, timeout=WAIT)
        drawn = pg.evaluate(_TIMELINE_JS)
        pg.locator('[data-testid="stPlotlyChart"]').first.screenshot(
            path=str(screenshot_dir / f"{size}-{lang}-timeline-chart.png")
        )
    finally:
        context.close()
    chart, ticks, titles = drawn["chart"], drawn["ticks"], drawn["titles"]
    assert len(ticks) >= 2 and all(t["text"].strip()[:4].isdigit() for t in ticks), ticks
    apart = [(a["text"], b["text"]) for a, b in zip(ticks, ticks[1:]) if a["right"] + 4 > b["left"] or overlap(a, b)]
    assert apart == [], f"year labels crowd: {apart}"
    assert (drawn["plot"]["right"] - drawn["plot"]["left"]) / (chart["right"] - chart["left"]) >= 0.75
    events = len(views.TABLES["events"])
    assert len(titles) == events and len(drawn["marks"]) >= events, "a title above each event's mark"
    words = ticks + titles
    off = [
        w["text"]
        for w in words
        if w["left"] < chart["left"] - 1 or w["right"] > min(chart["right"], drawn["viewport"]) + 1
    ]
    assert off == [], f"off the chart: {off}"
    hits = [(a["text"], b["text"]) for i, a in enumerate(words) for b in words[i + 1 :] if overlap(a, b)]
    hits += [(w["text"], "a mark") for w in words for m in drawn["marks"] if overlap(w, m)]
    assert hits == []
    assert problems(log) == []
