"""What prep says of a corrected annotation, entry by entry, in prep's own words.

Nothing here judges an annotation: it calls prep's checkers (cenfigures.prep.annotations'
`check_annotations`, the corpus's checks, the coverage of mentions, the derivation of formulas) on
the corrected text against the rest of the corpus, and files each problem under the entry it
names, so the screen can show one message next to the entry that breaks it. The rest of the corpus
(the registries and every other article's declarations and ids) is read once per change of its files.
"""

from __future__ import annotations

import copy
import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cenfigures.prep.annotations import (
    Annotations,
    Problem,
    Registry,
    check_annotations,
    quantity_in_quote,
    unit_problem,
)
from cenfigures.prep.build import (
    Article,
    PrepError,
    duplicate_id_problems,
    figure_rows,
    mention_rows,
    read_article_files,
)
from cenfigures.prep.corpus import CORPUS_FILES, Corpus, article_pairs, corpus_problems, read_corpus_files
from cenfigures.prep.coverage import account_for
from cenfigures.prep.numbers import QuantityError
from cenfigures.prep.scan import find_mentions
from cenfigures.review.entries import entries_of, key_of_item

# How a mention is marked on the review screen.
STATES = ("figure", "draft", "event", "draft_event", "not_statistic", "context", "problem")


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    text: str
    state: str  # one of STATES
    key: str  # the entry that accounts for it, or `mention:<start>` for one nothing accounts for


@dataclass
class Checked:
    """Prep's verdict on one corrected annotation."""

    problems: dict[str, list[str]]  # entry key -> reasons, as prep words them; "" for the file or the corpus
    lines: list[str]  # every problem as prep prints it: `file: item: reason`
    marks: list[Mark]
    units: dict[str, str]  # a stated figure's key -> its unit, parsed from its number by prep
    values: dict[str, str]  # a stated figure's key -> its value as stated
    raw: dict[str, Any] = field(default_factory=dict)  # the corrected annotation, parsed

    @property
    def ok(self) -> bool:
        return not self.lines

    def of(self, key: str) -> list[str]:
        return self.problems.get(key, [])


@dataclass(frozen=True)
class Context:
    """The corpus without one article: what that article is checked against."""

    corpus: Corpus
    others: tuple[Article, ...]  # the other articles (their annotations), for ids used twice
    source_ids: tuple[str, ...]
    text_name: str
    article: str


def _fingerprint(seeds_dir: Path, skip: str = "") -> tuple[tuple[str, int, int], ...]:
    """The corpus's TOML and text files (but `skip`, the annotation under review, which the context
    leaves out) as (name, size, modification time): changes when any does."""
    found = []
    for path in sorted([*seeds_dir.glob("*.toml"), *seeds_dir.glob("*.txt")]):
        if path.name == skip:
            continue
        try:
            stat = path.stat()
        except OSError:
            continue
        found.append((path.name, stat.st_size, stat.st_mtime_ns))
    return tuple(found)


@functools.lru_cache(maxsize=8)
def _context(seeds_dir: Path, name: str, fingerprint: tuple) -> Context:
    corpus = read_corpus_files(seeds_dir)
    others: list[Article] = []
    text_name, article = "", ""
    for text_path, annotation_path in article_pairs(seeds_dir):
        if annotation_path.name == name:
            text_name = text_path.name
            article = text_path.read_bytes().decode("utf-8", errors="replace")
            continue
        try:
            other = read_article_files(text_path, annotation_path)
        except PrepError:
            continue  # its own problems are prep's to name when it builds
        corpus.declare_all(other.annotation, annotation_path.name)
        others.append(other)
    source_ids = tuple(str(a.annotation.get("source", {}).get("id", "")) for a in others)
    return Context(corpus, tuple(others), source_ids, text_name, article)


def context(seeds_dir: Path, name: str) -> Context:
    """The rest of the corpus for the annotation `name` of `seeds_dir`, read again when a file changed."""
    return _context(seeds_dir.resolve(), name, _fingerprint(seeds_dir, name))


def registry(seeds_dir: Path, name: str, raw: Mapping[str, Any] | None = None) -> Registry:
    """The regions, indicators and topics the article may name (its own declarations too)."""
    found = context(seeds_dir, name)
    corpus = copy.deepcopy(found.corpus)
    if raw is not None:
        corpus.declare_all(raw, name)
    return corpus.registry()


def unit_refusal(seeds_dir: Path, name: str, raw: Mapping[str, Any], indicator: str, unit: str) -> str:
    """Prep's words when a figure of `unit` may not take `indicator` (its unit differs), else ""."""
    return unit_problem(registry(seeds_dir, name, raw), indicator, unit)


def check(seeds_dir: Path, name: str, text: str) -> Checked:
    """Check the annotation `text` of `seeds_dir/name` as prep would build it with the rest of the corpus."""
    return _check(seeds_dir.resolve(), name, text, _fingerprint(seeds_dir, name))


