"""Smoke test: the dashboard home page renders in a real browser on a cold server."""


def test_home_renders_on_cold_server(start_server, page, page_log, wait_for_app, screenshot_dir):
    url = start_server()
    response = page.goto(url + "/")
    assert response is not None and response.ok, response
    state = wait_for_app(page)
    assert state["script"] == "notRunning"
    assert page.locator('[data-testid="stAppViewContainer"]').is_visible()
    assert page.locator('[data-testid="stMainBlockContainer"]').count() == 1
    assert page.locator('[data-testid="stException"]').count() == 0, page.locator(
        '[data-testid="stException"]'
    ).first.inner_text()
    page.screenshot(path=str(screenshot_dir / "smoke-home.png"), full_page=True)
    assert page_log.external_requests == []
