"""Presentation mode, slide by slide, as a real browser draws it (issue 15 item 12, issue 24): entered
from the sidebar's button, stepped with the Next button, the arrow keys and Page Down (what a
clicker sends), every step written into the URL, left with Escape. On every slide, at 1280x900,
1920x1080 and on a 390x844 phone, in both languages, the slide fits its screen (bar, chart title,
chart, takeaway, source: nothing below the fold), and no text of the chart (title, axis titles, tick
labels, legend, annotations, the source line) overlaps other text or the toolbar, leaves the screen
or the chart's SVG, and the title takes no more lines than the width it has needs. One page load
per size and language. Every slide is shot to `present-<size>-<lang>-<nn>.png` in the screenshot
folder."""

from __future__ import annotations

import pytest

from cenfigures.app import widgets
from cenfigures.charts import catalog
from cenfigures.view import filters
from cenfigures.view.filters import ViewState
from cenfigures.view.labels import text
from cenfigures.view.translate import Translator

from . import views
from .conftest import PageLog, guarded_page, problems
from .test_chart_layout_e2e import overlap

WAIT = 120
SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "wide": {"viewport": {"width": 1920, "height": 1080}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
# A title may keep this much of each line's width unused (em) and still count as needing its lines:
# a line breaks between words, so it can end a word short of the edge.
TITLE_BREAK_EM = 4

# Every text of the shown chart, one box per drawn line (viewport px), with the boxes the texts must
# stay in: the chart's SVG, the plot area and the toolbar when shown. A title's one-line width is
# measured by drawing its lines joined in the same font.
_TEXTS_JS = """() => {
  const graphs = [...document.querySelectorAll('.js-plotly-plot')]
    .filter(g => g.checkVisibility() && g.getBoundingClientRect().width > 0);
  return graphs.map(gd => {
    const rect = e => {
      const b = e.getBoundingClientRect();
      return {left: b.left, top: b.top, right: b.right, bottom: b.bottom};
    };
    const texts = [];
    const add = (kind, selector, keep) => gd.querySelectorAll(selector).forEach((el, index) => {
      if (keep && !keep(el)) return;
      const lines = el.querySelectorAll('tspan.line');
      for (const part of (lines.length ? [...lines] : [el])) {
        const b = part.getBoundingClientRect();
        if (b.width > 0 && b.height > 0 && part.textContent.trim()) {
          texts.push({kind, element: kind + index, text: part.textContent, box: rect(part)});
        }
      }
    });
    const className = e => e.getAttribute('class') || '';
    add('title', '.g-gtitle text.gtitle');
    add('axis title', '.infolayer text', e => /^[xy]\\d*title$/.test(className(e)));
    add('tick label', 'g text', e => /^[xy]\\d*tick$/.test(className(e.parentNode)));
    add('legend', '.legend text.legendtext');
    add('annotation', '.annotation text.annotation-text');
    // A slide scales a chart taller than its room (present.show()'s slide script, a transform of the plot):
    // plotly's own sizes are in the chart's px, boxes in the window's.
    const z = (gd.currentCSSZoom || 1) * (parseFloat(gd.dataset.scale) || 1);
    const svg = rect(gd.querySelector('.main-svg')), g = gd.getBoundingClientRect(), s = gd._fullLayout._size;
    const bar = gd.querySelector('.modebar-container');
    const toolbar = bar && getComputedStyle(bar).display !== 'none' && gd.querySelector('.modebar')
      ? rect(gd.querySelector('.modebar')) : null;
    const title = gd.querySelector('.g-gtitle text.gtitle');
    let oneLine = 0, fontPx = 0, titleLines = 0;
    if (title) {
      const lines = [...title.querySelectorAll('tspan.line')].map(l => l.textContent);
      const parts = lines.length ? lines : [title.textContent];
      titleLines = parts.length;
      const cjk = /[\\u3000-\\u9fff\\uff00-\\uffef]/;
      const joined = parts.reduce(
        (all, line) => !all ? line : all + (cjk.test(all.slice(-1)) && cjk.test(line[0]) ? '' : ' ') + line, '');
      const probe = document.createElementNS('http://www.w3.org/2000/svg', 'text');
      probe.setAttribute('style', title.getAttribute('style'));
      probe.textContent = joined;
      title.parentNode.appendChild(probe);
      oneLine = probe.getComputedTextLength() * z;
      probe.remove();
      fontPx = parseFloat(getComputedStyle(title).fontSize) * z;
    }
    return {
      texts, svg, toolbar,
      plot: {
        left: g.left + s.l * z, top: g.top + s.t * z, right: g.left + (s.l + s.w) * z, bottom: g.top + (s.t + s.h) * z,
      },
      title: title ? {box: rect(title), lines: titleLines, oneLine, fontPx} : null,
      chartRight: g.right, viewport: window.innerWidth,
    };
  });
}"""


# What must be on the screen of a slide: the bar, the chart's box and title, the takeaway's box and
# the source lines, each a box in viewport px (absent ones left out).
_FIT_JS = """() => {
  const rect = (e) => {
    const b = e.getBoundingClientRect();
    return {top: b.top, bottom: b.bottom, left: b.left, right: b.right};
  };
  const box = (selector) => {
    const element = document.querySelector(selector);
    if (!element || !element.checkVisibility()) return null;
    return element.getBoundingClientRect().height > 0 ? rect(element) : null;
  };
  const plot = [...document.querySelectorAll('.st-key-present-slide .js-plotly-plot')].find(g => g.checkVisibility());
  const title = plot && plot.querySelector('.g-gtitle text.gtitle');
  const scrolled = (selector) => {
    const element = document.querySelector(selector);
    return element && element.checkVisibility() ? element.scrollHeight - element.clientHeight : 0;
  };
  return {
    height: window.innerHeight, width: window.innerWidth,
    // what a part holds below its own fold (it would scroll in its box)
    scrolls: {slide: scrolled('.st-key-present-slide'), takeaway: scrolled('.st-key-present-takeaway'),
      source: scrolled('.st-key-present-source')},
    parts: {
      screen: box('.st-key-present-screen'),
      bar: box('.st-key-present-next'),
      slide: box('.st-key-present-slide'),
      'chart title': title ? rect(title) : null,
      chart: plot ? rect(plot.querySelector('.main-svg')) : null,
      takeaway: box('.st-key-present-takeaway'),
      source: box('.st-key-present-source'),
      link: box('.st-key-present-link'),
    },
  };
}"""

# The parts every slide shows; the link is left out on a phone (its address bar holds it).
SLIDE_PARTS = ("screen", "bar", "slide", "chart title", "chart", "takeaway", "source")


def fit_problems(fit: dict) -> list[str]:
    """What of a slide is not on its screen: a part missing, reaching past the window's edges or out
    of the slide's box (the chart, its title), or holding more than its box shows (it would scroll)."""
    found = []
    for name in SLIDE_PARTS:
        if fit["parts"].get(name) is None:
            found.append(f"no {name} shown")
    for name, hidden in fit.get("scrolls", {}).items():
        if hidden > 2:
            found.append(f"the {name} scrolls in its box ({hidden:.0f} px below its fold)")
    slide = fit["parts"].get("slide")
    for name in ("chart", "chart title"):
        box = fit["parts"].get(name)
        if slide and box and (box["top"] < slide["top"] - 1 or box["bottom"] > slide["bottom"] + 1):
            found.append(
                f"the {name} is cut off by the slide ({box['top']:.0f}..{box['bottom']:.0f} "
                f"in {slide['top']:.0f}..{slide['bottom']:.0f})"
            )
    for name, box in fit["parts"].items():
        if box is None:
            continue
        if box["top"] < -1 or box["bottom"] > fit["height"] + 1:
            found.append(f"{name} is not on the screen ({box['top']:.0f}..{box['bottom']:.0f} of {fit['height']} px)")
        if box["left"] < -1 or box["right"] > fit["width"] + 1:
            found.append(f"{name} leaves the screen ({box['left']:.0f}..{box['right']:.0f} of {fit['width']} px)")
    return found


def test_fit_problems_sees_a_slide_below_the_fold():
    """The checker itself: a takeaway below the window's bottom and a missing source are reported."""
    parts = {name: {"top": 10, "bottom": 100, "left": 0, "right": 100} for name in SLIDE_PARTS}
    fit = {"height": 900, "width": 1280, "parts": parts}
    assert fit_problems(fit) == []
    low = {**parts, "takeaway": {"top": 880, "bottom": 960, "left": 0, "right": 100}}
    assert any("takeaway is not on the screen" in p for p in fit_problems({**fit, "parts": low}))
    gone = {**parts, "source": None}
    assert "no source shown" in fit_problems({**fit, "parts": gone})
    scrolling = {**fit, "scrolls": {"slide": 240, "takeaway": 0}}
    assert any("slide scrolls in its box" in p for p in fit_problems(scrolling))
    cut = {
        **parts,
        "slide": {"top": 10, "bottom": 400, "left": 0, "right": 100},
        "chart": {**parts["chart"], "bottom": 700},
    }
    assert any("chart is cut off" in p for p in fit_problems({**fit, "parts": cut}))


def layout_problems(chart: dict) -> list[str]:
    """What is wrong with one drawn chart: overlapping texts, text off the screen or the SVG, text
    under the toolbar, a title or legend in the plot, a title on more lines than its width needs."""
    found = []
    texts = chart["texts"]
    for i, a in enumerate(texts):
        box = a["box"]
        name = f"{a['kind']} {a['text']!r}"
        if box["left"] < -1 or box["right"] > chart["viewport"] + 1:
            found.append(f"{name} leaves the screen ({box['left']:.0f}..{box['right']:.0f} of {chart['viewport']} px)")
        svg = chart["svg"]
        if (
            box["left"] < svg["left"] - 1
            or box["right"] > svg["right"] + 1
            or box["top"] < svg["top"] - 1
            or box["bottom"] > svg["bottom"] + 1
        ):
            found.append(
                f"{name} leaves the chart ({box['left']:.0f},{box['top']:.0f}..{box['right']:.0f},{box['bottom']:.0f} "
                "in "
                f"{svg['left']:.0f},{svg['top']:.0f}..{svg['right']:.0f},{svg['bottom']:.0f})"
            )
        if overlap(box, chart["toolbar"]):
            found.append(f"{name} is under the toolbar")
        if a["kind"] in ("title", "legend") and overlap(box, chart["plot"]):
            found.append(f"{name} runs into the plot")
        for b in texts[i + 1 :]:
            if a["element"] != b["element"] and overlap(box, b["box"]):
                found.append(f"{name} overlaps {b['kind']} {b['text']!r}")
    title = chart["title"]
    if title is None:
        found.append("no title drawn")
    elif title["lines"] > 1:
        # The room of a title line: from its left edge to the toolbar, or to the chart's right edge.
        room = (chart["toolbar"]["left"] if chart["toolbar"] else chart["chartRight"]) - title["box"]["left"]
        fewer = title["lines"] - 1
        if title["oneLine"] <= fewer * (room - TITLE_BREAK_EM * title["fontPx"]):
            found.append(
                f"the title takes {title['lines']} lines where {fewer} hold it ({title['oneLine']:.0f} px of text, "
                f"{room:.0f} px a line)"
            )
    return found


def test_layout_problems_sees_overlap_and_an_early_wrap():
    """The checker itself: two texts on top of each other, a text past the screen's edge and a title
    wrapped in two lines of a wide chart are each reported; a clean chart is not."""

    def box(left, top, right, bottom):
        return {"left": left, "top": top, "right": right, "bottom": bottom}

    clean = {
        "texts": [
            {"kind": "title", "element": "title0", "text": "T", "box": box(12, 10, 300, 30)},
            {"kind": "tick label", "element": "tick label0", "text": "0", "box": box(40, 400, 50, 412)},
        ],
        "svg": box(0, 0, 1000, 500),
        "toolbar": box(800, 0, 1000, 24),
        "plot": box(60, 80, 960, 390),
        "title": {"box": box(12, 10, 300, 30), "lines": 1, "oneLine": 288, "fontPx": 20},
        "chartRight": 1000,
        "viewport": 1280,
    }
    assert layout_problems(clean) == []
    crowded = {
        **clean,
        "texts": [
            *clean["texts"],
            {"kind": "annotation", "element": "annotation0", "text": "x", "box": box(45, 405, 90, 420)},
        ],
    }
    assert any("overlaps" in p for p in layout_problems(crowded))
    off = {**clean, "texts": [{**clean["texts"][0], "box": box(12, 10, 1300, 30)}]}
    assert any("leaves the screen" in p for p in layout_problems(off))
    early = {**clean, "title": {**clean["title"], "lines": 2, "oneLine": 500}}
    assert any("2 lines where 1" in p for p in layout_problems(early))
    needed = {**clean, "title": {**clean["title"], "lines": 2, "oneLine": 900}}
    assert layout_problems(needed) == []


# How each slide after the first is reached: the Next button, then the keys a keyboard and a
# presentation clicker send, in turn.
STEPS = ("button", "ArrowRight", "PageDown", "ArrowDown", " ")


def _open_sidebar(pg, size: str) -> None:
    """A phone's sidebar starts closed: open it as a person would."""
    if size == "phone":
        pg.locator('[data-testid="stExpandSidebarButton"]').first.click()


@pytest.mark.parametrize("lang", views.LANGUAGES)
@pytest.mark.parametrize("size", SIZES)
def test_every_slide_fits(streamlit_server, browser, size, lang, wait_for_app, screenshot_dir):
    """Entered from the sidebar of the overview (every chart of every page), stepped with the button
    and the keys, every slide fits its screen and draws its chart cleanly; the URL says the slide."""
    every = catalog.slides(views.TABLES, ViewState(lang=lang), views.SITE)
    assert len(every) >= 2
    t = Translator(lang)
    log = PageLog()
    context, pg = guarded_page(browser, log, **SIZES[size])
    found = []
    try:
        pg.goto(f"{streamlit_server}/" + (f"?lang={lang}" if lang != "zh" else ""))
        wait_for_app(pg, timeout=WAIT)
        _open_sidebar(pg, size)
        pg.get_by_role("button", name=text("present.start", lang)).click()
        pg.wait_for_url("**present=1**")
        for number, slide in enumerate(every, start=1):
            if number > 1:
                step = STEPS[(number - 2) % len(STEPS)]
                if step == "button":
                    pg.get_by_role("button", name=text("present.next", lang)).click()
                else:
                    pg.keyboard.press(step)
                pg.wait_for_url(f"**slide={number}**")
            pg.get_by_text(
                text("present.counter", lang, n=number, total=len(every), page=slide.page.label(t))
            ).wait_for()
            wait_for_app(pg, timeout=WAIT)
            pg.locator(".st-key-present-slide [data-fitted] >> visible=true").first.wait_for()  # scaled to fit
            assert "present=1" in pg.url and (number == 1 or f"slide={number}" in pg.url), pg.url
            if lang != "zh":
                assert f"lang={lang}" in pg.url, pg.url  # the view's language and filters stay in the link
            found += [
                f"slide {number} ({slide.page.key}/{slide.chart.name}): {p}" for p in fit_problems(pg.evaluate(_FIT_JS))
            ]
            charts = pg.evaluate(_TEXTS_JS)
            assert len(charts) == 1, f"slide {number}: {len(charts)} charts shown"
            found += [f"slide {number} ({slide.page.key}/{slide.chart.name}): {p}" for p in layout_problems(charts[0])]
            pg.screenshot(path=str(screenshot_dir / f"present-{size}-{lang}-{number:02d}.png"))
        pg.keyboard.press("ArrowLeft")  # back one, then Escape leaves presentation mode
        pg.wait_for_url(f"**slide={len(every) - 1}**")
        wait_for_app(pg, timeout=WAIT)
        pg.keyboard.press("Escape")
        pg.wait_for_url(lambda url: "present=" not in url)
        wait_for_app(pg, timeout=WAIT)
        assert pg.locator(".st-key-present-screen").count() == 0
    finally:
        context.close()
    assert found == [], "\n".join(found)
    assert problems(log) == []


@pytest.mark.parametrize("lang", views.LANGUAGES)
def test_presentation_of_a_page_is_its_charts_with_its_filters(streamlit_server, browser, lang, wait_for_app):
    """Entered from a topic page with a filter set, the slides are that page's charts under that
    filter, and the filter stays in the URL of every step."""
    site_page = views.page("digitization")
    state = ViewState(lang=lang).with_filter("kind", ("target", "observed"))
    every = catalog.slides(views.TABLES, state, (site_page,))
    t = Translator(lang)
    assert 1 < len(every) < len(catalog.slides(views.TABLES, ViewState(lang=lang), views.SITE))
    log = PageLog()
    context, pg = guarded_page(browser, log, viewport={"width": 1280, "height": 900})
    try:
        pg.goto(views.url(streamlit_server, site_page, filters.to_query(state)))
        wait_for_app(pg, timeout=WAIT)
        pg.get_by_role("button", name=text("present.start", lang)).click()
        pg.wait_for_url("**present=1**")
        for number, slide in enumerate(every, start=1):
            if number > 1:
                pg.keyboard.press("ArrowRight")
                pg.wait_for_url(f"**slide={number}**")
            pg.get_by_text(
                text("present.counter", lang, n=number, total=len(every), page=slide.page.label(t))
            ).wait_for()
            assert views.query_of(pg.url).get("kind") == list(filters.to_query(state)["kind"]), pg.url
        pg.keyboard.press("PageUp")
        pg.wait_for_url(f"**slide={len(every) - 1}**")
    finally:
        context.close()
    assert problems(log) == []


# Issue 25 item 9: the views whose title wraps on a phone, in a language; a page draws such a chart
# once per width band (widgets.title_bands) and the browser shows the one for the chart's width.
PAGE_SIZES = {"desktop": SIZES["desktop"], "phone": SIZES["phone"]}


def _wrapping_views(lang: str) -> list[tuple]:
    found = []
    for site_page, spec in views.every_view():
        if spec is None:
            continue
        chart = views.chart(site_page, spec, ViewState(lang=lang))
        if not chart.rows.empty and len(widgets.title_bands(chart.title)) > 1:
            found.append((site_page, spec, chart))
    return found


@pytest.mark.parametrize("lang", views.LANGUAGES)
@pytest.mark.parametrize("size", PAGE_SIZES)
def test_page_titles_take_the_lines_their_width_needs(streamlit_server, browser, size, lang, wait_for_app):
    """On a desktop page a title that wrapped at a phone's width takes one line ("4K ultra-HD TV /
    penetration, 2015 and 2020" on an 820 px chart); on a phone it wraps, and never earlier than
    the width needs."""
    wrapping = _wrapping_views(lang)
    if lang == "en":
        assert wrapping, "the English titles include some that wrap on a phone"
    log = PageLog()
    context, pg = guarded_page(browser, log, **PAGE_SIZES[size])
    found = []
    try:
        for site_page, spec, _chart in wrapping:
            pg.goto(views.url(streamlit_server, site_page, {"lang": lang, "chart": spec.id}))
            wait_for_app(pg, timeout=WAIT)
            shown = pg.evaluate(_TEXTS_JS)
            assert len(shown) == 1, f"{spec.id}: {len(shown)} charts shown"
            found += [f"{site_page.key}/{spec.id}: {p}" for p in layout_problems(shown[0])]
            lines = shown[0]["title"]["lines"]
            if size == "desktop":
                assert lines == 1, f"{spec.id}: the title takes {lines} lines on a desktop page"
            else:
                assert lines > 1, f"{spec.id}: a phone's title of one line"
    finally:
        context.close()
    assert found == [], "\n".join(found)
    assert problems(log) == []
