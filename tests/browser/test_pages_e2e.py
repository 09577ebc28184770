"""Every page in a real browser: deep links, language switch, filtered links, chart tabs, CSV and PNG.

One server for the session (`streamlit_server`); every page is opened by a deep link in a fresh
browser context, never by navigating from another page. The pages, their tabs and the filters come
from data/ (tests/browser/views.py), as the app derives them. External requests and console errors
fail a test (the `page` fixture and `guarded_page` enforce it). test_screenshots_e2e.py opens every
tab of every page the same way at both sizes and in both languages, and saves the screenshots.
"""

from __future__ import annotations

import struct

import pytest

from cenfigures.view import downloads, explorer, filters, overview
from cenfigures.view.filters import ViewState
from cenfigures.view.labels import text
from cenfigures.view.model import chart_specs

from . import views
from .conftest import PageLog, guarded_page, problems

WAIT = 120  # seconds; the machine may be busy
CONTENT = {  # what a page without declared charts must show besides its title (the overview: its cards)
    "explorer": '[data-testid="stDataFrame"]',
    "source": "mark",
    "indicators": '[data-testid="stPlotlyChart"]',
}
LINKED = [(p, views.narrowing_filter(p)) for p in views.SITE]
LINKED = [(p, found) for p, found in LINKED if found]


def assert_page_shows(pg, site_page, lang: str, plotly_charts) -> list[dict]:
    errors = pg.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.first.inner_text()
    assert pg.locator("h1").first.inner_text().strip() == views.heading(site_page, lang)
    charts = plotly_charts(pg)
    if views.tabs(site_page):
        assert len(charts) == 1, f"{site_page.key}: one chart (the open tab's), not {len(charts)}"
        assert charts[0]["title"], "every chart has a title"
    if site_page.key in CONTENT:
        assert pg.locator(CONTENT[site_page.key]).count() >= 1, f"{site_page.key}: {CONTENT[site_page.key]} missing"
    if site_page.key == "overview":
        cards = overview.headline_cards(
            views.view_of(site_page, ViewState(lang=lang)), chart_specs(views.TABLES["charts"], "overview")
        )
        assert cards
        main = pg.locator('[data-testid="stMain"]')
        for card in cards:
            assert main.get_by_text(card.value, exact=True).count() >= 1, card.value
    return charts


def switch_language(pg, site_page, lang: str, wait_for_app) -> None:
    """Click the sidebar's language radio; wait for the URL and the page to follow."""
    pg.locator('[data-testid="stSidebar"]').get_by_text({"en": "English", "zh": "中文"}[lang], exact=True).click()
    pg.wait_for_function("lang => (new URL(location.href).searchParams.get('lang') || 'zh') === lang", arg=lang)
    pg.locator("h1").first.filter(has_text=views.heading(site_page, lang)).wait_for()
    wait_for_app(pg, timeout=WAIT)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("site_page", views.SITE, ids=lambda p: p.key)
def test_deep_link_language_switch_and_downloads(streamlit_server, page, site_page, wait_for_app, plotly_charts):
    """Deep link (zh, the default) -> the page; the sidebar switch -> English; the chart's CSV
    (exactly its rows, with label columns) and PNG (2x, named page_chart_lang_date)."""
    page.goto(views.url(streamlit_server, site_page))
    wait_for_app(page, timeout=WAIT)
    zh_charts = assert_page_shows(page, site_page, "zh", plotly_charts)
    expected_zh = views.first_chart(site_page, ViewState())
    if expected_zh is not None:
        assert views.title(zh_charts[0]["title_raw"]) == views.title(expected_zh)

    switch_language(page, site_page, "en", wait_for_app)
    en_charts = assert_page_shows(page, site_page, "en", plotly_charts)
    assert len(en_charts) == len(zh_charts)
    state = ViewState(lang="en")
    expected = views.first_chart(site_page, state)
    if expected is not None:
        assert views.title(en_charts[0]["title_raw"]) == views.title(expected)
        assert views.title(en_charts[0]["title_raw"]) != views.title(zh_charts[0]["title_raw"]), (
            "chart titles follow the language"
        )

    if expected is not None:
        # The chart's CSV: exactly the rows behind it, the table's columns, then labels in English.
        page.locator('[data-testid="stMain"] [data-testid="stPopover"] button').filter(
            has_text=text("download.button", "en")
        ).first.click()
        with page.expect_download(timeout=WAIT * 1000) as info:
            page.get_by_role("button", name=text("download.csv", "en")).first.click()
        assert info.value.suggested_filename == downloads.file_stem(site_page.key, expected.name, "en") + ".csv"
        raw = open(info.value.path(), "rb").read()
        assert raw == downloads.table_csv(expected.rows, lang="en", names=views.view_of(site_page, state).names)
        assert raw.startswith(b"\xef\xbb\xbf")  # utf-8-sig, for Excel
        page.keyboard.press("Escape")

        # PNG from the toolbar's camera: 2x the chart's size, named by page, chart, language, date.
        graph = page.locator('[data-testid="stMain"] .js-plotly-plot:visible').first
        graph.hover()
        with page.expect_download(timeout=WAIT * 1000) as info:
            graph.locator('.modebar-btn[data-title*="png" i]').click()
        assert info.value.suggested_filename == downloads.file_stem(site_page.key, expected.name, "en") + ".png"
        width, height = graph.evaluate("g => [g._fullLayout.width, g._fullLayout.height]")
        assert png_size(open(info.value.path(), "rb").read()) == (2 * width, 2 * height)
    if site_page.key == "explorer":
        with page.expect_download(timeout=WAIT * 1000) as info:
            page.get_by_role("button", name=text("explorer.download", "en")).click()
        assert info.value.suggested_filename == downloads.file_stem("explorer", "figures", "en") + ".csv"
        view = views.view_of(site_page, state)
        assert open(info.value.path(), "rb").read() == explorer.csv_bytes(view, view.figures)


