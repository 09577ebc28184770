"""Fit and finish (issue 15) where only a real browser shows it: the year slider dragged with the
mouse, filters a page ignores, the explorer's search, touch and phone details, and no English on
a Chinese screen. AppTest passed while each of these was broken."""

from __future__ import annotations

import re

import pytest

from cenfigures.view import explorer, filters
from cenfigures.view.filters import ViewState, state_of
from cenfigures.view.labels import text
from cenfigures.view.translate import Translator

from . import views
from .conftest import PageLog, guarded_page, problems

WAIT = 120
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
EXPLORER = views.page("explorer")
# A topic page with the year filter (from data: the first topic whose page shows it).
YEARS_TOPIC = next(p for p in views.TOPIC_PAGES if "years" in p.uses)


# ---------------------------------------------------------------- helpers


def open_sidebar(pg) -> None:
    """Expand the sidebar where it starts collapsed (a phone: it sits off the screen's left edge)."""
    sidebar = pg.locator('[data-testid="stSidebar"]')
    if sidebar.evaluate("e => e.getBoundingClientRect().right <= 0"):
        pg.locator('[data-testid="stExpandSidebarButton"]').click()
        pg.wait_for_function(
            "() => document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().left >= 0"
        )
        pg.wait_for_timeout(400)  # the slide-in animation


def slider_values(pg, site_page) -> list[int]:
    handles = views.filter_area(pg, site_page).locator('[data-testid="stSlider"] input[type="range"]')
    return [int(handles.nth(i).get_attribute("aria-valuetext")) for i in range(handles.count())]


def drag_handle(pg, site_page, which: int, to_year: int, years: tuple[int, int]) -> None:
    """Drag handle `which` (0 start, 1 end) of the page's year slider with the mouse to `to_year`."""
    slider = views.filter_area(pg, site_page).locator('[data-testid="stSlider"]').first
    handle = slider.locator('input[type="range"]').nth(which).locator("xpath=../..")  # the thumb holds a hidden input
    handle.scroll_into_view_if_needed()
    box = stable_box(pg, handle)  # an expander that just opened still slides its content into place
    track = handle.locator("xpath=..").bounding_box()
    start_x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    target_x = track["x"] + track["width"] * (to_year - years[0]) / (years[1] - years[0])
    pg.mouse.move(start_x, y)
    pg.mouse.down()
    for step in range(1, 11):  # a real drag: several moves, not a jump
        pg.mouse.move(start_x + (target_x - start_x) * step / 10, y)
        pg.wait_for_timeout(30)
    pg.mouse.up()


