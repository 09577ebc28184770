"""How well the drafter drafts: the seed article against its reviewed annotation, and the articles
written for tests (tests/fixtures/drafter/, with the held-out rounds in heldout/ and heldout2/) against
their expected tables, field by field.

    python -m bench.draft_score [--write docs/drafter.md]

Per article: statistics found (a draft figure whose number covers the expected number), value +
unit + qualifier exact (over all expected statistics), kind, period and region right (over the
statistics found), non-statistics drafted as a figure (over the scanned mentions that are no
statistic's number), event dates found, and whether the draft builds as it is with every mention
accounted for. Then the time to draft and build a 3,000-character article.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from cenfigures.draft.assemble import Draft, draft_article
from cenfigures.draft.registry import Registry, load_registry
from cenfigures.draft.write import render_draft
from cenfigures.prep import build as prep
from cenfigures.prep.annotations import load_annotations
from cenfigures.prep.corpus import CORPUS_FILES
from cenfigures.prep.scan import find_mentions
from cenfigures.tables.paths import SEEDS_DIR

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "drafter"
DOC = ROOT / "docs" / "drafter.md"
SEED = "cen-2022-01-local-it-study-meetings"
TODAY_YEAR = 2026


@dataclass
class Expected:
    start: int
    end: int
    value: Decimal
    unit: str
    qualifier: str
    kind: str
    period: str
    region: str


@dataclass
class Case:
    name: str
    text: str
    figures: list[Expected]
    event_dates: list[str]
    options: dict[str, str] = field(default_factory=dict)


@dataclass
class Score:
    name: str
    statistics: int = 0
    found: int = 0
    exact_value: int = 0
    kind: int = 0
    period: int = 0
    region: int = 0
    non_statistics: int = 0
    drafted_as_figure: int = 0
    events: int = 0
    events_found: int = 0
    builds: bool = False
    build_problems: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def rate(self, part: int, whole: int) -> float:
        return part / whole if whole else 1.0


def seed_case(seeds_dir: Path = SEEDS_DIR) -> Case:
    corpus, articles, _ = prep.read_corpus(seeds_dir)
    article = next(a for a in articles if a.text_path.name == f"{SEED}.txt")
    annotations = load_annotations(article.annotation_path.name, article.annotation, article.text, corpus.registry())
    figures = [
        Expected(
            f.number_start,
            f.number_start + len(f.quantity.as_stated),
            f.quantity.value,
            f.quantity.unit,
            f.quantity.qualifier,
            f.kind,
            f.period,
            f.region,
        )
        for f in annotations.figures
    ]
    dates = sorted({e.date for e in annotations.events})
    source = annotations.source
    return Case(
        "seed article (reviewed annotation)", article.text, figures, dates, {"publisher": source["publisher_zh"]}
    )


def fixture_cases(folder: Path = FIXTURES) -> list[Case]:
    cases = []
    for expected_path in sorted(folder.glob("*.expected.toml")):
        text = (folder / expected_path.name.replace(".expected.toml", ".txt")).read_text(encoding="utf-8")
        expected = tomllib.loads(expected_path.read_text(encoding="utf-8"))
        figures = []
        for entry in expected["figure"]:
            at = text.index(entry["at"])
            start = at + entry["at"].index(entry["number"])
            figures.append(
                Expected(
                    start,
                    start + len(entry["number"]),
                    Decimal(entry["value"]),
                    entry["unit"],
                    entry["qualifier"],
                    entry["kind"],
                    entry["period"],
                    entry["region"],
                )
            )
        dates = sorted(e["date"] for e in expected.get("event", []))
        cases.append(
            Case(
                expected_path.name.replace(".expected.toml", ""),
                text,
                figures,
                dates,
                dict(expected.get("draft_options", {})),
            )
        )
    return cases


def draft_case(case: Case, registry: Registry) -> Draft:
    return draft_article(
        case.text,
        f"{_file_name(case)}.txt",
        _file_name(case),
        registry,
        registry.topics,
        publisher=case.options.get("publisher", ""),
        published=case.options.get("published", ""),
        region=case.options.get("region", ""),
        today_year=TODAY_YEAR,
    )


def _file_name(case: Case) -> str:
    return "draft-" + "".join(c if c.isalnum() else "-" for c in case.name.split(" ")[0]).lower()


def _close(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) <= abs(b) * Decimal("1e-8") + Decimal("1e-9")


def score_case(case: Case, registry: Registry) -> tuple[Score, Draft]:
    draft = draft_case(case, registry)
    score = Score(case.name, statistics=len(case.figures))
    spans = [(f.number_start, f.number_start + len(f.number), f) for f in draft.figures]
    for expected in case.figures:
        figure = next((f for s, e, f in spans if s < expected.end and expected.start < e), None)
        words = case.text[expected.start : expected.end]
        if figure is None:
            score.misses.append(f"not found: {words!r}")
            continue
        score.found += 1
        q = figure.quantity
        if _close(q.value, expected.value) and q.unit == expected.unit and q.qualifier == expected.qualifier:
            score.exact_value += 1
        else:
            score.misses.append(
                f"value {words!r}: {q.value} {q.unit} {q.qualifier} (expected {expected.value} {expected.unit} "
                f"{expected.qualifier})"
            )
        for name, got, want in (
            ("kind", figure.kind, expected.kind),
            ("period", figure.period, expected.period),
            ("region", figure.region, expected.region),
        ):
            if got == want:
                setattr(score, name, getattr(score, name) + 1)
            else:
                score.misses.append(f"{name} {words!r}: {got} (expected {want})")
    expected_spans = [(f.start, f.end) for f in case.figures]
    for mention in find_mentions(case.text):
        if any(s <= mention.start < e for s, e in expected_spans):
            continue
        score.non_statistics += 1
        if any(s <= mention.start < e for s, e, _ in spans):
            score.drafted_as_figure += 1
            score.misses.append(f"non-statistic drafted as a figure: {mention.context(case.text)}")
    draft_dates = {e.date for e in draft.events}
    score.events = len(case.event_dates)
    score.events_found = sum(date in draft_dates for date in case.event_dates)
    score.builds, score.build_problems = build_draft(case, draft, registry)
    return score, draft


def build_draft(case: Case, draft: Draft, registry: Registry, corpus_articles: bool = True) -> tuple[bool, list[str]]:
    """Build the draft as it is with the project's prep, in a temporary copy of seeds/ (the corpus
    files, and with `corpus_articles` every article with its annotation, so that the draft's ids and
    declarations meet the corpus's checks); the problems prep names when it refuses."""
    with tempfile.TemporaryDirectory() as folder:
        seeds = Path(folder)
        copy_corpus(SEEDS_DIR, seeds, corpus_articles)
        name = draft.source["file"].removesuffix(".txt")
        (seeds / f"{name}.txt").write_text(case.text, encoding="utf-8")
        (seeds / f"{name}.toml").write_text(render_draft(draft), encoding="utf-8")
        try:
            prep.build_tables(seeds)
        except prep.PrepError as error:
            return False, [str(p) for p in error.problems]
    return True, []


