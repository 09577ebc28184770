"""Honest numbers on screen (issue 25), where only a real browser shows them: what a reader sees
under each quote, sorting, the share link and its copy button, the map's click, the contrast of
chart text. Each test names the issue's item it would have caught."""

from __future__ import annotations

import pytest

from . import views
from .conftest import PageLog, guarded_page, problems

WAIT = 120
SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
EVENTS = views.TABLES["events"]


def open_page(browser, wait_for_app, base: str, path: str, size: str = "desktop", **options):
    log = PageLog()
    context, pg = guarded_page(browser, log, **SIZES[size], **options)
    pg.goto(base + path, timeout=WAIT * 1000)
    wait_for_app(pg, timeout=WAIT)
    return log, context, pg


def close(log: PageLog, context) -> None:
    context.close()
    found = problems(log)
    assert not found, "\n".join(found)


# ---------------------------------------------------------------- item 10: event cards in English


@pytest.mark.parametrize("lang", views.LANGUAGES)
def test_event_cards_gloss_the_chinese_quote_in_english(streamlit_server, browser, wait_for_app, lang):
    """English cards give each Chinese quote its English translation under it, as region cards do;
    Chinese cards show the quote alone."""
    log, context, pg = open_page(browser, wait_for_app, streamlit_server, f"/timeline?lang={lang}")
    try:
        # Each card's text: the bordered block around the paragraph that holds the quote.
        cards = pg.evaluate(
            """quotes => quotes.map(q => {
                const p = [...document.querySelectorAll('[data-testid=stMarkdownContainer] p')]
                    .find(e => e.textContent.includes(q));
                return p ? p.closest('[data-testid=stVerticalBlock]').innerText : null;
            })""",
            list(EVENTS["quote"]),
        )
        for card, (_, event) in zip(cards, EVENTS.iterrows()):
            assert card is not None, event["event_id"]
            assert (event["quote_en"] in card) is (lang == "en"), (lang, event["event_id"], card)
    finally:
        close(log, context)


# ---------------------------------------------------------------- items 7, 8: the share link

EXPLORER = views.page("explorer")
SEARCH = "目标"  # Chinese in the link: percent-encoded it reads %E7%9B%AE%E6%A0%87

_TOPMOST_JS = """b => { const r = b.getBoundingClientRect();
  for (let e = b; e; e = e.parentElement) if (getComputedStyle(e).opacity === '0') return false;
  return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === b; }"""


def open_sidebar(pg) -> None:
    sidebar = pg.locator('[data-testid="stSidebar"]')
    if sidebar.evaluate("e => e.getBoundingClientRect().right <= 0"):
        pg.locator('[data-testid="stExpandSidebarButton"]').click()
        pg.wait_for_function(
            "() => document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().left >= 0"
        )
        pg.wait_for_timeout(400)


@pytest.mark.parametrize("lang", views.LANGUAGES)
@pytest.mark.parametrize("size", SIZES)
def test_share_link_copy_button_is_visible_copies_the_readable_link_and_confirms(
    streamlit_server, browser, wait_for_app, screenshot_dir, size, lang
):
    """Item 7: with nothing hovered the Copy link button is on screen, on top, and not over the link; a
    click (a tap on a phone) puts the link on the clipboard and says so. Item 8: the link shown and
    copied is the readable one (q=目标)."""
    path = views.url("", EXPLORER, {"q": SEARCH, "lang": lang})
    log, context, pg = open_page(browser, wait_for_app, streamlit_server, path, size)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=streamlit_server)
    try:
        open_sidebar(pg)
        pg.mouse.move(0, 0)
        link_block = pg.locator('[data-testid="stSidebar"] [data-testid="stCode"]').first
        shown = link_block.inner_text().strip()
        assert f"q={SEARCH}" in shown and "%E7" not in shown, shown
        button = pg.locator('[data-testid="stSidebar"] button[data-cenfigures-copy]')
        button.scroll_into_view_if_needed()
        assert button.inner_text().strip() == views.text("share.copy", lang)
        assert button.evaluate(_TOPMOST_JS), "the copy button is hidden or covered"
        box, link_box = button.bounding_box(), link_block.bounding_box()
        assert box["y"] >= link_box["y"] + link_box["height"] - 1, "the button covers the link"
        assert box["height"] >= 36, "a finger's target"
        (button.tap if size == "phone" else button.click)()
        status = pg.locator('[data-testid="stSidebar"] .cenfigures-copy [role="status"]')
        status.filter(has_text=views.text("share.copied", lang)).wait_for(timeout=5000)
        assert pg.evaluate("navigator.clipboard.readText()") == shown
        pg.screenshot(path=str(screenshot_dir / f"{size}-{lang}-share-copied.png"))
    finally:
        close(log, context)