@pytest.mark.parametrize("site_page, found", LINKED, ids=[p.key for p, _ in LINKED])
def test_filtered_link_reproduces_the_view(
    streamlit_server, page, browser, site_page, found, wait_for_app, plotly_charts
):
    """A filtered English link (a filter of the page that narrows one of its charts, found in the
    data) shows that chart as its builder makes it, the same in a second fresh browser context, and
    the URL keeps the filter."""
    query, spec = found
    state = filters.parse_query({**query, "lang": ["en"]}, views.options(site_page)).state
    assert state.filters, query
    if spec is not None and spec.id != views.tabs(site_page)[0].id:
        state = state.with_(chart=spec.id)
    link = views.url(streamlit_server, site_page, filters.to_query(state, views.options(site_page)))
    page.goto(link)
    wait_for_app(page, timeout=WAIT)
    first = assert_page_shows(page, site_page, "en", plotly_charts)
    first_text = page.locator('[data-testid="stMain"]').inner_text()
    assert (
        filters.parse_query(views.query_of(page.url), views.options(site_page)).state == state
    )  # the URL kept the filter

    expected = (
        views.chart(site_page, spec, state)
        if spec is not None
        else (views.indicator_chart(state) if site_page.key == "indicators" else None)
    )
    if expected is not None:
        unfiltered = (
            views.chart(site_page, spec, state.with_(filters=()))
            if spec is not None
            else views.indicator_chart(ViewState(lang="en"))
        )
        assert views.title(first[0]["title_raw"]) == views.title(expected)
        assert len(first[0]["traces"]) == len(expected.figure.data)
        assert len(expected.rows) < len(unfiltered.rows) or site_page.key == "indicators"
    if site_page.key == "explorer":
        shown = views.view_of(site_page, state).figures
        assert (
            filters.describe(
                state, len(shown), len(views.FIGURES), views.view_of(site_page, state).names, site_page.uses
            )
            in first_text
        )

    log = PageLog()
    context, other = guarded_page(browser, log)
    try:
        other.goto(link)
        wait_for_app(other, timeout=WAIT)
        second = assert_page_shows(other, site_page, "en", plotly_charts)
        assert second == first
        assert other.locator('[data-testid="stMain"]').inner_text() == first_text
    finally:
        context.close()
    assert problems(log) == []


TABBED = [p for p in views.SITE if len(views.tabs(p)) > 1]


@pytest.mark.parametrize("site_page", TABBED, ids=lambda p: p.key)
def test_chart_tabs_follow_the_url_and_the_language(
    streamlit_server, page, browser, site_page, wait_for_app, plotly_charts
):
    """A `chart=` link opens that tab; clicking another tab draws its chart and writes it into the URL;
    the language switch keeps the tab; the first tab is the default (no `chart=`); the link opens the
    same chart in a fresh context."""
    specs = views.tabs(site_page)

    def title_of(spec, lang: str) -> str:
        return views.title(views.chart(site_page, spec, ViewState(lang=lang)))

    def shown(pg=page) -> list[str]:
        return [views.title(c["title_raw"]) for c in plotly_charts(pg)]

    page.goto(views.url(streamlit_server, site_page, {"chart": specs[-1].id}))
    wait_for_app(page, timeout=WAIT)
    assert shown() == [title_of(specs[-1], "zh")]
    assert page.get_by_role("tab", selected=True).inner_text().strip() == views.tab_label(specs[-1], "zh")

    page.get_by_role("tab", name=views.tab_label(specs[1], "zh"), exact=True).click()
    page.wait_for_url(f"**chart={specs[1].id}**")
    wait_for_app(page, timeout=WAIT)
    assert shown() == [title_of(specs[1], "zh")]

    switch_language(page, site_page, "en", wait_for_app)
    assert views.query_of(page.url)["chart"] == [specs[1].id]
    assert shown() == [title_of(specs[1], "en")]
    assert [t.inner_text().strip() for t in page.get_by_role("tab").all()] == [views.tab_label(s, "en") for s in specs]

    page.get_by_role("tab", name=views.tab_label(specs[0], "en"), exact=True).click()
    page.wait_for_function("() => !new URL(location.href).searchParams.has('chart')")  # the first tab is the default
    wait_for_app(page, timeout=WAIT)
    assert shown() == [title_of(specs[0], "en")]

    log = PageLog()
    context, other = guarded_page(browser, log)
    try:
        other.goto(views.url(streamlit_server, site_page, {"lang": "en", "chart": specs[1].id}))
        wait_for_app(other, timeout=WAIT)
        assert shown(other) == [title_of(specs[1], "en")]
    finally:
        context.close()
    assert problems(log) == []


