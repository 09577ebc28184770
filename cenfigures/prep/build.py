"""Data prep: seeds/ (articles + annotations + corpus files) -> data/ (tidy CSV + datapackage.json + articles/).

    python -m cenfigures.prep [--seeds seeds] [--out data] [--no-cache]

Small pure steps, as in owid/etl: load (read and check annotations) -> process (parse, derive,
account for every numeric mention, check the schema) -> save (write to a temporary folder and swap
it in, so a failed or killed build never leaves partial tables). Exits 1 with one line per problem.

`build` parses and checks only the articles whose text or annotation (or the registries they are
checked against) changed since the last build (prep/cache.py keeps the others' rows, beside the data
folder), then checks the corpus as a whole and writes every table: the same bytes as a build from
scratch (`--no-cache`, or `build_tables` + `write_tables`). Many articles to parse are parsed by a
process per core. `rebuild_after(article)` is the build the review screen runs after a save.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import csv
import gc
import hashlib
import io
import json
import operator
import os
import pickle
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cenfigures.prep.annotations import (
    AnnotationError,
    Annotations,
    Problem,
    Registry,
    load_annotations,
    period_years,
    read_toml,
)
from cenfigures.prep.cache import ArticleEntry, Cache, LastBuild, article_key, cache_dir_for, folder_state
from cenfigures.prep.corpus import (
    CORPUS_FILES,
    Corpus,
    article_pairs,
    chart_rows,
    corpus_problems,
    indicator_rows,
    read_corpus_files,
    region_rows,
    topic_rows,
)
from cenfigures.prep.coverage import account_for, figures_without_mention
from cenfigures.prep.derive import FormulaError, derive_value
from cenfigures.prep.scan import find_mentions
from cenfigures.tables.atomic import replace_directory
from cenfigures.tables.contract import SOURCE_ORIGIN
from cenfigures.tables.paths import (
    ARTICLES_FOLDER,
    CSV_ENCODING,
    DATA_DIR,
    DATA_DIR_VARIABLE,
    ORIGINALS_FOLDER,
    SEEDS_DIR,
    SEEDS_DIR_VARIABLE,
)
from cenfigures.tables.schema import (
    SOURCES,
    TABLES,
    Rows,
    Table,
    bool_text,
    datapackage,
    foreign_key_problems,
    number_text,
)

# The fields of [source] that say where an article came in from and that sources.csv carries.
SOURCE_COLUMNS_OF_ORIGIN = tuple(name for name in SOURCE_ORIGIN if name in SOURCES.column_names)


class PrepError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class Tables(dict[str, Rows]):
    """The rows of every table of data/ by name, and the article texts (file name -> bytes) that
    prep copies to data/articles/ so that data/ is complete without seeds/."""

    def __init__(self, rows: dict[str, Rows], articles: dict[str, bytes]):
        super().__init__(rows)
        self.articles = articles


@dataclass
class Article:
    """One article of seeds/ as read: its text, its bytes and its annotation TOML (not yet checked)."""

    text_path: Path
    annotation_path: Path
    raw: bytes
    text: str
    annotation: dict[str, Any]


def date_precision(date: str) -> str:
    return {4: "year", 7: "month", 10: "day"}[len(date)]


def read_article_files(text_path: Path, annotation_path: Path) -> Article:
    """Read one article and its TOML; raises PrepError for a non-UTF-8 text, a missing or invalid
    TOML, or a TOML naming another file."""
    raw = text_path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        reason = f"not UTF-8 text ({error.reason} at byte {error.start}); convert it first, e.g. iconv -f GBK -t UTF-8"
        raise PrepError([Problem(text_path.name, "-", reason)]) from error
    if annotation_path.name in CORPUS_FILES:
        raise PrepError(
            [Problem(text_path.name, "-", f"an article may not be named like the corpus file {annotation_path.name}")]
        )
    if not annotation_path.exists():
        raise PrepError([Problem(annotation_path.name, "-", "annotation file missing")])
    try:
        annotation = read_toml(annotation_path)
    except AnnotationError as error:
        raise PrepError(error.problems) from error
    named = annotation.get("source", {}).get("file") if isinstance(annotation.get("source"), dict) else None
    if named != text_path.name:
        raise PrepError([Problem(annotation_path.name, "source", f"file is {named!r}, not {text_path.name!r}")])
    return Article(text_path, annotation_path, raw, text, annotation)


def duplicate_id_problems(articles: list[Article]) -> list[Problem]:
    """Source ids, and figure, derived and event ids (one namespace), used by two articles: each
    named with both files. (Repeats inside one file are the annotation's own problem.)"""
    problems = []
    source_files: dict[str, str] = {}
    item_files: dict[str, str] = {}
    for article in articles:
        name = article.annotation_path.name
        source_id = article.annotation.get("source", {}).get("id")
        if isinstance(source_id, str) and source_id:
            if source_id in source_files:
                problems.append(
                    Problem(
                        name, "source", f"id {source_id!r} is already the id of the source of {source_files[source_id]}"
                    )
                )
            source_files.setdefault(source_id, name)
        ids = {
            entry["id"]
            for section in ("figure", "derived", "event")
            for entry in article.annotation.get(section, [])
            if isinstance(entry, dict) and isinstance(entry.get("id"), str) and entry["id"]
        }
        for item_id in sorted(ids):
            if item_id in item_files:
                problems.append(Problem(name, item_id, f"duplicate id: also used in {item_files[item_id]}"))
        for item_id in ids:
            item_files.setdefault(item_id, name)
    return problems


def figure_rows(annotations: Annotations, registry: Registry, file_name: str = "annotations") -> Rows:
    """Stated figures, then derived ones, as rows of figures.csv; problems name `file_name`."""
    source_id = annotations.source["id"]
    rows: Rows = []
    by_id = {figure.id: figure for figure in annotations.figures}

    def base(item) -> dict[str, str]:
        start, end = period_years(item.period)
        region = registry.regions[item.region]
        return {
            "figure_id": item.id,
            "source_id": source_id,
            "topic": item.topic,
            "region_id": item.region,
            "region": region["name_zh"],
            "region_en": region["name_en"],
            "indicator_id": item.indicator,
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
                "reviewed": bool_text(figure.reviewed),
                "reviewed_by": figure.reviewed_by,
                "reviewed_at": figure.reviewed_at,
                "guess": figure.guess,
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
                # A value computed from a draft is no more reviewed than its inputs.
                "reviewed": bool_text(spec.reviewed and all(f.reviewed for f in inputs.values())),
                "reviewed_by": spec.reviewed_by,
                "reviewed_at": spec.reviewed_at,
                "guess": "",
            }
        )
    if problems:
        raise PrepError(problems)
    return rows


