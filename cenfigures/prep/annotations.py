"""Read and check an article's annotation file (TOML) against the article text.

Every problem is collected, not just the first, so that one run of prep names all of them:
`Problem(file, item_id, reason)` prints as one line.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cenfigures.prep.numbers import Quantity, QuantityError, parse_quantity
from cenfigures.prep.scan import find_loose
from cenfigures.tables.vocab import KINDS, TOPICS, UNITS

SOURCE_FIELDS = ("id", "file", "title_zh", "title_en", "publisher_zh", "publisher_en", "published", "language")
REGION_FIELDS = ("name_zh", "name_en", "level", "map_zh", "headline", "headline_en", "summary", "summary_en")
FIGURE_FIELDS = ("id", "topic", "region", "indicator_zh", "indicator_en", "period", "kind", "quote")
DERIVED_FIELDS = ("id", "topic", "region", "indicator_zh", "indicator_en", "period", "unit", "formula", "inputs")
EVENT_FIELDS = ("id", "date", "title_zh", "title_en", "topic", "region", "quote")
_PERIOD = re.compile(r"^(\d{4})(?:-(\d{4}))?$")
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


@dataclass(frozen=True)
class Problem:
    file: str
    item_id: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.item_id}: {self.reason}"


class AnnotationError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass(frozen=True)
class Figure:
    """A figure stated in the article: its value is parsed from `number` inside `quote`."""

    id: str
    topic: str
    region: str
    indicator_zh: str
    indicator_en: str
    period: str
    kind: str
    quote: str
    quote_start: int
    number_start: int  # where the words of the value begin in the article
    quantity: Quantity
    note_zh: str = ""
    note_en: str = ""


@dataclass(frozen=True)
class DerivedSpec:
    id: str
    topic: str
    region: str
    indicator_zh: str
    indicator_en: str
    period: str
    unit: str
    formula: str
    inputs: dict[str, str]
    note_zh: str = ""
    note_en: str = ""


@dataclass(frozen=True)
class Event:
    id: str
    date: str
    date_end: str
    title_zh: str
    title_en: str
    topic: str
    region: str
    quote: str
    quote_start: int


@dataclass(frozen=True)
class NotStatistic:
    text: str
    reason: str
    restates: str
    spans: tuple[tuple[int, int], ...]


@dataclass
class Annotations:
    source: dict[str, Any]
    regions: dict[str, dict[str, Any]]
    figures: list[Figure] = field(default_factory=list)
    derived: list[DerivedSpec] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    not_statistics: list[NotStatistic] = field(default_factory=list)
    region_quote_starts: dict[str, dict[str, int]] = field(default_factory=dict)


def period_years(period: str) -> tuple[int, int]:
    """"2020" -> (2020, 2020); "2019-2021" -> (2019, 2021)."""
    match = _PERIOD.match(period)
    if not match:
        raise ValueError(f"period must be YYYY or YYYY-YYYY, not {period!r}")
    start = int(match.group(1))
    end = int(match.group(2) or start)
    if end < start:
        raise ValueError(f"period ends before it starts: {period!r}")
    return start, end


def read_article(path: Path) -> str:
    """The article's text; raises UnicodeDecodeError for a file that is not UTF-8."""
    return path.read_bytes().decode("utf-8")


def _missing(entry: dict[str, Any], required: tuple[str, ...]) -> list[str]:
    return [name for name in required if not isinstance(entry.get(name), str) or not entry[name].strip()]


def _locate_quote(article: str, quote: str) -> int | None:
    """Offset of the quote's only occurrence; None when absent. Repeated quotes are accepted at
    their first occurrence, since the words and the value are the same wherever they stand."""
    start = article.find(quote)
    return None if start < 0 else start


