"""Load test: N concurrent real-browser sessions against one dashboard server.

    python -m bench.load --sessions 20            # one run; exit 1 if any session errored
    python -m bench.load --ramp 20,30,40,60       # fresh server per N, stops after the first N that fails
    python -m bench.load --sessions 20 --floor    # the same against the floor page (bare Streamlit)

Session i (a context of one shared chromium, all started together): deep-links page i mod 8 of
the site (bench.common.site_pages), waits for its first chart (or main element), changes its filter in place
(bench.common.change_filter), then downloads a CSV: the first chart's "下载" popover -> "所显示数据（CSV）";
pages without charts (overview, source) go to /explorer and use its "下载所示数据（CSV）" button.
The CSV must start with the header of a data table (figures.csv; events.csv for the timeline).
Server RSS (process tree) is sampled every 0.5 s; VmHWM gives the peak. Only 127.0.0.1; every step
is bounded by --timeout.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import common
from bench.common import Target, percentile

DOC = common.REPO_ROOT / "docs" / "benchmarks.md"
FILTER_P95_GOAL_S = 2.0
RSS_GOAL_MB = 400.0


@dataclass
class Session:
    index: int
    page: str
    first_ms: float | None = None
    change_ms: float | None = None
    download_ms: float | None = None
    error: str | None = None
    page_errors: list[str] = field(default_factory=list)


def csv_ok(data: bytes) -> bool:
    """A CSV of the data behind a chart: UTF-8 (BOM allowed) whose header starts with every column
    of one of the data tables, in order, named in one of the languages (figures for most charts,
    events for the timeline; the label columns in the page's language follow), and at least one row."""
    from cenfigures.tables.schema import TABLES
    from cenfigures.view.labels import LANGUAGES

    text = data.decode("utf-8-sig", errors="strict")
    header = text.split("\n", 1)[0].split(",")
    # the headers as the page's language writes them (the data file's names in English, Chinese in zh)
    named = [table.column_names for table in TABLES]  # as in data/
    named += [_headers(table.column_names, lang) for table in TABLES for lang in LANGUAGES]
    return any(header[: len(names)] == names for names in named) and text.count("\n") >= 2


def _headers(columns: list[str], lang: str) -> list[str]:
    """A data table's columns as a download in `lang` heads them (downloads.table_csv); tables never downloaded as CSV
    (no labels for their columns) keep their names."""
    from cenfigures.view.downloads import SHOWN_AFTER, column_header
    from cenfigures.view.translate import Translator

    columns = list(columns)
    if {"value", "unit", "qualifier"} <= set(columns):  # the value as shown follows the base-unit value
        columns.insert(columns.index(SHOWN_AFTER) + 1, "value_shown")
    try:
        return [column_header(column, Translator(lang)) for column in columns]
    except KeyError:
        return columns


async def download_csv(page, base_url: str, target: Target, timeout: float) -> float:
    """Download the CSV of what the page shows; returns ms from the click to the file saved."""
    from cenfigures.view.labels import text

    ms = timeout * 1000
    popover = page.locator('[data-testid="stPopover"]').filter(has_text=text("download.button", "zh")).first
    if target.main_selector != ".js-plotly-plot" or not await popover.count():  # no chart: the explorer's button
        explorer = next(t for t in common.page_targets() if t.key == "explorer")
        await page.goto(f"{base_url}/{explorer.link}", wait_until="commit", timeout=ms)
        await common.wait_done(page, explorer, 0.0, timeout)
        button = page.locator('[data-testid="stDownloadButton"]').filter(has_text=text("explorer.download", "zh")).first
    else:
        await popover.locator("button").first.click(timeout=ms)
        button = page.locator('[data-testid="stDownloadButton"]').filter(has_text=text("download.csv", "zh")).first
    started = time.monotonic()
    async with page.expect_download(timeout=ms) as info:
        await button.locator("button").first.click(timeout=ms)
    download = await info.value
    path = await download.path()
    elapsed = (time.monotonic() - started) * 1000
    if not csv_ok(Path(path).read_bytes()):
        raise RuntimeError(f"{target.key}: downloaded file is not a CSV of a data table")
    return elapsed


async def one_session(browser, base_url: str, index: int, target: Target, timeout: float) -> Session:
    session = Session(index, target.key)
    context = await common.new_context(browser)
    try:
        page = await context.new_page()
        page.on("pageerror", lambda exc: session.page_errors.append(str(exc)[:200]))
        done = await common.load(page, base_url, target, timeout)
        session.first_ms = done.first_main_ms
        done = await common.change_filter(page, target, timeout)
        session.change_ms = done.ms
        if target.action != "floor":  # the floor page has nothing to download
            session.download_ms = await download_csv(page, base_url, target, timeout)
    except Exception as error:  # every failure is counted, none stops the others
        session.error = f"{type(error).__name__}: {str(error)[:300]}"
    finally:
        await context.close()
    return session


@dataclass
class LoadResult:
    sessions: int
    results: list[Session]
    peak_rss_mb: float
    max_sampled_rss_mb: float
    wall_s: float
    server_runs: int
    server_run_p95_s: float
    load_avg: str

    @property
    def errors(self) -> list[Session]:
        return [s for s in self.results if s.error]

    def p(self, attr: str, q: float) -> float | None:
        values = [getattr(s, attr) for s in self.results if getattr(s, attr) is not None]
        return percentile(values, q) / 1000 if values else None

    @property
    def ok(self) -> bool:
        p95 = self.p("change_ms", 95)
        return not self.errors and p95 is not None and p95 < FILTER_P95_GOAL_S and self.peak_rss_mb < RSS_GOAL_MB


async def run_load(n: int, timeout: float, stagger: float, floor: bool = False, url: str = "") -> LoadResult:
    """N sessions against one fresh server; with `floor`, every session opens the floor page
    instead (the bare Streamlit page of bench.speed), for the framework's own numbers under load.
    With `url`, against that running server instead (bench.capacity's sample of real browsers while
    its protocol load runs; the server's memory and runs are then bench.capacity's to report)."""
    from playwright.async_api import async_playwright

    targets = [common.FLOOR] if floor else common.page_targets()
    # Kept after the run (test-artifacts/ is not in git): the server log says why sessions dropped.
    log_dir = (
        common.REPO_ROOT
        / "test-artifacts"
        / "bench"
        / f"load-{'floor-' if floor else ''}{n}-{time.strftime('%Y%m%d-%H%M%S')}"
    )
    log_dir.mkdir(parents=True, exist_ok=True)
    server = None if url else common.start_server(common.FLOOR_APP if floor else "dashboard.py", log_dir)
    base_url = stproto_local(url) if url else server.url
    sampled = [0.0]
    stop = asyncio.Event()

    async def sample():
        while not stop.is_set() and server is not None:
            sampled[0] = max(sampled[0], common.tree_rss_mb(server.proc.pid))
            await asyncio.sleep(0.5)

    try:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=common.CHROMIUM, args=common.CHROMIUM_ARGS)
            sampler = asyncio.create_task(sample())
            started = time.monotonic()
            try:

                async def delayed(i):
                    await asyncio.sleep(i * stagger)
                    return await asyncio.wait_for(
                        one_session(browser, base_url, i, targets[i % len(targets)], timeout), timeout * 4
                    )

                gathered = await asyncio.gather(*(delayed(i) for i in range(n)), return_exceptions=True)
            finally:
                wall = time.monotonic() - started
                stop.set()
                await sampler
                await browser.close()
        results = []
        for i, item in enumerate(gathered):
            if isinstance(item, BaseException):
                item = Session(i, targets[i % len(targets)].key, error=f"{type(item).__name__}: {item}"[:300])
            results.append(item)
        peak = common.peak_rss_mb(server.proc.pid) if server else 0.0
        runs = server.runs() if server else []
    finally:
        if server is not None:
            server.stop()
    load_avg = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"]
    run_times = [r["seconds"] for r in runs]
    print(f"server log and script-run log: {log_dir}", flush=True)
    return LoadResult(
        n,
        results,
        peak,
        sampled[0],
        wall,
        len(runs),
        percentile(run_times, 95) if run_times else 0.0,
        " ".join(load_avg),
    )


