"""How many articles the pages stay fast with: prep, and a page's rerun, at 1, 50 and 500 articles.

The corpus is N copies of every seed article with distinct ids (bench/prep_scale.py), so each copy
adds the seed's 54 figures, 8 events and 197 mentions, on the same regions, indicators and topics
(the worst case for the charts: every copy lands on every chart). For each size it times, in
process and with no cache (what the first visitor of a view waits for on the server):

- prep: build_tables + write_tables;
- each page: building every chart it declares for the default view, and again after a filter
  change (region = hebei); the explorer's display table and a text search; the source reader's
  marks of one article; the Indicators page's findings for the indicator with most figures.

A Streamlit rerun adds its own constant (about 0.05 s here, docs/benchmarks.md) to these.

    python -m bench.corpus_scale [--sizes 1 50 500] [--write]

`--write` puts the table into docs/benchmarks.md between the `bench:corpus` markers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import update_doc_section
from bench.prep_scale import make_corpus
from cenfigures.charts import types
from cenfigures.prep import build as prep
from cenfigures.tables.dataset import load_dataset
from cenfigures.view import explorer, filters
from cenfigures.view.filters import state_of
from cenfigures.view.indicators import findings, indicator_choices, indicator_figures
from cenfigures.view.model import View, chart_specs, pages_with_charts, topic_specs
from cenfigures.view.site import site_pages
from cenfigures.view.source_text import article_error, segments

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def measure(n: int, work: Path) -> dict[str, float | int]:
    seeds, out = work / f"seeds-{n}", work / f"data-{n}"
    make_corpus(n, seeds)
    started = time.perf_counter()
    prep.write_tables(prep.build_tables(seeds), out)
    result: dict[str, float | int] = {"articles": len(prep.article_pairs(seeds)), "prep": time.perf_counter() - started}
    tables = load_dataset(out).all_tables()
    result["figures"] = len(tables["figures"])
    files = tuple(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py"))
    declared = chart_specs(tables["charts"])
    site = site_pages(topic_specs(tables["topics"]), pages_with_charts(declared), files)
    for page in site:
        if not page.charts:
            continue
        specs = [s for s in declared if s.page == page.charts]
        for label, state in (("", state_of("zh")), (" (filter)", state_of("zh", region=("hebei",)))):
            view = View(tables, state.only(page.uses), page.uses)
            result[f"{page.key}{label}"] = timed(lambda v=view, specs=specs: [types.build(v, s) for s in specs])
    view = View(tables, state_of("zh"))
    result["explorer"] = timed(lambda: explorer.display_table(view, view.figures))
    result["explorer search"] = timed(
        lambda: filters.apply(view.all_figures, state_of("zh", q="基站"), names=view.names)
    )
    source_id = next(iter(view.sources))
    one = View(tables, state_of("zh", source=(source_id,)))
    article, _ = article_error(one.source(source_id), out / "articles")
    mentions = tables["mentions"][tables["mentions"]["source_id"] == source_id]
    result["source reader"] = timed(lambda: segments(article, mentions, one))
    top = indicator_choices(view)[0][0]
    result["indicators"] = timed(lambda: findings(view, indicator_figures(view, top)))
    return result


def table(results: list[dict[str, float | int]]) -> str:
    keys = [k for k in results[0] if k not in ("articles", "figures")]
    lines = [
        "| what | "
        + " | ".join(
            f"{r['articles']} article{'' if r['articles'] == 1 else 's'} ({r['figures']} figures)" for r in results
        )
        + " |",
        "|---|" + "---:|" * len(results),
    ]
    for key in keys:
        lines.append(f"| {key} | " + " | ".join(f"{r[key]:.2f} s" for r in results) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus_scale", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 50, 500])
    parser.add_argument("--write", action="store_true", help="write the table into docs/benchmarks.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as tmp:
        measure(1, Path(tmp) / "warm")  # first-use imports (cn2an, plotly validators) are not per-article costs
        results = [measure(n, Path(tmp)) for n in args.sizes]
    load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
    body = (
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC with `python -m bench.corpus_scale --write` "
        f"(load average {load} when it ended).\n\n{table(results)}"
    )
    print(body)
    if args.write:
        update_doc_section(DOC, "corpus", body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
