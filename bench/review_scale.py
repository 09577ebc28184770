"""The review screen's save at 1, 50 and 500 articles: the whole save of one article (checks, TOML,
data/ rebuilt, commit) and its rebuild alone, on corpora of N articles: the review fixture article
(written for tests) drafted, beside N-1 copies of the seed article (bench/prep_scale.py's copies,
every id prefixed). Each size: one untimed save (the git repository made, caches filled), then the
median of `--repeat` saves, each accepting one more entry.

    python -m bench.review_scale [--sizes 1 50 500] [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.prep_scale import make_corpus
from cenfigures.prep.build import build_tables, write_tables
from cenfigures.prep.corpus import CORPUS_FILES
from cenfigures.review.corrections import Corrections
from cenfigures.review.save import read_version, save

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "review" / "jiangsu-smart-manufacturing-2024.txt"
NAME = FIXTURE.with_suffix(".toml").name
SOURCE_ID = FIXTURE.stem
# entries the draft gets right and that name an indicator: accepting them is a valid save
ACCEPTABLE = [f"figure:{SOURCE_ID}-{n:03d}" for n in (1, 10)] + ["not_statistic:512工程", "not_statistic:十四五"]


@dataclass
class SaveTiming:
    articles: int
    figures: int
    save_s: float  # the whole save: lock, checks, TOML, rebuild, commit
    rebuild_s: float  # of which data/ rebuilt


def corpus(n: int, folder: Path) -> tuple[Path, Path]:
    seeds, data = folder / "seeds", folder / "data"
    if n > 1:
        make_corpus(n - 1, seeds)
    else:
        seeds.mkdir(parents=True)
        for name in CORPUS_FILES:
            shutil.copy2(ROOT / "seeds" / name, seeds / name)
    shutil.copy2(FIXTURE, seeds / FIXTURE.name)
    subprocess.run(
        [sys.executable, "-m", "cenfigures.draft", str(seeds / FIXTURE.name), "--published", "2024-03-12"],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    write_tables(build_tables(seeds), data)
    return seeds, data


def time_saves(n: int, repeat: int) -> SaveTiming:
    with tempfile.TemporaryDirectory(prefix="bench-review-") as tmp:
        seeds, data = corpus(n, Path(tmp))
        figures = sum(1 for _ in (data / "figures.csv").open(encoding="utf-8-sig")) - 1
        saves, rebuilds = [], []
        for key in ACCEPTABLE[: repeat + 1]:
            started = time.perf_counter()
            saved = save(seeds, data, NAME, read_version(seeds, NAME), Corrections(accepted={key}), "bench")
            elapsed = time.perf_counter() - started
            assert saved is not None, key
            saves.append(elapsed)
            rebuilds.append(saved.rebuild_seconds)
        return SaveTiming(n, figures, statistics.median(saves[1:]), statistics.median(rebuilds[1:]))


def table(timings: list[SaveTiming]) -> str:
    lines = ["| articles | figures | save (s) | of which data/ rebuilt (s) |", "|---:|---:|---:|---:|"]
    lines += [f"| {t.articles} | {t.figures} | {t.save_s:.2f} | {t.rebuild_s:.2f} |" for t in timings]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.review_scale", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 50, 500])
    parser.add_argument("--repeat", type=int, default=3, choices=range(1, len(ACCEPTABLE)))
    args = parser.parse_args(argv)
    print(table([time_saves(n, args.repeat) for n in args.sizes]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