def copy_corpus(seeds_dir: Path, target: Path, articles: bool = True) -> None:
    """The corpus files of `seeds_dir` (and with `articles` its articles and annotations) into `target`."""
    for name in CORPUS_FILES:
        shutil.copy2(seeds_dir / name, target / name)
    if articles:
        for text_path, annotation_path in prep.article_pairs(seeds_dir):
            shutil.copy2(text_path, target / text_path.name)
            shutil.copy2(annotation_path, target / annotation_path.name)


def timing(registry: Registry, repeat: int = 5) -> dict[str, float]:
    """Seconds to draft and build a 3,000-character article (three fixture articles as one), median."""
    texts = [c.text for c in fixture_cases()]
    article = ""
    for text in texts * 2:
        if len(article) >= 3000:
            break
        article += text + "\n\n"
    article = article[:3000]
    case = Case("timing", article, [], [], {"published": "2024"})
    draft_seconds, build_seconds = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        draft = draft_case(case, registry)
        render_draft(draft)
        draft_seconds.append(time.perf_counter() - started)
        started = time.perf_counter()
        build_draft(case, draft, registry, corpus_articles=False)
        build_seconds.append(time.perf_counter() - started)
    return {
        "chars": len(article),
        "draft": statistics.median(draft_seconds),
        "build": statistics.median(build_seconds),
        "total": statistics.median(d + b for d, b in zip(draft_seconds, build_seconds)),
    }


