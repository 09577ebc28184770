"""Share link, presentation mode (also embedded), the offline deck and the SVG, in a real browser."""

from __future__ import annotations

import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from cenfigures.charts import catalog, export
from cenfigures.tables.dataset import load_dataset
from cenfigures.tables.paths import DATA_DIR
from cenfigures.view import downloads, filters, share
from cenfigures.view.filters import FilterOptions, ViewState
from cenfigures.view.labels import text
from cenfigures.view.site import PAGES_BY_KEY

from .conftest import local_only_context

DATASET = load_dataset()
FIGURES = DATASET.tables["figures"]
SOURCE = DATASET.tables["sources"].iloc[0].to_dict()
OPTIONS = FilterOptions.from_figures(FIGURES, catalog.tab_names("digitization"))  # the page these tests share
WAIT = 120  # seconds; the machine may be busy


def _guarded(browser, log: list[str], **options):
    return local_only_context(browser, lambda request: log.append(request.url), **options)


def _query(url: str) -> dict[str, list[str]]:
    return {k: v for k, v in parse_qs(urlsplit(url).query).items() if k not in filters.STREAMLIT_KEYS}


def test_share_link_restores_page_filters_and_language(streamlit_server, page, browser, wait_for_app, plotly_charts):
    site_page = PAGES_BY_KEY["digitization"]
    state = ViewState(lang="en", kinds=("observed", "rank"), years=(2016, 2020), chart="ranks")
    page.goto(share.view_url(streamlit_server, site_page, filters.to_query(state, OPTIONS)))
    wait_for_app(page, timeout=WAIT)
    link = page.locator('[data-testid="stSidebar"] [data-testid="stCode"]').first.inner_text().strip()
    assert link.startswith(streamlit_server + "/digitization?")  # absolute: st.context.url gives the host
    assert filters.parse_query(_query(link), OPTIONS).state == state
    expected = plotly_charts(page)
    assert expected

    log: list[str] = []
    context = _guarded(browser, log)
    try:
        other = context.new_page()
        other.goto(link)
        wait_for_app(other, timeout=WAIT)
        assert other.locator("h1").first.inner_text().strip() == text("page.digitization", "en")
        assert plotly_charts(other) == expected
    finally:
        context.close()
    assert log == []


def test_citation_popover_names_source_and_view(streamlit_server, page, wait_for_app):
    page.goto(f"{streamlit_server}/digitization?lang=en")
    wait_for_app(page, timeout=WAIT)
    page.locator('[data-testid="stPopover"] button').filter(has_text=text("cite.button", "en")).first.click()
    body = page.locator('[data-testid="stPopoverBody"]').first
    body.wait_for()
    content = body.inner_text()
    assert SOURCE["publisher_en"] in content and SOURCE["authors"] in content
    assert f"{streamlit_server}/digitization?lang=en" in content


def test_presentation_mode_steps_through_every_chart(streamlit_server, page, wait_for_app, plotly_charts, screenshot_dir):
    slides = catalog.slides(DATASET.tables, ViewState(lang="en"), SOURCE)
    assert len(slides) >= 2
    page.goto(f"{streamlit_server}/?lang=en&present=1")
    wait_for_app(page, timeout=WAIT)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    charts = plotly_charts(page)
    assert len(charts) == 1
    assert share.plain_title(charts[0]["title_raw"]) == share.plain_title(slides[0].chart.figure.layout.title.text)
    counter = text("present.counter", "en", n=1, total=len(slides), page=text(f"page.{slides[0].page.key}", "en"))
    assert page.get_by_text(counter).count() == 1
    assert page.get_by_text(slides[0].chart.takeaway).count() >= 1
    page.screenshot(path=str(screenshot_dir / "present-1.png"))

    page.get_by_role("button", name=text("present.next", "en")).click()
    page.wait_for_url("**slide=2**")
    page.get_by_text(text("present.counter", "en", n=2, total=len(slides), page=text(f"page.{slides[1].page.key}", "en"))).wait_for()
    wait_for_app(page, timeout=WAIT)
    charts = plotly_charts(page)
    assert len(charts) == 1
    assert share.plain_title(charts[0]["title_raw"]) == share.plain_title(slides[1].chart.figure.layout.title.text)

    page.get_by_role("button", name=text("present.prev", "en")).click()
    page.get_by_text(counter).wait_for()
    assert "slide=" not in page.url


