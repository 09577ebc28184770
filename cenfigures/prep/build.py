"""Data prep: seeds/ (article + annotations) -> data/ (tidy CSV + datapackage.json).

    python -m cenfigures.prep [--seeds seeds] [--out data]

Small pure steps, as in owid/etl: load (read and check annotations) -> process (parse, derive,
account for every numeric mention, check the schema) -> save (write to a temporary folder and swap
it in, so a failed or killed build never leaves partial tables). Exits 1 with one line per problem.
"""

from __future__ import annotations

import argparse
import csv
import ctypes
import ctypes.util
import hashlib
import io
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from cenfigures.prep.annotations import (
    AnnotationError,
    Annotations,
    Problem,
    load_annotations,
    period_years,
    read_article,
)
from cenfigures.prep.coverage import account_for, figures_without_mention
from cenfigures.prep.derive import FormulaError, derive_value
from cenfigures.prep.scan import find_mentions
from cenfigures.tables.paths import CSV_ENCODING, DATA_DIR, SEEDS_DIR
from cenfigures.tables.schema import TABLES, Table, datapackage, number_text

Rows = list[dict[str, str]]


class PrepError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))




def date_precision(date: str) -> str:
    return {4: "year", 7: "month", 10: "day"}[len(date)]


def article_pairs(seeds_dir: Path) -> list[tuple[Path, Path]]:
    """(article.txt, article.toml) pairs of seeds/; an article without annotations is a problem."""
    pairs = []
    for text_path in sorted(seeds_dir.glob("*.txt")):
        pairs.append((text_path, text_path.with_suffix(".toml")))
    return pairs


def load_article(text_path: Path, annotation_path: Path) -> tuple[str, Annotations]:
    """Read one article and its annotations; raises PrepError naming every problem."""
    try:
        article = read_article(text_path)
    except UnicodeDecodeError as error:
        raise PrepError([Problem(text_path.name, "-", f"not UTF-8 text ({error.reason} at byte {error.start})")]) from error
    if not annotation_path.exists():
        raise PrepError([Problem(annotation_path.name, "-", "annotation file missing")])
    try:
        annotations = load_annotations(annotation_path, article)
    except AnnotationError as error:
        raise PrepError(error.problems) from error
    if annotations.source.get("file") != text_path.name:
        raise PrepError([Problem(annotation_path.name, "source", f"file is {annotations.source.get('file')!r}, not {text_path.name!r}")])
    return article, annotations


def figure_rows(annotations: Annotations, file_name: str = "annotations") -> Rows:
    """Stated figures, then derived ones, as rows of figures.csv; problems name `file_name`."""
    source_id = annotations.source["id"]
    regions = annotations.regions
    rows: Rows = []
    by_id = {figure.id: figure for figure in annotations.figures}

    def base(item) -> dict[str, str]:
        start, end = period_years(item.period)
        region = regions[item.region]
        return {
            "figure_id": item.id,
            "source_id": source_id,
            "topic": item.topic,
            "region_id": item.region,
            "region": region["name_zh"],
            "region_en": region["name_en"],
            "indicator_zh": item.indicator_zh,
            "indicator_en": item.indicator_en,
            "period": item.period,
            "period_start": str(start),
            "period_end": str(end),
        }

    for figure in annotations.figures:
        rows.append(
            base(figure)
            | {
                "value": number_text(figure.quantity.value),
                "unit": figure.quantity.unit,
                "value_as_stated": figure.quantity.as_stated,
                "qualifier": figure.quantity.qualifier,
                "kind": figure.kind,
                "quote": figure.quote,
                "quote_start": str(figure.quote_start),
                "formula": "",
                "inputs": "",
                "note_zh": figure.note_zh,
                "note_en": figure.note_en,
            }
        )

    problems = []
    for spec in annotations.derived:
        inputs = {name: by_id[figure_id] for name, figure_id in spec.inputs.items()}
        start, end = period_years(spec.period)
        try:
            value = derive_value(spec.formula, {n: f.quantity.value for n, f in inputs.items()}, end - start)
        except FormulaError as error:
            problems.append(Problem(file_name, spec.id, str(error)))
            continue
        exact = all(f.quantity.qualifier == "exact" for f in inputs.values())
        rows.append(
            base(spec)
            | {
                "value": number_text(value),
                "unit": spec.unit,
                "value_as_stated": "",
                "qualifier": "exact" if exact else "about",
                "kind": "derived",
                "quote": "",
                "quote_start": "",
                "formula": spec.formula,
                "inputs": ";".join(f"{name}={figure_id}" for name, figure_id in spec.inputs.items()),
                "note_zh": spec.note_zh,
                "note_en": spec.note_en,
            }
        )
    if problems:
        raise PrepError(problems)
    return rows


def event_rows(annotations: Annotations) -> Rows:
    regions = annotations.regions
    return [
        {
            "event_id": event.id,
            "source_id": annotations.source["id"],
            "date": event.date,
            "date_end": event.date_end,
            "precision": date_precision(event.date),
            "title_zh": event.title_zh,
            "title_en": event.title_en,
            "topic": event.topic,
            "region_id": event.region,
            "region": regions[event.region]["name_zh"],
            "region_en": regions[event.region]["name_en"],
            "quote": event.quote,
            "quote_start": str(event.quote_start),
        }
        for event in sorted(annotations.events, key=lambda e: (e.date, e.id))
    ]


