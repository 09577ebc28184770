"""Speed of every page against the floor (a bare Streamlit page), in one real browser, one run.

    python -m bench.speed [--repeat 3] [--pages digitization,explorer] [--prep 1,200] [--no-doc]

For the floor (bench/floor_app.py) and every page of the site (bench.common.site_pages), each on a fresh
server (bench.timed_run, same flags as the browser tests):
- cold: the first load after the server started, in a new browser context, on `--repeat` fresh
  servers (median);
- warm: `--repeat` further loads, each in a new context, each followed by one filter change made
  in place with the sidebar widget (kind multiselect -> "实测"; timeline: topic; overview, which
  has no filters: the language radio; floor: its selectbox);
- server: the script-run time logged by bench.timed_run for the runs each step caused.
Times are medians. Writes the tables into docs/benchmarks.md between `bench:speed` markers and the
raw numbers to bench/results/speed.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

from bench import common
from bench.common import Target, median

DOC = common.REPO_ROOT / "docs" / "benchmarks.md"
RESULTS = common.REPO_ROOT / "bench" / "results"
FILTER_GOAL = 1.5
FIRST_GOAL = 2.0


def _server_time(runs: list[dict]) -> float:
    return sum(r["seconds"] for r in runs)


async def measure_target(browser, target: Target, repeat: int, work: Path, timeout: float) -> dict:
    server = common.start_server(target.app, work)
    result: dict = {"key": target.key, "url_path": target.link, "action": target.action, "errors": []}
    try:

        async def step(coro):
            before = len(server.runs())
            done = await coro
            await asyncio.sleep(0.2)  # the timing line is written right after the run
            runs = server.runs()[before:]
            return done, runs

        cold = []
        for i in range(max(repeat, 1)):  # each cold load on a server of its own; the last one stays for the warm loads
            if i:
                server.stop()
                server = common.start_server(target.app, work)
            context = await common.new_context(browser)
            page = await context.new_page()
            done, runs = await step(common.load(page, server.url, target, timeout))
            cold.append(
                {
                    "first_ms": done.first_main_ms,
                    "done_ms": done.ms,
                    "finished_ms": done.finished_ms,
                    "server_s": _server_time(runs),
                    "runs": len(runs),
                }
            )
            await context.close()
        result["cold"] = cold
        warm, change = [], []
        for _ in range(repeat):
            context = await common.new_context(browser)
            page = await context.new_page()
            try:
                done, runs = await step(common.load(page, server.url, target, timeout))
                warm.append(
                    {
                        "first_ms": done.first_main_ms,
                        "done_ms": done.ms,
                        "finished_ms": done.finished_ms,
                        "server_s": _server_time(runs),
                        "runs": len(runs),
                    }
                )
                done, runs = await step(common.change_filter(page, target, timeout))
                change.append(
                    {
                        "done_ms": done.ms,
                        "finished_ms": done.finished_ms,
                        "server_s": _server_time(runs),
                        "runs": len(runs),
                        "saw_run": done.saw_run,
                        "charts_after": done.charts,
                    }
                )
            except Exception as error:  # recorded and reported; the other pages still run
                result["errors"].append(f"{type(error).__name__}: {error}")
            finally:
                await context.close()
        result["warm"], result["change"] = warm, change
        result["rss_mb"] = common.tree_rss_mb(server.proc.pid)
    except Exception as error:
        result["errors"].append(f"{type(error).__name__}: {error}")
    finally:
        server.stop()
    return result


def summary(result: dict) -> dict:
    """Medians of one target's measurements (None where nothing was measured)."""

    def med(rows, key):
        values = [r[key] for r in rows if r.get(key) is not None]
        return median(values) if values else None

    warm, change, cold = result.get("warm", []), result.get("change", []), result.get("cold", [])
    if isinstance(cold, dict):  # results saved before cold loads were repeated: one sample
        cold = [cold]
    return {
        "cold_first_ms": med(cold, "first_ms"),
        "cold_done_ms": med(cold, "done_ms"),
        "cold_server_s": med(cold, "server_s"),
        "warm_first_ms": med(warm, "first_ms"),
        "warm_done_ms": med(warm, "done_ms"),
        "warm_server_s": med(warm, "server_s"),
        "change_ms": med(change, "done_ms"),
        "change_server_s": med(change, "server_s"),
    }


def _fmt(value, scale=1.0, digits=0) -> str:
    return "–" if value is None else f"{value * scale:.{digits}f}"


def _ratio(value, floor) -> float | None:
    return None if value is None or not floor else value / floor