@functools.lru_cache(maxsize=32)
def _check(seeds_dir: Path, name: str, text: str, fingerprint: tuple) -> Checked:
    found = _context(seeds_dir, name, fingerprint)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = str(Problem(name, "-", f"not valid TOML: {error}"))
        return Checked({"": [f"not valid TOML: {error}"]}, [line], [], {}, {})
    corpus = copy.deepcopy(found.corpus)
    corpus.declare_all(raw, name)
    registry_ = corpus.registry()
    problems: list[Problem] = [p for p in corpus.problems if p.file == name]
    annotations, annotation_problems = check_annotations(name, raw, found.article, registry_)
    problems += annotation_problems
    source_id = str(raw.get("source", {}).get("id", "")) if isinstance(raw.get("source"), dict) else ""
    problems += [p for p in corpus_problems(corpus, (*found.source_ids, source_id)) if p.file == name]
    mine = Article(seeds_dir / found.text_name, seeds_dir / name, b"", found.article, raw)
    own_ids = {str(e.fields.get("id")) for e in entries_of(raw)} | {"source"}
    problems += [p for p in duplicate_id_problems([*found.others, mine]) if p.item_id in own_ids]
    mentions = find_mentions(found.article)
    accounted = account_for(mentions, annotations)
    unaccounted = [acc.mention for acc in accounted if not acc.claimed_by]
    _, coverage = mention_rows(found.article, annotations, found.text_name)
    by_mention = iter(unaccounted)
    located: dict[str, list[str]] = {}
    for problem in coverage:
        if problem.item_id == "-":
            mention = next(by_mention, None)
            if mention is not None:
                located.setdefault(f"mention:{mention.start}", []).append(problem.reason)
        problems.append(problem)
    try:
        figure_rows(annotations, registry_, name)
    except PrepError as error:
        problems += error.problems
    by_key: dict[str, list[str]] = {}
    for problem in problems:
        by_key.setdefault(key_of_item(raw, problem.item_id), []).append(problem.reason)
    for key, reasons in located.items():  # an unaccounted mention: under its own key, not the file's
        by_key[key] = reasons
        by_key[""] = [r for r in by_key.get("", []) if r not in reasons]
        if not by_key[""]:
            del by_key[""]
    units, values = {}, {}
    for entry in entries_of(raw):  # also of figures refused for another reason: the indicator choice needs it
        if entry.section == "figure":
            try:
                quantity = quantity_in_quote(str(entry.fields.get("quote", "")), str(entry.fields.get("number", "")))
            except (QuantityError, ValueError):
                continue
            units[entry.key], values[entry.key] = quantity.unit, quantity.as_stated
    marks = _marks(found.article, raw, annotations, accounted, by_key)
    return Checked(by_key, [str(p) for p in problems], marks, units, values, raw)


def _failing_spans(article: str, raw: Mapping[str, Any], by_key: Mapping[str, list[str]]) -> list[tuple[int, int, str]]:
    """Where the numbers of figures prep refused stand, when their quote and number can be found, so
    that their mentions are marked as theirs (display only: prep refused them)."""
    spans = []
    for entry in entries_of(raw):
        if entry.section != "figure" or entry.key not in by_key:
            continue
        quote, number = str(entry.fields.get("quote", "")), str(entry.fields.get("number", ""))
        start = article.find(quote) if quote else -1
        offset = quote.find(number) if number else -1
        if start >= 0 and offset >= 0:
            spans.append((start + offset, start + offset + len(number), entry.key))
    return spans


def _marks(article: str, raw: Mapping[str, Any], annotations: Annotations, accounted, by_key) -> list[Mark]:
    entries = entries_of(raw)
    reviewed = {entry.key: entry.reviewed for entry in entries}
    ids = {str(entry.fields.get("id")): entry.key for entry in entries if entry.section != "not_statistic"}
    listed = {}
    for entry in entries:
        if entry.section == "not_statistic":
            listed.setdefault(str(entry.fields.get("restates") or entry.fields.get("text", "")), entry.key)
    failing = _failing_spans(article, raw, by_key)
    marks = []
    for acc in accounted:
        mention, ref = acc.mention, acc.ref.split(",")[0]
        if acc.claimed_by == "figure":
            key = ids.get(ref, "")
            state = "problem" if by_key.get(key) else ("figure" if reviewed.get(key, True) else "draft")
        elif acc.claimed_by == "figure_context":
            key, state = ids.get(ref, ""), "context"
        elif acc.claimed_by == "event":
            key = ids.get(ref, "")
            state = "problem" if by_key.get(key) else ("event" if reviewed.get(key, True) else "draft_event")
        elif acc.claimed_by in ("not_statistic", "restatement"):
            key, state = listed.get(ref, ""), "not_statistic"
        else:
            inside = [k for s, e, k in failing if s <= mention.start and mention.end <= e]
            key, state = (inside[0] if inside else f"mention:{mention.start}"), "problem"
        marks.append(Mark(mention.start, mention.end, mention.text, state, key))
    return marks


def progress(raw: Mapping[str, Any]) -> tuple[int, int]:
    """(reviewed, all) of the figures, derived figures, events and not-statistics."""
    listed = [entry for entry in entries_of(raw) if entry.section != "source"]
    return sum(entry.reviewed for entry in listed), len(listed)


def annotation_of(seeds_dir: Path, source_id: str) -> Path | None:
    """The annotation file of the article whose [source] id is `source_id` (any text: it is only compared)."""
    for path in sorted(seeds_dir.glob("*.toml")):
        if path.name in CORPUS_FILES or path.name.endswith(".draft.toml"):
            continue
        stat = path.stat()
        if _source_id(path, stat.st_size, stat.st_mtime_ns) == source_id:
            return path
    return None


@functools.lru_cache(maxsize=4096)
def _source_id(path: Path, size: int, modified: int) -> str:
    try:
        source = tomllib.loads(path.read_text(encoding="utf-8")).get("source", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return ""
    return str(source.get("id", "")) if isinstance(source, dict) else ""
