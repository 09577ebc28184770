"""What the speed and load benchmarks share: servers, browser, the in-page stopwatch, page actions.

Timing is done inside the page with performance.now() (origin = navigation start), identically for
the floor and every page:
- an init script installed before any page script records every change of
  `[data-testid=stApp][data-test-script-state]`, the time of every DOM mutation inside
  `[data-testid=stMain]`, the time the page's main element (a `.js-plotly-plot` with its
  `_fullLayout`, or for pages without charts their table/metrics/article) first appeared, and the
  time of the last pointerdown (the click that changes a filter);
- "done" = the script ran (running -> notRunning seen after the start), every plotly chart has its
  layout, no skeleton is left, and nothing in stMain changed for QUIET_S seconds; the time reported
  is max(script finished, last mutation in stMain) - start: the moment the last repaint happened.
"""

from __future__ import annotations

import json
import os
import platform
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cenfigures.view.filters import ViewState

REPO_ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Same flags as tests/browser/conftest.py.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}
QUIET_S = 0.5
FLOOR_APP = "bench/floor_app.py"


def python() -> str:
    venv = REPO_ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


# --------------------------------------------------------------------------- pages


@dataclass(frozen=True)
class Target:
    """A page to measure: URL path, what counts as its main element, and how its filter changes."""

    key: str
    app: str  # main script the server runs
    url_path: str
    main_selector: str = ".js-plotly-plot"
    action: str = "kind"  # kind | topic | lang | floor
    query: str = ""  # e.g. "?chart=ranks": the chart tab the page opens on

    @property
    def link(self) -> str:
        return f"{self.url_path}{self.query}"


def site_pages() -> tuple:
    """The dashboard's pages as the data declares them (cenfigures.view.site), in menu order."""
    from cenfigures.charts.deck import default_site
    from cenfigures.tables.dataset import load_dataset

    return default_site(load_dataset().all_tables())


def page_targets() -> list[Target]:
    """Every page of the site (fixed pages and one per declared topic), with the filter that the
    benchmark changes."""
    main = {
        "overview": '[data-testid="stMetric"]',
        "explorer": '[data-testid="stDataFrame"]',
        "source": '[data-testid="stHtml"], .stHtml',
    }
    targets = []
    for page in site_pages():
        if "kind" in page.uses:
            action = "kind"
        elif "topic" in page.uses:
            action = "topic"
        else:
            action = "lang"  # no kind or topic filter (overview, indicators): the language radio is the widget it has
        tab = measured_tab(page, action)
        query = "&".join([*(f"{k}={v}" for k, v in page.query.items()), *([f"chart={tab}"] if tab else [])])
        targets.append(
            Target(
                page.key,
                "dashboard.py",
                page.url_path,
                main.get(page.key, ".js-plotly-plot"),
                action,
                f"?{query}" if query else "",
            )
        )
    return targets


def filtered_state(action: str) -> ViewState:
    """The view after the benchmark's filter change (see option_text)."""
    from cenfigures.view.filters import state_of

    return {"kind": state_of(kind=("observed",)), "topic": state_of(topic=("uhd_video",)), "lang": state_of("en")}.get(
        action, state_of()
    )


def measured_tab(page, action: str) -> str:
    """The first chart tab of `page` that has data both before and after the filter change, so the
    change redraws a chart rather than replacing it with a "no data" notice ("" without tabs)."""
    from cenfigures.charts import types
    from cenfigures.tables.dataset import load_dataset
    from cenfigures.view.filters import state_of
    from cenfigures.view.model import View, chart_specs

    tables = load_dataset().all_tables()
    specs = chart_specs(tables["charts"], page.charts) if page.charts else []
    if len(specs) < 2:
        return ""

    def has_rows(spec, state: ViewState) -> bool:
        return not types.build(View(tables, state.only(page.uses), page.uses), spec).rows.empty

    for spec in specs:
        if has_rows(spec, state_of()) and has_rows(spec, filtered_state(action)):
            return spec.id
    return specs[0].id


