"""Real-browser test harness: a fresh Streamlit server + headless Debian chromium.

Fixtures (all usable from any test under tests/browser/):

- ``streamlit_server`` (session): base URL (``http://127.0.0.1:<port>``) of a fresh
  ``python -m cenfigures.serve`` (the README's run command: ``streamlit run dashboard.py``)
  started from the repo root for this test session.
- ``start_server`` (function): factory ``start_server(extra_args=(), env=None) -> base URL``
  that starts *another* cold server (e.g. with different flags); all of them are stopped
  at the end of the test.
- ``browser`` (session): playwright chromium from /usr/bin/chromium.
- ``page`` (function): 1280x900, locale zh-CN, downloads accepted. Every request to a host other than
  127.0.0.1/localhost is aborted and recorded; console errors and page errors are recorded.
  ``guarded_page(browser, log, **context_options)`` opens another such page (a fresh context, a phone
  viewport) and ``problems(log)`` says what it recorded.
  Teardown fails the test if anything external was requested or (unless the test has
  ``@pytest.mark.allow_console_errors``) any console/page error happened.
- ``page_log`` (function): the record the ``page`` fixture writes to
  (``.external_requests``, ``.console_errors``, ``.page_errors``).
- ``screenshot_dir`` (session): ``test-artifacts/screenshots/<YYYYmmdd-HHMMSS>/`` or ``$SCREENSHOT_DIR``.
  A failing browser test leaves ``FAILED-<test>.png`` there. ``full_screenshot(page, path)`` shoots
  the whole page (Streamlit scrolls inside its main container, so ``full_page`` alone shows one screen).
- ``wait_for_app`` : the function ``wait_for_app(page, timeout=60)``.
- ``plotly_charts``: the function ``plotly_charts(page) -> list[dict]`` reading every plotly
  chart the page shows: ``{"title", "title_raw", "traces": [{"type","name","x","y",...}]}``.

In CI (``$CI`` set) a missing chromium / playwright is a hard failure, never a skip.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
HEALTH_TIMEOUT = 60.0


def _missing(reason: str):
    """Never skip in CI: fail loudly there, skip with a reason locally."""
    if os.environ.get("CI"):
        pytest.fail(f"CI: browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


# --------------------------------------------------------------------------- server


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _python() -> str:
    venv_py = REPO_ROOT / ".venv" / "bin" / "python"
    return str(venv_py) if venv_py.exists() else sys.executable


@dataclasses.dataclass
class StreamlitServer:
    url: str
    port: int
    proc: subprocess.Popen
    log_path: Path

    def log_tail(self, n: int = 60) -> str:
        try:
            lines = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return "<no log>"
        return "\n".join(lines[-n:])

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait(timeout=10)


def launch_streamlit(
    extra_args=(), env=None, *, app: str = "dashboard.py", cwd: Path = REPO_ROOT, timeout: float = HEALTH_TIMEOUT
) -> StreamlitServer:
    """Start ``<app>`` (the dashboard through ``python -m cenfigures.serve``, anything else with
    ``streamlit run``) on a free port and wait until /_stcore/health says ok."""
    if not (Path(cwd) / app).exists():
        pytest.fail(f"{app} not found in {cwd}: cannot start the dashboard", pytrace=False)
    port = _free_port()
    # The dashboard starts as in production (python -m cenfigures.serve: streamlit run, imports done first).
    launcher = ["-m", "cenfigures.serve"] if app == "dashboard.py" else ["-m", "streamlit", "run", app]
    cmd = [
        _python(),
        *launcher,
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        # Tests must not see "File change. Rerun?" prompts when files are edited mid-run.
        "--server.fileWatcherType",
        "none",
        "--server.runOnSave",
        "false",
        *extra_args,
    ]
    full_env = dict(os.environ)
    full_env.setdefault("PYTHONUNBUFFERED", "1")
    if env:
        full_env.update(env)
    log_dir = ARTIFACTS / "server-logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"streamlit-{port}.log"
    log = open(log_path, "w", encoding="utf-8")
    proc = subprocess.Popen(
        cmd,
        cwd=str(cwd),
        env=full_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    log.close()
    server = StreamlitServer(url=f"http://127.0.0.1:{port}", port=port, proc=proc, log_path=log_path)
    deadline = time.monotonic() + timeout
    last_err = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(
                f"streamlit exited with code {proc.returncode} before becoming healthy:\n"
                f"{' '.join(cmd)}\n--- log ---\n{server.log_tail()}",
                pytrace=False,
            )
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as resp:
                body = resp.read().decode().strip()
                if resp.status == 200 and body == "ok":
                    return server
                last_err = f"HTTP {resp.status} {body!r}"
        except (urllib.error.URLError, ConnectionError, OSError) as exc:
            last_err = repr(exc)
        time.sleep(0.25)
    server.stop()
    pytest.fail(
        f"streamlit not healthy after {timeout:.0f}s (last: {last_err}):\n--- log ---\n{server.log_tail()}",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def streamlit_server():
    """Base URL of a fresh Streamlit server running dashboard.py for this session."""
    server = launch_streamlit()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def start_server():
    """Factory: ``start_server(extra_args=(), env=None) -> base URL`` of another cold server."""
    servers: list[StreamlitServer] = []

    def _start(extra_args=(), env=None) -> str:
        server = launch_streamlit(tuple(extra_args), env)
        servers.append(server)
        return server.url

    yield _start
    for server in servers:
        server.stop()


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        _missing(f"{CHROMIUM} not found (apt-get install chromium; scripts/test.sh does it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        _missing(f"playwright not importable: {exc}")
    pw = sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception:
        pw.stop()
        raise
    try:
        yield b
    finally:
        b.close()
        pw.stop()


@dataclasses.dataclass
class PageLog:
    external_requests: list = dataclasses.field(default_factory=list)
    console_errors: list = dataclasses.field(default_factory=list)
    page_errors: list = dataclasses.field(default_factory=list)


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome", "chrome-extension", "javascript"):
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


def local_only_context(browser, blocked, **options):
    """A browser context (1280x900, zh-CN unless `options` say otherwise) that lets through only
    requests to this machine; every other request is aborted and handed to `blocked(request)` so
    the test can fail on it."""
    context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, "locale": "zh-CN", **options})

    def _route(route):
        if _is_local(route.request.url):
            route.continue_()
        else:
            blocked(route.request)
            route.abort()

    context.route("**/*", _route)
    return context


def guarded_page(browser, log: PageLog, **options):
    """(context, page) recording into `log` what the `page` fixture fails on: requests to other
    hosts (aborted), console errors (but Streamlit's deep-link probes) and uncaught page errors.
    Check it with `problems(log)` after closing the context."""
    context = local_only_context(
        browser, lambda req: log.external_requests.append(f"{req.method} {req.url}"), **options
    )
    pg = context.new_page()

    def _console(msg):
        if msg.type == "error":
            loc = msg.location or {}
            if _KNOWN_PROBE_404.search(str(loc.get("url") or "")):
                return
            where = f" ({loc.get('url')}:{loc.get('lineNumber')})" if loc.get("url") else ""
            log.console_errors.append(f"{msg.text}{where}")

    def _websocket(ws):
        if not _is_local(ws.url):
            log.external_requests.append(f"WEBSOCKET {ws.url}")

    pg.on("console", _console)
    pg.on("pageerror", lambda exc: log.page_errors.append(str(exc)))
    pg.on("websocket", _websocket)
    return context, pg


def problems(log: PageLog, console: bool = True) -> list[str]:
    """What a guarded page recorded that fails a test (console errors unless `console` is False)."""
    found = []
    if log.external_requests:
        found.append("external requests were attempted (aborted):\n  " + "\n  ".join(log.external_requests))
    if console and log.console_errors:
        found.append("browser console errors:\n  " + "\n  ".join(log.console_errors))
    if console and log.page_errors:
        found.append("uncaught page errors:\n  " + "\n  ".join(log.page_errors))
    return found


@pytest.fixture
def page_log() -> PageLog:
    return PageLog()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    env_dir = os.environ.get("SCREENSHOT_DIR")
    if env_dir:
        path = Path(env_dir)
    else:
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        path = ARTIFACTS / "screenshots" / stamp
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


# On a deep link (/digitization) Streamlit's frontend first probes the page path as if it were the
# base path (/digitization/_stcore/health, .../host-config), gets 404, then uses the root. A known,
# open Streamlit issue (streamlit/streamlit#7074); nothing the app can change. Only those exact
# probes are ignored; every other console error still fails the test.
_KNOWN_PROBE_404 = re.compile(r"^https?://(127\.0\.0\.1|localhost)(:\d+)?/[^/?#]+/_stcore/(health|host-config)$")


@pytest.fixture
def page(browser, page_log, request, screenshot_dir):
    context, pg = guarded_page(browser, page_log, accept_downloads=True)
    try:
        yield pg
    finally:
        rep = getattr(request.node, "rep_call", None)
        if rep is not None and rep.failed:
            safe = re.sub(r"[^\w.-]+", "_", request.node.name)[:120]
            try:
                pg.screenshot(path=str(screenshot_dir / f"FAILED-{safe}.png"), full_page=True)
            except Exception:
                pass
        context.close()

    found = problems(page_log, console=request.node.get_closest_marker("allow_console_errors") is None)
    if found:
        pytest.fail("\n".join(found), pytrace=False)


# --------------------------------------------------------------------------- helpers

_APP_STATE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return {ready: false, why: 'no stApp'};
  const conn = app.getAttribute('data-test-connection-state');
  const script = app.getAttribute('data-test-script-state');
  const view = !!document.querySelector('[data-testid="stAppViewContainer"]');
  // stStatusWidget also hosts the "File change. Rerun" prompt: only the running icon means busy.
  const status = !!document.querySelector('[data-testid="stStatusWidgetRunningIcon"]');
  const skeleton = !!document.querySelector('[data-testid="stSkeleton"]');
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  const chartsPending = charts.filter(c => {
      const g = c.querySelector('.js-plotly-plot');
      return !g || !g._fullLayout;
  }).length;
  const ready = conn === 'CONNECTED' && script === 'notRunning' && view && !status
                && !skeleton && chartsPending === 0;
  return {ready, conn, script, view, status, skeleton, chartsPending};
}"""


def wait_for_app(page, timeout: float = 60.0, settle: float = 0.5) -> dict:
    """Wait until Streamlit finished the script run and rendered everything.

    Streamlit 1.67: ``[data-testid=stApp]`` carries ``data-test-script-state``
    (initial -> running -> notRunning) and ``data-test-connection-state`` (CONNECTED);
    ``stStatusWidgetRunningIcon`` (the running man inside ``stStatusWidget``) shows only
    after ~0.5 s of running and
    ``stSkeleton`` placeholders stay until lazy elements (plotly) have loaded, so all are
    checked and the ready state must hold for ``settle`` seconds.
    """
    deadline = time.monotonic() + timeout
    ready_since = None
    state: dict = {}
    while time.monotonic() < deadline:
        state = page.evaluate(_APP_STATE_JS)
        if state.get("ready"):
            ready_since = ready_since or time.monotonic()
            if time.monotonic() - ready_since >= settle:
                return state
        else:
            ready_since = None
        page.wait_for_timeout(100)
    raise AssertionError(f"Streamlit app not ready after {timeout}s: {state}")


_PLOTLY_JS = """() => {
  const plain = v => {
    if (v === undefined || v === null) return null;
    if (ArrayBuffer.isView(v)) return Array.from(v);
    if (Array.isArray(v)) return v.map(e => ArrayBuffer.isView(e) ? Array.from(e) : e);
    return v;
  };
  const pick = (t, f, k) => {
    let v = t ? t[k] : undefined;
    if (v && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v)) v = f ? f[k] : v;
    if (v === undefined && f) v = f[k];
    return plain(v);
  };
  return [...document.querySelectorAll('.js-plotly-plot')].map(gd => {
    const full = gd._fullData || [];
    const title = gd.layout && gd.layout.title;
    const titleText = typeof title === 'string' ? title : (title && title.text) || null;
    return {
      title_raw: titleText,
      visible: gd.checkVisibility(),
      traces: (gd.data || []).map((t, i) => {
        const f = full.find(d => d.index === i) || full[i];
        const out = {type: (f && f.type) || t.type || null, name: t.name === undefined ? null : t.name,
                     x: pick(t, f, 'x'), y: pick(t, f, 'y')};
        for (const k of ['z', 'locations', 'labels', 'values', 'text', 'orientation']) {
          if (t[k] !== undefined) out[k] = pick(t, f, k);
        }
        return out;
      }),
    };
  });
}"""


def _strip_tags(text):
    return None if text is None else re.sub(r"<[^>]+>", "", text).strip()


def plotly_charts(page) -> list[dict]:
    """Every plotly chart the page shows: ``{"title", "title_raw", "traces": [...]}``. A chart CSS
    hides is left out: a chart whose title wraps otherwise at another width is drawn once per width
    band on pages and slides alike, and only the band of the page's width shows.

    ``title`` has HTML tags removed (Streamlit 1.67 wraps titles as ``<b>...</b>``);
    each trace has ``type``, ``name``, ``x``, ``y`` (typed / base64 arrays decoded to lists)
    plus ``z``, ``locations``, ``labels``, ``values``, ``text``, ``orientation`` when set.
    """
    charts = [c for c in page.evaluate(_PLOTLY_JS) if c["visible"]]
    for c in charts:
        c["title"] = _strip_tags(c["title_raw"])
    return charts


_CONTENT_HEIGHT_JS = """() => Math.max(document.documentElement.scrollHeight,
  ...[...document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebarContent"]')]
     .filter(e => e.getBoundingClientRect().right > 0)  // a collapsed sidebar (phone) sits off screen
     .map(e => e.scrollHeight))"""


def full_screenshot(page, path, max_height: int = 20000) -> None:
    """A screenshot of the whole page. Streamlit scrolls inside its main container, so Playwright's
    full_page alone captures one screen: the viewport is made as tall as the content for the shot."""
    size = page.viewport_size
    height = min(int(page.evaluate(_CONTENT_HEIGHT_JS)), max_height)
    if height > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": height})
        page.wait_for_timeout(400)  # charts follow the new size
    page.screenshot(path=str(path), full_page=True)
    if height > size["height"]:
        page.set_viewport_size(size)


@pytest.fixture(name="wait_for_app")
def _wait_for_app_fixture():
    return wait_for_app


@pytest.fixture(name="plotly_charts")
def _plotly_charts_fixture():
    return plotly_charts
