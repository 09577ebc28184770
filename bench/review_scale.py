"""The review screen's save at 1, 50 and 500 articles: the whole save of one article (checks, TOML,
data/ rebuilt, commit) and its rebuild alone, on corpora of N articles: the review fixture article
(written for tests) drafted, beside N-1 copies of the seed article (bench/prep_scale.py's copies,
every id prefixed). Each size: one untimed save (the git repository made, caches filled), then the
median of `--repeat` saves, each accepting one more entry.

    python -m bench.review_scale [--sizes 1 50 500] [--repeat 3]
    python -m bench.review_scale --effort

--effort: the TOML loop's side of "the screen against the TOML loop": the corrections the scripted
editor of tests/browser/test_review_e2e.py makes on the screen, written into the drafted TOML by the
review engine; the lines a person editing the file by hand changes, the characters typed on them,
and one run of `python -m cenfigures.prep` (wall time, start and imports included) to learn whether
the file is right. A person's time reading, looking ids up and typing is not measured.
"""

from __future__ import annotations

import argparse
import difflib
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
from cenfigures.review.corrections import Corrections, apply
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


# the scripted editor's corrections (tests/browser/test_review_e2e.py), as the engine writes them
def e2e_corrections() -> Corrections:
    fid = f"figure:{SOURCE_ID}-{{:03d}}".format
    corrections = Corrections(accepted={fid(1), fid(10)})
    corrections.change(fid(11), "kind", "observed")
    corrections.change(fid(11), "period", "2021")
    corrections.declare(
        "indicators",
        "software_revenue",
        {"name_zh": "软件业务收入", "name_en": "Software business revenue", "unit": "yuan"},
    )
    corrections.change(fid(11), "indicator", "software_revenue")
    corrections.declare(
        "regions",
        "kunshan",
        {"name_zh": "昆山市", "name_en": "Kunshan", "short_zh": "昆山", "level": "city", "parent": "jiangsu"}
        | {"lon": 120.98, "lat": 31.38},
    )
    corrections.change(fid(8), "region", "kunshan")
    corrections.change(fid(8), "indicator", "smart_manufacturing_benchmarks")
    corrections.not_statistics[fid(6)] = "每3家中有1家：上面比例的另一种说法"
    return corrections


def toml_loop_effort() -> str:
    """Lines changed and characters typed by hand for the scripted editor's review, and prep's run."""
    with tempfile.TemporaryDirectory(prefix="bench-review-") as tmp:
        seeds, data = corpus(1, Path(tmp))
        drafted = (seeds / NAME).read_text(encoding="utf-8")
        after = apply(drafted, e2e_corrections(), "alice", "2026-12-07T00:00:00Z")
        # by hand nobody types reviewed_by / reviewed_at: the loop writes `reviewed = true` only
        after = "\n".join(line for line in after.splitlines() if not line.startswith(("reviewed_by", "reviewed_at")))
        diff = list(difflib.unified_diff(drafted.splitlines(), after.splitlines(), lineterm="", n=0))
        added = [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]
        removed = [line for line in diff if line.startswith("-") and not line.startswith("---")]
        (seeds / NAME).write_text(after + "\n", encoding="utf-8")
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "cenfigures.prep", "--seeds", str(seeds), "--out", str(data)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        prep_s = time.perf_counter() - started
        assert done.returncode == 0, done.stderr
    typed = sum(len(line.strip()) for line in added)
    return (
        f"TOML loop: {len(added)} lines written or changed, {len(removed)} removed, {typed} characters typed "
        f"on them; python -m cenfigures.prep {prep_s:.1f} s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.review_scale", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 50, 500])
    parser.add_argument("--repeat", type=int, default=3, choices=range(1, len(ACCEPTABLE)))
    parser.add_argument("--effort", action="store_true", help="the TOML loop's lines, characters and prep run")
    args = parser.parse_args(argv)
    if args.effort:
        print(toml_loop_effort())
        return 0
    print(table([time_saves(n, args.repeat) for n in args.sizes]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