def totals(scores: list[Score], name: str) -> Score:
    total = Score(name)
    for score in scores:
        for name in (
            "statistics",
            "found",
            "exact_value",
            "kind",
            "period",
            "region",
            "non_statistics",
            "drafted_as_figure",
            "events",
            "events_found",
        ):
            setattr(total, name, getattr(total, name) + getattr(score, name))
    total.builds = all(s.builds for s in scores)
    return total


def table(scores: list[Score]) -> str:
    header = (
        "| article | statistics | found | value, unit, qualifier exact | kind | period | region | "
        "non-statistics drafted as figure | event dates | builds as drafted |"
    )
    lines = [header, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for s in scores:
        lines.append(
            f"| {s.name} | {s.statistics} | {s.rate(s.found, s.statistics):.0%} | "
            f"{s.rate(s.exact_value, s.statistics):.0%} | "
            f"{s.rate(s.kind, s.found):.0%} | {s.rate(s.period, s.found):.0%} | {s.rate(s.region, s.found):.0%} | "
            f"{s.drafted_as_figure}/{s.non_statistics} ({s.rate(s.drafted_as_figure, s.non_statistics):.0%}) | "
            f"{s.events_found}/{s.events} | {'yes' if s.builds else 'no'} |"
        )
    return "\n".join(lines)


def run() -> tuple[list[Score], Score, dict[str, float], dict[str, list[str]]]:
    registry = load_registry(SEEDS_DIR)
    seed_score, _ = score_case(seed_case(), registry)
    fixture_scores = [score_case(case, registry)[0] for case in fixture_cases()]
    heldout_scores = [score_case(case, registry)[0] for case in fixture_cases(FIXTURES / "heldout")]
    for score in heldout_scores:
        score.name += " (held out)"
    # The second round: written after the first round's fixes, before the drafter ran on them.
    heldout2_scores = [score_case(case, registry)[0] for case in fixture_cases(FIXTURES / "heldout2")]
    for score in heldout2_scores:
        score.name += " (held out, round 2)"
    rows = [seed_score] + fixture_scores + [totals(fixture_scores, "written-for-tests articles, all five")]
    rows += heldout_scores + [totals(heldout_scores, "held-out articles, all three")]
    rows += heldout2_scores + [totals(heldout2_scores, "second held-out round, all three")]
    misses = {
        s.name: s.misses + s.build_problems for s in [seed_score] + fixture_scores + heldout_scores + heldout2_scores
    }
    return rows, timing(registry), misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.draft_score", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--write", type=Path, default=None, help="replace the score table in this Markdown file (docs/drafter.md)"
    )
    parser.add_argument("--misses", action="store_true", help="print every miss")
    args = parser.parse_args(argv)
    scores, times, misses = run()
    text = table(scores)
    text += (
        f"\n\nDraft + build of a {times['chars']:,}-character article: {times['total']:.2f} s "
        f"(draft {times['draft']:.2f} s, build {times['build']:.2f} s; median of 5)."
    )
    print(text)
    if args.misses:
        for name, lines in misses.items():
            print(f"\n## {name}")
            for line in lines:
                print(f"- {line}")
    if args.write:
        document = args.write.read_text(encoding="utf-8")
        begin, end = "<!-- bench:draft_score -->", "<!-- /bench:draft_score -->"
        head, _, rest = document.partition(begin)
        _, _, tail = rest.partition(end)
        args.write.write_text(f"{head}{begin}\n{text}\n{end}{tail}", encoding="utf-8")
        print(f"wrote {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