def event_rows(annotations: Annotations, registry: Registry) -> Rows:
    regions = registry.regions
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
            "quote_en": event.quote_en,
            "quote_start": str(event.quote_start),
            "reviewed": bool_text(event.reviewed),
            "reviewed_by": event.reviewed_by,
            "reviewed_at": event.reviewed_at,
            "guess": event.guess,
        }
        for event in sorted(annotations.events, key=lambda e: (e.date, e.id))
    ]


def source_row(annotations: Annotations, article: Article) -> dict[str, str]:
    source = annotations.source
    return {
        "source_id": source["id"],
        "title": source["title_zh"],
        "title_en": source["title_en"],
        "publisher": source["publisher_zh"],
        "publisher_en": source["publisher_en"],
        "published": source["published"],
        "authors": source.get("authors", ""),
        "file": article.text_path.name,
        "sha256": hashlib.sha256(article.raw).hexdigest(),
        "language": source["language"],
        "reviewed": bool_text(source["reviewed"]),
        **{key: source.get(key, "") for key in SOURCE_COLUMNS_OF_ORIGIN},
    }


def original_problems(article: Article) -> list[Problem]:
    """The kept original an annotation names (`original`, from the intake) must be in the corpus's
    originals/ folder with the SHA-256 the annotation records: it is what proves where the text came from."""
    source = article.annotation.get("source", {})
    named = source.get("original") if isinstance(source, dict) else None
    if not isinstance(named, str) or not named:
        return []
    folder = article.text_path.parent / ORIGINALS_FOLDER
    path = folder / Path(named).name
    if named != f"{ORIGINALS_FOLDER}/{path.name}" or not path.is_file():
        return [Problem(article.annotation_path.name, "source", f"original {named!r} is not a file of {folder}")]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != source.get("original_sha256"):
        return [
            Problem(
                article.annotation_path.name,
                "source",
                f"original {named!r} has SHA-256 {digest}, not the original_sha256 of the annotation",
            )
        ]
    return []


