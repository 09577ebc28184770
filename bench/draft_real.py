"""How well the drafter drafts real articles: news that no one here wrote, scored against truth
tables written by reading them (bench/real_articles/).

    CENFIGURES_REAL_ARTICLES=/path/to/texts python -m bench.draft_real [--set test|tuning|all] [--misses]
    CENFIGURES_REAL_ARTICLES=/path/to/texts python -m bench.draft_real --skeleton NAME

The article texts are not in the repository (their sentences are not ours to copy): each truth
table names the page's URL and the search that finds it, and docs/drafter.md says how to get the
texts back. The folder named by CENFIGURES_REAL_ARTICLES holds one UTF-8 `<name>.txt` per truth
table `bench/real_articles/<name>.truth.toml`.

A truth table: `meta` (published, publisher_zh, region: the article's own region, kind: the kind of
article, url, query, `ends`: the last characters of the text as kept, and `draft_options` for a
text that never states its date), `figure` (every
statistic: `at`, a short anchor holding the number, its first occurrence in the text; `number`, the
number's words inside it; value in base units; unit; qualifier, `exact` when left out; kind; period;
region, the article's when left out) and `not_statistic` (every other scanned mention: `at`,
`number`, `reason`). The scores are draft_score's, per article, per field, per kind of article and
per set (bench/real_articles/split.toml: the test set was chosen before any rule was tuned on them).
"""

from __future__ import annotations

import argparse
import os
import sys
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from bench.draft_score import Case, Expected, Score, score_case, totals
from cenfigures.draft.registry import load_registry
from cenfigures.prep.scan import find_mentions
from cenfigures.tables.paths import SEEDS_DIR

ROOT = Path(__file__).resolve().parent.parent
TRUTH_DIR = ROOT / "bench" / "real_articles"
SPLIT = TRUTH_DIR / "split.toml"
TEXTS_VARIABLE = "CENFIGURES_REAL_ARTICLES"


@dataclass
class RealCase:
    name: str
    article_kind: str
    case: Case
    unaccounted: list[str]  # scanned mentions the truth table neither counts nor explains


class TruthError(ValueError):
    """A truth table that does not fit its text."""


def texts_dir() -> Path:
    folder = os.environ.get(TEXTS_VARIABLE, "")
    if not folder:
        raise SystemExit(f"{TEXTS_VARIABLE} is not set: it names the folder of the article texts (docs/drafter.md)")
    path = Path(folder)
    if not path.is_dir():
        raise SystemExit(f"{TEXTS_VARIABLE}={folder}: no such folder")
    return path


def load_split(path: Path = SPLIT) -> dict[str, list[str]]:
    split = tomllib.loads(path.read_text(encoding="utf-8"))
    return {"test": list(split["test"]), "tuning": list(split["tuning"])}


def _span(text: str, at: str, number: str, where: str, nth: int = 1) -> tuple[int, int]:
    position = -1
    for _ in range(nth):
        position = text.find(at, position + 1)
        if position < 0:
            raise TruthError(f"{where}: anchor {at!r} not in the text {nth} times")
    inner = at.find(number)
    if inner < 0:
        raise TruthError(f"{where}: number {number!r} not in its anchor {at!r}")
    return position + inner, position + inner + len(number)


def load_case(name: str, folder: Path) -> RealCase:
    truth = tomllib.loads((TRUTH_DIR / f"{name}.truth.toml").read_text(encoding="utf-8"))
    text_path = folder / f"{name}.txt"
    if not text_path.exists():
        raise TruthError(f"{name}: no text {text_path} (docs/drafter.md says how to get it back)")
    text = text_path.read_text(encoding="utf-8")
    meta = truth["meta"]
    if not text.rstrip().endswith(meta["ends"]):
        raise TruthError(f"{name}: the text should end with {meta['ends']!r} (cut the page's text there)")
    figures = []
    for entry in truth.get("figure", []):
        start, end = _span(text, entry["at"], entry["number"], name, entry.get("nth", 1))
        figures.append(
            Expected(
                start,
                end,
                Decimal(entry["value"]),
                entry["unit"],
                entry.get("qualifier", "exact"),
                entry["kind"],
                entry["period"],
                entry.get("region", meta["region"]),
            )
        )
    explained = [_span(text, e["at"], e["number"], name, e.get("nth", 1)) for e in truth.get("not_statistic", [])]
    covered = [(f.start, f.end) for f in figures] + explained
    unaccounted = [m.context(text, 8) for m in find_mentions(text) if not any(s <= m.start < e for s, e in covered)]
    case = Case(name, text, figures, [], dict(meta.get("draft_options", {})))
    return RealCase(name, meta["kind"], case, unaccounted)


