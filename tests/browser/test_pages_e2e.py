"""Every page in a real browser: deep links, language switch, filtered links, CSV and PNG downloads.

One server for the session (`streamlit_server`); every page is opened by a deep link in a fresh
browser context, never by navigating from another page. External requests and console errors fail
a test (the `page` fixture enforces it; `fresh_page` below does the same for a second context).
"""

from __future__ import annotations

import struct

import pytest

from cenfigures.charts import catalog
from cenfigures.tables.dataset import load_dataset, parse_table
from cenfigures.view import downloads, explorer, filters, share
from cenfigures.view.filters import FilterOptions, ViewState
from cenfigures.view.labels import text
from cenfigures.view.site import PAGES

from .conftest import local_only_context

DATASET = load_dataset()
FIGURES = DATASET.tables["figures"]
SOURCE = DATASET.tables["sources"].iloc[0].to_dict()


def options_of(site_page) -> FilterOptions:
    return FilterOptions.from_figures(FIGURES, catalog.tab_names(site_page.key))

PUBLISHED = str(SOURCE["published"]).replace("-", "")
CHART_PAGES = [page for page in PAGES if page.key in catalog.CHART_MODULES]
# Per page, a filter (URL parameters) that keeps some of the page's data (on the open tab).
FILTERS = {
    "digitization": {"kind": ["observed"], "chart": "indices"},
    "uhd_video": {"kind": ["observed"]},
    "olympics_5g": {"kind": ["observed"]},
    "regions": {"topic": ["study_meetings"]},
    "timeline": {"topic": ["uhd_video"]},
    "explorer": {"region": ["hebei"], "kind": ["target"]},
    "source": {"region": ["hebei"]},
}
CONTENT = {  # what a page without charts must show
    "overview": '[data-testid="stMetric"]',
    "explorer": '[data-testid="stDataFrame"]',
    "source": "mark",
}


def heading(site_page, lang: str) -> str:
    return text("app.title" if site_page.key == "overview" else f"page.{site_page.key}", lang)


def state_of(query: dict, site_page) -> ViewState:
    parsed = filters.parse_query({k: v if isinstance(v, list) else [v] for k, v in query.items()}, options_of(site_page))
    assert not parsed.has_notice, query
    return parsed.state


def fresh_page(browser, log: list[str]):
    """Another context, guarded like the `page` fixture: external requests aborted and logged."""
    context = local_only_context(browser, lambda request: log.append(f"external request {request.url}"), accept_downloads=True)
    pg = context.new_page()
    pg.on("pageerror", lambda exc: log.append(f"page error {exc}"))
    return context, pg


def assert_page_shows(pg, site_page, lang: str, plotly_charts) -> list[dict]:
    errors = pg.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.first.inner_text()
    assert pg.locator("h1").first.inner_text().strip() == heading(site_page, lang)
    charts = plotly_charts(pg)
    if catalog.builders(site_page.key):
        assert len(charts) >= 1, f"{site_page.key}: no chart"
        for chart in charts:
            assert chart["title"], "every chart has a title"
    if site_page.key in CONTENT:
        assert pg.locator(CONTENT[site_page.key]).count() >= 1, f"{site_page.key}: {CONTENT[site_page.key]} missing"
    return charts


def expected_chart(site_page, state: ViewState, chart_name: str):
    figures = filters.apply(FIGURES, state, site_page.uses)
    tables = catalog.page_tables(site_page, DATASET.tables, state)
    for builder in catalog.builders(site_page.key):
        chart = catalog.build(builder, figures, state.lang, SOURCE, tables)
        if chart.name == chart_name:
            return chart
    raise AssertionError(f"no builder of {site_page.key} makes the chart {chart_name}")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("site_page", PAGES, ids=lambda p: p.key)
def test_deep_link_language_switch_and_downloads(streamlit_server, page, site_page, wait_for_app, plotly_charts, screenshot_dir):
    """Deep link (zh, the default) -> the page; the sidebar switch -> English; the chart's CSV and PNG."""
    page.goto(share.view_url(streamlit_server, site_page, {}))
    wait_for_app(page, timeout=120)
    zh_charts = assert_page_shows(page, site_page, "zh", plotly_charts)
    page.screenshot(path=str(screenshot_dir / f"page-{site_page.key}-zh.png"), full_page=True)

    page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    page.wait_for_url("**lang=en**")
    page.locator("h1").first.filter(has_text=heading(site_page, "en")).wait_for()
    wait_for_app(page, timeout=120)
    en_charts = assert_page_shows(page, site_page, "en", plotly_charts)
    assert len(en_charts) == len(zh_charts)
    if en_charts:
        assert [c["title"] for c in en_charts] != [c["title"] for c in zh_charts], "chart titles follow the language"
    page.screenshot(path=str(screenshot_dir / f"page-{site_page.key}-en.png"), full_page=True)

    state = ViewState(lang="en")
    if en_charts:
        # Displayed data of the first chart: exactly the rows behind it, as figures.csv writes them.
        page.locator('[data-testid="stPopover"] button').filter(has_text=text("download.button", "en")).first.click()
        with page.expect_download() as info:
            page.get_by_role("button", name=text("download.csv", "en")).first.click()
        download = info.value
        name = download.suggested_filename
        prefix, suffix = f"{site_page.key}_", f"_en_{PUBLISHED}.csv"
        assert name.startswith(prefix) and name.endswith(suffix), name
        raw = open(download.path(), "rb").read()
        chart = expected_chart(site_page, state, name[len(prefix):-len(suffix)])
        assert raw == downloads.table_csv(chart.rows)
        table = downloads.table_of(chart.rows)
        parsed = parse_table(table, raw)
        assert list(parsed[table.primary_key]) == list(chart.rows[table.primary_key])
        page.keyboard.press("Escape")

        # PNG from the toolbar's camera: 2x the chart's size, named by page, chart, language, date.
        graph = page.locator(".js-plotly-plot").first
        graph.hover()
        with page.expect_download() as info:
            graph.locator('.modebar-btn[data-title*="png" i]').click()
        png = info.value
        assert png.suggested_filename.startswith(f"{site_page.key}_") and png.suggested_filename.endswith(f"_en_{PUBLISHED}.png")
        width, height = page.evaluate("() => { const l = document.querySelector('.js-plotly-plot')._fullLayout; return [l.width, l.height]; }")
        assert png_size(open(png.path(), "rb").read()) == (2 * width, 2 * height)
    if site_page.key == "explorer":
        with page.expect_download() as info:
            page.get_by_role("button", name=text("explorer.download", "en")).click()
        assert open(info.value.path(), "rb").read() == explorer.csv_bytes(filters.apply(FIGURES, state, site_page.uses))


