"""Capacity: many sessions speaking Streamlit's own protocol, driven by Locust.

    python -m bench.capacity --sessions 50                  # one step against the dashboard
    python -m bench.capacity --ramp 25,50,75,100,150,200    # the knee: dashboard, then the floor
    python -m bench.capacity --replicas 2 --sessions 100,200   # 2 replicas behind deploy/nginx.conf
    python -m bench.capacity --memory                       # memory per idle / active session; 1,000 come and go
    python -m bench.capacity --replicas 2 --sessions 100 --browsers 3   # + 3 chromium sessions (bench.load) meanwhile
    python -m bench.capacity --url http://127.0.0.1:8501 --sessions 20   # a server started by hand
    python -m bench.capacity --ramp 25,50,100 --corpora 1=data,500=/tmp/c/data   # the knee per data folder

Why this and not browsers: on this 2-core machine 20 chromium tabs take ~190 CPU-s where the server
takes 6 (docs/benchmarks.md), so a browser load test measures chromium. Here each session is what a
browser tab is to the server: one WebSocket to `/_stcore/stream`, `BackMsg.rerun_script` with the
page, query string and widget values, `ForwardMsg`s back until `script_finished`
(bench.stproto), and HTTP GETs of the page and of download links. Locust (the field's Python load
tool) schedules the sessions (gevent: thousands per process), their think time, the ramp, and
collects every action as a request event; the percentiles and tables below come from the raw
samples. Traffic goes only to servers it starts on 127.0.0.1 (bench.stproto.require_local).

A session: opens a shared link (GET of the page, WebSocket, first run), then, with think time,
changes a filter (a rerun with the link's new query string, as the app writes it), switches the
chart tab (the tabs widget's new value: a widget change), opens the download popover (a rerun),
downloads the chart's CSV (GET of the download button's /media link) and closes the popover (a rerun,
as a click elsewhere does); every --files-every-th session also downloads the chart's SVG and the
view's decks (HTML, PowerPoint) and workbook, each made when its popover opens (a file not made yet:
the popover's fragment rerun on its timer, `poll`, until its link is there); then it goes on changing
filters and tabs. Each action is bounded (--timeout,
--make-timeout), each step by --duration, the run by --max-wall. Exit status 1 on any error.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import gevent

# Locust's import patches the standard library for gevent; it must come before anything that opens sockets.
import locust  # noqa: I001
import websocket
from locust import User, between, events, task
from locust.env import Environment

from bench import common, stproto
from bench.capacity_report import (
    Sample,
    Step,
    View,
    _s,
    actions_table,
    error_lines,
    exit_status,
    kinds_table,
    knee,
    memory_table,
    named_dashboard_views,
    profile_summary,
    profile_table,
    step_line,
    steps_table,
)

DOC = common.REPO_ROOT / "docs" / "benchmarks.md"
REPLICAS_SCRIPT = common.REPO_ROOT / "scripts" / "run_replicas.sh"


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"


# --------------------------------------------------------------------------- what the sessions do


def dashboard_views() -> list[View]:
    """Every page of the dashboard, in Chinese and in English, opened on the measured tab."""
    return [view for _, view in named_dashboard_views()]


FLOOR_VIEWS = [View("", "", "")]


@dataclass
class Collector:
    """Every action's raw sample, and messages by kind (count and bytes) over all runs."""

    samples: list[Sample] = field(default_factory=list)
    by_kind: dict[str, list[int]] = field(default_factory=dict)

    def add(self, action: str, seconds: float, size: int, error: str | None) -> None:
        self.samples.append(Sample(action, seconds, size, error))

    def add_kinds(self, by_kind: dict[str, list[int]]) -> None:
        for kind, (count, size) in by_kind.items():
            total = self.by_kind.setdefault(kind, [0, 0])
            total[0] += count
            total[1] += size


COLLECTOR = Collector()


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, **_):  # noqa: ANN001
    COLLECTOR.add(name, response_time / 1000, response_length or 0, None if exception is None else str(exception)[:300])


class ActionFailed(Exception):
    pass