def skeleton(name: str, folder: Path) -> str:
    """Every scanned mention of the text with a short anchor (up to 4 characters before it, 2 after,
    within its line) and, when the anchor occurs earlier too, which occurrence it is: the start of a
    truth table, to be filled in by reading the article."""
    text = (folder / f"{name}.txt").read_text(encoding="utf-8")
    lines = []
    for mention in find_mentions(text):
        line_start = text.rfind("\n", 0, mention.start) + 1
        line_end = text.find("\n", mention.end) % (len(text) + 1)
        start = max(line_start, mention.start - 4)
        at = text[start : min(line_end, mention.end + 2)]
        nth = text.count(at, 0, start + len(at))
        where = f", nth = {nth}" if nth > 1 else ""
        lines.append(f'  {{ at = "{at}", number = "{mention.text}"{where} }},')
    return "\n".join(lines)


def run(names: list[str], folder: Path) -> tuple[list[Score], dict[str, str], dict[str, list[str]]]:
    registry = load_registry(SEEDS_DIR)
    scores, kinds, notes = [], {}, {}
    for name in names:
        real = load_case(name, folder)
        score, _ = score_case(real.case, registry)
        scores.append(score)
        kinds[name] = real.article_kind
        notes[name] = (
            score.misses + score.build_problems + [f"truth table misses a mention: {m}" for m in real.unaccounted]
        )
    return scores, kinds, notes


def field_table(rows: list[Score]) -> str:
    header = (
        "| articles | statistics | found | value, unit, qualifier exact | kind | period | region | "
        "non-statistics drafted as figure | builds as drafted |"
    )
    lines = [header, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for s in rows:
        lines.append(
            f"| {s.name} | {s.statistics} | {s.rate(s.found, s.statistics):.0%} | "
            f"{s.rate(s.exact_value, s.statistics):.0%} | "
            f"{s.rate(s.kind, s.found):.0%} | {s.rate(s.period, s.found):.0%} | {s.rate(s.region, s.found):.0%} | "
            f"{s.drafted_as_figure}/{s.non_statistics} ({s.rate(s.drafted_as_figure, s.non_statistics):.0%}) | "
            f"{'yes' if s.builds else 'no'} |"
        )
    return "\n".join(lines)


def report(scores: list[Score], kinds: dict[str, str], label: str) -> str:
    """Per article, then per kind of article, then the set as a whole."""
    rows = list(scores)
    for kind in sorted({kinds[s.name] for s in scores}):
        members = [s for s in scores if kinds[s.name] == kind]
        rows.append(totals(members, f"**{kind}** ({len(members)})"))
    whole = totals(scores, f"**{label}, all {len(scores)}**")
    whole.builds = all(s.builds for s in scores)
    builds = sum(s.builds for s in scores)
    rows.append(whole)
    return field_table(rows) + f"\n\nDrafts that build untouched: {builds}/{len(scores)}."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.draft_real", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--set",
        choices=("test", "tuning", "all"),
        default="tuning",
        help="which articles (bench/real_articles/split.toml); the test set is for the record, not for tuning",
    )
    parser.add_argument("--misses", action="store_true", help="print every miss")
    parser.add_argument(
        "--skeleton",
        metavar="NAME",
        help="print every scanned mention of NAME.txt with a unique anchor",
    )
    args = parser.parse_args(argv)
    folder = texts_dir()
    if args.skeleton:
        print(skeleton(args.skeleton, folder))
        return 0
    split = load_split()
    names = split["test"] + split["tuning"] if args.set == "all" else split[args.set]
    scores, kinds, notes = run(sorted(names), folder)
    label = {"test": "test set", "tuning": "tuning set", "all": "all real articles"}[args.set]
    print(report(scores, kinds, label))
    if args.misses:
        for name, lines in notes.items():
            print(f"\n## {name}")
            for line in lines:
                print(f"- {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