@pytest.mark.parametrize("site_page", [p for p in PAGES if p.key in FILTERS], ids=lambda p: p.key)
def test_filtered_link_reproduces_the_view(streamlit_server, page, browser, site_page, wait_for_app, plotly_charts):
    """The same filtered English link in two fresh browser contexts shows the same data."""
    query = dict(FILTERS[site_page.key], lang="en")
    state = state_of(query, site_page)
    url = share.view_url(streamlit_server, site_page, filters.to_query(state, options_of(site_page)))
    page.goto(url)
    wait_for_app(page, timeout=120)
    first = assert_page_shows(page, site_page, "en", plotly_charts)
    first_text = page.locator('[data-testid="stMain"]').inner_text()

    log: list[str] = []
    context, other = fresh_page(browser, log)
    try:
        other.goto(url)
        wait_for_app(other, timeout=120)
        second = assert_page_shows(other, site_page, "en", plotly_charts)
        assert second == first
        assert other.locator('[data-testid="stMain"]').inner_text() == first_text
        assert filters.parse_query(_query_of(other.url), options_of(site_page)).state == state  # the URL kept the filters
    finally:
        context.close()
    assert log == []
    if first:
        # Each chart shows what its builder makes of the filtered figures: same trace count per title.
        figures = filters.apply(FIGURES, state, site_page.uses)
        tables = catalog.page_tables(site_page, DATASET.tables, state)
        built = [catalog.build(b, figures, "en", SOURCE, tables) for b in catalog.builders(site_page.key)]
        titles = {share.plain_title(c.figure.layout.title.text): len(c.figure.data) for c in built if not c.rows.empty}
        for chart in first:
            title = share.plain_title(chart["title_raw"])
            assert title in titles, title
            assert len(chart["traces"]) == titles[title]


@pytest.mark.parametrize("site_page", [p for p in PAGES if catalog.tab_names(p.key)], ids=lambda p: p.key)
def test_chart_tabs_follow_the_url_and_the_language(streamlit_server, page, browser, site_page, wait_for_app, plotly_charts):
    """A `chart=` link opens that tab; clicking another tab draws its chart and writes it into the URL;
    the language switch keeps the tab; the link opens the same chart in a fresh context."""
    names = catalog.tab_names(site_page.key)
    by_name = {b.__name__: b for b in catalog.builders(site_page.key)}
    tables = catalog.page_tables(site_page, DATASET.tables, ViewState())

    def title_of(name: str, lang: str) -> str:
        chart = catalog.build(by_name[name], filters.apply(FIGURES, ViewState(lang=lang), site_page.uses), lang, SOURCE, tables)
        return share.plain_title(chart.figure.layout.title.text)

    def shown() -> list[str]:
        return [share.plain_title(c["title_raw"]) for c in plotly_charts(page)]

    page.goto(share.view_url(streamlit_server, site_page, {"chart": names[-1]}))
    wait_for_app(page, timeout=120)
    assert shown() == [title_of(names[-1], "zh")]
    assert page.get_by_role("tab", selected=True).inner_text().strip() == text(f"tab.{site_page.key}.{names[-1]}", "zh")

    page.get_by_role("tab", name=text(f"tab.{site_page.key}.{names[1]}", "zh"), exact=True).click()
    page.wait_for_url(f"**chart={names[1]}**")
    wait_for_app(page, timeout=120)
    assert shown() == [title_of(names[1], "zh")]

    page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    page.wait_for_url("**lang=en**")
    page.locator("h1").first.filter(has_text=heading(site_page, "en")).wait_for()
    wait_for_app(page, timeout=120)
    assert _query_of(page.url)["chart"] == [names[1]]
    assert shown() == [title_of(names[1], "en")]
    assert [t.inner_text().strip() for t in page.get_by_role("tab").all()] == [text(f"tab.{site_page.key}.{n}", "en") for n in names]

    page.get_by_role("tab", name=text(f"tab.{site_page.key}.{names[0]}", "en"), exact=True).click()
    page.wait_for_function("() => !new URL(location.href).searchParams.has('chart')")  # the first tab is the default
    wait_for_app(page, timeout=120)
    assert shown() == [title_of(names[0], "en")]

    log: list[str] = []
    context, other = fresh_page(browser, log)
    try:
        other.goto(share.view_url(streamlit_server, site_page, {"lang": "en", "chart": names[1]}))
        wait_for_app(other, timeout=120)
        assert [share.plain_title(c["title_raw"]) for c in plotly_charts(other)] == [title_of(names[1], "en")]
    finally:
        context.close()
    assert log == []


def _query_of(url: str) -> dict[str, list[str]]:
    from urllib.parse import parse_qs, urlsplit

    return {k: v for k, v in parse_qs(urlsplit(url).query, keep_blank_values=True).items() if k not in filters.STREAMLIT_KEYS}