def source_row(annotations: Annotations, text_path: Path) -> dict[str, str]:
    source = annotations.source
    return {
        "source_id": source["id"],
        "title": source["title_zh"],
        "title_en": source["title_en"],
        "publisher": source["publisher_zh"],
        "publisher_en": source["publisher_en"],
        "published": source["published"],
        "authors": source.get("authors", ""),
        "file": text_path.name,
        "sha256": hashlib.sha256(text_path.read_bytes()).hexdigest(),
        "language": source["language"],
    }


def region_rows(annotations: Annotations) -> Rows:
    rows = []
    for region_id, region in annotations.regions.items():
        starts = annotations.region_quote_starts[region_id]
        rows.append(
            {
                "region_id": region_id,
                "source_id": annotations.source["id"],
                "name_zh": region["name_zh"],
                "name_en": region["name_en"],
                "level": region["level"],
                "map_zh": region.get("map_zh", ""),
                "headline": region["headline"],
                "headline_en": region["headline_en"],
                "headline_start": str(starts["headline"]),
                "summary": region["summary"],
                "summary_en": region["summary_en"],
                "summary_start": str(starts["summary"]),
            }
        )
    return rows


def mention_rows(article: str, annotations: Annotations, file_name: str) -> tuple[Rows, list[Problem]]:
    """Every numeric mention with what accounts for it, and one problem per mention nothing does."""
    source_id = annotations.source["id"]
    mentions = find_mentions(article)
    rows: Rows = []
    problems: list[Problem] = []
    for acc in account_for(mentions, annotations):
        mention = acc.mention
        if not acc.claimed_by:
            problems.append(
                Problem(file_name, "-", f"numeric mention {mention.text!r} at {mention.start} is not accounted for: {mention.context(article)}")
            )
            continue
        rows.append(
            {
                "mention_id": f"{source_id}-{mention.start}",
                "source_id": source_id,
                "start": str(mention.start),
                "end": str(mention.end),
                "text": mention.text,
                "mention_kind": mention.kind,
                "claimed_by": acc.claimed_by,
                "ref": acc.ref,
                "reason": acc.reason,
            }
        )
    problems += [
        Problem(file_name, figure_id, "the scanner finds no numeric mention in the figure's number")
        for figure_id in figures_without_mention(mentions, annotations)
    ]
    return rows, problems


def build_tables(seeds_dir: Path = SEEDS_DIR) -> dict[str, Rows]:
    """Every table of data/ from the articles in `seeds_dir`; raises PrepError naming every problem."""
    tables: dict[str, Rows] = {table.name: [] for table in TABLES}
    problems: list[Problem] = []
    pairs = article_pairs(seeds_dir)
    if not pairs:
        raise PrepError([Problem(str(seeds_dir), "-", "no article (*.txt) found")])
    for text_path, annotation_path in pairs:
        try:
            article, annotations = load_article(text_path, annotation_path)
            mentions, coverage_problems = mention_rows(article, annotations, text_path.name)
            problems += coverage_problems
            tables["figures"] += figure_rows(annotations, annotation_path.name)
            tables["mentions"] += mentions
        except PrepError as error:
            problems += error.problems
            continue
        tables["events"] += event_rows(annotations)
        tables["sources"].append(source_row(annotations, text_path))
        tables["regions"] += region_rows(annotations)
    for table in TABLES:
        problems += [Problem(table.path, "-", line) for line in table.problems(tables[table.name])]
    if problems:
        raise PrepError(problems)
    return tables


def csv_text(table: Table, rows: Rows) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=table.column_names, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _exchange(new: Path, target: Path) -> bool:
    """Swap two directories in one step (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name or not target.exists():
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    if not hasattr(libc, "renameat2"):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = libc.renameat2(at_fdcwd, os.fsencode(new), at_fdcwd, os.fsencode(target), rename_exchange)
    return result == 0


def write_tables(tables: dict[str, Rows], out_dir: Path = DATA_DIR) -> None:
    """Write every table and datapackage.json to `out_dir`, replacing it whole or not at all."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-new-", dir=out_dir.parent))
    try:
        # mkdtemp makes the folder private (0700); the swapped-in folder keeps the old one's mode.
        staging.chmod(out_dir.stat().st_mode & 0o7777 if out_dir.exists() else 0o755)
        for table in TABLES:
            (staging / table.path).write_text(csv_text(table, tables[table.name]), encoding=CSV_ENCODING)
        descriptor = json.dumps(datapackage(tables["sources"]), ensure_ascii=False, indent=2) + "\n"
        (staging / "datapackage.json").write_text(descriptor, encoding="utf-8")
        for path in staging.iterdir():  # data reaches the disk before the swap makes it visible
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())
        if _exchange(staging, out_dir):
            shutil.rmtree(staging)  # now holds the previous tables
        else:
            previous = out_dir.with_name(f".{out_dir.name}-old-{os.getpid()}")
            if out_dir.exists():
                os.rename(out_dir, previous)
            try:
                os.rename(staging, out_dir)
            except BaseException:
                if previous.exists():  # put the previous tables back
                    os.rename(previous, out_dir)
                raise
            shutil.rmtree(previous, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cenfigures.prep", description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=SEEDS_DIR, help="folder of articles and annotations")
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="folder to write the tables to")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        tables = build_tables(args.seeds)
    except PrepError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"prep failed: {len(error.problems)} problem(s); {args.out} left unchanged", file=sys.stderr)
        return 1
    write_tables(tables, args.out)
    counts = ", ".join(f"{len(rows)} {name}" for name, rows in tables.items())
    print(f"wrote {args.out}: {counts} in {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