def test_readable_and_percent_encoded_links_open_the_same_view(streamlit_server, browser, wait_for_app):
    """Item 8: both forms of a link with Chinese in it work, and both show the readable form."""
    from urllib.parse import quote

    texts = []
    for value in (SEARCH, quote(SEARCH)):
        log, context, pg = open_page(browser, wait_for_app, streamlit_server, f"/{EXPLORER.url_path}?q={value}")
        try:
            texts.append(
                (
                    pg.locator('[data-testid="stSidebar"] [data-testid="stCode"]').first.inner_text().strip(),
                    pg.locator('[data-testid="stMain"] [data-testid="stTextInput"] input').first.input_value(),
                )
            )
        finally:
            close(log, context)
    assert texts[0] == texts[1]
    assert texts[0][0].endswith(f"q={SEARCH}") and texts[0][1] == SEARCH


# ---------------------------------------------------------------- item 1: the explorer's order

_GRID_COLUMN_JS = """header => {
  const grid = document.querySelector('[data-testid=stMain] [data-testid=stDataFrame]');
  const heads = [...grid.querySelectorAll('[role=columnheader]')].map(h => h.textContent.trim());
  const index = heads.indexOf(header);
  return [...grid.querySelectorAll('tbody [role=row]')]
    .map(row => row.querySelectorAll('[role=gridcell]')[index]?.textContent ?? null);
}"""


def grid_column(pg, header: str, rows: int) -> list:
    """The column's cells as the grid's accessible table holds them, once it holds `rows` rows (the
    grid fills that table after it has drawn, a moment after the script run ends)."""
    for _ in range(50):
        cells = pg.evaluate(_GRID_COLUMN_JS, header)
        if len(cells) >= rows:
            return cells
        pg.wait_for_timeout(200)
    return cells


@pytest.mark.parametrize("lang", views.LANGUAGES)
def test_explorer_sorts_by_value_as_a_number_in_the_link_and_the_csv(streamlit_server, browser, wait_for_app, lang):
    """Item 1: the order control sorts 数值 as numbers within each unit (the grid's header sort read it as
    text: 1个, 3个, 50%, 63%, 超过1000万台); the order goes into the link and the CSV, and the link restores it."""
    import csv
    import io

    from cenfigures.view import downloads, explorer
    from cenfigures.view.filters import state_of

    log, context, pg = open_page(browser, wait_for_app, streamlit_server, views.url("", EXPLORER, {"lang": lang}))
    try:
        t = views.Translator(lang)
        pg.get_by_role("radio", name=t("sort.value"), exact=True).click()
        pg.wait_for_function("() => new URL(location.href).searchParams.get('sort') === 'value'")
        wait_for_app(pg, timeout=WAIT)
        view = views.view_of(EXPLORER, state_of(lang).with_(sort="value"))
        expected = explorer.sorted_figures(view.figures, "value")
        wanted = list(explorer.display_table(view, expected)[t("explorer.col.value")])
        shown = grid_column(pg, t("explorer.col.value"), len(wanted))
        assert shown == wanted
        # the order is numeric within a unit, the units together
        units = list(expected["unit"])
        assert units == sorted(units, key=units.index), "units grouped"
        for unit in set(units):
            values = list(expected.loc[expected["unit"] == unit, "value"].astype(float))
            assert values == sorted(values), unit
        link = pg.locator('[data-testid="stSidebar"] [data-testid="stCode"]').first.inner_text().strip()
        assert "sort=value" in link
        with pg.expect_download(timeout=WAIT * 1000) as info:
            pg.get_by_role("button", name=t("explorer.download")).click()
        rows = list(csv.DictReader(io.StringIO(open(info.value.path(), "rb").read().decode("utf-8-sig"))))
        figure_id = downloads.column_header("figure_id", t)  # the Chinese download heads it 数据ID
        assert [row[figure_id] for row in rows] == list(expected["figure_id"])
    finally:
        close(log, context)
    # the link alone restores the order (descending here), in a fresh browser
    log, context, pg = open_page(browser, wait_for_app, streamlit_server, views.url("", EXPLORER, {"sort": "-value"}))
    try:
        view = views.view_of(EXPLORER, state_of("zh").with_(sort="-value"))
        expected = explorer.display_table(view, explorer.sorted_figures(view.figures, "-value"))
        column = views.Translator("zh")("explorer.col.value")
        assert grid_column(pg, column, len(expected)) == list(expected[column])
    finally:
        close(log, context)


# ---------------------------------------------------------------- item 4: a click on the map selects

