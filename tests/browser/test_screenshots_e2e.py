"""Every page and every chart tab (from data), opened cold by its deep link at 1280x900 and on a
390x844 phone, in Chinese and English: the page renders its title and the tab's chart as its
builder makes it, and a full-page screenshot is saved to test-artifacts/screenshots/<run>/ as
`<size>-<lang>-<page>[-<chart>].png` for people to look at."""

from __future__ import annotations

import pytest

from cenfigures.view.filters import ViewState

from . import views
from .conftest import PageLog, full_screenshot, guarded_page, problems

WAIT = 120
SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


@pytest.mark.parametrize("lang", views.LANGUAGES)
@pytest.mark.parametrize("size", SIZES)
def test_every_page_and_tab_by_deep_link(
    streamlit_server, browser, size, lang, wait_for_app, plotly_charts, screenshot_dir
):
    log = PageLog()
    context, pg = guarded_page(browser, log, **SIZES[size])
    state = ViewState(lang=lang)
    try:
        for site_page, spec in views.every_view():
            query = {"lang": lang} if lang != "zh" else {}
            if spec is not None and spec.id != views.tabs(site_page)[0].id:
                query["chart"] = spec.id
            name = views.view_id((site_page, spec))
            pg.goto(views.url(streamlit_server, site_page, query))
            wait_for_app(pg, timeout=WAIT)
            errors = pg.locator('[data-testid="stException"]')
            assert errors.count() == 0, f"{name}: {errors.first.inner_text()}"
            assert pg.locator("h1").first.inner_text().strip() == views.heading(site_page, lang), name
            expected = views.chart(site_page, spec, state) if spec is not None else views.first_chart(site_page, state)
            if expected is not None:
                charts = plotly_charts(pg)
                assert len(charts) == 1, name
                assert views.title(charts[0]["title_raw"]) == views.title(expected), name
            full_screenshot(pg, screenshot_dir / f"{size}-{lang}-{name}.png")
    finally:
        context.close()
    assert problems(log) == []