def test_presentation_respects_filters_and_works_embedded(streamlit_server, page, wait_for_app, plotly_charts, screenshot_dir):
    state = ViewState(lang="en", kinds=("target",))
    slides = catalog.slides(DATASET.tables, state, SOURCE)
    assert slides
    last = len(slides)
    page.goto(f"{streamlit_server}/?lang=en&kind=target&present=1&slide={last}&embed=true")
    wait_for_app(page, timeout=WAIT)
    charts = plotly_charts(page)
    assert len(charts) == 1
    assert share.plain_title(charts[0]["title_raw"]) == share.plain_title(slides[-1].chart.figure.layout.title.text)
    assert page.get_by_role("button", name=text("present.next", "en")).is_disabled()
    assert "embed=true" in page.url
    page.screenshot(path=str(screenshot_dir / "present-embedded-last.png"))


def test_deck_download_renders_offline(streamlit_server, page, browser, wait_for_app, tmp_path):
    page.goto(f"{streamlit_server}/?lang=en&present=1")
    wait_for_app(page, timeout=WAIT)
    main = page.locator('[data-testid="stMain"]')
    # Made on request (cenfigures/app/downloads.py): the button makes it, then it is handed over with the page.
    main.locator('[data-testid="stButton"] button').filter(has_text=text("present.deck_make", "en")).click()
    with page.expect_download(timeout=WAIT * 1000) as info:
        main.locator('[data-testid="stDownloadButton"] button').filter(has_text=text("present.deck", "en")).click(timeout=WAIT * 1000)
    deck = tmp_path / info.value.suggested_filename
    info.value.save_as(deck)
    assert deck.suffix == ".html"
    content = deck.read_text(encoding="utf-8")
    slides = catalog.slides(DATASET.tables, ViewState(lang="en"), SOURCE)

    blocked: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def _route(route):
        if route.request.url.startswith(("file://", "data:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", _route)
    try:
        offline = context.new_page()
        errors: list[str] = []
        offline.on("pageerror", lambda exc: errors.append(str(exc)))
        offline.goto(deck.as_uri())
        offline.wait_for_function(
            "n => [...document.querySelectorAll('.js-plotly-plot')].filter(g => g._fullLayout).length === n",
            arg=len(slides), timeout=WAIT * 1000,
        )
        drawn = offline.evaluate("() => [...document.querySelectorAll('.js-plotly-plot')].map(g => g.querySelectorAll('.main-svg').length)")
        assert len(drawn) == len(slides) and all(drawn)
        assert errors == []
    finally:
        context.close()
    assert blocked == []
    assert content.count("window.PlotlyConfig") == 1


@pytest.mark.skipif(not export.svg_available(), reason="no Chromium for kaleido")
def test_svg_download_has_the_chinese_title(streamlit_server, page, wait_for_app):
    page.goto(f"{streamlit_server}/digitization")
    wait_for_app(page, timeout=WAIT)
    page.locator('[data-testid="stPopover"] button').filter(has_text=text("download.button", "zh")).first.click()
    page.locator('[data-testid="stButton"] button').filter(has_text=text("download.svg_make", "zh")).first.click()
    with page.expect_download(timeout=WAIT * 1000) as info:
        page.locator('[data-testid="stDownloadButton"] button').filter(has_text=text("download.svg", "zh")).first.click(timeout=WAIT * 1000)
    svg = Path(info.value.path()).read_text(encoding="utf-8")
    assert "<svg" in svg[:300]
    titles = [share.plain_title(c.figure.layout.title.text) for c in
              (catalog.build(b, FIGURES, "zh", SOURCE, DATASET.tables) for b in catalog.builders("digitization"))]
    assert any(title in svg for title in titles)
    assert SOURCE["publisher"] in svg


def test_full_data_zip_download(streamlit_server, page, wait_for_app):
    page.goto(f"{streamlit_server}/digitization?lang=en")
    wait_for_app(page, timeout=WAIT)
    page.locator('[data-testid="stPopover"] button').filter(has_text=text("download.button", "en")).first.click()
    with page.expect_download(timeout=WAIT * 1000) as info:
        page.get_by_role("button", name=text("download.zip", "en")).first.click()
    archive = zipfile.ZipFile(info.value.path())
    assert archive.testzip() is None
    assert set(archive.namelist()) == set(downloads.DATA_FILES) | {"README.txt"}
    for name in downloads.DATA_FILES:
        assert archive.read(name) == (DATA_DIR / name).read_bytes()
