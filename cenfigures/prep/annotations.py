"""Read and check an article's annotation file (TOML) against the article text and the registries.

Every problem is collected, not just the first, so that one run of prep names all of them:
`Problem(file, item_id, reason)` prints as one line.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cenfigures.prep.numbers import Quantity, QuantityError, parse_quantity
from cenfigures.prep.scan import find_loose
from cenfigures.tables.vocab import KINDS, UNITS

# Fields each entry must have, and every field it may have: a field outside these is refused,
# since a misspelt optional field (`reviewd = false`) would otherwise pass unnoticed.
SOURCE_FIELDS = ("id", "file", "title_zh", "title_en", "publisher_zh", "publisher_en", "published", "language")
SOURCE_OPTIONAL = ("authors", "reviewed")
NOTE_FIELDS = ("headline", "headline_en", "summary", "summary_en")
FIGURE_FIELDS = ("id", "topic", "region", "period", "kind", "quote")
FIGURE_OPTIONAL = ("number", "indicator", "indicator_zh", "indicator_en", "reviewed", "guess", "note_zh", "note_en")
DERIVED_FIELDS = ("id", "topic", "region", "period", "formula")
DERIVED_OPTIONAL = ("inputs", "unit", "indicator", "indicator_zh", "indicator_en", "reviewed", "note_zh", "note_en")
EVENT_FIELDS = ("id", "date", "title_zh", "title_en", "topic", "region", "quote")
EVENT_OPTIONAL = ("date_end", "reviewed", "guess")
NOT_STATISTIC_FIELDS = ("text", "reason", "restates", "reviewed")
# Tables of an article's TOML: its own entries, and registry entries it may add (see prep.corpus).
ARTICLE_SECTIONS = (
    "source",
    "region_notes",
    "figure",
    "derived",
    "event",
    "not_statistic",
    "regions",
    "indicators",
    "topic",
)
LABELS = ("indicator_zh", "indicator_en")
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
class Registry:
    """What the corpus declares, as the checks of an annotation need it (built by prep.corpus)."""

    regions: Mapping[str, Mapping[str, Any]]
    indicators: Mapping[str, Mapping[str, Any]]
    topics: Collection[str]


@dataclass(frozen=True)
class Figure:
    """A figure stated in the article: its value is parsed from `number` inside `quote`."""

    id: str
    topic: str
    region: str
    indicator: str  # registry id; "" for an unreviewed draft without one
    indicator_zh: str  # the figure's own label, else the indicator's name
    indicator_en: str
    period: str
    kind: str
    quote: str
    quote_start: int
    number_start: int  # where the words of the value begin in the article
    quantity: Quantity
    note_zh: str = ""
    note_en: str = ""
    reviewed: bool = True
    guess: str = ""


@dataclass(frozen=True)
class DerivedSpec:
    id: str
    topic: str
    region: str
    indicator: str
    indicator_zh: str
    indicator_en: str
    period: str
    unit: str
    formula: str
    inputs: dict[str, str]
    note_zh: str = ""
    note_en: str = ""
    reviewed: bool = True


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
    reviewed: bool = True
    guess: str = ""


@dataclass(frozen=True)
class NotStatistic:
    text: str
    reason: str
    restates: str
    spans: tuple[tuple[int, int], ...]
    reviewed: bool = True


@dataclass(frozen=True)
class RegionNote:
    """The article's own words about a region: a headline and a sentence, verbatim."""

    region: str
    headline: str
    headline_en: str
    headline_start: int
    summary: str
    summary_en: str
    summary_start: int


@dataclass
class Annotations:
    source: dict[str, Any]
    region_notes: list[RegionNote] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    derived: list[DerivedSpec] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    not_statistics: list[NotStatistic] = field(default_factory=list)


def period_years(period: str) -> tuple[int, int]:
    """ "2020" -> (2020, 2020); "2019-2021" -> (2019, 2021)."""
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