def speed_table(results: list[dict]) -> tuple[str, list[str]]:
    """Markdown table (times in s, ratios to the floor) and the list of goal violations."""
    sums = {r["key"]: summary(r) for r in results}
    floor = sums.get("floor", {})
    lines = [
        "| page | cold first chart (s) | × floor | warm first chart (s) | × floor | warm all painted (s) "
        "| filter change (s) | × floor | server run: cold / warm / filter (s) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    over: list[str] = []
    for r in results:
        s = sums[r["key"]]
        ratios = {k: _ratio(s[k], floor.get(k)) for k in ("cold_first_ms", "warm_first_ms", "change_ms")}
        for key, goal, what in (
            ("cold_first_ms", FIRST_GOAL, "cold first chart"),
            ("warm_first_ms", FIRST_GOAL, "warm first chart"),
            ("change_ms", FILTER_GOAL, "filter change"),
        ):
            if r["key"] != "floor" and ratios[key] is not None and ratios[key] > goal:
                over.append(f"{r['key']}: {what} {ratios[key]:.1f}× floor (goal ≤ {goal}×)")
        if r["errors"]:
            over.append(f"{r['key']}: {len(r['errors'])} error(s): {r['errors'][0][:200]}")

        def mark(key, goal, ratios=ratios, is_floor=r["key"] == "floor"):
            ratio = ratios[key]
            return "–" if ratio is None else f"{ratio:.1f}" + (" ❌" if ratio > goal and not is_floor else "")

        lines.append(
            f"| {r['key']} | {_fmt(s['cold_first_ms'], 0.001, 2)} | {mark('cold_first_ms', FIRST_GOAL)} "
            f"| {_fmt(s['warm_first_ms'], 0.001, 2)} | {mark('warm_first_ms', FIRST_GOAL)} "
            f"| {_fmt(s['warm_done_ms'], 0.001, 2)} "
            f"| {_fmt(s['change_ms'], 0.001, 2)} | {mark('change_ms', FILTER_GOAL)} "
            f"| {_fmt(s['cold_server_s'], 1, 2)} / {_fmt(s['warm_server_s'], 1, 2)} "
            f"/ {_fmt(s['change_server_s'], 1, 2)} |"
        )
    return "\n".join(lines), over


def machine_table(info: dict[str, str]) -> str:
    return "\n".join(["| | |", "|---|---|"] + [f"| {k} | {v} |" for k, v in info.items()])


async def run(targets: list[Target], repeat: int, timeout: float, save=None) -> list[dict]:
    from playwright.async_api import async_playwright

    results = []
    with tempfile.TemporaryDirectory(prefix="bench-speed-") as tmp:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=common.CHROMIUM, args=common.CHROMIUM_ARGS)
            try:
                for target in targets:
                    started = time.monotonic()
                    result = await measure_target(browser, target, repeat, Path(tmp), timeout)
                    s = summary(result)
                    print(
                        f"{target.key:13s} cold {_fmt(s['cold_first_ms'], 0.001, 2)} s  "
                        f"warm {_fmt(s['warm_first_ms'], 0.001, 2)} s  "
                        f"filter {_fmt(s['change_ms'], 0.001, 2)} s  server {_fmt(s['warm_server_s'], 1, 2)} s  "
                        f"errors {len(result['errors'])}  ({time.monotonic() - started:.0f} s)",
                        flush=True,
                    )
                    results.append(result)
                    if save:  # after every page: a run cut short still leaves its numbers
                        save(results)
            finally:
                await browser.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.speed", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="cold loads (each on a fresh server), warm loads and filter changes per page",
    )
    parser.add_argument("--pages", default="", help="comma-separated page keys (default: all); the floor always runs")
    parser.add_argument("--prep", default="1,200", help="corpus sizes for the prep benchmark ('' to skip)")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds per load or filter change")
    parser.add_argument("--no-doc", action="store_true", help="print only; leave docs/benchmarks.md alone")
    parser.add_argument(
        "--from-json",
        type=Path,
        nargs="+",
        help="report results saved by earlier runs (merged, first wins per page) instead of measuring",
    )
    parser.add_argument("--json", type=Path, default=RESULTS / "speed.json", help="where to save the raw results")
    args = parser.parse_args(argv)

    if args.from_json:
        saved = [json.loads(path.read_text(encoding="utf-8")) for path in args.from_json]
        info, results, seen = saved[0]["machine"], [], set()
        for run_results in saved:
            for result in run_results["results"]:
                if result["key"] not in seen:
                    seen.add(result["key"])
                    results.append(result)
    else:
        wanted = {k for k in args.pages.split(",") if k}
        targets = [common.FLOOR] + [t for t in common.page_targets() if not wanted or t.key in wanted]
        info = common.machine()

        def save(partial: list[dict]) -> None:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps({"machine": info, "results": partial}, indent=1, ensure_ascii=False) + "\n")

        results = asyncio.run(run(targets, args.repeat, args.timeout, save))
        info["load average after"] = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    table, over = speed_table(results)
    print(table)
    print("\n".join(["over the goals:"] + over) if over else "every page within the goals")

    prep_md = ""
    if args.prep:
        from bench import prep_scale

        sizes = [int(n) for n in args.prep.split(",")]
        timings = [prep_scale.time_prep(n) for n in sizes]
        prep_md = prep_scale.prep_table(timings)
        if len(timings) > 1:
            prep_md += (
                f"\n\nPer-article time at {timings[-1].articles} articles / at {timings[0].articles}: "
                f"{prep_scale.linearity(timings[0], timings[-1]):.2f} (1.0 = linear; below 1: fixed costs amortised)."
            )
        print(prep_md)

    if not args.from_json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"machine": info, "results": results}, indent=1, ensure_ascii=False) + "\n")
    if not args.no_doc:
        command = "python -m bench.speed " + " ".join(argv if argv is not None else sys.argv[1:])
        body = f"Measured {info['date']} with `{command.strip()}`.\n\n{machine_table(info)}\n\n{table}\n\n" + (
            "**Over the goals:**\n\n" + "\n".join(f"- {o}" for o in over) if over else "Every page is within the goals."
        )
        common.update_doc_section(DOC, "speed", body)
        if prep_md:
            prep_date = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())  # now, also when re-reporting saved results
            common.update_doc_section(DOC, "prep", f"Measured {prep_date} with `{command.strip()}`.\n\n{prep_md}")
    return 1 if any(r["errors"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