@pytest.mark.parametrize("site_page", views.TOPIC_PAGES, ids=lambda p: p.key)
def test_generic_topic_page_serves_every_topic(streamlit_server, page, site_page, wait_for_app, plotly_charts):
    """/topic?id=<topic> (the page new topics get without code) shows the topic as its own page does."""
    page.goto(f"{streamlit_server}/topic?id={site_page.key}&lang=en")
    wait_for_app(page, timeout=WAIT)
    assert_page_shows(page, site_page, "en", plotly_charts)
    assert [views.title(c["title_raw"]) for c in plotly_charts(page)] == [
        views.title(views.first_chart(site_page, ViewState(lang="en")))
    ]
    specs = views.tabs(site_page)
    assert [t.inner_text().strip() for t in page.get_by_role("tab").all()] == (
        [views.tab_label(s, "en") for s in specs] if len(specs) > 1 else []
    )


def test_unknown_topic_says_so(streamlit_server, page, wait_for_app):
    """A link to a topic that does not exist says so (in Chinese by default) instead of a blank page."""
    page.goto(f"{streamlit_server}/topic?id=atlantis")
    wait_for_app(page, timeout=WAIT)
    assert page.locator("h1").first.inner_text().strip() == text("page.topic_unknown", "zh")


EVENT_CHARTS = [
    (p, spec)
    for p, spec in views.every_view()
    if spec is not None and not views.chart(p, spec, ViewState()).events.empty
]


@pytest.mark.parametrize("view", EVENT_CHARTS, ids=[views.view_id(v) for v in EVENT_CHARTS])
def test_a_chart_with_events_offers_them_as_events(streamlit_server, page, wait_for_app, view):
    """A chart drawing dated events beside its figures (the train studio): its download popover has
    the figures' CSV (figure_id) and the events' CSV (events.csv's columns, event_id), and its
    citation counts the events as events."""
    site_page, spec = view
    assert EVENT_CHARTS
    state = ViewState()
    expected = views.chart(site_page, spec, state)
    page.goto(views.url(streamlit_server, site_page, {"chart": spec.id}))
    wait_for_app(page, timeout=WAIT)
    page.locator('[data-testid="stMain"] [data-testid="stPopover"] button').filter(
        has_text=text("download.button", "zh")
    ).first.click()
    with page.expect_download(timeout=WAIT * 1000) as info:
        page.get_by_role("button", name=text("download.csv_events", "zh")).first.click()
    assert info.value.suggested_filename == downloads.file_stem(site_page.key, spec.id, "events", "zh") + ".csv"
    raw = open(info.value.path(), "rb").read()
    assert raw == downloads.table_csv(expected.events, lang="zh", names=views.view_of(site_page, state).names)
    header = raw.decode("utf-8-sig").splitlines()[0].split(",")
    zh = views.Translator("zh")  # the Chinese download heads its columns in Chinese (事件ID)
    assert header[0] == downloads.column_header("event_id", zh)
    assert downloads.column_header("figure_id", zh) not in header
    with page.expect_download(timeout=WAIT * 1000) as info:
        page.get_by_role("button", name=text("download.csv", "zh")).first.click()
    figures_csv = open(info.value.path(), "rb").read().decode("utf-8-sig")
    assert figures_csv.splitlines()[0].startswith(downloads.column_header("figure_id", zh))
    assert not any(e in figures_csv for e in expected.event_ids)
    page.keyboard.press("Escape")
    page.locator('[data-testid="stMain"] [data-testid="stPopover"] button').filter(
        has_text=text("cite.button", "zh")
    ).first.click()
    # The citation is written once the popover is open (one short rerun): wait for it.
    citation = page.locator('[data-testid="stPopoverBody"]').filter(has_text=expected.event_ids[0]).last
    citation.wait_for(timeout=WAIT * 1000)
    cited = citation.inner_text()
    assert text("count.events", "zh", count=len(expected.event_ids)) in cited and expected.event_ids[0] in cited