REGIONS = views.page("regions")
_PROVINCE_CENTRE_JS = """name => {
  const gd = [...document.querySelectorAll('.js-plotly-plot')].find(g => g.checkVisibility());
  const index = gd._fullData[0].locations.indexOf(name);
  const box = gd.querySelectorAll('.choroplethlocation')[index].getBoundingClientRect();
  return {x: box.x + box.width / 2, y: box.y + box.height / 2};
}"""


@pytest.mark.parametrize("size", SIZES)
def test_a_click_on_a_region_filters_by_it_and_the_link_follows(streamlit_server, browser, wait_for_app, size):
    """Item 4: the caption promises 点按地区查看数据; a click (a tap on a phone) on 新疆 selects the
    region: the URL and the share link get region=xinjiang, the filter shows it, the cards show it alone."""
    log, context, pg = open_page(browser, wait_for_app, streamlit_server, f"/{REGIONS.url_path}", size)
    try:
        regions = views.TABLES["regions"].set_index("region_id")
        pg.locator(".js-plotly-plot:visible").first.scroll_into_view_if_needed()
        where = pg.evaluate(_PROVINCE_CENTRE_JS, regions.loc["xinjiang", "map_zh"])
        if size == "phone":
            pg.touchscreen.tap(where["x"], where["y"])
        else:
            pg.mouse.click(where["x"], where["y"])
        pg.wait_for_function("() => new URL(location.href).searchParams.get('region') === 'xinjiang'", timeout=20000)
        wait_for_app(pg, timeout=WAIT)
        open_sidebar(pg)
        link = pg.locator('[data-testid="stSidebar"] [data-testid="stCode"]').first.inner_text()
        assert "region=xinjiang" in link
        cards = pg.locator('[data-testid="stMain"] h4')
        assert [cards.nth(i).inner_text().strip() for i in range(cards.count())] == ["新疆"]
    finally:
        close(log, context)


# ---------------------------------------------------------------- item 5: contrast, as drawn

_CONTRAST_JS = """() => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const linear = v => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const lum = ([r, g, b]) => 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const over = (fg, bg) => fg.length > 3 && fg[3] < 1
    ? fg.slice(0, 3).map((v, i) => v * fg[3] + bg[i] * (1 - fg[3])) : fg.slice(0, 3);
  const ground = e => {
    for (; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length > 3 && c[3] > 0.9)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const low = [];
  const hover = document.querySelector('.hoverlayer .hovertext');
  if (hover) {
    const box = rgb(getComputedStyle(hover.querySelector('path')).fill);
    for (const t of hover.querySelectorAll('text, tspan')) {
      const c = rgb(getComputedStyle(t).fill);
      if (t.textContent.trim() && ratio(c, box) < 4.5) low.push(['hover', t.textContent.slice(0, 40), ratio(c, box)]);
    }
  }
  const page = document.querySelectorAll(['[data-testid=stCaptionContainer]', '[data-testid=stMarkdownContainer] p',
                                          '[data-testid=stWidgetLabel] p', '.cenfigures-copy button'].join(', '));
  for (const e of page) {
    // The slider's year labels sit over its track (no background of their own to read here).
    if (!e.textContent.trim() || !e.checkVisibility() || e.closest('[data-testid=stSlider]')) continue;
    const bg = ground(e), c = over(rgb(getComputedStyle(e).color), bg);
    const size = parseFloat(getComputedStyle(e).fontSize), need = size >= 24 ? 3 : 4.5;
    if (ratio(c, bg) < need) low.push(['page', e.textContent.slice(0, 40), ratio(c, bg)]);
  }
  return {hovered: !!hover, low};
}"""


@pytest.mark.parametrize("lang", views.LANGUAGES)
def test_hover_box_and_page_text_meet_aa_as_drawn(streamlit_server, browser, wait_for_app, lang):
    """Item 5: the grey source-and-id footer on the blue hover box was about 2:1. Hover a bar of the
    4K chart and read the colours the browser draws the box and its text with, and every caption,
    label and paragraph of the page on its own background."""
    log, context, pg = open_page(
        browser, wait_for_app, streamlit_server, f"/uhd_video?chart=penetration_4k&lang={lang}"
    )
    try:
        chart = pg.locator(".js-plotly-plot:visible").first
        chart.scroll_into_view_if_needed()
        point = pg.evaluate(
            """() => { const gd = [...document.querySelectorAll('.js-plotly-plot')].find(g => g.checkVisibility());
                       const p = gd.querySelector('.scatterlayer .point');
                       const r = p.getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; }"""
        )
        pg.mouse.move(point["x"], point["y"])
        pg.wait_for_selector(".hoverlayer .hovertext", timeout=10000)
        found = pg.evaluate(_CONTRAST_JS)
        assert found["hovered"]
        assert found["low"] == [], found["low"]
    finally:
        close(log, context)
