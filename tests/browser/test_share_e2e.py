"""Share link, citations, presentation mode (also embedded), the offline deck, SVG and the zip, in a
real browser. Slides, pages and charts come from data (tests/browser/views.py)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from cenfigures.charts import catalog, export
from cenfigures.tables.paths import DATA_DIR
from cenfigures.view import downloads, filters
from cenfigures.view.filters import ViewState, state_of
from cenfigures.view.labels import text
from cenfigures.view.translate import Translator
from cenfigures.view.workbook import FIGURE_COLUMNS

from . import views
from .conftest import PageLog, _missing, guarded_page, problems

WAIT = 120  # seconds; the machine may be busy
# The page these tests share: the first topic page with at least two tabs and the year filter.
SHARED = next(p for p in views.TOPIC_PAGES if len(views.tabs(p)) >= 2 and "years" in p.uses)


def slides(state: ViewState) -> list[catalog.Slide]:
    return catalog.slides(views.TABLES, state, views.SITE)


def shown_charts(page, plotly_charts) -> list[dict]:
    """The charts on screen: presentation mode draws a slide once per width band and shows one."""
    return [chart for chart in plotly_charts(page) if chart["visible"]]


def counter(n: int, total: int, slide: catalog.Slide, lang: str) -> str:
    return text("present.counter", lang, n=n, total=total, page=slide.page.label(Translator(lang)))


def test_share_link_restores_page_tab_filters_and_language(
    streamlit_server, page, browser, wait_for_app, plotly_charts
):
    """The sidebar's link is absolute, holds page, open tab, filters and language, and opens the same
    charts in a fresh browser context."""
    options = views.options(SHARED)
    kinds = tuple(options.of("kind")[:2])
    years = options.of("years")
    state = state_of("en", kind=kinds, years=(years[0] + 1, years[1] - 1)).with_(chart=views.tabs(SHARED)[1].id)
    page.goto(views.url(streamlit_server, SHARED, filters.to_query(state, options)))
    wait_for_app(page, timeout=WAIT)
    link = page.locator('[data-testid="stSidebar"] [data-testid="stCode"]').first.inner_text().strip()
    assert link.startswith(f"{streamlit_server}/{SHARED.url_path}?")  # absolute: st.context.url gives the host
    assert filters.parse_query(views.query_of(link), options).state == state
    expected = plotly_charts(page)
    assert len(expected) == 1
    assert views.title(expected[0]["title_raw"]) == views.title(views.chart(SHARED, views.tabs(SHARED)[1], state))

    log = PageLog()
    context, other = guarded_page(browser, log)
    try:
        other.goto(link)
        wait_for_app(other, timeout=WAIT)
        assert other.locator("h1").first.inner_text().strip() == views.heading(SHARED, "en")
        assert plotly_charts(other) == expected
    finally:
        context.close()
    assert problems(log) == []


def test_citation_popover_names_source_and_view(streamlit_server, page, wait_for_app):
    page.goto(views.url(streamlit_server, SHARED, {"lang": "en"}))
    wait_for_app(page, timeout=WAIT)
    page.locator('[data-testid="stMain"] [data-testid="stPopover"] button').filter(
        has_text=text("cite.button", "en")
    ).first.click()
    chart = views.first_chart(SHARED, ViewState(lang="en"))
    # The popover is filled by the rerun its opening causes: wait for the long citation (it ends with the chart's title
    # and link).
    body = (
        page.locator('[data-testid="stPopoverBody"]')
        .filter(has_text=f"{streamlit_server}/{SHARED.url_path}?lang=en")
        .first
    )
    body.wait_for()
    content = body.inner_text()
    for source_id in chart.sources:
        source = views.view_of(SHARED, ViewState(lang="en")).source(source_id)
        assert source["publisher_en"] in content and source["authors"] in content
    assert f"{streamlit_server}/{SHARED.url_path}?lang=en" in content
    assert chart.title in content


def test_presentation_mode_steps_through_every_chart(
    streamlit_server, page, wait_for_app, plotly_charts, screenshot_dir
):
    every = slides(ViewState(lang="en"))
    assert len(every) == sum(len(views.tabs(p)) for p in views.SITE)  # no declared chart is empty without filters
    page.goto(f"{streamlit_server}/?lang=en&present=1")
    wait_for_app(page, timeout=WAIT)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    charts = shown_charts(page, plotly_charts)
    assert len(charts) == 1
    assert views.title(charts[0]["title_raw"]) == views.title(every[0].chart)
    assert page.get_by_text(counter(1, len(every), every[0], "en")).count() == 1
    assert page.get_by_text(every[0].chart.takeaway).count() >= 1
    page.screenshot(path=str(screenshot_dir / "present-1.png"))

    for n in range(2, len(every) + 1):  # every slide, by the Next button
        page.get_by_role("button", name=text("present.next", "en")).click()
        page.wait_for_url(f"**slide={n}**")
        page.get_by_text(counter(n, len(every), every[n - 1], "en")).wait_for()
        wait_for_app(page, timeout=WAIT)
        charts = shown_charts(page, plotly_charts)
        assert len(charts) == 1
        assert views.title(charts[0]["title_raw"]) == views.title(every[n - 1].chart), n
    assert page.get_by_role("button", name=text("present.next", "en")).is_disabled()

    page.get_by_role("button", name=text("present.prev", "en")).click()
    page.get_by_text(counter(len(every) - 1, len(every), every[-2], "en")).wait_for()
    page.goto(f"{streamlit_server}/?lang=en&present=1&slide=2")
    wait_for_app(page, timeout=WAIT)
    page.get_by_role("button", name=text("present.prev", "en")).click()
    page.get_by_text(counter(1, len(every), every[0], "en")).wait_for()
    assert "slide=" not in page.url


def test_presentation_respects_filters_and_works_embedded(
    streamlit_server, page, wait_for_app, plotly_charts, screenshot_dir
):
    kind = views.options(views.page("overview")).of("kind")[1]  # a kind the data holds (from data)
    filtered = slides(state_of("en", kind=(kind,)))
    assert 0 < len(filtered) < len(slides(ViewState(lang="en")))
    page.goto(f"{streamlit_server}/?lang=en&kind={kind}&present=1&slide={len(filtered)}&embed=true")
    wait_for_app(page, timeout=WAIT)
    charts = shown_charts(page, plotly_charts)
    assert len(charts) == 1
    assert views.title(charts[0]["title_raw"]) == views.title(filtered[-1].chart)
    assert page.get_by_text(counter(len(filtered), len(filtered), filtered[-1], "en")).count() == 1
    assert page.get_by_role("button", name=text("present.next", "en")).is_disabled()
    assert "embed=true" in page.url
    page.screenshot(path=str(screenshot_dir / "present-embedded-last.png"))


def test_deck_download_is_one_slide_per_screen_offline(
    streamlit_server, page, browser, wait_for_app, tmp_path, screenshot_dir
):
    """The deck from presentation mode: a title slide stating the filters in words, then one screen
    per chart, every chart drawn with nothing fetched, the arrow key moving one slide."""
    kind = views.options(views.page("overview")).of("kind")[0]
    state = state_of("en", kind=(kind,))
    page.goto(f"{streamlit_server}/?lang=en&kind={kind}&present=1")
    wait_for_app(page, timeout=WAIT)
    # Made when the slide bar's popover opens (cenfigures/app/downloads.py), then one click.
    page.locator(".st-key-deck-files-main button").first.click()
    with page.expect_download(timeout=WAIT * 1000) as info:
        page.locator('[data-testid="stDownloadButton"] button').filter(has_text=text("present.deck", "en")).click(
            timeout=WAIT * 1000
        )
    assert info.value.suggested_filename == downloads.file_stem("overview", "deck", "en") + ".html"
    deck = tmp_path / info.value.suggested_filename
    info.value.save_as(deck)
    content = deck.read_text(encoding="utf-8")
    expected = slides(state)
    assert content.count("window.PlotlyConfig") == 1  # plotly.js inlined once

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
            arg=len(expected),
            timeout=WAIT * 1000,
        )
        sections = offline.locator("section")
        assert sections.count() == len(expected) + 1
        title_slide = sections.first.inner_text()
        t = Translator("en")
        said = filters.conditions(state, t, views.view_of(views.page("overview"), state).names, filters.FILTER_KEYS)
        assert t.sentence(t("deck.filters", conditions=t("filter.sentence.and").join(said))) in title_slide
        assert "%" not in title_slide.split("\n")[2]  # the filters in words, not a percent-encoded link
        drawn = offline.evaluate(
            "() => [...document.querySelectorAll('section.slide')].map(s => s.querySelectorAll('.js-plotly-plot "
            ".main-svg').length)"
        )
        assert len(drawn) == len(expected) and all(drawn)
        titles = offline.evaluate(
            "() => [...document.querySelectorAll('.js-plotly-plot')].map(g => g.layout.title.text || g.layout.title)"
        )
        assert [views.title(x) for x in titles] == [views.title(s.chart) for s in expected]
        heights = offline.evaluate(
            "() => [...document.querySelectorAll('section')].map(s => s.getBoundingClientRect().height)"
        )
        assert all(h >= 900 - 1 for h in heights), heights  # one screen each
        offline.keyboard.press("ArrowRight")
        offline.wait_for_function(
            "() => Math.abs(document.getElementById('slide-1').getBoundingClientRect().top) < 5", timeout=10_000
        )
        offline.screenshot(path=str(screenshot_dir / "deck-slide-1.png"))
        assert errors == []
    finally:
        context.close()
    assert blocked == []


def test_svg_download_has_the_chinese_title(streamlit_server, page, wait_for_app):
    if not export.svg_available():
        _missing("no Chromium for kaleido: the SVG download is replaced by a note")
    page.goto(views.url(streamlit_server, SHARED))
    wait_for_app(page, timeout=WAIT)
    page.locator('[data-testid="stMain"] [data-testid="stPopover"] button').filter(
        has_text=text("download.button", "zh")
    ).first.click()
    chart = views.first_chart(SHARED, ViewState())
    with page.expect_download(timeout=WAIT * 1000) as info:
        page.locator('[data-testid="stDownloadButton"] button').filter(has_text=text("download.svg", "zh")).first.click(
            timeout=WAIT * 1000
        )
    assert info.value.suggested_filename == downloads.file_stem(SHARED.key, chart.name, "zh") + ".svg"
    svg = Path(info.value.path()).read_text(encoding="utf-8")
    assert "<svg" in svg[:300]
    assert views.title(chart)[:4] in svg  # the Chinese title (its start: plotly breaks long titles into lines)
    source = views.view_of(SHARED, ViewState()).source(chart.sources[0])
    assert source["publisher"] in svg


def test_full_data_zip_download(streamlit_server, page, wait_for_app):
    page.goto(views.url(streamlit_server, SHARED, {"lang": "en"}))
    wait_for_app(page, timeout=WAIT)
    page.locator('[data-testid="stMain"] [data-testid="stPopover"] button').filter(
        has_text=text("download.button", "en")
    ).first.click()
    with page.expect_download(timeout=WAIT * 1000) as info:
        page.get_by_role("button", name=text("download.zip", "en")).first.click()
    assert info.value.suggested_filename == downloads.file_stem("cenfigures", "data", "en") + ".zip"
    archive = zipfile.ZipFile(info.value.path())
    assert archive.testzip() is None
    present = [name for name in downloads.DATA_FILES if (DATA_DIR / name).is_file()]
    labelled = {f"en/{name}" for name in ("figures.csv", "events.csv") if name in present}
    assert set(archive.namelist()) == set(present) | {"README.txt"} | labelled
    for name in present:
        assert archive.read(name) == (DATA_DIR / name).read_bytes()


# ---------------------------------------------------------------- office files from the popovers

POPOVER_SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
_POPOVER_BOX_JS = """() => {
  const body = [...document.querySelectorAll('[data-testid="stPopoverBody"]')].find(b => b.checkVisibility());
  if (!body) return null;
  const b = body.getBoundingClientRect();
  return {top: b.top, bottom: b.bottom, left: b.left, right: b.right, width: innerWidth, height: innerHeight,
          scrolled: document.querySelector('[data-testid="stMain"]').scrollTop};
}"""


def _fits(box: dict | None) -> list[str]:
    if box is None:
        return ["no popover open"]
    found = []
    if box["top"] < -1 or box["bottom"] > box["height"] + 1:
        found.append(f"popover {box['top']:.0f}..{box['bottom']:.0f} of {box['height']} px high")
    if box["left"] < -1 or box["right"] > box["width"] + 1:
        found.append(f"popover {box['left']:.0f}..{box['right']:.0f} of {box['width']} px wide")
    return found


FIGURE_ID = FIGURE_COLUMNS.index("figure_id")


def _download(pg, label: str):
    with pg.expect_download(timeout=WAIT * 1000) as info:
        pg.locator('[data-testid="stDownloadButton"] button').filter(has_text=label).first.click(timeout=WAIT * 1000)
    return info.value


@pytest.mark.parametrize("size", POPOVER_SIZES)
@pytest.mark.parametrize("lang", views.LANGUAGES)
def test_every_file_of_a_chart_and_of_the_view_downloads_in_one_click(
    streamlit_server, browser, wait_for_app, lang, size, tmp_path, screenshot_dir
):
    """Issue 24: the chart's download popover (CSV, zip, PowerPoint, Excel, SVG) and the view's
    (PowerPoint deck, Excel workbook, HTML deck) fit the window, and each file is one click, named
    `<page>_<chart>_<lang>_<date>`, and opens: python-pptx and openpyxl read them back."""
    from openpyxl import load_workbook
    from pptx import Presentation

    site_page = views.page("uhd_video")
    chart = views.first_chart(site_page, ViewState(lang=lang))
    t = Translator(lang)
    log = PageLog()
    context, pg = guarded_page(browser, log, accept_downloads=True, **POPOVER_SIZES[size])
    found = []
    try:
        pg.goto(views.url(streamlit_server, site_page, {"lang": lang} if lang != "zh" else {}))
        wait_for_app(pg, timeout=WAIT)
        pg.locator('[data-testid="stMain"] [data-testid="stPopover"] button').filter(
            has_text=text("download.button", lang)
        ).first.click()
        pg.locator('[data-testid="stDownloadButton"] button').filter(has_text=text("download.xlsx", lang)).wait_for(
            timeout=WAIT * 1000
        )
        found += [f"chart popover: {p}" for p in _fits(pg.evaluate(_POPOVER_BOX_JS))]
        pg.screenshot(path=str(screenshot_dir / f"downloads-{size}-{lang}.png"))
        stem = downloads.file_stem(site_page.key, chart.name, lang)
        names = {}
        for key, suffix in (("download.csv", "csv"), ("download.pptx", "pptx"), ("download.xlsx", "xlsx")):
            made = _download(pg, text(key, lang))
            assert made.suggested_filename == f"{stem}.{suffix}", made.suggested_filename
            names[suffix] = tmp_path / made.suggested_filename
            made.save_as(names[suffix])
        if export.svg_available():
            assert _download(pg, text("download.svg", lang)).suggested_filename == f"{stem}.svg"
        slide = Presentation(str(names["pptx"])).slides
        assert len(slide) == 1 and any(shape.has_chart for shape in slide[0].shapes)
        assert chart.title in "\n".join(s.text_frame.text for s in slide[0].shapes if s.has_text_frame)
        book = load_workbook(names["xlsx"])
        assert book.sheetnames[0] == t("xlsx.sheet.figures")
        ids = {row[FIGURE_ID].value for row in book.worksheets[0].iter_rows(min_row=2)}
        assert ids == set(chart.figure_ids)
        pg.keyboard.press("Escape")

        # the view's files, from the sidebar (a phone opens it first)
        if size == "phone":
            pg.locator('[data-testid="stExpandSidebarButton"]').first.click()
        pg.locator(".st-key-deck-files-sidebar button").first.click()
        pg.locator('[data-testid="stDownloadButton"] button').filter(has_text=text("present.pptx", lang)).wait_for(
            timeout=WAIT * 1000
        )
        found += [f"view popover: {p}" for p in _fits(pg.evaluate(_POPOVER_BOX_JS))]
        every = catalog.slides(views.TABLES, ViewState(lang=lang), (site_page,))
        deck = _download(pg, text("present.pptx", lang))
        assert deck.suggested_filename == downloads.file_stem(site_page.key, "deck", lang) + ".pptx"
        deck.save_as(tmp_path / "deck.pptx")
        assert len(Presentation(str(tmp_path / "deck.pptx")).slides) == len(every) + 1
        workbook = _download(pg, text("present.xlsx", lang))
        assert workbook.suggested_filename == downloads.file_stem(site_page.key, "data", lang) + ".xlsx"
        html_deck = _download(pg, text("present.deck", lang))
        assert html_deck.suggested_filename == downloads.file_stem(site_page.key, "deck", lang) + ".html"
    finally:
        context.close()
    assert found == []
    assert problems(log) == []


@pytest.mark.parametrize("lang", views.LANGUAGES)
def test_the_slides_ticked_in_the_picker_make_the_deck(streamlit_server, browser, wait_for_app, lang, tmp_path):
    """Issue 24: the view's popover lists its charts, all ticked; unticking some writes the rest
    into the URL (`slides=`, one key per slide), and the PowerPoint deck, the workbook and
    presentation mode are of the ticked ones; a fresh browser opening that link has the same ticks."""
    from openpyxl import load_workbook
    from pptx import Presentation

    site_page = views.page("uhd_video")
    every = catalog.slides(views.TABLES, ViewState(lang=lang), (site_page,))
    assert len(every) >= 3
    kept = [every[0], every[2]]
    log = PageLog()
    context, pg = guarded_page(browser, log, accept_downloads=True, viewport={"width": 1280, "height": 900})
    try:
        pg.goto(views.url(streamlit_server, site_page, {"lang": lang} if lang != "zh" else {}))
        wait_for_app(pg, timeout=WAIT)
        pg.locator(".st-key-deck-files-sidebar button").first.click()
        boxes = pg.locator('[data-testid="stPopoverBody"] [data-testid="stCheckbox"]')
        boxes.first.wait_for(timeout=WAIT * 1000)
        assert boxes.count() == len(every)
        assert pg.locator('[data-testid="stPopoverBody"] input[type=checkbox]:checked').count() == len(every)
        for slide in every:
            if slide not in kept:
                pg.locator('[data-testid="stPopoverBody"] label').filter(has_text=slide.chart.title).first.click()
                wait_for_app(pg, timeout=WAIT)
        ids = [filters.slide_id(s.page.key, s.chart.name) for s in kept]
        pg.wait_for_url(lambda url: views.query_of(url).get("slides") == ids, timeout=WAIT * 1000)
        assert pg.locator('[data-testid="stPopoverBody"] input[type=checkbox]:checked').count() == len(kept)
        deck = _download(pg, text("present.pptx", lang))
        deck.save_as(tmp_path / "deck.pptx")
        shown = Presentation(str(tmp_path / "deck.pptx")).slides
        assert len(shown) == len(kept) + 1  # the title slide and the ticked ones
        for slide, page_of_deck in zip(kept, list(shown)[1:]):
            words = "\n".join(s.text_frame.text for s in page_of_deck.shapes if s.has_text_frame)
            assert slide.chart.title in words
        book = _download(pg, text("present.xlsx", lang))
        book.save_as(tmp_path / "book.xlsx")
        ids_in_book = {
            row[FIGURE_ID].value for row in load_workbook(tmp_path / "book.xlsx").worksheets[0].iter_rows(min_row=2)
        }
        assert ids_in_book == {i for s in kept for i in s.chart.figure_ids}
        link = pg.url
    finally:
        context.close()
    assert problems(log) == []

    log = PageLog()
    context, other = guarded_page(browser, log, viewport={"width": 1280, "height": 900})
    try:
        other.goto(link + "&present=1")
        wait_for_app(other, timeout=WAIT)
        other.get_by_text(counter(1, len(kept), kept[0], lang)).wait_for(timeout=WAIT * 1000)
        other.keyboard.press("Escape")
        other.wait_for_url(lambda url: "present=" not in url)
        wait_for_app(other, timeout=WAIT)
        other.locator(".st-key-deck-files-sidebar button").first.click()
        other.locator('[data-testid="stPopoverBody"] [data-testid="stCheckbox"]').first.wait_for(timeout=WAIT * 1000)
        assert other.locator('[data-testid="stPopoverBody"] input[type=checkbox]:checked').count() == len(kept)
    finally:
        context.close()
    assert problems(log) == []