def region_note_rows(annotations: Annotations) -> Rows:
    return [
        {
            "source_id": annotations.source["id"],
            "region_id": note.region,
            "headline": note.headline,
            "headline_en": note.headline_en,
            "headline_start": str(note.headline_start),
            "summary": note.summary,
            "summary_en": note.summary_en,
            "summary_start": str(note.summary_start),
        }
        for note in annotations.region_notes
    ]


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
                Problem(
                    file_name,
                    "-",
                    f"numeric mention {mention.text!r} at {mention.start} is not accounted for: "
                    f"{mention.context(article)}",
                )
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


def read_corpus(seeds_dir: Path) -> tuple[Corpus, list[Article], list[Problem]]:
    """The corpus files and every article of `seeds_dir`, with the registry entries the articles
    declare merged in; the problems of reading and merging (not yet of checking)."""
    corpus = read_corpus_files(seeds_dir)
    articles: list[Article] = []
    problems: list[Problem] = []
    for text_path, annotation_path in article_pairs(seeds_dir):
        try:
            article = read_article_files(text_path, annotation_path)
        except PrepError as error:
            problems += error.problems
            continue
        corpus.declare_all(article.annotation, annotation_path.name)
        problems += original_problems(article)
        articles.append(article)
    return corpus, articles, problems + duplicate_id_problems(articles)


def build_tables(seeds_dir: Path = SEEDS_DIR) -> Tables:
    """Every table of data/ from the corpus in `seeds_dir`; raises PrepError naming every problem."""
    if not article_pairs(seeds_dir):
        raise PrepError([Problem(str(seeds_dir), "-", "no article (*.txt) found")])
    corpus, articles, problems = read_corpus(seeds_dir)
    if corpus.unreadable:  # every id of that registry would be "unknown": name only the cause
        raise PrepError(problems + corpus.problems)
    source_ids = [a.annotation.get("source", {}).get("id", "") for a in articles]
    problems += corpus.problems + corpus_problems(corpus, source_ids)
    registry = corpus.registry()
    tables = Tables({table.name: [] for table in TABLES}, {})
    for article in articles:
        name = article.annotation_path.name
        try:
            annotations = load_annotations(name, article.annotation, article.text, registry)
            mentions, coverage_problems = mention_rows(article.text, annotations, article.text_path.name)
            problems += coverage_problems
            tables["figures"] += figure_rows(annotations, registry, name)
            tables["mentions"] += mentions
        except (AnnotationError, PrepError) as error:
            problems += error.problems
            continue
        tables["events"] += event_rows(annotations, registry)
        tables["sources"].append(source_row(annotations, article))
        tables["region_notes"] += region_note_rows(annotations)
        tables.articles[article.text_path.name] = article.raw
    if problems:  # the rows of the registries assume valid declarations
        raise PrepError(problems)
    tables |= {
        "regions": region_rows(corpus),
        "indicators": indicator_rows(corpus),
        "topics": topic_rows(corpus),
        "charts": chart_rows(corpus),
    }
    for table in TABLES:
        problems += [Problem(table.path, "-", line) for line in table.problems(tables[table.name])]
    problems += [Problem(line.split(" ", 1)[0], "-", line) for line in foreign_key_problems(tables)]
    if problems:
        raise PrepError(problems)
    return tables


def csv_text(table: Table, rows: Rows) -> str:
    return table_header(table) + csv_lines(table, rows)


def table_header(table: Table) -> str:
    return ",".join(_quoted(name) for name in table.column_names) + "\n"


def _quoted(cell: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([cell])
    return buffer.getvalue()


def csv_lines(table: Table, rows: Rows) -> str:
    """`rows` as the lines of `table`'s CSV (no header): rows are written one by one, so the lines of
    several articles joined are the lines of their rows together."""
    names = table.column_names
    if all(len(row) == len(names) for row in rows):
        try:  # the usual rows, holding every column and no other: their values in the columns' order
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerows(map(operator.itemgetter(*names), rows))
            return buffer.getvalue()
        except KeyError:
            pass  # some other column: DictWriter says which
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=names, lineterminator="\n")
    writer.writerows(rows)
    return buffer.getvalue()