def load_annotations(annotation_path: Path, article: str) -> Annotations:
    """Parse and check the annotation file; raises AnnotationError listing every problem."""
    name = annotation_path.name
    problems: list[Problem] = []

    def problem(item_id: str, reason: str) -> None:
        problems.append(Problem(name, item_id, reason))

    try:
        raw = tomllib.loads(annotation_path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise AnnotationError([Problem(name, "-", f"not valid TOML: {error}")]) from error

    source = raw.get("source", {})
    for missing in _missing(source, SOURCE_FIELDS):
        problem("source", f"missing field {missing!r}")

    regions = raw.get("regions", {})
    annotations = Annotations(source=source, regions=regions)
    for region_id, region in regions.items():
        for missing in _missing(region, REGION_FIELDS):
            if missing != "map_zh":  # the national level has no map shape
                problem(region_id, f"missing field {missing!r}")
        starts = {}
        for key in ("headline", "summary"):
            text = region.get(key, "")
            start = _locate_quote(article, text) if text else None
            if text and start is None:
                problem(region_id, f"{key} not found in the article: {text!r}")
            starts[key] = -1 if start is None else start
        annotations.region_quote_starts[region_id] = starts

    seen_ids: set[str] = set()

    def check_common(item_id: str, entry: dict[str, Any]) -> bool:
        ok = True
        if item_id in seen_ids:
            problem(item_id, "duplicate id")
            ok = False
        seen_ids.add(item_id)
        if entry.get("topic") not in TOPICS:
            problem(item_id, f"unknown topic {entry.get('topic')!r} (one of {', '.join(TOPICS)})")
            ok = False
        if entry.get("region") not in regions:
            problem(item_id, f"unknown region {entry.get('region')!r}")
            ok = False
        return ok

    for index, entry in enumerate(raw.get("figure", [])):
        item_id = entry.get("id") or f"figure #{index + 1}"
        missing = _missing(entry, FIGURE_FIELDS)
        if missing:
            problem(item_id, "missing field " + ", ".join(repr(m) for m in missing))
            continue
        ok = check_common(item_id, entry)
        if entry["kind"] not in KINDS or entry["kind"] == "derived":
            problem(item_id, f"unknown kind {entry['kind']!r} (one of {', '.join(k for k in KINDS if k != 'derived')})")
            ok = False
        try:
            period_years(entry["period"])
        except ValueError as error:
            problem(item_id, str(error))
            ok = False
        quote = entry["quote"]
        quote_start = _locate_quote(article, quote)
        if quote_start is None:
            problem(item_id, f"quote not found in the article: {quote!r}")
            continue
        number = entry.get("number", "")
        if not number:
            problem(item_id, "missing field 'number' (the words of the value inside the quote)")
            continue
        offset = quote.find(number)
        if offset < 0:
            problem(item_id, f"number {number!r} not found in the quote")
            continue
        try:
            quantity = parse_quantity(number, context_before=quote[:offset], context_after=quote[offset + len(number) :])
        except QuantityError as error:
            problem(item_id, str(error))
            continue
        if not ok:
            continue
        annotations.figures.append(
            Figure(
                id=item_id,
                topic=entry["topic"],
                region=entry["region"],
                indicator_zh=entry["indicator_zh"],
                indicator_en=entry["indicator_en"],
                period=entry["period"],
                kind=entry["kind"],
                quote=quote,
                quote_start=quote_start,
                number_start=quote_start + offset,
                quantity=quantity,
                note_zh=entry.get("note_zh", ""),
                note_en=entry.get("note_en", ""),
            )
        )

    figure_ids = {figure.id for figure in annotations.figures}
    for index, entry in enumerate(raw.get("derived", [])):
        item_id = entry.get("id") or f"derived #{index + 1}"
        inputs = entry.get("inputs")
        missing = [m for m in _missing(entry, DERIVED_FIELDS) if m != "inputs"]
        if not isinstance(inputs, dict) or not inputs:
            missing.append("inputs")
        if missing:
            problem(item_id, "missing field " + ", ".join(repr(m) for m in missing))
            continue
        ok = check_common(item_id, entry)
        if entry["unit"] not in UNITS:
            problem(item_id, f"unknown unit {entry['unit']!r}")
            ok = False
        try:
            period_years(entry["period"])
        except ValueError as error:
            problem(item_id, str(error))
            ok = False
        for input_name, input_id in inputs.items():
            if input_id not in figure_ids:
                problem(item_id, f"input {input_name} = {input_id!r} is not a stated figure")
                ok = False
        if ok:
            annotations.derived.append(
                DerivedSpec(
                    id=item_id,
                    topic=entry["topic"],
                    region=entry["region"],
                    indicator_zh=entry["indicator_zh"],
                    indicator_en=entry["indicator_en"],
                    period=entry["period"],
                    unit=entry["unit"],
                    formula=entry["formula"],
                    inputs=dict(inputs),
                    note_zh=entry.get("note_zh", ""),
                    note_en=entry.get("note_en", ""),
                )
            )

    for index, entry in enumerate(raw.get("event", [])):
        item_id = entry.get("id") or f"event #{index + 1}"
        missing = _missing(entry, EVENT_FIELDS)
        if missing:
            problem(item_id, "missing field " + ", ".join(repr(m) for m in missing))
            continue
        ok = check_common(item_id, entry)
        for key in ("date", "date_end"):
            value = entry.get(key, "")
            if value and not _DATE.match(value):
                problem(item_id, f"{key} must be YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
                ok = False
        if entry.get("date_end") and entry["date_end"] < entry["date"]:
            problem(item_id, "date_end is before date")
            ok = False
        quote_start = _locate_quote(article, entry["quote"])
        if quote_start is None:
            problem(item_id, f"quote not found in the article: {entry['quote']!r}")
            continue
        if ok:
            annotations.events.append(
                Event(
                    id=item_id,
                    date=entry["date"],
                    date_end=entry.get("date_end", ""),
                    title_zh=entry["title_zh"],
                    title_en=entry["title_en"],
                    topic=entry["topic"],
                    region=entry["region"],
                    quote=entry["quote"],
                    quote_start=quote_start,
                )
            )

    for index, entry in enumerate(raw.get("not_statistic", [])):
        text = entry.get("text", "")
        item_id = f"not_statistic {text!r}" if text else f"not_statistic #{index + 1}"
        restates = entry.get("restates", "")
        if not text or not (entry.get("reason") or restates):
            problem(item_id, "needs text and a reason (or restates = a figure id)")
            continue
        if restates and restates not in figure_ids:
            problem(item_id, f"restates {restates!r}, which is not a stated figure")
            continue
        spans = find_loose(article, text)
        if not spans:
            problem(item_id, "text not found in the article")
            continue
        reason = entry.get("reason") or f"states figure {restates} again"
        annotations.not_statistics.append(NotStatistic(text, reason, restates, tuple(spans)))

    if problems:
        raise AnnotationError(problems)
    return annotations
