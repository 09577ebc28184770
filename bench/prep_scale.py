"""Data prep at scale: N copies of the seed article (with distinct ids) through build_tables + write_tables.

Figure, event and source ids are global primary keys (see cenfigures/tables/schema.py), so each copy
gets a prefix `cNNNN-` on its source id, file name, figure, derived-figure and event ids, and on every
reference to them (inputs, restates). Regions, indicators and topics are the corpus's registries,
shared by every copy (as they are by real articles); the corpus files are copied along. The rewrite
is textual on exact quoted values, and is checked by parsing the copy back.

Two corpora (`make_corpus(..., mix=)`):

- "worst": every copy restates the seed, so every copy lands on every chart;
- "mix", closer to a team's corpus a year on: copy i restates the seed when i % 3 == 0; when
  i % 3 == 1 it is the same report YEARS_SHIFTED years later (every year of its text and annotation
  moved by 1 to 12 years: new periods, new dates, the same words); when i % 3 == 2 it reports on other
  provinces (each province of its annotation moved along the registry's list of provinces by 1 to 33
  places: new regions, the same values). A decade of years and every province, as a corpus of a few
  hundred real reports would cover; more copies then restate what earlier ones said.
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


MIXES = ("worst", "mix")
YEARS_SHIFTED = 12  # the mix's later reports: 1 to 12 years on
_YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")


def shift_years(text: str, years: int) -> str:
    """Every year (19xx, 20xx) of `text` moved `years` on: the seed's only four-digit numbers of these
    forms are years, in its text and in its annotation (periods, dates, ids, quotes)."""
    return _YEAR.sub(lambda m: str(int(m.group(0)) + years), text)


def provinces(seeds_dir: Path) -> list[str]:
    registry = tomllib.loads((seeds_dir / "regions.toml").read_text(encoding="utf-8"))
    return [region_id for region_id, entry in registry.items() if entry.get("level") == "province"]


def move_regions(toml_text: str, order: list[str], places: int) -> str:
    """The annotation with each province it names moved `places` along `order` (a rotation: two
    provinces never become one); the country and cities stay."""
    moved = {p: order[(i + places) % len(order)] for i, p in enumerate(order)}

    def swap(match: re.Match) -> str:
        return match.group(1) + moved.get(match.group(2), match.group(2)) + match.group(3)

    text = re.sub(r'^(region = ")([a-z-]+)(")', swap, toml_text, flags=re.M)
    return re.sub(r"^(\[region_notes\.)([a-z-]+)(\])", swap, text, flags=re.M)


def make_corpus(n: int, out_dir: Path, seeds_dir: Path = prep.SEEDS_DIR, mix: str = "worst") -> list[str]:
    """Write n copies of every seed article (+ annotation) and the corpus files to out_dir; returns
    the prefixes used. `mix`: "worst" (every copy restates the seed) or "mix" (see the module)."""
    if mix not in MIXES:
        raise ValueError(f"mix is one of {MIXES}, not {mix!r}")
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in CORPUS_FILES:
        shutil.copyfile(seeds_dir / name, out_dir / name)
    order = provinces(seeds_dir)
    prefixes = []
    for text_path, annotation_path in prep.article_pairs(seeds_dir):
        toml_text = annotation_path.read_text(encoding="utf-8")
        raw = text_path.read_bytes()
        for i in range(n):
            prefix = f"c{i:04d}-"
            prefixes.append(prefix)
            annotation, text = copy_annotation(toml_text, prefix), raw
            names = f"{prefix}{text_path.name}", f"{prefix}{annotation_path.name}"
            if mix == "mix" and i % 3 == 1:  # years moved before the prefix is added: c1910- is no year
                years = 1 + (i // 3) % YEARS_SHIFTED
                annotation = copy_annotation(shift_years(toml_text, years), prefix)
                text = shift_years(raw.decode("utf-8"), years).encode()
                names = (
                    f"{prefix}{shift_years(text_path.name, years)}",
                    f"{prefix}{shift_years(annotation_path.name, years)}",
                )
            elif mix == "mix" and i % 3 == 2:
                annotation = move_regions(annotation, order, 1 + (i // 3) % (len(order) - 1))
            (out_dir / names[0]).write_bytes(text)
            (out_dir / names[1]).write_text(annotation, encoding="utf-8")
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