class StreamlitSession(User):
    """One browser tab, as the server sees it. `host`, `views` and the options are set per run."""

    abstract = True
    wait_time = between(2.5, 7.5)
    views: list[View] = []
    timeout: float = 30.0
    make_timeout: float = 120.0  # a rerun that makes an SVG or a deck
    auth_header: str = ""  # "Basic ..." when the proxy asks for a sign-in
    floor: bool = False
    rare_every: int = 20  # every n-th session also makes and downloads the SVG and the deck (--files-every)

    def on_start(self) -> None:
        self.begin(next(_SESSION_NUMBERS))
        self.open_link()

    def begin(self, number: int) -> None:
        """A new tab: the view it opens, no connection, nothing cached or set yet."""
        self.number = number
        self.view = self.views[number % len(self.views)]
        self.ws: websocket.WebSocket | None = None
        self.cookies: dict[str, str] = {}
        self.cache = stproto.MessageCache()
        self.page_hash = ""
        self.query = self.view.query
        self.widgets: dict[str, stproto.Widget] = {}
        self.values: dict[
            str, object
        ] = {}  # widget id -> the value this tab set (sent with every rerun, as a browser does)
        self.auto_rerun: dict[str, float] = {}  # fragments the last full run asked to rerun on a timer
        self.steps = self._script()

    def on_stop(self) -> None:
        if self.ws is not None:
            try:
                self.ws.close()
            except Exception:
                pass

    def _script(self):
        """What the session does, one step per task run (think time in between)."""
        if self.floor:
            while True:
                yield self.floor_change
        yield self.change_filter
        yield self.change_tab
        yield self.download_csv
        if self.rare_every and self.number % self.rare_every == 0:
            yield self.download_svg
            yield self.download_deck
        while True:
            yield random.choice((self.change_filter, self.change_tab))

    @task
    def step(self) -> None:
        if self.ws is None:  # the last run did not finish in time: reload, as a person would
            return self.open_link()
        next(self.steps)()

    # -- plumbing

    def _headers(self) -> dict[str, str]:
        headers = {"Authorization": self.auth_header} if self.auth_header else {}
        if self.cookies:  # e.g. nginx's `cfroute`, which pins this tab to one replica
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    def _fire(self, kind: str, name: str, started: float, size: int, error: Exception | None) -> None:
        self.environment.events.request.fire(
            request_type=kind,
            name=name,
            response_time=(time.perf_counter() - started) * 1000,
            response_length=size,
            exception=error,
            context={},
        )

    def _get(self, path: str) -> bytes:
        request = urllib.request.Request(self.host.rstrip("/") + path, headers=self._headers())
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            if response.status != 200:
                raise ActionFailed(f"GET {path.split('?')[0]}: HTTP {response.status}")
            for header in response.headers.get_all("Set-Cookie") or ():
                name, _, value = header.split(";", 1)[0].partition("=")
                self.cookies[name.strip()] = value.strip()
            return response.read()

    def _run(
        self,
        name: str,
        payload_widgets=(),
        query: str | None = None,
        page_name: str = "",
        timeout: float | None = None,
        fragment_id: str = "",
    ) -> stproto.RunTally:
        """Send one rerun request (of the page, or of the fragment `fragment_id`, as its timer does)
        and read until the run finished; fires the action's sample."""
        started = time.perf_counter()
        tally = stproto.RunTally()
        error: Exception | None = None
        try:
            if self.ws is None:
                raise ActionFailed("no connection")
            if query is not None:
                self.query = query  # the browser's URL now (the app may rewrite it: page_info_changed)
            url = f"{self.host.rstrip('/')}/{page_name or self.view.page}?{self.query}"
            changed = {w.id: w for w in payload_widgets}
            kept = [v for k, v in self.values.items() if k not in changed]
            self.ws.send_binary(
                stproto.rerun_request(
                    self.query,
                    page_name,
                    self.page_hash,
                    [*kept, *changed.values()],
                    url=url,
                    cached=self.cache.hashes(),
                    fragment_id=fragment_id,
                )
            )
            for state in changed.values():
                if state.WhichOneof("value") != "trigger_value":  # a click is not a value that stays
                    self.values[state.id] = state
            limit = self.timeout if timeout is None else timeout
            self.ws.settimeout(limit)
            deadline = time.monotonic() + limit
            while not tally.done:
                if time.monotonic() > deadline:
                    raise ActionFailed(f"{name}: no script_finished after {limit:.0f} s")
                tally.feed(self.ws.recv())
            if tally.errors:
                raise ActionFailed(f"{name} on /{self.view.page}?{self.query}: {tally.errors[0]}")
        except Exception as exc:  # every failure is a sample with its reason
            error = exc if isinstance(exc, ActionFailed) else ActionFailed(f"{name}: {type(exc).__name__}: {exc}")
            if not tally.done:  # a run still going (or a broken connection): this tab reloads for its next step
                self.on_stop()
                self.ws = None
        self._fire("ws", name, started, tally.bytes, error)
        COLLECTOR.add_kinds(tally.by_kind)
        if tally.page_script_hash:
            self.page_hash = tally.page_script_hash
        if tally.query_string is not None:
            self.query = tally.query_string
        if tally.done:
            self.cache.finished(tally)
        if tally.ok and tally.finished == stproto.ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
            self.widgets.update(tally.widgets)  # a fragment's run redraws the fragment only
        elif tally.ok:
            self.widgets = tally.widgets  # what the page shows now (a full run redraws every element)
            shown = {w.id for w in tally.widgets.values()}
            self.values = {k: v for k, v in self.values.items() if k in shown}
            self.auto_rerun = tally.auto_rerun
        return tally

    # -- the actions

    def open_link(self) -> None:
        """A shared link opened in a new tab: the page's HTML, a WebSocket, the first run."""
        started = time.perf_counter()
        try:
            self._get(f"/{self.view.page}?{self.view.query}")
            self.ws = websocket.create_connection(
                stproto.stream_url(self.host),
                subprotocols=[stproto.SUBPROTOCOL],
                timeout=self.timeout,
                header=[f"{k}: {v}" for k, v in self._headers().items()],
                enable_multithread=False,
            )
        except Exception as exc:
            self._fire("ws", "open", started, 0, ActionFailed(f"open /{self.view.page}: {type(exc).__name__}: {exc}"))
            self.ws = None
            return
        self._run("open", query=self.view.query, page_name=self.view.page)

    def change_filter(self) -> None:
        """Toggle between the link's view and its filtered view: a rerun with the new query string."""
        target = self.view.filter_query if self.query == self.view.query else self.view.query
        self._run("filter", query=target)

    def change_tab(self) -> None:
        """Click another chart tab: the tabs widget's new label (a widget change; the app writes chart=)."""
        tabs = self.widgets.get("url_chart")
        if tabs is None or len(tabs.options) < 2:
            return self.change_filter()  # a page without tabs
        label = random.choice(tabs.options[1:]) if random.random() < 0.5 else tabs.options[0]
        self._run("tab", [stproto.string_widget(tabs.id, label)])

    def floor_change(self) -> None:
        """The floor's selectbox: another series."""
        box = next((w for w in self.widgets.values() if w.kind == "selectbox"), None)
        if box is None:
            return self.open_link() if self.ws is None else None
        self._run("filter", [stproto.string_widget(box.id, random.choice(("a", "b", "c")))])

    def _download(self, name: str, url: str, check, started: float | None = None) -> None:
        started = time.perf_counter() if started is None else started
        size, error = 0, None
        try:
            data = self._get(url)
            size = len(data)
            check(data)
        except Exception as exc:
            error = (
                exc
                if isinstance(exc, ActionFailed)
                else ActionFailed(f"{name} {url.split('?')[0]}: {type(exc).__name__}: {exc}")
            )
        self._fire("http", name, started, size, error)

    def _open_downloads(self, prefix: str = "dl-") -> bool:
        """Open the first popover whose key starts with `prefix` (the chart's downloads, or the view's
        slides and tables): a rerun that fills it, making its files the first time for the view
        (which may take a while when many ask at once: one kaleido browser per process), unless one
        is open already."""
        popover = next((w for k, w in self.widgets.items() if w.kind == "popover" and k.startswith(prefix)), None)
        if popover is None:
            return False
        if popover.id not in self.values:
            self._run("downloads", [stproto.bool_widget(popover.id, True)], timeout=self.make_timeout)
        return True

    def _close_downloads(self, prefix: str = "dl-") -> None:
        """Close the open popover whose key starts with `prefix`, as a browser does when the person
        clicks elsewhere (its `on_change="rerun"`: a rerun of its own). Left open, every later rerun
        would fill it again for the new view, which no browser does: the click on a filter or a tab
        closes it first."""
        popover = next((w for k, w in self.widgets.items() if w.kind == "popover" and k.startswith(prefix)), None)
        if popover is not None and popover.id in self.values:
            self._run("close", [stproto.bool_widget(popover.id, False)])
            self.values.pop(popover.id, None)

    def download_csv(self) -> None:
        """The CSV of what the page shows: open the download popover, GET its CSV button's /media link."""
        self._open_downloads()
        csv = next((w for k, w in self.widgets.items() if w.kind == "download_button" and w.url.endswith(".csv")), None)
        if csv is not None:  # else the page has no CSV right now (e.g. the filters left no rows)
            self._download("csv", csv.url, _check_csv)
        self._close_downloads()

    def _wait_made(self, done) -> None:
        """Rerun the open popover's fragment on its timer, as the browser does, until `done()` (a
        file still being made shows as a disabled button in a fragment with run_every)."""
        deadline = time.monotonic() + self.make_timeout
        while not done() and self.auto_rerun and self.ws is not None and time.monotonic() < deadline:
            fragment, interval = next(iter(self.auto_rerun.items()))
            time.sleep(interval)
            self._run("poll", fragment_id=fragment)

    def _made(self, name: str, prefix: str, check) -> None:
        """A file the open popover made: GET the link of its download button (key `prefix`...),
        once the popover shows it (_wait_made); the file's sample is that wait and the GET."""
        started = time.perf_counter()

        def link():
            return next((w for k, w in self.widgets.items() if k.startswith(prefix) and w.url), None)

        self._wait_made(lambda: link() is not None)
        ready = link()
        if ready is None:
            self._fire("http", name, started, 0, ActionFailed(f"{name}: no download link in the popover"))
            return
        self._download(name, ready.url, check, started)

    def download_svg(self) -> None:
        if self._open_downloads():
            self._made("svg", "svg-", lambda data: _check_prefix(data, (b"<svg", b"<?xml"), "svg"))
            self._close_downloads()

    def download_deck(self) -> None:
        """The view's slides and tables: the HTML deck, the PowerPoint deck and the workbook."""
        if self._open_downloads("deck-files-"):
            self._made("deck", "deck-sidebar", lambda data: _check_prefix(data, (b"<!DOCTYPE html", b"<html"), "deck"))
            self._made("pptx", "pptx-deck-", lambda data: _check_prefix(data, (b"PK",), "pptx"))
            self._made("xlsx", "xlsx-deck-", lambda data: _check_prefix(data, (b"PK",), "xlsx"))
            self._close_downloads("deck-files-")


