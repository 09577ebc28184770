"""Sign-in through the proxy (cenfigures.app.signin): when proxy mode is on, the secret nginx adds,
the user it names, and a page that refuses a session without them (AppTest: no browser, no proxy,
so no secret header: every page must refuse and show no data). The browser tests through nginx
are in tests/browser/test_signin_proxy.py."""

from __future__ import annotations

import pytest

from cenfigures.app import signin
from cenfigures.view.labels import text
from tests.apptest_pages import open_page
from tests.test_auth_app import DATA_KINDS, _app_files, data_kinds

SECRET = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def test_proxy_mode_is_on_only_with_a_secret():
    assert signin.configured_secret({}, None) is None
    assert signin.configured_secret({signin.SECRET_ENV: ""}, {"auth": {"proxy_secret": ""}}) is None
    assert (
        signin.configured_secret({signin.SECRET_ENV: "from-env"}, {"auth": {"proxy_secret": "from-file"}}) == "from-env"
    )
    assert signin.configured_secret({}, {"auth": {"proxy_secret": "from-file", "password": "x"}}) == "from-file"
    assert signin.configured_secret({}, {"auth": {"password": "x"}}) is None  # the in-app password is another mode


@pytest.mark.parametrize(
    "given, ok",
    [(SECRET, True), (SECRET[:-1], False), (SECRET + "0", False), ("", False), (None, False), (SECRET.upper(), False)],
)
def test_only_the_exact_secret_came_through_the_proxy(given, ok):
    assert signin.came_through_proxy(SECRET, given) is ok


def test_headers_are_read_whatever_their_case():
    assert signin.header({"x-cenfigures-proxy": "s"}, signin.SECRET_HEADER) == "s"
    assert signin.header({"X-Cenfigures-Proxy": "s"}, signin.SECRET_HEADER) == "s"
    assert signin.header({}, signin.SECRET_HEADER) is None
    assert signin.header(None, signin.SECRET_HEADER) is None


@pytest.mark.parametrize(
    "user, name",
    [
        ({"name": "alice"}, "alice"),
        ({"name": "  bob "}, "bob"),
        ({"name": ""}, None),
        ({"name": None}, None),
        ({}, None),
        (None, None),
    ],
)
def test_the_signed_in_user_is_the_one_nginx_named(user, name):
    assert signin.signed_in_user(user) == name


@pytest.mark.parametrize("app_file", _app_files(), ids=lambda p: p.name)
def test_every_page_refuses_a_session_that_did_not_come_through_the_proxy(app_file, monkeypatch):
    monkeypatch.setenv(signin.SECRET_ENV, SECRET)
    monkeypatch.delenv("CENFIGURES_PASSWORD", raising=False)
    at = open_page("dashboard.py" if app_file.name == "dashboard.py" else f"pages/{app_file.name}")
    assert not at.exception
    assert [e.value for e in at.error] == [text("signin.refused", "zh")]
    assert not data_kinds(at) & set(DATA_KINDS), data_kinds(at)