def write_tables(tables: Tables, out_dir: Path = DATA_DIR) -> None:
    """Write every table, datapackage.json and the article copies (articles/) to `out_dir`,
    replacing it whole or not at all."""
    texts = {table.path: csv_text(table, tables[table.name]) for table in TABLES}
    write_texts(out_dir, texts, datapackage_text(tables), tables.articles)


def datapackage_text(tables: dict[str, Rows]) -> str:
    return json.dumps(datapackage(tables), ensure_ascii=False, indent=2) + "\n"


def write_texts(
    out_dir: Path, texts: dict[str, str | bytes], descriptor: str, articles: dict[str, bytes | Path]
) -> None:
    """Write the tables' CSV texts (bytes: already UTF-8 with the BOM), datapackage.json and the
    article copies to `out_dir`, replacing it whole or not at all. A file the current folder holds
    byte for byte (a table no changed article has rows in, an article's copy) is linked rather than
    written and flushed again, and so is an article given as the path of that unchanged copy (the
    old folder is never written to: a link is a name)."""
    old_folder = Path(out_dir).resolve()
    old_articles = old_folder / ARTICLES_FOLDER

    def fill(staging: Path) -> list[Path]:
        linked = []

        def put(old: Path, new: Path, data: bytes) -> None:
            if _holds(old, data):
                try:
                    os.link(old, new)
                    linked.append(new)
                    return
                except OSError:
                    pass  # a link is not possible here: written
            new.write_bytes(data)

        for path, text in texts.items():
            put(old_folder / path, staging / path, text if isinstance(text, bytes) else text.encode(CSV_ENCODING))
        put(old_folder / "datapackage.json", staging / "datapackage.json", descriptor.encode("utf-8"))
        copies = staging / ARTICLES_FOLDER
        copies.mkdir()
        copies.chmod(staging.stat().st_mode & 0o7777)
        for file_name, raw in articles.items():
            if isinstance(raw, Path):
                try:
                    os.link(raw, copies / file_name)
                    linked.append(copies / file_name)
                    continue
                except OSError:
                    raw = raw.read_bytes()
            put(old_articles / file_name, copies / file_name, raw)
        return linked

    replace_directory(out_dir, fill)


def _holds(path: Path, data: bytes) -> bool:
    """Whether the file at `path` holds `data` (the size first: most files that differ differ in it)."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


# ---------------------------------------------------------------- a build that parses what changed

ARTICLE_TABLES = ("figures", "mentions", "events", "sources", "region_notes")
REGISTRY_TABLES = ("regions", "indicators", "topics", "charts")
DECLARED = ("regions", "indicators", "topic")  # what an article's TOML may add to the registries
PARALLEL_FROM = 32  # articles to parse from which a process per core parses them


class _Stale(Exception):
    """The cached build cannot go on (a problem somewhere): the build from scratch names it."""


def _declared(annotation: dict[str, Any]) -> dict[str, Any]:
    return {kind: annotation[kind] for kind in DECLARED if kind in annotation}


def _corpus_digest(seeds_dir: Path) -> str:
    """The corpus files' names and bytes."""
    digest = hashlib.sha256()
    for name in CORPUS_FILES:
        path = seeds_dir / name
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path.exists() else b"-"))
    return digest.hexdigest()


def _fingerprint(seeds_dir: Path, declared: list[tuple[str, dict]]) -> str:
    """What every article's rows are checked against: the corpus files and every declaration."""
    digest = hashlib.sha256(_corpus_digest(seeds_dir).encode())
    digest.update(json.dumps(declared, sort_keys=True, ensure_ascii=False, default=str).encode())
    return digest.hexdigest()


def _registry(seeds_dir: Path, declarations: list[tuple[str, dict[str, Any]]]) -> Registry:
    """The registries of the corpus files with these declarations."""
    corpus = read_corpus_files(seeds_dir)
    for name, declaration in declarations:
        corpus.declare_all(declaration, name)
    return corpus.registry()


