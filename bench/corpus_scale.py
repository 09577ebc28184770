"""How many articles the dashboard stays readable and fast with: prep, every page and chart tab's
first visit, the marks each chart draws, at 1, 50, 500 and 5,000 articles.

    python -m bench.corpus_scale [--sizes 1 50 500 5000] [--mixes worst mix] [--work DIR] [--write]
    python -m bench.corpus_scale --from-json run.log --write   # the tables of a run's printed results

Two corpora of N copies of every seed article with distinct ids (bench/prep_scale.py): "worst",
every copy restating the seed, so every copy lands on every chart; and "mix", a third restating, a
third the same report 1-12 years later, a third on other provinces. For each corpus:

- prep: a full build from scratch (`python -m cenfigures.prep --no-cache`, a fresh process), a
  build with the cache empty (filling it), one with nothing changed and one after one article's annotation changed
  (what the review screen does after a save: `cenfigures.prep.build.rebuild_after`);
- every page and chart tab, whole: bench/page_run.py in a fresh process per view (the app warmed up
  as a server does, its caches then emptied, and the page's first run timed under AppTest: reading
  the tables, the view's facts, the chart, the page);
- the marks each chart draws (points, bars and written labels), against the same chart at one copy.

`--work` keeps the corpora (building 5,000 copies takes a while); `--write` puts the tables into
docs/benchmarks.md between the `bench:corpus` markers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import update_doc_section
from bench.prep_scale import MIXES, make_corpus

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
# Every page, and every chart tab of a page with several (the first tab is the page's default view).
VIEWS = [
    ("overview", "dashboard.py", {}),
    *(
        ("digitization", "pages/1_digitization.py", {"chart": c})
        for c in ("targets", "ranks", "indices", "counts", "penetration")
    ),
    *(
        ("uhd_video", "pages/2_uhd_video.py", {"chart": c})
        for c in ("penetration_4k", "retail_8k", "guangzhou_targets", "plans", "broadcast_hours")
    ),
    *(("olympics_5g", "pages/3_olympics_5g.py", {"chart": c}) for c in ("uplink", "streams", "train_studio")),
    *(("regions", "pages/4_regions.py", {"chart": c}) for c in ("region_map", "meeting_figures")),
    ("timeline", "pages/5_timeline.py", {}),
    ("explorer", "pages/6_explorer.py", {}),
    ("explorer search", "pages/6_explorer.py", {"q": "基站"}),
    ("source", "pages/7_source.py", {}),
    ("indicators", "pages/8_indicators.py", {}),
]


VIEW_NOTE = (
    "Each view: its first visit, whole, in a fresh process (bench/page_run.py), and the marks its chart "
    "draws (≠: not the one-article count)."
)


def view_name(page: str, params: dict[str, str]) -> str:
    return f"{page} ({params['chart']})" if "chart" in params else page


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False, **kwargs)


def corpus(work: Path, n: int, mix: str) -> tuple[Path, Path]:
    """The seeds and data of the corpus (made once, kept under `work`)."""
    seeds, data = work / f"{mix}-{n}" / "seeds", work / f"{mix}-{n}" / "data"
    if not (seeds / "topics.toml").exists():
        shutil.rmtree(seeds, ignore_errors=True)
        make_corpus(n, seeds, mix=mix)
    return seeds, data


COLD_CACHE = "prep, cache empty (fills it)"


def time_prep(seeds: Path, data: Path) -> dict[str, float]:
    """A full build from scratch (it neither reads nor fills the cache), a build with the cache empty
    (it parses every article and fills it), one with nothing changed, one after an article's
    annotation changed."""
    result = {}
    command = [sys.executable, "-m", "cenfigures.prep", "--seeds", str(seeds), "--out", str(data)]
    steps = (("prep from scratch", ["--no-cache"]), (COLD_CACHE, []), ("prep, nothing changed", []))
    for name, extra in steps:
        started = time.perf_counter()
        done = run(command + extra)
        result[name] = time.perf_counter() - started
        if done.returncode:
            raise RuntimeError(done.stderr)
    # One article's annotation edited (its English title), rebuilt as the review screen would after a
    # save: in process, the module already imported.
    annotation = sorted(
        p for p in seeds.glob("*.toml") if p.name not in ("regions.toml", "indicators.toml", "topics.toml")
    )[0]
    original = annotation.read_text(encoding="utf-8")
    edited = original.replace('title_en = "', 'title_en = "(edited by the benchmark) ', 1)
    try:
        annotation.write_text(edited, encoding="utf-8")
        code = (
            "import sys, time; from pathlib import Path; from cenfigures.prep.build import rebuild_after; "
            f"t = time.perf_counter(); rebuild_after(Path({str(annotation)!r}), Path({str(data)!r})); "
            "print(time.perf_counter() - t)"
        )
        done = run([sys.executable, "-c", code])
        if done.returncode:
            raise RuntimeError(done.stderr)
        result["prep after one edit"] = float(done.stdout.strip().splitlines()[-1])
    finally:
        annotation.write_text(original, encoding="utf-8")
        run(command)
    return result


def time_views(data: Path) -> dict[str, dict]:
    results = {}
    for page, path, params in VIEWS:
        done = run([sys.executable, "-m", "bench.page_run", str(data), path, *(f"{k}={v}" for k, v in params.items())])
        line = (done.stdout.strip().splitlines() or ["{}"])[-1]
        try:
            results[view_name(page, params)] = json.loads(line)
        except json.JSONDecodeError:
            results[view_name(page, params)] = {
                "seconds": float("nan"),
                "marks": [],
                "exceptions": [done.stderr[-300:]],
            }
    return results


def server_memory(data: Path) -> dict[str, float]:
    """One server process on `data` (started as the benchmarks start the dashboard), after one
    session opened every view in both languages: its memory (RSS and PSS, MB) and how long the views
    took to open, one after the other."""
    import psutil

    from bench import common
    from bench.rerun_cost import Session

    previous = os.environ.get("CENFIGURES_DATA_DIR")
    os.environ["CENFIGURES_DATA_DIR"] = str(data)
    work = Path(tempfile.mkdtemp(prefix="bench-memory-"))
    server = common.start_server("dashboard.py", work, timeout=300)
    try:
        process = psutil.Process(server.proc.pid)
        started = time.perf_counter()
        session = Session(server.url)
        try:
            for lang in ("zh", "en"):
                for _, path, params in VIEWS:
                    page = "" if path == "dashboard.py" else Path(path).stem.split("_", 1)[1]
                    query = "&".join(f"{k}={v}" for k, v in {**params, "lang": lang}.items())
                    session.run(query, page)
        finally:
            session.close()
        seconds = time.perf_counter() - started
        tree = [process, *process.children(recursive=True)]
        infos = [p.memory_full_info() for p in tree]
        return {
            "rss_mb": sum(i.rss for i in infos) / 2**20,
            "pss_mb": sum(i.pss for i in infos) / 2**20,
            "views_s": seconds,
        }
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
        if previous is None:
            os.environ.pop("CENFIGURES_DATA_DIR", None)
        else:
            os.environ["CENFIGURES_DATA_DIR"] = previous


def measure(work: Path, n: int, mix: str, prep: bool) -> dict:
    seeds, data = corpus(work, n, mix)
    result: dict = {"articles": n, "mix": mix}
    if prep or not (data / "figures.csv").exists():
        result["prep"] = time_prep(seeds, data)
    result["views"] = time_views(data)
    result["server"] = server_memory(data)
    figures = sum(1 for _ in (data / "figures.csv").open(encoding="utf-8-sig")) - 1
    result["figures"] = figures
    return result


def _seconds(value: float) -> str:
    return "–" if value != value else f"{value:.2f} s"


def tables(results: list[dict]) -> str:
    """One table per mix: rows are prep and every view (time of the first visit; marks when they
    differ from the one-article corpus of the same mix), columns the sizes."""
    parts = []
    for mix in dict.fromkeys(r["mix"] for r in results):
        mine = [r for r in results if r["mix"] == mix]
        header = " | ".join(
            f"{r['articles']:,} article{'s' * (r['articles'] != 1)} ({r['figures']:,} figures)" for r in mine
        )
        lines = [f"**{mix}**", "", f"| what | {header} |", "|---|" + "---:|" * len(mine)]
        for name in dict.fromkeys(k for r in mine for k in r.get("prep", {})):
            lines.append(
                f"| {name} | " + " | ".join(_seconds(r.get("prep", {}).get(name, float("nan"))) for r in mine) + " |"
            )
        base = mine[0]["views"]
        for name in dict.fromkeys(k for r in mine for k in r["views"]):
            cells = []
            for r in mine:
                view = r["views"].get(name, {})
                cell = _seconds(view.get("seconds", float("nan")))
                if view.get("exceptions"):
                    cell += " ❌"
                marks, first = view.get("marks", []), base.get(name, {}).get("marks", [])
                cell += f" · {sum(marks)} marks" if marks else ""
                if marks != first and mix == "worst":
                    cell += " ≠"
                cells.append(cell)
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        peaks = [max((v.get("peak_mb", 0) for v in r["views"].values()), default=0) for r in mine]
        lines.append("| peak memory of a page's process | " + " | ".join(f"{p} MB" for p in peaks) + " |")
        servers = [r.get("server", {}) for r in mine]
        lines.append(
            "| a server after every view in both languages: RSS / PSS | "
            + " | ".join(f"{m.get('rss_mb', 0):.0f} / {m.get('pss_mb', 0):.0f} MB" for m in servers)
            + " |"
        )
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus_scale", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 50, 500, 5000])
    parser.add_argument("--mixes", nargs="+", default=list(MIXES), choices=MIXES)
    parser.add_argument("--work", type=Path, help="keep the corpora here (default: a temporary folder)")
    parser.add_argument("--no-prep", action="store_true", help="time the pages only (the corpora built before)")
    parser.add_argument("--write", action="store_true", help="write the tables into docs/benchmarks.md")
    parser.add_argument(
        "--from-json",
        type=Path,
        help="report the results a run printed (one JSON line per corpus) instead of measuring",
    )
    args = parser.parse_args(argv)
    if args.from_json:
        lines = args.from_json.read_text(encoding="utf-8").splitlines()
        results = [json.loads(line) for line in lines if line.startswith('{"articles"')]
        for result in results:  # runs before the cold-cache step was named called it "nothing changed"
            prep = result.get("prep", {})
            if COLD_CACHE not in prep and "prep, nothing changed" in prep:
                result["prep"] = {COLD_CACHE if k == "prep, nothing changed" else k: v for k, v in prep.items()}
        stamp = dt.datetime.fromtimestamp(args.from_json.stat().st_mtime, dt.UTC)
        sizes = " ".join(map(str, dict.fromkeys(r["articles"] for r in results)))
        mixes = " ".join(dict.fromkeys(r["mix"] for r in results))
        body = (
            f"Measured {stamp:%Y-%m-%d %H:%M} UTC (the run's end) with `python -m bench.corpus_scale --sizes {sizes} "
            f"--mixes {mixes}`. " + VIEW_NOTE + "\n\n" + tables(results)
        )
        print(body)
        if args.write:
            update_doc_section(DOC, "corpus", body)
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-corpus-"))
    load = [os.getloadavg()]
    results = []
    try:
        for mix in args.mixes:
            for n in args.sizes:
                results.append(measure(work, n, mix, not args.no_prep))
                print(json.dumps(results[-1]), flush=True)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    load.append(os.getloadavg())
    body = (
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC with `python -m bench.corpus_scale "
        f"--sizes {' '.join(map(str, args.sizes))} --mixes {' '.join(args.mixes)}` (load average "
        f"{' '.join(f'{x:.2f}' for x in load[0])} before, {' '.join(f'{x:.2f}' for x in load[1])} after). "
        + VIEW_NOTE
        + "\n\n"
        + tables(results)
    )
    print(body)
    if args.write:
        update_doc_section(DOC, "corpus", body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
