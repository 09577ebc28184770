"""Data prep at scale: N copies of the seed article (with distinct ids) through build_tables + write_tables.

Figure, event and source ids are global primary keys (see cenfigures/tables/schema.py), so each copy
gets a prefix `cNNNN-` on its source id, file name, figure, derived-figure and event ids, and on every
reference to them (inputs, restates). Regions, indicators and topics are the corpus's registries,
shared by every copy (as they are by real articles); the corpus files are copied along. The rewrite
is textual on exact quoted values, and is checked by parsing the copy back.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from cenfigures.prep import build as prep
from cenfigures.prep.corpus import CORPUS_FILES


def _ids(annotation: dict) -> set[str]:
    ids = {annotation["source"]["id"], annotation["source"]["file"]}
    for section in ("figure", "derived", "event"):
        ids |= {item["id"] for item in annotation.get(section, [])}
    return ids


def copy_annotation(toml_text: str, prefix: str) -> str:
    """The annotation TOML with every id (and the article file name) prefixed by `prefix`."""
    annotation = tomllib.loads(toml_text)
    ids = _ids(annotation)
    quoted = re.compile(r'"([^"\n]*)"')
    out = quoted.sub(lambda m: f'"{prefix}{m.group(1)}"' if m.group(1) in ids else m.group(0), toml_text)
    copied = tomllib.loads(out)
    expected = {prefix + i for i in ids}
    if _ids(copied) != expected:
        raise ValueError(f"copy {prefix}: ids not all prefixed: {sorted(_ids(copied) - expected)[:5]}")
    return out


def make_corpus(n: int, out_dir: Path, seeds_dir: Path = prep.SEEDS_DIR) -> list[str]:
    """Write n copies of every seed article (+ annotation) and the corpus files to out_dir; returns
    the prefixes used."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in CORPUS_FILES:
        shutil.copyfile(seeds_dir / name, out_dir / name)
    prefixes = []
    for text_path, annotation_path in prep.article_pairs(seeds_dir):
        toml_text = annotation_path.read_text(encoding="utf-8")
        for i in range(n):
            prefix = f"c{i:04d}-"
            prefixes.append(prefix)
            shutil.copyfile(text_path, out_dir / f"{prefix}{text_path.name}")
            (out_dir / f"{prefix}{annotation_path.name}").write_text(
                copy_annotation(toml_text, prefix), encoding="utf-8"
            )
    return prefixes


@dataclass
class PrepTiming:
    articles: int
    build_s: float
    write_s: float
    figures: int

    @property
    def total_s(self) -> float:
        return self.build_s + self.write_s

    @property
    def per_article_ms(self) -> float:
        return 1000 * self.total_s / self.articles


_warmed_up = False


def _warm_up(work_dir: Path | None) -> None:
    """One untimed build of a one-article corpus per process: first-use costs (cn2an is imported on
    the first Chinese numeral, 0.3 s) are not costs per article."""
    global _warmed_up
    if not _warmed_up:
        with tempfile.TemporaryDirectory(prefix="bench-prep-warm-", dir=work_dir) as tmp:
            make_corpus(1, Path(tmp))
            prep.build_tables(Path(tmp))
        _warmed_up = True


def time_prep(n: int, work_dir: Path | None = None) -> PrepTiming:
    """Build and write the tables of an n-copy corpus; times build_tables and write_tables apart
    (after a one-time warm-up, _warm_up)."""
    _warm_up(work_dir)
    with tempfile.TemporaryDirectory(prefix="bench-prep-", dir=work_dir) as tmp:
        seeds, out = Path(tmp) / "seeds", Path(tmp) / "data"
        make_corpus(n, seeds)
        articles = len(prep.article_pairs(seeds))
        started = time.perf_counter()
        tables = prep.build_tables(seeds)
        built = time.perf_counter()
        prep.write_tables(tables, out)
        written = time.perf_counter()
        return PrepTiming(articles, built - started, written - built, len(tables["figures"]))


def linearity(small: PrepTiming, large: PrepTiming) -> float:
    """Per-article time at the large N over per-article time at the small N (1.0 = linear)."""
    return large.per_article_ms / small.per_article_ms


def prep_table(timings: list[PrepTiming]) -> str:
    lines = [
        "| articles | figures | build_tables (s) | write_tables (s) | total (s) | ms per article |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for t in timings:
        lines.append(
            f"| {t.articles} | {t.figures} | {t.build_s:.2f} | {t.write_s:.2f} | {t.total_s:.2f} | "
            f"{t.per_article_ms:.0f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    sizes = [int(a) for a in sys.argv[1:]] or [1, 200]
    results = [time_prep(n) for n in sizes]
    print(prep_table(results))
    if len(results) > 1:
        print(f"per-article time at N={sizes[-1]} / at N={sizes[0]}: {linearity(results[0], results[-1]):.2f}")