def article_entry(article: Article, registry: Registry, fingerprint: str, key: str) -> ArticleEntry:
    """One article parsed, derived, accounted for and checked row by row against the registries;
    raises PrepError (or AnnotationError) naming its problems."""
    name = article.annotation_path.name
    annotations = load_annotations(name, article.annotation, article.text, registry)
    mentions, problems = mention_rows(article.text, annotations, article.text_path.name)
    if problems:
        raise PrepError(problems)
    rows = {
        "figures": figure_rows(annotations, registry, name),
        "mentions": mentions,
        "events": event_rows(annotations, registry),
        "sources": [source_row(annotations, article)],
        "region_notes": region_note_rows(annotations),
    }
    tables = {table.name: table for table in TABLES}
    problems = [Problem(tables[n].path, "-", line) for n in ARTICLE_TABLES for line in tables[n].problems(rows[n])]
    if problems:
        raise PrepError(problems)
    references = {
        f"{n}.{column}": sorted({row[column] for row in rows[n]} - {""})
        for n in ARTICLE_TABLES
        for column, _, _ in tables[n].foreign_keys
    }
    return ArticleEntry(
        key=key,
        registry=fingerprint,
        source_id=annotations.source["id"],
        item_ids=tuple(
            entry["id"]
            for section in ("figure", "derived", "event")
            for entry in article.annotation.get(section, [])
            if isinstance(entry, dict) and isinstance(entry.get("id"), str)
        ),
        declared=_declared(article.annotation),
        csv={n: csv_lines(tables[n], rows[n]).encode(CSV_ENCODING.removesuffix("-sig")) for n in ARTICLE_TABLES},
        keys={n: "\n".join(tables[n].key(row) for row in rows[n]) for n in ARTICLE_TABLES},
        references=references,
        counts={n: len(rows[n]) for n in ARTICLE_TABLES},
        source_row=rows["sources"][0],
    )


_WORKER: dict[str, Any] = {}


def _start_worker(registry: Registry, fingerprint: str) -> None:
    _WORKER.update(registry=registry, fingerprint=fingerprint)
    gc.disable()


def _entry_job(job: tuple[Path, Path, str]) -> tuple[dict[str, Any] | None, bytes | None]:
    """One article read, parsed once and checked (article_entry) in a worker process: what it
    declares, and its entry pickled (as the cache keeps it: the parent writes these bytes as they
    are); no entry for an article with a problem, nothing for one that cannot be read (the build from
    scratch then names the problem)."""
    text_path, annotation_path, key = job
    try:
        article = read_article_files(text_path, annotation_path)
    except PrepError:
        return None, None
    try:
        entry = article_entry(article, _WORKER["registry"], _WORKER["fingerprint"], key)
    except (PrepError, AnnotationError):
        return _declared(article.annotation), None
    return entry.declared, pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)


def _entries(
    jobs: list[tuple[Path, Path, str]], registry: Registry, fingerprint: str
) -> list[tuple[dict[str, Any] | None, bytes | None]]:
    """_entry_job of the articles to parse, by a process per core when there are many."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if len(jobs) < PARALLEL_FROM or cores < 2:
        _start_worker(registry, fingerprint)
        return [_entry_job(job) for job in jobs]
    with concurrent.futures.ProcessPoolExecutor(
        max_workers=cores, initializer=_start_worker, initargs=(registry, fingerprint)
    ) as pool:
        return list(pool.map(_entry_job, jobs, chunksize=max(1, len(jobs) // (cores * 8))))


# An annotation that may declare registry entries: a [regions.<id>] or [indicators.<id>] table (or a
# dotted or inline key of them) or a [[topic]] (or an inline array of them). Only a guess, made on
# the bytes before they are parsed (a note that names "regions" matches too): what the articles
# really declare is checked once they are parsed.
_MAY_DECLARE = re.compile(
    rb'^[ \t]*(?:\[\[?[ \t]*["\']?(?:regions|indicators|topic)\b|["\']?(?:regions|indicators)["\']?[ \t]*[.=]'
    rb"|topic[ \t]*=[ \t]*\[)",
    re.M,
)


def _declarations(declared: list[tuple[Path, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    """The articles' declarations that add to the registries (an article that declares nothing
    changes nothing: adding one leaves the other articles' rows as they were)."""
    return [(annotation_path.name, entry) for annotation_path, entry in declared if entry]