def _check_csv(data: bytes) -> None:
    from bench.load import csv_ok

    if not csv_ok(data):
        raise ActionFailed("csv: not a CSV of a data table")


def _check_prefix(data: bytes, prefixes: tuple[bytes, ...], what: str) -> None:
    if not data.lstrip().startswith(prefixes) and not any(p in data[:400] for p in prefixes):
        raise ActionFailed(f"{what}: unexpected content {data[:40]!r}")


def _numbers():
    n = 0
    while True:
        yield n
        n += 1


_SESSION_NUMBERS = _numbers()


# --------------------------------------------------------------------------- servers and their processes


@dataclass
class Target:
    """What a step sends load to: a base URL and the server processes behind it."""

    name: str
    url: str
    pids: list[int]
    stop: object  # callable


def start_single(app: str, log_dir: Path, extra: tuple[str, ...] = (), data: str = "") -> Target:
    """One server of `app`; `data`: the data folder it reads (CENFIGURES_DATA_DIR), else the default."""
    previous = os.environ.get("CENFIGURES_DATA_DIR")
    if data:
        os.environ["CENFIGURES_DATA_DIR"] = str(Path(data).resolve())
    try:
        server = common.start_server(app, log_dir, extra_args=extra)
    finally:
        if previous is None:
            os.environ.pop("CENFIGURES_DATA_DIR", None)
        else:
            os.environ["CENFIGURES_DATA_DIR"] = previous
    return Target("floor" if app == common.FLOOR_APP else "dashboard", server.url, [server.proc.pid], server.stop)


