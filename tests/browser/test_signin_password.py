"""The in-app password (one process, no proxy) survives a reload, in a real browser.

A server runs with CENFIGURES_PASSWORD and a known server.cookieSecret (so the test can sign a
token as the server would). After the right password once, a reload and a second tab of the same
browser are admitted without the form (the signed, expiring cookie; never the password, never in the
URL). A wrong password is denied; a forged token, an expired one and one signed for an old password
all get the form again.
"""

from __future__ import annotations

import time

import pytest

from cenfigures.app import auth
from cenfigures.view.labels import text

from .conftest import local_only_context

pytestmark = pytest.mark.slow

PASSWORD = "korrekt-pferd-batterie"
SECRET = "test-cookie-secret-0123456789abcdef"


@pytest.fixture(scope="module")
def gated_server():
    from .conftest import launch_streamlit

    server = launch_streamlit(
        (), {"CENFIGURES_PASSWORD": PASSWORD, "CENFIGURES_PROXY_SECRET": "", "STREAMLIT_SERVER_COOKIE_SECRET": SECRET}
    )
    try:
        yield server.url
    finally:
        server.stop()


def _form(page):
    return page.locator('[data-testid="stForm"] input[type="password"]')


def _sign_in(page, password: str, wait_for_app) -> None:
    _form(page).fill(password)
    page.locator('[data-testid="stForm"] button').filter(has_text=text("auth.submit", "zh")).click()
    wait_for_app(page)


def _shows_the_app(page) -> bool:
    return page.locator('[data-testid="stPlotlyChart"]').count() >= 1 and _form(page).count() == 0


def test_sign_in_once_then_reload_and_a_second_tab_are_admitted(gated_server, browser, wait_for_app, screenshot_dir):
    context = local_only_context(browser, lambda request: None)
    try:
        page = context.new_page()
        page.goto(gated_server + "/digitization")
        wait_for_app(page)
        assert _form(page).count() == 1 and page.locator('[data-testid="stPlotlyChart"]').count() == 0

        _sign_in(page, "not the password", wait_for_app)
        assert text("auth.denied", "zh") in page.locator('[data-testid="stMain"]').inner_text()
        assert page.locator('[data-testid="stPlotlyChart"]').count() == 0

        _sign_in(page, PASSWORD, wait_for_app)
        page.wait_for_function("() => document.cookie.includes('cenfigures_signin=')", timeout=30_000)
        assert _shows_the_app(page)
        cookie = next(c for c in context.cookies() if c["name"] == auth.TOKEN_COOKIE)
        assert PASSWORD not in cookie["value"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/"
        assert auth.token_valid(cookie["value"], PASSWORD, SECRET, time.time())
        assert cookie["value"] not in page.url

        page.reload()
        wait_for_app(page)
        assert _shows_the_app(page), "asked again after a reload"

        second = context.new_page()
        second.goto(gated_server + "/regions?lang=en")
        wait_for_app(second)
        assert second.locator('[data-testid="stPlotlyChart"]').count() >= 1 and _form(second).count() == 0
        second.screenshot(path=str(screenshot_dir / "signin-password-second-tab.png"))
    finally:
        context.close()


@pytest.mark.parametrize(
    "token",
    [
        f"{int(time.time()) + 3600}.{'0' * 64}",  # forged signature
        auth.make_token(PASSWORD, SECRET, time.time() - auth.TOKEN_SECONDS - 10),  # expired
        auth.make_token("the old password", SECRET, time.time()),  # signed for another password
        auth.make_token(PASSWORD, "another server's secret", time.time()),
    ],
    ids=["forged", "expired", "old-password", "other-secret"],
)
def test_a_forged_or_expired_token_gets_the_form(gated_server, browser, wait_for_app, token):
    context = local_only_context(browser, lambda request: None)
    try:
        host = gated_server.split("//", 1)[1].split(":")[0]
        context.add_cookies([{"name": auth.TOKEN_COOKIE, "value": token, "domain": host, "path": "/"}])
        page = context.new_page()
        page.goto(gated_server + "/digitization")
        wait_for_app(page)
        assert _form(page).count() == 1
        assert page.locator('[data-testid="stPlotlyChart"]').count() == 0
    finally:
        context.close()


_ENGLISH_OF_STREAMLIT = "text=/Press Enter|Stop|Running/ >> visible=true"


def test_the_gate_writes_no_english_in_chinese_and_enter_still_submits(
    gated_server, browser, wait_for_app, screenshot_dir
):
    """Streamlit's own "Press Enter to submit form" under the input and "Running… Stop" while a
    wrong password's delay runs are English whatever the language: the zh gate shows neither (seen
    while the delayed answer runs), and Enter still submits."""
    context = local_only_context(browser, lambda request: None, viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(gated_server + "/digitization")
        wait_for_app(page)
        field = _form(page)
        field.click()
        field.type("not the password")
        page.wait_for_timeout(300)
        assert page.locator(_ENGLISH_OF_STREAMLIT).count() == 0
        assert text("auth.intro", "zh") in page.locator('[data-testid="stMain"]').inner_text()
        page.screenshot(path=str(screenshot_dir / "signin-password-zh-typed.png"))
        field.press("Enter")
        wait_for_app(page)
        assert text("auth.denied", "zh") in page.locator('[data-testid="stMain"]').inner_text()
        # After failures the next answer waits (auth.failure_delay: 0.5 s, 1 s, 2 s, ...): the script
        # runs meanwhile, and Streamlit's status widget ("Running… Stop") shows after about 0.5 s.
        state = "() => document.querySelector('[data-testid=stApp]').getAttribute('data-test-script-state')"
        for _ in range(2):
            _form(page).fill("still not the password")
            _form(page).press("Enter")
            wait_for_app(page)
        _form(page).fill("still not the password")
        _form(page).press("Enter")
        page.wait_for_function(f"() => ({state})() === 'running'", timeout=10_000)
        page.wait_for_timeout(1200)
        seen_running = page.evaluate(state) == "running"
        page.screenshot(path=str(screenshot_dir / "signin-password-zh-waiting.png"))
        assert page.locator(_ENGLISH_OF_STREAMLIT).count() == 0, "English status text while the answer is delayed"
        assert seen_running, "the delayed answer was not seen running"
        wait_for_app(page)
        _form(page).fill(PASSWORD)
        _form(page).press("Enter")
        wait_for_app(page)
        assert _shows_the_app(page), "Enter did not submit the password"
    finally:
        context.close()
