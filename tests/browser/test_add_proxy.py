"""Editors in proxy mode, in a real browser: deploy/nginx.conf with basic auth for two users (run by
scripts/run_replicas.sh), CENFIGURES_EDITORS naming one. The editor sees /add in the menu, pastes an
article and drafts it (recorded as added by that user); the other user, signed in as well, never sees
/add and is refused on it with no data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from cenfigures.view.labels import text

from .conftest import REPO_ROOT, _free_port, local_only_context

pytestmark = pytest.mark.slow

SCRIPT = REPO_ROOT / "scripts" / "run_replicas.sh"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
USERS = {"alice": "alice-test-password", "bob": "bob-test-password"}
EDITOR, VIEWER = "alice", "bob"
ARTICLE = "（测试用稿件：为本项目的测试而写。）\n石家庄市2023年软件业务收入增长12.4%，达到1180.6亿元。\n"


@pytest.fixture(scope="module")
def proxy():
    if not Path(NGINX).exists() or not shutil.which("openssl"):
        if os.environ.get("CI"):
            pytest.fail("CI: nginx or openssl not found", pytrace=False)
        pytest.skip("nginx/openssl not installed (scripts/test.sh installs them)")
    run_dir = Path(tempfile.mkdtemp(prefix="cenfigures-editors-"))
    shutil.copytree(REPO_ROOT / "seeds", run_dir / "seeds")
    subprocess.run(
        [sys.executable, "-m", "cenfigures.prep", "--seeds", str(run_dir / "seeds"), "--out", str(run_dir / "data")],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )
    lines = []
    for user, password in USERS.items():
        hashed = subprocess.run(
            ["openssl", "passwd", "-6", "-stdin"], input=password, capture_output=True, text=True, check=True
        ).stdout.strip()
        lines.append(f"{user}:{hashed}\n")
    (run_dir / "users.htpasswd").write_text("".join(lines), encoding="utf-8")
    ports = sorted({_free_port() for _ in range(4)})[:2]
    proxy_port = _free_port()
    env = dict(
        os.environ,
        RUN_DIR=str(run_dir),
        PROXY_PORT=str(proxy_port),
        REPLICA_PORTS=" ".join(map(str, ports)),
        NGINX_BIN=NGINX,
        HTPASSWD_FILE=str(run_dir / "users.htpasswd"),
        CENFIGURES_EDITORS=EDITOR,
        CENFIGURES_SEEDS_DIR=str(run_dir / "seeds"),
        CENFIGURES_DATA_DIR=str(run_dir / "data"),
    )
    for name in ("CENFIGURES_PASSWORD", "CENFIGURES_PROXY_SECRET", "CENFIGURES_EDITOR_PASSWORD", "NGINX"):
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
        yield {"host": f"127.0.0.1:{proxy_port}", "run_dir": run_dir}
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


def signed_in(browser, proxy, user: str):
    """A browser context signed in at nginx as `user` (basic auth, kept for the site)."""
    external: list[str] = []
    context = local_only_context(
        browser,
        lambda request: external.append(request.url),
        http_credentials={"username": user, "password": USERS[user]},
    )
    return context, external


def test_a_listed_user_adds_an_article(proxy, browser, wait_for_app, screenshot_dir):
    context, external = signed_in(browser, proxy, EDITOR)
    try:
        page = context.new_page()
        page.goto(f"http://{proxy['host']}/")
        wait_for_app(page)
        assert text("page.add", "zh") in page.locator('[data-testid="stSidebar"]').inner_text()
        page.goto(f"http://{proxy['host']}/add")
        wait_for_app(page)
        page.get_by_label(text("add.paste_label", "zh")).fill(ARTICLE)
        page.locator("button:visible").filter(has_text=text("add.read", "zh")).first.click()
        wait_for_app(page, timeout=90)
        page.get_by_label(text("add.name", "zh"), exact=True).fill("proxy-pasted")
        page.get_by_label(text("add.publisher", "zh"), exact=True).fill("测试报")
        page.get_by_label(text("add.publisher", "zh"), exact=True).press("Enter")
        wait_for_app(page)
        page.locator("button:visible").filter(has_text=text("add.draft", "zh")).first.click()
        page.wait_for_url("**/source?**source=proxy-pasted**", timeout=120000)
        wait_for_app(page, timeout=90)
        assert page.locator("mark").filter(has_text="1180.6亿").count() == 1
        page.screenshot(path=str(screenshot_dir / "add-proxy-editor-drafted.png"))
    finally:
        context.close()
    assert not external, external
    annotation = (proxy["run_dir"] / "seeds" / "proxy-pasted.toml").read_text(encoding="utf-8")
    assert f'added_by = "{EDITOR}"' in annotation


def test_another_signed_in_user_is_a_viewer(proxy, browser, wait_for_app):
    context, external = signed_in(browser, proxy, VIEWER)
    try:
        page = context.new_page()
        page.goto(f"http://{proxy['host']}/add?lang=en")
        wait_for_app(page)
        assert text("signin.user", "en", user=VIEWER) in page.locator('[data-testid="stSidebar"]').inner_text()
        assert text("page.add", "en") not in page.locator('[data-testid="stSidebar"]').inner_text()
        shown = page.locator('[data-testid="stMain"]').inner_text()
        assert text("add.refused", "en") in shown and text("add.refused.proxy", "en") in shown
        assert page.locator('[data-testid="stTabs"], textarea, input[type="password"]').count() == 0
    finally:
        context.close()
    assert not external, external