def start_replicas(count: int, log_dir: Path, auth: tuple[str, str] | None = None) -> Target:
    """`scripts/run_replicas.sh start` with `count` replicas on free ports (deploy/nginx.conf in front)."""
    run_dir = Path(tempfile.mkdtemp(prefix="cenfigures-capacity-"))
    ports = sorted({common.free_port() for _ in range(count + 3)})[:count]
    proxy = common.free_port()
    env = dict(os.environ, RUN_DIR=str(run_dir), PROXY_PORT=str(proxy), REPLICA_PORTS=" ".join(map(str, ports)))
    env.pop("NGINX", None)
    if auth:
        env["HTPASSWD_USER"], env["HTPASSWD_PASSWORD"] = auth

    def stop() -> None:
        subprocess.call(
            ["bash", str(REPLICAS_SCRIPT), "stop"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=60,
        )
        for name in run_dir.glob("*.log"):
            shutil.copy(name, log_dir / name.name)
        shutil.rmtree(run_dir, ignore_errors=True)

    try:
        with open(log_dir / "replicas-start.log", "w") as out:
            code = subprocess.call(
                ["bash", str(REPLICAS_SCRIPT), "start"],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                timeout=180,
            )
        if code != 0:
            raise RuntimeError(f"run_replicas.sh start failed: {(log_dir / 'replicas-start.log').read_text()[-2000:]}")
        pids = [int((run_dir / f"replica-{port}.pid").read_text()) for port in ports]
    except BaseException:  # also when stopped mid-start: nothing is left running
        stop()
        raise
    return Target(f"{count} replicas + nginx", f"http://127.0.0.1:{proxy}", pids, stop)


def _pss(proc) -> int:  # noqa: ANN001
    """Proportional set size: pages shared by processes (kaleido's Chromium has several) counted once
    overall, not once per process as RSS would; RSS where PSS cannot be read."""
    try:
        return proc.memory_full_info().pss
    except Exception:
        return proc.memory_info().rss


class Usage:
    """CPU (cores used) and memory (PSS, MB) of the server processes with their children, sampled every second."""

    def __init__(self, pids: list[int]):
        import psutil

        self.procs = [psutil.Process(pid) for pid in pids]
        self.samples: list[tuple[float, float, float]] = []  # (time, cpu seconds, rss MB)
        self._greenlet = None

    def now(self) -> tuple[float, float, float]:
        import psutil

        cpu = rss = 0.0
        for root in self.procs:
            try:
                for proc in (root, *root.children(recursive=True)):
                    times = proc.cpu_times()
                    cpu += times.user + times.system
                    rss += _pss(proc) / 2**20
            except psutil.NoSuchProcess:
                pass
        return time.monotonic(), cpu, rss

    def start(self) -> None:
        def loop():
            while True:
                self.samples.append(self.now())
                gevent.sleep(1.0)

        self.samples = [self.now()]
        self._greenlet = gevent.spawn(loop)

    def stop(self) -> None:
        if self._greenlet is not None:
            self._greenlet.kill()
        self.samples.append(self.now())

    @property
    def cores(self) -> float:
        if len(self.samples) < 2:
            return 0.0
        (t0, c0, _), (t1, c1, _) = self.samples[0], self.samples[-1]
        return (c1 - c0) / (t1 - t0) if t1 > t0 else 0.0

    @property
    def peak_rss(self) -> float:
        return max(s[2] for s in self.samples)


# --------------------------------------------------------------------------- one step


def run_step(
    target: Target, views: list[View], sessions: int, duration: float, args, floor: bool = False, browsers: int = 0
) -> Step:
    """`sessions` sessions against `target` for `duration` seconds after all have started."""
    COLLECTOR.samples.clear()
    COLLECTOR.by_kind.clear()
    user = type(
        "Session",
        (StreamlitSession,),
        {
            "abstract": False,
            "host": target.url,
            "views": views,
            "timeout": args.timeout,
            "floor": floor,
            "auth_header": _basic(args.auth) if args.auth else "",
            "wait_time": between(*args.think),
            "rare_every": args.files_every,
            "make_timeout": args.make_timeout,
        },
    )
    env = Environment(user_classes=[user], events=events)
    runner = env.create_local_runner()
    usage = Usage(target.pids)
    load_before = load_average()
    generator = os.times()
    usage.start()
    rss_start = usage.samples[0][2]
    spawn_rate = max(1.0, sessions / args.spawn_seconds)
    runner.start(sessions, spawn_rate=spawn_rate)
    stop_at = sessions / spawn_rate + duration
    # Real browsers start once every protocol session runs, and are measured while the load goes on.
    sample = (
        gevent.spawn_later(sessions / spawn_rate, _browser_sample, target.url, browsers, args.timeout * 4)
        if browsers
        else None
    )
    spy = (
        gevent.spawn_later(sessions / spawn_rate, _profile, target, min(duration, 30.0), args.log_dir)
        if args.profile and target.pids
        else None
    )
    gevent.spawn_later(stop_at, runner.quit)
    runner.greenlet.join(timeout=stop_at + args.timeout * 2 + 30)  # every action is bounded by --timeout
    if runner.state not in ("stopped",):
        runner.quit()
    browser_result = sample.get(timeout=args.timeout * 25) if sample is not None else None
    usage.stop()
    step = Step(
        target.name,
        sessions,
        stop_at,
        list(COLLECTOR.samples),
        {k: list(v) for k, v in COLLECTOR.by_kind.items()},
        usage.cores,
        rss_start,
        usage.peak_rss,
        load_before,
        load_average(),
        browser_result,
        spy.get(timeout=120) if spy is not None else None,
    )
    after = os.times()
    step.generator_cores = ((after.user - generator.user) + (after.system - generator.system)) / max(
        1e-9, after.elapsed - generator.elapsed
    )
    print(step_line(step), flush=True)
    for line in error_lines(step)[:5]:
        print("   ", line, flush=True)
    return step


def _profile(target: Target, seconds: float, log_dir: Path) -> dict | None:
    """py-spy on the (first) server for `seconds` while the load runs: where its script runs wait."""
    spy = shutil.which("py-spy") or str(Path(common.python()).parent / "py-spy")
    out = log_dir / f"py-spy-{target.pids[0]}-{int(time.time())}.txt"
    subprocess.run(
        [
            spy,
            "record",
            "--pid",
            str(target.pids[0]),
            "--duration",
            str(int(seconds)),
            "--rate",
            "50",
            "--format",
            "raw",
            "--threads",
            "--idle",
            "--nonblocking",
            "-o",
            str(out),
        ],
        capture_output=True,
        timeout=seconds + 60,
    )
    return profile_summary(out.read_text()) if out.exists() else None


def _basic(credentials: str) -> str:
    return "Basic " + base64.b64encode(credentials.encode("utf-8")).decode("ascii")


def _browser_sample(url: str, sessions: int, timeout: float) -> dict:
    """bench.load's real-browser sessions against the same server, in a subprocess, while the load runs."""
    out = subprocess.run(
        [
            common.python(),
            "-m",
            "bench.load",
            "--url",
            url,
            "--sessions",
            str(sessions),
            "--timeout",
            str(timeout),
            "--no-doc",
            "--json",
        ],
        cwd=common.REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout * 6,
    )
    try:
        return json.loads(out.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return {"error": (out.stderr or out.stdout)[-300:], "errors": sessions}


def warm_up(target: Target, views: list[View], args) -> None:
    """One untimed pass over everything a session can show: every view, before and after its filter
    change, on each of its chart tabs, and its download popover with its files (first builds of
    charts and files are not what a team waits for every day; bench.corpus_scale times a view's
    first visit). A view left cold here was built during the step instead, a few hundred
    milliseconds with one article and seconds with 500, which measured first builds rather than
    the server's capacity."""
    user = type("Warm", (StreamlitSession,), {"abstract": False, "host": target.url, "views": views, "timeout": 120.0})
    env = Environment(user_classes=[user], events=events)
    for i in range(len(views)):
        session = user(env)
        session.begin(i)
        session.open_link()
        for filtered in (False, True):
            if filtered and session.ws is not None:
                session.change_filter()
            tabs = session.widgets.get("url_chart")
            for label in tabs.options[1:] if tabs is not None and session.ws is not None else ():
                session._run("tab", [stproto.string_widget(tabs.id, label)])
        # The download popover, once per view: the full zip per language, the file process and the
        # renderer started, this view's files made (and waited for: made during the step instead,
        # they would be measured as the step's load).
        if session.ws is not None and session._open_downloads():
            session._wait_made(lambda s=session: not any(k.startswith("making-") for k in s.widgets))
            session._close_downloads()
        session.on_stop()
    COLLECTOR.samples.clear()
    COLLECTOR.by_kind.clear()


# --------------------------------------------------------------------------- reports

# --------------------------------------------------------------------------- commands


def cmd_steps(args, counts: list[int], ramp: bool) -> list[Step]:
    if args.url:  # a running server: steps against it as it is
        floor = args.floor_page
        target = Target("floor" if floor else "dashboard", args.url.rstrip("/"), [], lambda: None)
        return [
            run_step(target, FLOOR_VIEWS if floor else dashboard_views(), n, args.duration, args, floor) for n in counts
        ]
    targets = [("dashboard", "dashboard.py", dashboard_views(), False, "")]
    if args.floor or ramp:
        targets.append(("floor", common.FLOOR_APP, FLOOR_VIEWS, True, ""))
    if args.replicas:
        targets = targets[:1]
    if args.corpora:  # the dashboard on each data folder, no floor: the knee of each corpus
        targets = [
            (f"dashboard, {label}", "dashboard.py", dashboard_views(), False, data) for label, data in args.corpora
        ]
    steps: list[Step] = []
    for name, app, views, floor, data in targets:
        for n in counts:
            if time.monotonic() > args.deadline:
                print("--max-wall reached: stopping", flush=True)
                return steps
            log_dir = args.log_dir / f"{name}-{n}"
            log_dir.mkdir(parents=True, exist_ok=True)
            target = (
                start_replicas(args.replicas, log_dir, _auth_pair(args))
                if args.replicas
                else start_single(app, log_dir, tuple(args.server_flags.split()), data)
            )
            try:
                warm_up(target, views, args)
                step = run_step(target, views, n, args.duration, args, floor, 0 if floor else args.browsers)
            finally:
                target.stop()
            step.target = f"{name} ({target.name})" if args.replicas else name
            steps.append(step)
            if ramp and not step.ok:
                break  # past the knee
    return steps


def _auth_pair(args) -> tuple[str, str] | None:
    return tuple(args.auth.split(":", 1)) if args.auth else None  # type: ignore[return-value]


def cmd_memory(args) -> dict:
    """RSS per idle and per active session, and after `--churn` sessions have come and gone."""
    log_dir = args.log_dir / "memory"
    log_dir.mkdir(parents=True, exist_ok=True)
    # Disconnected sessions are kept 120 s for reconnects by default; 10 s here so the churn is measurable in minutes.
    target = start_single("dashboard.py", log_dir, ("--server.disconnectedSessionTTL", "10"))
    views = dashboard_views()
    result: dict = {"load_before": load_average()}
    try:
        warm_up(target, views, args)
        usage = Usage(target.pids)
        gevent.sleep(2)
        base = usage.now()[2]
        result["start_mb"] = base
        # Idle: sessions that opened a page and then do nothing.
        idle = _sessions(target, views, args.idle)
        gevent.sleep(3)
        result["idle_mb_per_session"] = (usage.now()[2] - base) / args.idle
        for session in idle:
            session.on_stop()
        # Active: a load step (filters, tabs, downloads) of args.idle sessions.
        step = run_step(target, views, args.idle, args.duration, args)
        result["active_mb_per_session"] = (step.rss_peak - base) / args.idle
        result["active_errors"] = len(step.errors)
        # Churn: sessions in waves, each opening a page, changing a filter and leaving. Disconnected
        # sessions are dropped lazily (Streamlit keeps them in a TTL cache that expires on its next
        # use), so after each round the TTL passes and one more session comes and goes, as the next
        # visitor would, before RSS is read. The first round of 200 fills the caches (charts per view
        # variant, the interpreter's memory pools); the start of the leak check is after it.
        errors = _churn(target, views, 200)
        result["steady_mb"] = _settled_rss(target, views, usage)
        rounds = []
        for _ in range(2):
            errors += _churn(target, views, args.churn)
            rounds.append(_settled_rss(target, views, usage))
        result["churn"], result["churn_errors"], result["after_churn_mb"] = args.churn, errors, rounds
        result["load_after"] = load_average()
    finally:
        target.stop()
    return result


def _churn(target: Target, views: list[View], count: int) -> int:
    """`count` sessions in waves of 50: open a page, change a filter, leave. Returns the errors."""
    errors = done = 0
    while done < count:
        wave = _sessions(target, views, min(50, count - done), also=("change_filter",))
        errors += sum(1 for s in COLLECTOR.samples if s.error)
        COLLECTOR.samples.clear()
        for session in wave:
            session.on_stop()
        done += len(wave)
    return errors


def _settled_rss(target: Target, views: list[View], usage: Usage) -> float:
    gevent.sleep(12)  # past the 10 s TTL of disconnected sessions
    for session in _sessions(target, views, 1):  # the next visitor: its disconnect expires the old ones
        session.on_stop()
    gevent.sleep(3)
    return usage.now()[2]


def _sessions(target: Target, views: list[View], count: int, also: tuple[str, ...] = ()) -> list[StreamlitSession]:
    user = type("Idle", (StreamlitSession,), {"abstract": False, "host": target.url, "views": views, "timeout": 60.0})
    env = Environment(user_classes=[user], events=events)

    def one(i: int):
        session = user(env)
        session.on_start()
        for name in also:
            getattr(session, name)()
        return session

    jobs = [gevent.spawn(one, i) for i in range(count)]
    gevent.joinall(jobs, timeout=300)
    return [job.value for job in jobs if job.value is not None]


def _terminate(signum, frame):  # noqa: ANN001
    raise SystemExit(f"stopped by signal {signum}")  # unwinds through every `finally` that stops a server


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _terminate)
    parser = argparse.ArgumentParser(prog="python -m bench.capacity", description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", default="", help="comma-separated session counts, one step each (e.g. 100,200)")
    parser.add_argument(
        "--ramp",
        default="",
        help="session counts to climb until p95 >= 1 s or an error: the knee; then the same for the floor page",
    )
    parser.add_argument("--floor", action="store_true", help="also run --sessions against the floor page")
    parser.add_argument("--replicas", type=int, default=0, help="N replicas behind nginx (scripts/run_replicas.sh)")
    parser.add_argument("--memory", action="store_true", help="RSS per idle/active session and after --churn sessions")
    parser.add_argument("--idle", type=int, default=50, help="sessions for the memory measure")
    parser.add_argument("--churn", type=int, default=1000)
    parser.add_argument("--duration", type=float, default=40.0, help="seconds per step once every session started")
    parser.add_argument("--spawn-seconds", type=float, default=10.0, help="seconds over which a step's sessions start")
    parser.add_argument(
        "--think",
        type=lambda v: tuple(float(x) for x in v.split(",")),
        default=(2.5, 7.5),
        help="think time between actions, min,max seconds",
    )
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds an action may take before it is an error")
    parser.add_argument(
        "--files-every",
        type=int,
        default=20,
        help="every n-th session also downloads the SVG, the decks and the workbook (0: none)",
    )
    parser.add_argument("--make-timeout", type=float, default=120.0, help="seconds making an SVG or a deck may take")
    parser.add_argument("--auth", default="", help="user:password for the proxy's sign-in (with --replicas)")
    parser.add_argument(
        "--browsers", type=int, default=0, help="real chromium sessions (bench.load) during each dashboard step"
    )
    parser.add_argument("--max-wall", type=float, default=3600.0, help="stop starting steps after this many seconds")
    parser.add_argument(
        "--url",
        default="",
        help="a server already running on this machine instead of fresh ones "
        "(no CPU or RSS); --floor-page when it serves the floor",
    )
    parser.add_argument("--floor-page", action="store_true", help="with --url: the server runs bench/floor_app.py")
    parser.add_argument(
        "--server-flags",
        default="",
        help="extra `streamlit run` flags for single servers, e.g. '--server.fileWatcherType auto' (experiments)",
    )
    parser.add_argument("--profile", action="store_true", help="py-spy on the server during each step: where runs wait")
    parser.add_argument(
        "--corpora",
        default="",
        help="with --ramp: label=data-folder pairs, comma-separated (1=data,500=/tmp/c/data): the dashboard's knee "
        "on each data folder, no floor; the table goes to the capacity-corpus section",
    )
    parser.add_argument("--no-doc", action="store_true")
    args = parser.parse_args(argv)
    args.corpora = [tuple(pair.split("=", 1)) for pair in args.corpora.split(",") if pair]
    if args.corpora and not args.ramp:
        parser.error("--corpora goes with --ramp")
    if args.url:
        try:
            stproto.require_local(args.url)
        except stproto.NotLocal as error:
            parser.error(str(error))
    args.deadline = time.monotonic() + args.max_wall
    args.log_dir = common.REPO_ROOT / "test-artifacts" / "bench" / f"capacity-{time.strftime('%Y%m%d-%H%M%S')}"
    args.log_dir.mkdir(parents=True, exist_ok=True)
    command = "python -m bench.capacity " + " ".join(argv if argv is not None else sys.argv[1:])
    info = common.machine()
    header = (
        f"Measured {info['date']} with `{command.strip()}` ({info['nproc']} cores, {info['cpu']}; "
        f"streamlit {info['streamlit']}, locust {locust.__version__}).\n\n"
    )
    result = None
    if args.memory:
        result = cmd_memory(args)
        table = memory_table(result)
        print(table)
        if not args.no_doc:
            common.update_doc_section(DOC, "capacity-memory", header + table)
    counts = [int(n) for n in (args.ramp or args.sessions).split(",") if n]
    steps: list[Step] = []
    if counts:
        steps = cmd_steps(args, counts, bool(args.ramp))
        body = steps_table(steps)
        if args.corpora:
            knees = {label: knee([s for s in steps if s.target == f"dashboard, {label}"]) for label, _ in args.corpora}
            first_label, first = next(iter(knees.items()))
            body += (
                "\n\nKnee (most sessions with p95 < 1 s and no errors, among the steps run): "
                + ", ".join(
                    f"{label} **{value}** ({value / first:.0%} of {first_label}'s)" if first else f"{label} **{value}**"
                    for label, value in knees.items()
                )
                + "."
            )
        elif args.ramp:
            dash = knee([s for s in steps if s.target == "dashboard"])
            floor = knee([s for s in steps if s.target == "floor"])
            ratio = f"{dash / floor:.0%}" if floor else "–"
            body += (
                f"\n\nKnee (most sessions with p95 < 1 s and no errors, among the steps run): dashboard **{dash}**, "
                f"floor **{floor}**: the dashboard's knee is {ratio} of the floor's (goal ≥ 80%)."
            )
        last = max(steps, key=lambda s: (s.target.startswith("dashboard"), s.sessions)) if steps else None
        if last is not None:
            body += "\n\n" + actions_table(last) + "\n\n" + kinds_table(last)
        for s in steps:
            if s.browser:
                b = s.browser
                body += (
                    f"\n\nReal browsers during the {s.sessions}-session step (bench.load, {b.get('sessions')} "
                    "chromium sessions): "
                    f"errors {b.get('errors')}, first chart p50 / p95 {_s(b.get('first_p50'))} / "
                    f"{_s(b.get('first_p95'))} s, "
                    f"filter change p50 / p95 {_s(b.get('change_p50'))} / {_s(b.get('change_p95'))} s."
                )
        profiled = [(f"{s.target}, {s.sessions} sessions", s.profile) for s in steps if s.profile]
        if profiled:
            body += (
                "\n\nWhere the server's script runs spent their time (py-spy, 50 samples/s for up to 30 s of each "
                "step; "
                "a sample can count in two columns, e.g. message hashing reads the config):\n\n"
                + profile_table(profiled)
            )
        notes = [f"- {s.target}, {s.sessions}: " + "; ".join(error_lines(s)[:4]) for s in steps if s.errors]
        if notes:
            body += "\n\nErrors:\n\n" + "\n".join(notes)
        print(body)
        if not args.no_doc and not args.url:
            section = (
                "capacity-browsers"
                if args.browsers
                else "capacity-downloads"
                if args.files_every == 1
                else "capacity-replicas"
                if args.replicas
                else "capacity-corpus"
                if args.corpora
                else "capacity-knee"
                if args.ramp
                else "capacity"
            )
            common.update_doc_section(DOC, section, header + body)
    print(f"logs: {args.log_dir}")
    status = exit_status(steps, result)
    print("errors: exit status 1" if status else "no errors")
    return status


if __name__ == "__main__":
    sys.exit(main())