FLOOR = Target("floor", FLOOR_APP, "", ".js-plotly-plot", "floor")


# --------------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    app: str
    port: int
    proc: subprocess.Popen
    timing_log: Path
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def runs(self) -> list[dict]:
        """Every script run logged so far by bench.timed_run."""
        try:
            lines = self.timing_log.read_text(encoding="utf-8").splitlines()
        except OSError:
            return []
        return [json.loads(line) for line in lines if line.strip()]

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=10)
            except ProcessLookupError:
                pass
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)


def start_server(app: str, work_dir: Path, timeout: float = 60.0, extra_args: tuple[str, ...] = ()) -> Server:
    """`streamlit run app` through bench.timed_run on 127.0.0.1 with the browser tests' settings."""
    port = free_port()
    timing_log = work_dir / f"runs-{port}.jsonl"
    log_path = work_dir / f"server-{port}.log"
    cmd = [
        python(),
        "-m",
        "bench.timed_run",
        app,
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        "--server.runOnSave",
        "false",
        *extra_args,
    ]
    env = dict(os.environ, PYTHONUNBUFFERED="1", BENCH_TIMING_LOG=str(timing_log))
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            cmd,
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    server = Server(app, port, proc, timing_log, log_path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited ({proc.returncode}): {log_path.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return server
        except OSError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"server not healthy after {timeout}s: {log_path.read_text()[-2000:]}")


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its children now, in MB."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0
    for proc in procs:
        try:
            total += proc.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / 2**20


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process and its children, in MB (Linux)."""
    import psutil

    try:
        root = psutil.Process(pid)
        pids = [pid, *(p.pid for p in root.children(recursive=True))]
    except psutil.NoSuchProcess:
        return 0.0
    total_kb = 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total_kb += int(line.split()[1])
        except OSError:
            pass
    return total_kb / 1024


# --------------------------------------------------------------------------- machine


def machine() -> dict[str, str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    try:
        chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        chromium = "?"
    import plotly
    import streamlit

    try:
        from importlib.metadata import version

        playwright_version = version("playwright")
    except Exception:
        playwright_version = "?"
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "ram": ram,
        "python": platform.python_version(),
        "chromium": chromium,
        "streamlit": streamlit.__version__,
        "plotly": plotly.__version__,
        "playwright": playwright_version,
        # Other work on the machine shifts every number: the 1/5/15-minute load average when measured.
        "load average": " ".join(Path("/proc/loadavg").read_text().split()[:3])
        if Path("/proc/loadavg").exists()
        else "?",
    }


# --------------------------------------------------------------------------- in-page stopwatch

INIT_JS = r"""(() => {
  const B = window.__bench = {
    states: [], lastMainMut: 0, mainMuts: 0, firstMain: null, lastDown: null, mainSelector: null,
  };
  const now = () => performance.now();
  const mainReady = () => {
    const sel = B.mainSelector;
    if (!sel) return false;
    const el = document.querySelector(sel);
    if (!el) return false;
    if (el.classList.contains('js-plotly-plot')) return !!el._fullLayout;
    return true;
  };
  let lastState = null;
  const onMut = (records) => {
    const t = now();
    const app = document.querySelector('[data-testid="stApp"]');
    if (app) {
      const s = app.getAttribute('data-test-script-state');
      if (s !== lastState) { B.states.push([t, s]); lastState = s; }
    }
    const main = document.querySelector('[data-testid="stMain"]');
    if (main) {
      const n = records.filter(r => main.contains(r.target)).length;
      if (n) { B.lastMainMut = t; B.mainMuts += n; }
    }
    if (B.firstMain === null && mainReady()) B.firstMain = t;
  };
  const start = () => {
    new MutationObserver(onMut).observe(document.documentElement,
      {subtree: true, childList: true, attributes: true, characterData: true});
  };
  document.addEventListener('pointerdown', () => { B.lastDown = now(); }, true);
  if (document.documentElement) start(); else document.addEventListener('DOMContentLoaded', start);
})();"""

STATE_JS = r"""(sel) => {
  const B = window.__bench;
  if (!B) return null;
  if (sel && B.mainSelector !== sel) B.mainSelector = sel;
  const app = document.querySelector('[data-testid="stApp"]');
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  const pending = charts.filter(c => {
    const g = c.querySelector('.js-plotly-plot');
    return !g || !g._fullLayout;
  }).length;
  return {
    now: performance.now(), states: B.states, lastMainMut: B.lastMainMut, firstMain: B.firstMain,
    lastDown: B.lastDown,
    conn: app && app.getAttribute('data-test-connection-state'),
    script: app && app.getAttribute('data-test-script-state'),
    skeleton: !!document.querySelector('[data-testid="stSkeleton"]'),
    running: !!document.querySelector('[data-testid="stStatusWidgetRunningIcon"]'),
    exception: !!document.querySelector('[data-testid="stException"]'),
    pending, charts: charts.length,
  };
}"""


class BenchTimeout(Exception):
    pass


@dataclass
class Done:
    ms: float  # start -> last repaint
    finished_ms: float  # start -> script finished (as the browser saw it)
    first_main_ms: float | None  # start -> main element first shown (loads only)
    charts: int
    saw_run: bool


DONE_JS = r"""([sel, start, quietMs, requireRun, token]) => {
  const B = window.__bench;
  if (!B) return null;
  if (sel && B.mainSelector !== sel) B.mainSelector = sel;
  const t = performance.now();
  if (!B.wait || B.wait.token !== token) B.wait = {token, fallbackAt: t + 3000};
  let sawRunning = false, finished = null;
  for (const [ts, s] of B.states) {
    if (ts < start) continue;
    if (s === 'running') { sawRunning = true; finished = null; }
    else if (s === 'notRunning' && sawRunning) finished = ts;
  }
  const app = document.querySelector('[data-testid="stApp"]');
  const script = app && app.getAttribute('data-test-script-state');
  // A run so short that no "running" was committed: accepted after 3 s (reported with sawRun false).
  if (finished === null && !sawRunning && script === 'notRunning'
      && (!requireRun || t > B.wait.fallbackAt)) finished = start;
  if (finished === null || script !== 'notRunning') return null;
  if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return null;
  if (document.querySelector('[data-testid="stSkeleton"], [data-testid="stStatusWidgetRunningIcon"]')) return null;
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  if (charts.some(c => { const g = c.querySelector('.js-plotly-plot'); return !g || !g._fullLayout; })) return null;
  const last = Math.max(finished, B.lastMainMut);
  if (t - last < quietMs) return null;
  return {last, finished, firstMain: B.firstMain, charts: charts.length, sawRunning,
          exception: !!document.querySelector('[data-testid="stException"]')};
}"""


async def wait_done(page, target: Target, start: float, timeout: float = 60.0, require_run: bool = True) -> Done:
    """Wait until the script ran after `start` (in-page ms) and the page is painted and quiet.

    The condition is checked inside the page (DONE_JS, every 100 ms), not by round trips from
    Python: with 20 sessions, polling over the DevTools protocol was itself a load on the machine.
    Times come from the page's own clock, so the check interval does not change them."""
    token = f"{start}-{time.monotonic()}"
    try:
        handle = await page.wait_for_function(
            DONE_JS,
            arg=[target.main_selector, start, QUIET_S * 1000, require_run, token],
            polling=100,
            timeout=timeout * 1000,
        )
    except Exception as error:
        if "Timeout" not in type(error).__name__ and "Timeout" not in str(error):
            raise
        state = None
        try:
            state = await page.evaluate(STATE_JS, target.main_selector)
        except Exception:
            pass
        detail = "no stopwatch in the page"
        if state:
            last = " ".join(f"{t / 1000:.0f}s:{s}" for t, s in state["states"][-3:])
            detail = (
                f"conn={state['conn']} script={state['script']} states=[{last}] charts={state['charts']} "
                f"pending={state['pending']} skeleton={state['skeleton']} first={state['firstMain']} "
                f"lastMut={state['lastMainMut'] / 1000:.0f}s now={state['now'] / 1000:.0f}s"
            )
        raise BenchTimeout(f"{target.key}: not done after {timeout:.0f}s: {detail}") from None
    found = await handle.json_value()
    if found["exception"]:
        raise RuntimeError("the page shows an exception")
    first = found["firstMain"]
    return Done(
        found["last"] - start,
        found["finished"] - start,
        None if first is None else first - start,
        found["charts"],
        found["sawRunning"],
    )


async def new_context(browser, locale: str = "zh-CN"):
    """A browser context that refuses every non-local request and carries the stopwatch."""
    context = await browser.new_context(viewport=VIEWPORT, locale=locale, accept_downloads=True)

    async def route(r):
        host = r.request.url.split("/")[2] if "://" in r.request.url else ""
        if r.request.url.startswith(("data:", "blob:")) or host.split(":")[0] in ("127.0.0.1", "localhost"):
            await r.continue_()
        else:
            await r.abort()

    await context.route("**/*", route)
    await context.add_init_script(INIT_JS)
    return context


async def load(page, base_url: str, target: Target, timeout: float = 60.0) -> Done:
    """Navigate to the page; times from navigation start (performance.now() origin)."""
    await page.goto(f"{base_url}/{target.link}", wait_until="commit", timeout=timeout * 1000)
    done = await wait_done(page, target, 0.0, timeout)
    if done.first_main_ms is None:
        raise RuntimeError(f"{target.key}: main element {target.main_selector!r} never appeared")
    return done


def option_text(target: Target) -> tuple[str, str]:
    """(widget label, option to pick) of the filter the benchmark changes, in Chinese (the default)."""
    from cenfigures.tables.dataset import load_dataset
    from cenfigures.view.labels import kind_label, text
    from cenfigures.view.model import names_of

    if target.action == "kind":
        return text("filter.kind", "zh"), kind_label("observed", "zh")
    if target.action == "topic":
        # uhd_video: a topic with events, so the timeline chart stays (digitization has none).
        return text("filter.topic", "zh"), names_of(load_dataset().all_tables()).name("topic", "uhd_video", "zh")
    if target.action == "lang":
        return text("app.language", "zh"), "English"
    return "Series", "b"


async def change_filter(page, target: Target, timeout: float = 60.0) -> Done:
    """Change the page's filter widget in place; times from the click on the option."""
    label, option = option_text(target)
    if target.action == "lang":
        radio = page.locator('[data-testid="stSidebar"] [data-testid="stRadio"]').filter(has_text=label)
        await radio.get_by_text(option, exact=True).click(timeout=timeout * 1000)
    else:
        scope = (
            page.locator('[data-testid="stSidebar"]')
            if target.action != "floor"
            else page.locator('[data-testid="stMain"]')
        )
        kind = "stSelectbox" if target.action == "floor" else "stMultiSelect"
        widget = scope.locator(f'[data-testid="{kind}"]').filter(has_text=label)
        # Streamlit 1.67 draws selectbox/multiselect as react-aria comboboxes.
        await widget.locator('[role="combobox"]').first.click(timeout=timeout * 1000)
        await page.locator('[role="option"]').filter(has_text=option).first.click(timeout=timeout * 1000)
    state = await page.evaluate(STATE_JS, target.main_selector)
    start = state["lastDown"]
    return await wait_done(page, target, start, timeout)


def median(values: list[float]) -> float:
    ordered = sorted(values)
    n = len(ordered)
    if not n:
        return float("nan")
    return ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), int(-(-p * len(ordered) // 100))))
    return ordered[rank - 1]


def update_doc_section(doc: Path, name: str, body: str) -> None:
    """Replace the text between `<!-- bench:name -->` and `<!-- /bench:name -->` (append if missing)."""
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    block = f"{start}\n{body.rstrip()}\n{end}"
    current = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    if start in current and end in current:
        before, rest = current.split(start, 1)
        _, after = rest.split(end, 1)
        current = before + block + after
    else:
        current = current.rstrip() + "\n\n" + block + "\n"
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(current, encoding="utf-8")