def build(seeds_dir: Path = SEEDS_DIR, out_dir: Path = DATA_DIR, *, use_cache: bool = True) -> dict[str, int]:
    """Build `out_dir` from the corpus in `seeds_dir`, parsing and checking only the articles that
    changed since the cache (cache.cache_dir_for(out_dir)) was filled; returns the rows per table.
    Raises PrepError naming every problem, `out_dir` then left as it was. `use_cache=False`: a build
    from scratch that neither reads nor fills the cache. The same bytes either way."""
    collecting = gc.isenabled()
    gc.disable()  # a build makes millions of small objects and frees few: no collection pays off
    try:
        return _build(seeds_dir, out_dir, Cache(cache_dir_for(out_dir) if use_cache else None))
    except _Stale:
        tables = build_tables(seeds_dir)  # raises PrepError naming every problem
        write_tables(tables, out_dir)
        return {name: len(rows) for name, rows in tables.items()}
    finally:
        if collecting:
            gc.enable()


def _build(seeds_dir: Path, out_dir: Path, cache: Cache) -> dict[str, int]:
    pairs = article_pairs(seeds_dir)
    corpus = read_corpus_files(seeds_dir)
    if not pairs or corpus.unreadable:
        raise _Stale
    old_copies = Path(out_dir).resolve() / ARTICLES_FOLDER
    found: list[tuple[Path, Path, bytes | Path, str]] = []
    annotations: list[bytes] = []  # the annotations read (those of changed articles), else b""
    for text_path, annotation_path in pairs:
        key, stats = cache.known_key((text_path, annotation_path)) or (None, None)
        copy = old_copies / text_path.name
        annotation = b""
        if key is not None and stats is not None and copy.is_file() and copy.stat().st_size == stats[0][0]:
            raw: bytes | Path = copy  # unchanged since the last build, which copied it there
        else:
            try:
                raw, annotation = text_path.read_bytes(), annotation_path.read_bytes()
            except OSError as error:
                raise _Stale from error
            key = article_key(text_path.name, raw, annotation_path.name, annotation)
        if stats is not None:
            cache.remember((text_path, annotation_path), stats, key)
        found.append((text_path, annotation_path, raw, key))
        annotations.append(annotation)
    # The articles and the corpus files as the last build found them, and the data folder as it
    # left it: that build's tables are this one's.
    sources = (tuple((a.name, key) for _, a, _, key in found), _corpus_digest(seeds_dir))
    last = cache.last_build()
    if last is not None and last.sources == sources and last.folder == folder_state(out_dir):
        cache.save_seen()
        return dict(last.counts)
    known: dict[str, ArticleEntry] = {}  # key -> the entry the cache holds
    guessed: list[tuple[Path, dict[str, Any]]] = []  # what each article is taken to declare
    for (text_path, annotation_path, _, key), annotation in zip(found, annotations):
        entry = known.get(key) or cache.get(key)
        if entry is not None:
            known[key] = entry
            guessed.append((annotation_path, entry.declared))
        elif _MAY_DECLARE.search(annotation or annotation_path.read_bytes()):
            try:  # read here, to check the other articles against what it declares
                guessed.append((annotation_path, _declared(read_article_files(text_path, annotation_path).annotation)))
            except PrepError as error:
                raise _Stale from error
        else:
            guessed.append((annotation_path, {}))
    # The articles the cache does not hold are read, parsed and checked in one go, against the
    # registries with what the articles are taken to declare; when one of them declares more (or
    # less), every article is checked again against the registries they make.
    fingerprint = _fingerprint(seeds_dir, _declarations(guessed))
    registry = _registry(seeds_dir, _declarations(guessed))
    jobs = [(t, a, key) for t, a, _, key in found if key not in known or known[key].registry != fingerprint]
    made = dict(zip((job[2] for job in jobs), _entries(jobs, registry, fingerprint)))
    declared: list[tuple[Path, dict[str, Any]]] = []
    for (_, annotation_path, _, key), (_, guess) in zip(found, guessed):
        if key in made and made[key][0] is None:
            raise _Stale  # not readable
        declared.append((annotation_path, made[key][0] if key in made else guess))
    for annotation_path, declaration in declared:
        corpus.declare_all(declaration, annotation_path.name)
    if corpus.problems:
        raise _Stale
    declarations = _declarations(declared)
    if declarations != _declarations(guessed):
        fingerprint = _fingerprint(seeds_dir, declarations)
        jobs = [(t, a, key) for t, a, _, key in found if key in made or known[key].registry != fingerprint]
        made = dict(zip((job[2] for job in jobs), _entries(jobs, corpus.registry(), fingerprint)))
    entries: list[ArticleEntry] = []
    for _, _, _, key in found:
        if key in made:
            pickled = made[key][1]
            if pickled is None:
                raise _Stale
            entry = pickle.loads(pickled)
            cache.put(entry, pickled)
        else:
            entry = known[key]
        entries.append(entry)
    source_ids = [entry.source_id for entry in entries]
    if corpus_problems(corpus, source_ids) or _duplicates(entries):
        raise _Stale
    light: dict[str, Rows] = {
        "regions": region_rows(corpus),
        "indicators": indicator_rows(corpus),
        "topics": topic_rows(corpus),
        "charts": chart_rows(corpus),
        "sources": [entry.source_row for entry in entries],
    }
    tables = {table.name: table for table in TABLES}
    if any(tables[name].problems(light[name]) for name in REGISTRY_TABLES):
        raise _Stale
    if foreign_key_problems({name: light[name] for name in (*REGISTRY_TABLES, "sources")}):
        raise _Stale
    for name in ARTICLE_TABLES:  # keys unique across the corpus, references to rows that exist
        keys: set[str] = set()
        for entry in entries:
            if entry.keys[name]:
                mine = entry.keys[name].split("\n")
                before = len(keys)
                keys.update(mine)
                if len(keys) != before + len(mine):
                    raise _Stale
        for column, other, other_column in tables[name].foreign_keys:
            targets = {row[other_column] for row in light.get(other, [])}
            if any(value not in targets for entry in entries for value in entry.references[f"{name}.{column}"]):
                raise _Stale
    utf8 = CSV_ENCODING.removesuffix("-sig")
    texts: dict[str, str | bytes] = {
        tables[name].path: b"".join(
            ["\ufeff".encode(utf8), table_header(tables[name]).encode(utf8), *(entry.csv[name] for entry in entries)]
        )
        for name in ARTICLE_TABLES
    }
    texts |= {tables[name].path: csv_text(tables[name], light[name]) for name in REGISTRY_TABLES}
    articles = {text_path.name: raw for text_path, _, raw, _ in found}
    write_texts(out_dir, {table.path: texts[table.path] for table in TABLES}, datapackage_text(light), articles)
    cache.prune()
    cache.save_seen()
    counts = {name: sum(entry.counts[name] for entry in entries) for name in ARTICLE_TABLES}
    counts = {table.name: counts.get(table.name, len(light.get(table.name, []))) for table in TABLES}
    cache.save_last_build(LastBuild(sources, folder_state(out_dir), counts))
    return counts