def stable_box(pg, locator, timeout_ms: int = 10_000) -> dict:
    """The element's bounding box once it has stopped moving (the same on two reads 150 ms apart)."""
    last = None
    for _ in range(timeout_ms // 150):
        box = locator.bounding_box()
        if box is not None and box == last:
            return box
        last = box
        pg.wait_for_timeout(150)
    raise AssertionError(f"still moving after {timeout_ms} ms: {last}")


def explorer_summary(state: ViewState) -> str:
    view = views.view_of(EXPLORER, state)
    return filters.describe(state, len(view.figures), len(views.FIGURES), view.names, EXPLORER.uses)


def download_explorer_csv(pg, lang: str) -> bytes:
    with pg.expect_download(timeout=WAIT * 1000) as info:
        pg.get_by_role("button", name=text("explorer.download", lang)).click()
    return open(info.value.path(), "rb").read()


def shown_chart(pg, plotly_charts) -> dict:
    charts = plotly_charts(pg)
    assert len(charts) == 1, len(charts)
    return charts[0]


def points(chart: dict) -> list[int]:
    return [len(trace["x"] or trace["y"] or trace.get("locations") or []) for trace in chart["traces"]]


def expected_points(built) -> list[int]:
    return [
        len(
            trace.x
            if trace.x is not None
            else (trace.y if trace.y is not None else (getattr(trace, "locations", None) or ()))
        )
        for trace in built.figure.data
    ]


# ---------------------------------------------------------------- 1. the year slider


@pytest.mark.parametrize("site_page", [EXPLORER, YEARS_TOPIC], ids=lambda p: p.key)
def test_year_slider_drags_and_writes_the_url(streamlit_server, page, site_page, wait_for_app, plotly_charts):
    """Dragging each handle moves it, writes `years=` into the URL and narrows what is shown; the
    handles stay where they were dropped after the rerun."""
    years = views.options(site_page).of("years")
    assert len(years) == 2 and years[1] - years[0] >= 4, years
    start, end = years[0] + 2, years[1] - 2
    state = state_of("zh", years=(start, end))
    # On a topic page, the tab whose chart these years narrow without emptying it (from data).
    spec = next(
        (
            s
            for s in views.tabs(site_page)
            if 0 < len(views.chart(site_page, s, state).rows) < len(views.chart(site_page, s, ViewState()).rows)
        ),
        None,
    )
    assert spec is not None or site_page is EXPLORER
    page.goto(
        views.url(streamlit_server, site_page, {"chart": spec.id} if spec and spec != views.tabs(site_page)[0] else {})
    )
    wait_for_app(page, timeout=WAIT)
    assert slider_values(page, site_page) == list(years)

    drag_handle(page, site_page, 0, start, years)
    page.wait_for_function(
        "y => new URL(location.href).searchParams.get('years') === y", arg=f"{start}-{years[1]}", timeout=30_000
    )
    wait_for_app(page, timeout=WAIT)
    assert slider_values(page, site_page) == [start, years[1]]

    drag_handle(page, site_page, 1, end, years)
    page.wait_for_function(
        "y => new URL(location.href).searchParams.get('years') === y", arg=f"{start}-{end}", timeout=30_000
    )
    wait_for_app(page, timeout=WAIT)
    assert slider_values(page, site_page) == [start, end]

    if site_page is EXPLORER:
        assert explorer_summary(state) in page.locator('[data-testid="stMain"]').inner_text()
        shown = views.view_of(site_page, state).figures
        assert 0 < len(shown) < len(views.FIGURES)
        assert download_explorer_csv(page, "zh") == explorer.csv_bytes(views.view_of(site_page, state), shown)
    else:
        expected = views.chart(site_page, spec, state)
        chart = shown_chart(page, plotly_charts)
        assert views.title(chart["title_raw"]) == views.title(expected)
        assert points(chart) == expected_points(expected)


def test_link_years_survive_a_drag_of_the_other_handle(streamlit_server, page, wait_for_app):
    """/explorer?years=2016-2022: dragging the end handle keeps the link's start year."""
    years = views.options(EXPLORER).of("years")
    start, end = years[0] + 1, years[1] - 3
    page.goto(views.url(streamlit_server, EXPLORER, {"years": f"{start}-{end}"}))
    wait_for_app(page, timeout=WAIT)
    assert slider_values(page, EXPLORER) == [start, end]
    assert explorer_summary(state_of("zh", years=(start, end))) in page.locator('[data-testid="stMain"]').inner_text()

    drag_handle(page, EXPLORER, 1, end - 2, years)
    page.wait_for_function(
        "y => new URL(location.href).searchParams.get('years') === y", arg=f"{start}-{end - 2}", timeout=30_000
    )
    wait_for_app(page, timeout=WAIT)
    assert slider_values(page, EXPLORER) == [start, end - 2]
    assert (
        explorer_summary(state_of("zh", years=(start, end - 2))) in page.locator('[data-testid="stMain"]').inner_text()
    )


# ---------------------------------------------------------------- 2. filters a page does not apply


def _ignored_cases() -> list[tuple]:
    """Per page, a filter of the link it does not apply, with a value the data holds (from data)."""
    cases = []
    anywhere = views.options(views.page("overview"))  # the overview applies no filter: every value the data has
    for site_page in views.SITE:
        for key in ("region", "kind", "topic"):
            if key not in site_page.uses and anywhere.of(key):
                cases.append((site_page, key, anywhere.of(key)[0]))
                break
    return cases


IGNORED = _ignored_cases()


@pytest.mark.parametrize("site_page, key, value", IGNORED, ids=[f"{p.key}-{k}" for p, k, _ in IGNORED])
def test_a_page_applies_only_its_filters_and_says_which_it_ignores(
    streamlit_server, page, site_page, key, value, wait_for_app, plotly_charts
):
    """A link filter the page does not show is not applied (the page looks as without it), is named in
    words as ignored (no 'invalid' warning), and stays in the URL for the next page."""
    page.goto(views.url(streamlit_server, site_page, {"lang": "en", key: value}))
    wait_for_app(page, timeout=WAIT)
    main = page.locator('[data-testid="stMain"]')
    t = Translator("en")
    state = state_of("en", **{key: (value,)})
    said = filters.conditions(state, t, views.view_of(site_page, state).names, (key,))
    assert t("filter.ignored", conditions=t("filter.sentence.and").join(said)) in main.inner_text()
    assert page.locator('[data-testid="stAlert"]').filter(has_text=re.compile("invalid", re.I)).count() == 0
    assert views.query_of(page.url).get(key) == [value]
    expected = views.first_chart(site_page, ViewState(lang="en"))
    if expected is not None:
        chart = shown_chart(page, plotly_charts)
        assert views.title(chart["title_raw"]) == views.title(expected)
        assert points(chart) == expected_points(expected)
    # the menu's link to a page that applies the filter carries it
    applying = next(p for p in views.SITE if key in p.uses)
    link = (
        page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"] a').filter(has_text=applying.label(t)).first
    )
    assert views.query_of(link.get_attribute("href")).get(key) == [value]


# ---------------------------------------------------------------- 3. explorer search

SEARCHES = ["target", "目标", "billion", "23000", "冬奥"]


def _search_rows(query: str):
    view = views.view_of(EXPLORER, state_of("zh", q=query))
    return view.figures


@pytest.mark.parametrize("query", SEARCHES)
def test_explorer_search_finds_what_the_reader_sees(streamlit_server, page, query, wait_for_app):
    """Typing a search in the explorer shows the rows whose displayed words (either language) or
    value match: every Target row for "target"/"目标", the 250-billion-yuan row for "billion", the
    2.3万 base stations for "23000", every figure of the Winter Olympics topic and every quote naming
    them for "冬奥"."""
    figures = views.FIGURES
    expected = _search_rows(query)
    must = {
        "target": figures[figures["kind"] == "target"],
        "目标": figures[figures["kind"] == "target"],
        "billion": figures[(figures["unit"] == "yuan") & (figures["value"] >= 1e9)],
        "23000": figures[figures["value"] == 23000],
        # the topic named for the Winter Olympics, and every quote that names them
        "冬奥": figures[
            figures["topic"].isin(
                views.TABLES["topics"].loc[views.TABLES["topics"]["name_zh"].str.contains(query), "topic_id"]
            )
            | figures["quote"].str.contains(query)
        ],
    }[query]
    assert len(must) >= 1 and set(must["figure_id"]) <= set(expected["figure_id"]), query

    page.goto(views.url(streamlit_server, EXPLORER))
    wait_for_app(page, timeout=WAIT)
    box = views.filter_area(page, EXPLORER).locator('[data-testid="stTextInput"] input').first
    box.fill(query)
    box.press("Enter")
    page.wait_for_function("q => new URL(location.href).searchParams.get('q') === q", arg=query, timeout=30_000)
    wait_for_app(page, timeout=WAIT)
    state = state_of("zh", q=query)
    assert explorer_summary(state) in page.locator('[data-testid="stMain"]').inner_text()
    shown = download_explorer_csv(page, "zh")
    assert shown == explorer.csv_bytes(views.view_of(EXPLORER, state), expected)


# ---------------------------------------------------------------- 14. phone and touch


def test_share_link_copy_button_shows_without_hover_on_a_phone(streamlit_server, browser, wait_for_app, screenshot_dir):
    """Nothing hovered, the copy button is on screen and is what a tap there hits (Streamlit's own copy
    button had opacity 1 while its toolbar, an ancestor, was transparent: the old check passed)."""
    log = PageLog()
    context, pg = guarded_page(browser, log, **PHONE)
    try:
        pg.goto(views.url(streamlit_server, EXPLORER, {"region": views.options(EXPLORER).of("region")[0]}))
        wait_for_app(pg, timeout=WAIT)
        open_sidebar(pg)
        pg.mouse.move(0, 0)  # nothing hovered
        button = pg.locator('[data-testid="stSidebar"] button[data-cenfigures-copy]')
        button.scroll_into_view_if_needed()
        assert button.evaluate(
            """b => { const r = b.getBoundingClientRect();
                      for (let e = b; e; e = e.parentElement) if (getComputedStyle(e).opacity === '0') return false;
                      return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === b; }"""
        )
        box, viewport = button.bounding_box(), pg.viewport_size
        assert box and box["width"] > 0 and 0 <= box["x"] and box["x"] + box["width"] <= viewport["width"], box
        pg.screenshot(path=str(screenshot_dir / "phone-share-link.png"))
    finally:
        context.close()
    assert problems(log) == []


def test_tap_on_a_number_in_the_source_brings_its_figure_into_view(streamlit_server, browser, wait_for_app):
    log = PageLog()
    context, pg = guarded_page(browser, log, **PHONE)
    try:
        pg.goto(views.url(streamlit_server, views.page("source")))
        wait_for_app(pg, timeout=WAIT)
        marks = pg.locator('[data-testid="stMain"] a[href^="#"] mark')
        assert marks.count() >= 10
        mark = marks.nth(marks.count() // 2)  # one in the middle of the article, far from its list entry
        target = mark.locator("xpath=..").get_attribute("href")[1:]
        entry = pg.locator(f'[id="{target}"]')
        assert entry.count() == 1
        mark.scroll_into_view_if_needed()
        assert not _in_view(pg, entry)
        mark.tap()
        pg.wait_for_function(
            "id => { const r = document.getElementById(id).getBoundingClientRect(); "
            "return r.top >= 0 && r.bottom <= window.innerHeight; }",
            arg=target,
            timeout=10_000,
        )
        assert _in_view(pg, entry)
    finally:
        context.close()
    assert problems(log) == []


def _in_view(pg, locator) -> bool:
    return locator.evaluate(
        "e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }"
    )


def test_explorer_table_shows_every_row_without_an_inner_scroll(streamlit_server, page, wait_for_app):
    page.goto(views.url(streamlit_server, EXPLORER))
    wait_for_app(page, timeout=WAIT)
    grid = page.locator('[data-testid="stMain"] [data-testid="stDataFrame"]').first
    grid.wait_for()
    page.wait_for_timeout(500)
    scroll = grid.evaluate("""g => { const s = g.querySelector('.dvn-scroller') || g;
                                      return [s.scrollHeight, s.clientHeight, g.getBoundingClientRect().height]; }""")
    rows = len(views.FIGURES)
    assert scroll[0] <= scroll[1] + 2, f"inner scroll: content {scroll[0]} px in a {scroll[1]} px box"
    assert scroll[2] >= 35 * (rows + 1), f"{scroll[2]} px is too short for {rows} rows"


_CUT_JS = """(e) => { const r = e.getBoundingClientRect();
  return {text: e.innerText.trim(), cut: e.scrollWidth > e.clientWidth + 1 || r.right > window.innerWidth + 1}; }"""


@pytest.mark.parametrize("lang", views.LANGUAGES)
def test_nothing_cut_on_a_phone(streamlit_server, browser, lang, wait_for_app):
    """On a 390 px phone: the home page's headline values and page links are whole (not "more than
    250 bi…", not a page list cut at the screen's edge), and a Chinese page title of a few
    characters stays on one line (not broken inside its bracket)."""
    log = PageLog()
    context, pg = guarded_page(browser, log, **PHONE)
    try:
        pg.goto(views.url(streamlit_server, views.page("overview"), {"lang": lang} if lang != "zh" else {}))
        wait_for_app(pg, timeout=WAIT)
        main = pg.locator('[data-testid="stMain"]')
        shown = [
            e.evaluate(_CUT_JS)
            for e in main.locator('[data-testid="stVerticalBlock"] h3, [data-testid="stPageLink"] p').all()
        ]
        assert len(shown) >= len(views.SITE), shown
        assert [s["text"] for s in shown if s["cut"]] == []
        for site_page in views.TOPIC_PAGES:
            name = views.heading(site_page, lang)
            if lang != "zh" or len(name) > 10:
                continue
            pg.goto(views.url(streamlit_server, site_page))
            wait_for_app(pg, timeout=WAIT)
            lines = pg.locator("h1 [data-heading-text]").first.evaluate(
                "h => { const r = document.createRange(); r.selectNodeContents(h); "
                "return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; }"
            )
            assert lines == 1, f"{name}: {lines} lines"
    finally:
        context.close()
    assert problems(log) == []


# ---------------------------------------------------------------- 10. no English on a Chinese screen

# Words that are the same in both languages: units, formats, the product names the article uses, and
# the language switch's own name for English.
ALLOWED_LATIN = {
    "English",
    "PNG",
    "CSV",
    "ZIP",
    "SVG",
    "HTML",
    "Excel",
    "UTF",
    "CCTV",
    "Mbps",
    "CAGR",
    "R&D",
    "http",
    "https",
    "dashboard",
}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z&]{2,}")


# The visible text nodes of an element: icons (Material ligatures such as "factory", aria-hidden and
# translate="no") and hidden nodes left out.
_VISIBLE_TEXTS = """e => { const out = []; const walk = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) { const node = walk.currentNode, parent = node.parentElement;
    if (!parent
        || parent.closest('[aria-hidden="true"][translate="no"], [role="img"][translate="no"], template, style, script')
        || !parent.checkVisibility()) continue;
    const value = node.textContent.trim(); if (value) out.push(value); }
  return out; }"""


def visible_texts(locator) -> list[str]:
    return [value for one in locator.all() for value in one.evaluate(_VISIBLE_TEXTS)]


def english_words(texts: list[str]) -> list[str]:
    found = []
    for value in texts:
        if re.match(r"^https?://\S+$", value or ""):  # a link is not prose
            continue
        for word in LATIN_WORD.findall(value or ""):
            if word not in ALLOWED_LATIN and not re.fullmatch(r"\d*[A-Z]\d*", word):
                found.append(f"{word} (in {value[:60]!r})")
    return found


def test_chinese_screen_has_no_english_in_menu_filters_and_toolbar(
    streamlit_server, page, wait_for_app, screenshot_dir
):
    """zh (the default): the menu, every filter (labels, placeholders, the options of the menus, which
    offer no English "Select all") and the chart toolbar's tooltips (plotly's own and Streamlit's
    fullscreen button) are Chinese."""
    texts: list[str] = []
    for site_page in (YEARS_TOPIC, EXPLORER):  # filters in the sidebar, and on the page itself
        page.goto(views.url(streamlit_server, site_page))
        wait_for_app(page, timeout=WAIT)
        sidebar = page.locator('[data-testid="stSidebar"]')
        menu = visible_texts(sidebar.locator('[data-testid="stPageLink"]'))
        assert len(menu) >= len(views.SITE)
        texts += menu + visible_texts(sidebar)  # labels, the filters' chosen values, captions, the share bar
        area = views.filter_area(page, site_page)
        widgets = area.locator(
            '[data-testid="stMultiSelect"], [data-testid="stSlider"], [data-testid="stTextInput"], '
            '[data-testid="stExpander"] summary'
        )
        texts += visible_texts(widgets)
        texts += [i.get_attribute("placeholder") or "" for i in area.locator("input").all()]
        selects = area.locator('[data-testid="stMultiSelect"]')
        assert selects.count() >= 1, site_page.key
        for i in range(selects.count()):
            listbox = views.open_menu(page, selects.nth(i))
            options = [o.inner_text() for o in listbox.locator('[role="option"]').all()]
            assert options, f"{site_page.key}: menu {i} has no options"
            assert "Select all" not in listbox.inner_text()
            texts += options
            page.keyboard.press("Escape")
    assert english_words(texts) == []

    for site_page in (views.page("digitization"), views.page("regions")):
        page.goto(views.url(streamlit_server, site_page))
        wait_for_app(page, timeout=WAIT)
        graph = page.locator('[data-testid="stMain"] .js-plotly-plot:visible').first
        graph.hover()
        tips = graph.evaluate("""g => [...g.querySelectorAll('.modebar-btn')].map(b => {
            const after = getComputedStyle(b, '::after').content;
            return after && after !== 'none' && after !== 'normal'
              ? after.replace(/^"|"$/g, '') : b.getAttribute('data-title'); })""")
        assert len(tips) >= 3, tips
        assert english_words(tips) == [], (site_page.key, tips)


# Streamlit's frontend logs this (in English, to the console only) whenever a path is no page.
STREAMLIT_PAGE_NOT_FOUND = "The page that you have requested does not seem to exist"


def test_bad_path_answers_in_chinese_and_stays_usable(streamlit_server, browser, wait_for_app, screenshot_dir):
    """A path that is no page: the home page with a notice in the reader's language, no English
    dialog over it, and the menu still works."""
    log = PageLog()
    context, pg = guarded_page(browser, log)
    try:
        pg.goto(f"{streamlit_server}/no-such-page")
        wait_for_app(pg, timeout=WAIT)
        pg.wait_for_timeout(500)
        assert pg.locator('[data-testid="stAlert"]').filter(has_text=text("page.not_found", "zh")).count() == 1
        dialogs = [d.inner_text() for d in pg.locator('[role="dialog"]').all() if d.is_visible()]
        assert dialogs == [], dialogs
        assert english_words(visible_texts(pg.locator('[data-testid="stMain"]'))) == []
        pg.screenshot(path=str(screenshot_dir / "bad-path-zh.png"))
        # and the page is usable: the menu still works
        pg.locator('[data-testid="stSidebar"] [data-testid="stPageLink"] a').filter(
            has_text=EXPLORER.label(Translator("zh"))
        ).first.click()
        pg.wait_for_url("**/explorer**")
        wait_for_app(pg, timeout=WAIT)
        assert pg.locator("h1").first.inner_text().strip() == views.heading(EXPLORER, "zh")
    finally:
        context.close()
    log.console_errors = [e for e in log.console_errors if STREAMLIT_PAGE_NOT_FOUND not in e]
    assert problems(log) == []
