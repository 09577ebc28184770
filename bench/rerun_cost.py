"""What one rerun costs the server: CPU ms, messages and bytes per rerun, per page and for the floor.

    python -m bench.rerun_cost                 # every dashboard view and the floor, 10 reruns each
    python -m bench.rerun_cost --reruns 20 --rounds 3

The capacity knee is set by the server's CPU per rerun (one process runs every session's script
under one GIL), and on a shared machine latency moves with other work while CPU time does not. So
this takes one session at a time (no concurrency): for every view (each page in Chinese and in
English, as bench.capacity's sessions open them) it opens the view, warms it (the chart caches fill
once per view and process), then toggles the view's filter `--reruns` times and divides the server
process's CPU time (user + system, /proc) over those reruns by their number. The floor
(bench/floor_app.py) is measured the same way, its selectbox changed. Servers are started on
127.0.0.1 by bench.common.start_server (the production settings of .streamlit/config.toml).
"""

from __future__ import annotations

import argparse
import signal
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
import websocket

from bench import common, stproto
from bench.capacity_report import View, named_dashboard_views


@dataclass
class Cost:
    name: str
    reruns: int
    cpu_s: float
    messages: int
    bytes: int

    @property
    def cpu_ms(self) -> float:
        return 1000 * self.cpu_s / self.reruns


def _cpu(proc: psutil.Process) -> float:
    times = proc.cpu_times()
    return times.user + times.system


class Session:
    def __init__(self, url: str):
        self.ws = websocket.create_connection(stproto.stream_url(url), subprotocols=[stproto.SUBPROTOCOL], timeout=60)
        self.url = url
        self.page_hash = ""
        self.cache = stproto.MessageCache()  # as the browser: unchanged large elements come back as references

    def run(self, query: str, page: str = "", widgets=()) -> stproto.RunTally:
        self.ws.send_binary(
            stproto.rerun_request(
                query, page, self.page_hash, list(widgets), url=f"{self.url}/{page}?{query}", cached=self.cache.hashes()
            )
        )
        tally = stproto.RunTally()
        while not tally.done:
            tally.feed(self.ws.recv())
        if tally.errors:
            raise RuntimeError(f"/{page}?{query}: {tally.errors}")
        self.page_hash = tally.page_script_hash or self.page_hash
        self.cache.finished(tally)
        return tally

    def close(self) -> None:
        self.ws.close()


def measure_view(url: str, proc: psutil.Process, name: str, view: View, reruns: int) -> Cost:
    session = Session(url)
    try:
        session.run(view.query, view.page)
        for query in (view.filter_query, view.query):  # warm: both views' charts built and cached
            session.run(query, view.page)
        messages = size = 0
        started = _cpu(proc)
        for i in range(reruns):
            tally = session.run(view.filter_query if i % 2 == 0 else view.query, view.page)
            messages += tally.messages
            size += tally.bytes
        return Cost(name, reruns, _cpu(proc) - started, messages, size)
    finally:
        session.close()


def measure_floor(url: str, proc: psutil.Process, reruns: int) -> Cost:
    session = Session(url)
    try:
        tally = session.run("")
        box = next(w for w in tally.widgets.values() if w.kind == "selectbox")
        for choice in ("b", "a"):
            session.run("", widgets=[stproto.string_widget(box.id, choice)])
        messages = size = 0
        started = _cpu(proc)
        for i in range(reruns):
            tally = session.run("", widgets=[stproto.string_widget(box.id, "abc"[i % 3])])
            messages += tally.messages
            size += tally.bytes
        return Cost("floor", reruns, _cpu(proc) - started, messages, size)
    finally:
        session.close()


def table(rounds: list[list[Cost]]) -> str:
    lines = [
        "| page | CPU ms per rerun (median of rounds) | rounds | messages per rerun | KB per rerun |",
        "|---|---:|---|---:|---:|",
    ]
    names = [c.name for c in rounds[0]]
    for i, name in enumerate(names):
        costs = [r[i] for r in rounds]
        cpu = [c.cpu_ms for c in costs]
        first = costs[0]
        lines.append(
            f"| {name} | {statistics.median(cpu):.1f} | {' / '.join(f'{v:.1f}' for v in cpu)} | "
            f"{first.messages / first.reruns:.0f} | {first.bytes / first.reruns / 1024:.1f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reruns", type=int, default=10, help="measured reruns per view and round")
    parser.add_argument("--rounds", type=int, default=2, help="rounds over every view (the median is reported)")
    parser.add_argument("--pages", default="", help="comma-separated page keys to measure (default: all)")
    parser.add_argument("--no-floor", action="store_true")
    parser.add_argument("--profile", default="", help="py-spy's collapsed stacks of the dashboard server to this file")
    args = parser.parse_args(argv)
    wanted = set(filter(None, args.pages.split(",")))
    views = [(n, v) for n, v in named_dashboard_views() if not wanted or n.split()[0] in wanted]
    work = Path(tempfile.mkdtemp(prefix="cenfigures-rerun-cost-"))
    print(f"load average before {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    dashboard = common.start_server("dashboard.py", work)
    floor = None if args.no_floor else common.start_server(common.FLOOR_APP, work)
    spy = None
    try:
        rounds = []
        for number in range(args.rounds):
            if args.profile and number == args.rounds - 1:  # the last round only: every cache warm
                spy = subprocess.Popen(
                    [
                        str(Path(common.python()).parent / "py-spy"),
                        "record",
                        "--format",
                        "raw",
                        "--rate",
                        "200",
                        "--pid",
                        str(dashboard.proc.pid),
                        "--output",
                        args.profile,
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                time.sleep(1)
            costs = [
                measure_view(dashboard.url, psutil.Process(dashboard.proc.pid), n, v, args.reruns) for n, v in views
            ]
            if floor is not None:
                costs.append(measure_floor(floor.url, psutil.Process(floor.proc.pid), args.reruns))
            rounds.append(costs)
        dash = [c for c in rounds[-1] if c.name != "floor"]
        print(table(rounds))
        total = sum(c.cpu_s for c in dash) / sum(c.reruns for c in dash) * 1000 if dash else 0
        print(
            f"\ndashboard, all views: {total:.1f} CPU ms per rerun (last round); "
            "load average after "
            + " ".join(Path("/proc/loadavg").read_text().split()[:3])
            + f"; {time.strftime('%H:%M UTC', time.gmtime())}"
        )
    finally:
        if spy is not None:
            spy.send_signal(signal.SIGINT)
            spy.wait(timeout=60)
        dashboard.stop()
        if floor is not None:
            floor.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