def read_toml(path: Path) -> dict[str, Any]:
    """The TOML file's tables; raises AnnotationError naming the file when it is not valid TOML."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise AnnotationError([Problem(path.name, "-", f"not valid TOML: {error}")]) from error


def missing_fields(entry: Mapping[str, Any], required: Iterable[str]) -> list[str]:
    return [name for name in required if not isinstance(entry.get(name), str) or not entry[name].strip()]


def unknown_fields(entry: Mapping[str, Any], allowed: Iterable[str]) -> list[str]:
    allowed = set(allowed)
    return [name for name in entry if name not in allowed]


def _locate_quote(article: str, quote: str) -> int | None:
    """Offset of the quote's only occurrence; None when absent. Repeated quotes are accepted at
    their first occurrence, since the words and the value are the same wherever they stand."""
    start = article.find(quote)
    return None if start < 0 else start


def load_annotations(name: str, raw: Mapping[str, Any], article: str, registry: Registry) -> Annotations:
    """Check the annotation file `name` (parsed into `raw`) against the article and the registry;
    raises AnnotationError listing every problem."""
    problems: list[Problem] = []

    def problem(item_id: str, reason: str) -> None:
        problems.append(Problem(name, item_id, reason))

    def check_fields(item_id: str, entry: Mapping[str, Any], allowed: Iterable[str], hint: str = "") -> None:
        for unknown in unknown_fields(entry, allowed):
            problem(item_id, f"unknown field {unknown!r}{hint}")

    def reviewed(item_id: str, entry: Mapping[str, Any]) -> bool:
        value = entry.get("reviewed", True)
        if not isinstance(value, bool):
            problem(item_id, f"reviewed must be true or false, not {value!r}")
            return False
        return value

    def text_field(item_id: str, entry: Mapping[str, Any], key: str) -> str:
        value = entry.get(key, "")
        if not isinstance(value, str):
            problem(item_id, f"{key} must be text, not {value!r}")
            return ""
        return value

    for section in raw:
        if section not in ARTICLE_SECTIONS:
            problem("-", f"unknown table {section!r} (one of {', '.join(ARTICLE_SECTIONS)})")

    source = raw.get("source", {})
    for missing in missing_fields(source, SOURCE_FIELDS):
        problem("source", f"missing field {missing!r}")
    check_fields("source", source, SOURCE_FIELDS + SOURCE_OPTIONAL)
    source = dict(source) | {"reviewed": reviewed("source", source)}
    annotations = Annotations(source=source)

    for region_id, note in raw.get("region_notes", {}).items():
        item_id = f"region_notes.{region_id}"
        if region_id not in registry.regions:
            problem(item_id, f"unknown region {region_id!r}")
        check_fields(item_id, note, NOTE_FIELDS)
        missing = missing_fields(note, NOTE_FIELDS)
        if missing:
            problem(item_id, "missing field " + ", ".join(repr(m) for m in missing))
            continue
        starts = {}
        for key in ("headline", "summary"):
            start = _locate_quote(article, note[key])
            if start is None:
                problem(item_id, f"{key} not found in the article: {note[key]!r}")
            starts[key] = -1 if start is None else start
        annotations.region_notes.append(
            RegionNote(
                region_id,
                note["headline"],
                note["headline_en"],
                starts["headline"],
                note["summary"],
                note["summary_en"],
                starts["summary"],
            )
        )

    seen_ids: set[str] = set()

    def check_common(item_id: str, entry: Mapping[str, Any]) -> bool:
        ok = True
        if item_id in seen_ids:
            problem(item_id, "duplicate id")
            ok = False
        seen_ids.add(item_id)
        if entry.get("topic") not in registry.topics:
            problem(item_id, f"unknown topic {entry.get('topic')!r} (one of {', '.join(registry.topics)})")
            ok = False
        if entry.get("region") not in registry.regions:
            problem(item_id, f"unknown region {entry.get('region')!r} (not in regions.toml nor declared by an article)")
            ok = False
        return ok

    def indicator_labels(item_id: str, entry: Mapping[str, Any], is_reviewed: bool) -> tuple[str, str, str] | None:
        """(indicator id, label zh, label en): the figure's own labels, else the indicator's names."""
        indicator = entry.get("indicator", "")
        if indicator == "":
            missing = missing_fields(entry, LABELS)
            if missing:
                problem(item_id, "missing field " + ", ".join(repr(m) for m in missing) + " (or an indicator)")
                return None
            if is_reviewed:
                problem(item_id, "missing field 'indicator' (only an unreviewed draft may leave it out)")
                return None
            return "", entry["indicator_zh"], entry["indicator_en"]
        if not isinstance(indicator, str) or indicator not in registry.indicators:
            problem(item_id, f"unknown indicator {indicator!r} (not in indicators.toml nor declared by an article)")
            return None
        names = registry.indicators[indicator]
        labels = [entry.get(key) or names.get(f"name_{key[-2:]}", "") for key in LABELS]
        return indicator, labels[0], labels[1]

    def check_unit(item_id: str, indicator: str, unit: str) -> bool:
        expected = registry.indicators[indicator].get("unit") if indicator else None
        if expected and unit != expected:
            problem(item_id, f"unit {unit!r} differs from the unit of indicator {indicator!r}: {expected!r}")
            return False
        return True

    for index, entry in enumerate(raw.get("figure", [])):
        item_id = entry.get("id") or f"figure #{index + 1}"
        check_fields(item_id, entry, FIGURE_FIELDS + FIGURE_OPTIONAL)
        missing = missing_fields(entry, FIGURE_FIELDS)
        if missing:
            problem(item_id, "missing field " + ", ".join(repr(m) for m in missing))
            continue
        ok = check_common(item_id, entry)
        is_reviewed = reviewed(item_id, entry)
        guess = text_field(item_id, entry, "guess")
        labels = indicator_labels(item_id, entry, is_reviewed)
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
            quantity = parse_quantity(
                number, context_before=quote[:offset], context_after=quote[offset + len(number) :]
            )
        except QuantityError as error:
            problem(item_id, str(error))
            continue
        if labels is None or not check_unit(item_id, labels[0], quantity.unit) or not ok:
            continue
        annotations.figures.append(
            Figure(
                id=item_id,
                topic=entry["topic"],
                region=entry["region"],
                indicator=labels[0],
                indicator_zh=labels[1],
                indicator_en=labels[2],
                period=entry["period"],
                kind=entry["kind"],
                quote=quote,
                quote_start=quote_start,
                number_start=quote_start + offset,
                quantity=quantity,
                note_zh=entry.get("note_zh", ""),
                note_en=entry.get("note_en", ""),
                reviewed=is_reviewed,
                guess=guess,
            )
        )

    figure_ids = {figure.id for figure in annotations.figures}
    for index, entry in enumerate(raw.get("derived", [])):
        item_id = entry.get("id") or f"derived #{index + 1}"
        check_fields(item_id, entry, DERIVED_FIELDS + DERIVED_OPTIONAL)
        inputs = entry.get("inputs")
        missing = missing_fields(entry, DERIVED_FIELDS)
        if not isinstance(inputs, dict) or not inputs:
            missing.append("inputs")
        if missing:
            problem(item_id, "missing field " + ", ".join(repr(m) for m in missing))
            continue
        ok = check_common(item_id, entry)
        is_reviewed = reviewed(item_id, entry)
        labels = indicator_labels(item_id, entry, is_reviewed)
        unit = entry.get("unit") or (registry.indicators[labels[0]]["unit"] if labels and labels[0] else "")
        if unit not in UNITS:
            problem(item_id, f"unknown unit {unit!r}" if unit else "missing field 'unit' (or an indicator)")
            ok = False
        elif labels is not None:
            ok = check_unit(item_id, labels[0], unit) and ok
        try:
            period_years(entry["period"])
        except ValueError as error:
            problem(item_id, str(error))
            ok = False
        for input_name, input_id in inputs.items():
            if input_id not in figure_ids:
                problem(item_id, f"input {input_name} = {input_id!r} is not a stated figure")
                ok = False
        if ok and labels is not None:
            annotations.derived.append(
                DerivedSpec(
                    id=item_id,
                    topic=entry["topic"],
                    region=entry["region"],
                    indicator=labels[0],
                    indicator_zh=labels[1],
                    indicator_en=labels[2],
                    period=entry["period"],
                    unit=unit,
                    formula=entry["formula"],
                    inputs=dict(inputs),
                    note_zh=entry.get("note_zh", ""),
                    note_en=entry.get("note_en", ""),
                    reviewed=is_reviewed,
                )
            )

    for index, entry in enumerate(raw.get("event", [])):
        item_id = entry.get("id") or f"event #{index + 1}"
        check_fields(item_id, entry, EVENT_FIELDS + EVENT_OPTIONAL)
        missing = missing_fields(entry, EVENT_FIELDS)
        if missing:
            problem(item_id, "missing field " + ", ".join(repr(m) for m in missing))
            continue
        ok = check_common(item_id, entry)
        is_reviewed = reviewed(item_id, entry)
        guess = text_field(item_id, entry, "guess")
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
                    reviewed=is_reviewed,
                    guess=guess,
                )
            )

    for index, entry in enumerate(raw.get("not_statistic", [])):
        text = entry.get("text", "")
        item_id = f"not_statistic {text!r}" if text else f"not_statistic #{index + 1}"
        check_fields(item_id, entry, NOT_STATISTIC_FIELDS)
        is_reviewed = reviewed(item_id, entry)
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
        annotations.not_statistics.append(NotStatistic(text, reason, restates, tuple(spans), is_reviewed))

    if problems:
        raise AnnotationError(problems)
    return annotations