def stproto_local(url: str) -> str:
    from bench.stproto import require_local

    return require_local(url).rstrip("/")


def summary(result: LoadResult) -> dict:
    """The numbers bench.capacity reports for its real-browser sample (seconds)."""
    return {
        "sessions": result.sessions,
        "errors": len(result.errors),
        "first_p50": result.p("first_ms", 50),
        "first_p95": result.p("first_ms", 95),
        "change_p50": result.p("change_ms", 50),
        "change_p95": result.p("change_ms", 95),
        "error_lines": error_lines(result)[:3],
    }


def _s(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def load_table(results: list[LoadResult]) -> str:
    lines = [
        "| sessions | errors | first chart p50 / p95 (s) | filter change p50 / p95 (s) | CSV download p50 / p95 (s) "
        "| server runs | run p95 (s) | peak RSS (MB) | wall (s) | load avg after | goals |",
        "|---:|---:|---|---|---|---:|---:|---:|---:|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.sessions} | {len(r.errors)} | {_s(r.p('first_ms', 50))} / {_s(r.p('first_ms', 95))} "
            f"| {_s(r.p('change_ms', 50))} / {_s(r.p('change_ms', 95))} "
            f"| {_s(r.p('download_ms', 50))} / {_s(r.p('download_ms', 95))} "
            f"| {r.server_runs} | {r.server_run_p95_s:.2f} | {r.peak_rss_mb:.0f} | {r.wall_s:.0f} | {r.load_avg} "
            f"| {'met' if r.ok else 'missed'} |"
        )
    return "\n".join(lines)


def error_lines(result: LoadResult) -> list[str]:
    counts: dict[str, int] = {}
    for s in result.errors:
        key = f"{s.page}: {s.error.splitlines()[0][:160]}"
        counts[key] = counts.get(key, 0) + 1
    return [f"{n}× {k}" for k, n in sorted(counts.items(), key=lambda kv: -kv[1])]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument(
        "--ramp", default="", help="comma-separated session counts, e.g. 20,30,40,60 (overrides --sessions)"
    )
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per step of a session")
    parser.add_argument("--stagger", type=float, default=0.0, help="seconds between session starts")
    parser.add_argument("--floor", action="store_true", help="every session opens the floor page (no download step)")
    parser.add_argument("--url", default="", help="a running server on 127.0.0.1 instead of a fresh one (no RSS, runs)")
    parser.add_argument("--json", action="store_true", help="print a JSON summary as the last line")
    parser.add_argument("--no-doc", action="store_true")
    args = parser.parse_args(argv)

    counts = [int(n) for n in args.ramp.split(",") if n] or [args.sessions]
    results: list[LoadResult] = []
    for n in counts:
        result = asyncio.run(run_load(n, args.timeout, args.stagger, args.floor, args.url))
        results.append(result)
        print(load_table([result]).splitlines()[-1], flush=True)
        for line in error_lines(result):
            print("   ", line)
        if not result.ok and args.ramp:
            break  # found where it breaks
    table = load_table(results)
    print(table)
    if args.json:
        print(json.dumps(summary(results[-1])))
    if not args.no_doc and not args.url:
        info = common.machine()
        command = "python -m bench.load " + " ".join(argv if argv is not None else sys.argv[1:])
        notes = [f"- N={r.sessions}: " + "; ".join(error_lines(r)) for r in results if r.errors]
        body = f"Measured {info['date']} with `{command.strip()}`.\n\n{table}\n" + (
            "\nErrors:\n\n" + "\n".join(notes) if notes else ""
        )
        section = ("load-floor" if args.floor else "load") + ("-ramp" if args.ramp else "")
        common.update_doc_section(DOC, section, body)
    return 1 if any(r.errors for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