def _duplicates(entries: list[ArticleEntry]) -> bool:
    """Whether two articles share a source id or a figure, derived or event id."""
    sources = [entry.source_id for entry in entries]
    items = [item for entry in entries for item in set(entry.item_ids)]
    return len(set(sources)) != len(sources) or len(set(items)) != len(items)


def rebuild_after(article: Path, out_dir: Path = DATA_DIR, seeds_dir: Path | None = None) -> dict[str, int]:
    """Rebuild `out_dir` after `article` (its text or its annotation, in `seeds_dir`, by default the
    article's folder) was saved: the other articles come from the cache. What the review screen
    calls after each save; raises PrepError naming the problems, `out_dir` then unchanged."""
    return build(seeds_dir or Path(article).parent, out_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cenfigures.prep", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seeds",
        type=Path,
        default=SEEDS_DIR,
        help=f"folder of articles, annotations and corpus files (default: ${SEEDS_DIR_VARIABLE}, else seeds/)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DATA_DIR,
        help=f"folder to write the tables to (default: ${DATA_DIR_VARIABLE}, else data/)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="parse every article again, neither reading nor filling the cache beside --out (the same bytes)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        counts = build(args.seeds, args.out, use_cache=not args.no_cache)
    except PrepError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"prep failed: {len(error.problems)} problem(s); {args.out} left unchanged", file=sys.stderr)
        return 1
    said = ", ".join(f"{count} {name}" for name, count in counts.items())
    print(f"wrote {args.out}: {said} in {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
