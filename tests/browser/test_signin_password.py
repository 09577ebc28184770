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

    server = launch_streamlit((), {"CENFIGURES_PASSWORD": PASSWORD, "CENFIGURES_PROXY_SECRET": "",
                                  "STREAMLIT_SERVER_COOKIE_SECRET": SECRET})
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


@pytest.mark.parametrize("token", [
    f"{int(time.time()) + 3600}.{'0' * 64}",  # forged signature
    auth.make_token(PASSWORD, SECRET, time.time() - auth.TOKEN_SECONDS - 10),  # expired
    auth.make_token("the old password", SECRET, time.time()),  # signed for another password
    auth.make_token(PASSWORD, "another server's secret", time.time()),
], ids=["forged", "expired", "old-password", "other-secret"])
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
