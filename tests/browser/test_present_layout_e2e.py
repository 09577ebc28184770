"""Presentation mode, slide by slide, as a real browser draws it (issue 15 item 12): on every slide,
at 1280x900, 1920x1080 and on a 390x844 phone, in both languages, no text of the chart (title, axis
titles, tick labels, legend, annotations, the source line) overlaps other text or the toolbar,
leaves the screen or the chart's SVG, and the title takes no more lines than the width it has
needs. One page load per size and language; the slides are walked with the Next button. Every
slide is shot to `present-<size>-<lang>-<nn>.png` in the screenshot folder."""

from __future__ import annotations

import pytest

from cenfigures.charts import catalog
from cenfigures.view.filters import ViewState
from cenfigures.view.labels import text
from cenfigures.view.translate import Translator

from . import views
from .conftest import PageLog, full_screenshot, guarded_page, problems
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
      oneLine = probe.getComputedTextLength();
      probe.remove();
      fontPx = parseFloat(getComputedStyle(title).fontSize);
    }
    return {
      texts, svg, toolbar,
      plot: {left: g.left + s.l, top: g.top + s.t, right: g.left + s.l + s.w, bottom: g.top + s.t + s.h},
      title: title ? {box: rect(title), lines: titleLines, oneLine, fontPx} : null,
      chartRight: g.right, viewport: window.innerWidth,
    };
  });
}"""


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


@pytest.mark.parametrize("lang", views.LANGUAGES)
@pytest.mark.parametrize("size", SIZES)
def test_every_slide_fits(streamlit_server, browser, size, lang, wait_for_app, screenshot_dir):
    every = catalog.slides(views.TABLES, ViewState(lang=lang), views.SITE)
    assert len(every) >= 2
    t = Translator(lang)
    log = PageLog()
    context, pg = guarded_page(browser, log, **SIZES[size])
    found = []
    try:
        pg.goto(f"{streamlit_server}/?present=1" + (f"&lang={lang}" if lang != "zh" else ""))
        for number, slide in enumerate(every, start=1):
            if number > 1:
                pg.get_by_role("button", name=text("present.next", lang)).click()
                pg.wait_for_url(f"**slide={number}**")
            pg.get_by_text(
                text("present.counter", lang, n=number, total=len(every), page=slide.page.label(t))
            ).wait_for()
            wait_for_app(pg, timeout=WAIT)
            charts = pg.evaluate(_TEXTS_JS)
            assert len(charts) == 1, f"slide {number}: {len(charts)} charts shown"
            found += [f"slide {number} ({slide.page.key}/{slide.chart.name}): {p}" for p in layout_problems(charts[0])]
            full_screenshot(pg, screenshot_dir / f"present-{size}-{lang}-{number:02d}.png")
    finally:
        context.close()
    assert found == [], "\n".join(found)
    assert problems(log) == []
