"""Sign-in through nginx (proxy mode), in a real browser: deploy/nginx.conf with basic auth, run by
scripts/run_replicas.sh with one user in an htpasswd file written by `openssl passwd -6`.

- Signed in once (credentials in the first URL only), the app shows who is signed in; a reload and
  a second tab of the same browser are not asked again (no 401 on the way) and show the app.
- A wrong password and an unknown user get nginx's 401 and no app.
- A direct request to a replica (bypassing nginx), also with a forged user header and a forged
  proxy secret, gets the app's refusal and no data.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from cenfigures.view.labels import text

from .conftest import REPO_ROOT, _free_port, local_only_context

pytestmark = pytest.mark.slow

SCRIPT = REPO_ROOT / "scripts" / "run_replicas.sh"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
USER, PASSWORD = "alice", "correct-horse-battery-staple"


@pytest.fixture(scope="module")
def signed_proxy():
    if not Path(NGINX).exists() or not shutil.which("openssl"):
        if os.environ.get("CI"):
            pytest.fail("CI: nginx or openssl not found", pytrace=False)
        pytest.skip("nginx/openssl not installed (scripts/test.sh installs them)")
    run_dir = Path(tempfile.mkdtemp(prefix="cenfigures-signin-"))
    ports = sorted({_free_port() for _ in range(4)})[:2]
    proxy_port = _free_port()
    env = dict(
        os.environ,
        RUN_DIR=str(run_dir),
        PROXY_PORT=str(proxy_port),
        REPLICA_PORTS=" ".join(map(str, ports)),
        NGINX_BIN=NGINX,
        HTPASSWD_USER=USER,
        HTPASSWD_PASSWORD=PASSWORD,
    )
    for name in ("CENFIGURES_PASSWORD", "CENFIGURES_PROXY_SECRET", "NGINX", "HTPASSWD_FILE"):
        env.pop(name, None)
    with open(run_dir / "start.log", "w") as log:
        code = subprocess.call(
            ["bash", str(SCRIPT), "start"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            timeout=180,
        )
    try:
        assert code == 0, (run_dir / "start.log").read_text()
        yield {"proxy": f"http://127.0.0.1:{proxy_port}", "replica": f"http://127.0.0.1:{ports[0]}", "run_dir": run_dir}
    finally:
        subprocess.call(
            ["bash", str(SCRIPT), "stop"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=60,
        )
        shutil.rmtree(run_dir, ignore_errors=True)


def _statuses(page) -> list[int]:
    seen: list[int] = []
    page.on("response", lambda response: seen.append(response.status))
    return seen


def test_the_shipped_config_signs_in_with_an_htpasswd_file(signed_proxy):
    conf = (signed_proxy["run_dir"] / "nginx.conf").read_text(encoding="utf-8")
    assert f"auth_basic_user_file {signed_proxy['run_dir']}/htpasswd;" in conf
    assert "proxy_set_header X-Cenfigures-User $remote_user;" in conf
    line = (signed_proxy["run_dir"] / "htpasswd").read_text(encoding="utf-8").strip()
    assert re.fullmatch(rf"{USER}:\$6\$[^$]+\$[./0-9A-Za-z]+", line), "one user, SHA-512 crypt"
    assert PASSWORD not in line


def test_sign_in_once_then_reload_and_a_second_tab_are_not_asked(signed_proxy, browser, wait_for_app, screenshot_dir):
    proxy = signed_proxy["proxy"]
    external: list[str] = []
    context = local_only_context(browser, lambda request: external.append(request.url))
    try:
        first = context.new_page()
        host = proxy.split("//", 1)[1]
        response = first.goto(f"http://{USER}:{PASSWORD}@{host}/digitization")  # signed in once, here
        assert response is not None and response.ok, response and response.status
        wait_for_app(first)
        sidebar = first.locator('[data-testid="stSidebar"]')
        assert text("signin.user", "zh", user=USER) in sidebar.inner_text()
        assert first.locator('[data-testid="stPlotlyChart"]').count() >= 1
        first.screenshot(path=str(screenshot_dir / "signin-proxy-signed-in.png"))

        statuses = _statuses(first)
        first.reload()
        wait_for_app(first)
        assert 401 not in statuses and statuses, statuses
        assert text("signin.user", "zh", user=USER) in first.locator('[data-testid="stSidebar"]').inner_text()

        second = context.new_page()
        statuses = _statuses(second)
        response = second.goto(proxy + "/regions?lang=en")  # no credentials in this URL
        assert response is not None and response.status == 200, response and response.status
        wait_for_app(second)
        assert 401 not in statuses, statuses
        assert text("signin.user", "en", user=USER) in second.locator('[data-testid="stSidebar"]').inner_text()
        assert text("signin.refused", "en") not in second.locator('[data-testid="stMain"]').inner_text()
    finally:
        context.close()
    assert not external, external


@pytest.mark.parametrize(
    "credentials", [(USER, "wrong password"), ("mallory", PASSWORD)], ids=["wrong-password", "unknown-user"]
)
def test_wrong_credentials_get_no_app(signed_proxy, browser, credentials):
    context = local_only_context(
        browser, lambda request: None, http_credentials={"username": credentials[0], "password": credentials[1]}
    )
    try:
        page = context.new_page()
        response = page.goto(signed_proxy["proxy"] + "/")
        assert response is not None and response.status == 401
        assert page.locator('[data-testid="stApp"]').count() == 0
    finally:
        context.close()


@pytest.mark.parametrize(
    "headers", [{}, {"X-Cenfigures-User": USER, "X-Cenfigures-Proxy": "forged-secret"}], ids=["plain", "forged-headers"]
)
def test_a_request_straight_to_a_replica_is_refused(signed_proxy, browser, wait_for_app, headers, screenshot_dir):
    context = local_only_context(browser, lambda request: None, extra_http_headers=headers)
    try:
        page = context.new_page()
        response = page.goto(signed_proxy["replica"] + "/digitization")
        assert response is not None and response.ok  # the page's frame is static; its data comes over the session
        wait_for_app(page)
        main = page.locator('[data-testid="stMain"]').inner_text()
        assert text("signin.refused", "zh") in main
        assert (
            page.locator(
                '[data-testid="stPlotlyChart"], [data-testid="stMetric"], [data-testid="stDownloadButton"]'
            ).count()
            == 0
        )
        assert text("signin.user", "zh", user=USER) not in page.locator("body").inner_text()
        page.screenshot(path=str(screenshot_dir / f"signin-direct-{'forged' if headers else 'plain'}.png"))
    finally:
        context.close()
