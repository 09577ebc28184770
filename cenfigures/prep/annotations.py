"""Read and check an article's annotation file (TOML) against the article text and the registries.

One small checker per section (`[source]`, `[region_notes.<id>]`, `[[figure]]`, `[[derived]]`,
`[[event]]`, `[[not_statistic]]`): each first holds the entry to its declaration in
cenfigures.tables.contract (unknown, missing, ill-typed fields, closed vocabularies), then checks
what the contract cannot say (the quote is in the article, the number in the quote, the region
known). Every problem is collected, not just the first, so that one run of prep names all of them:
`Problem(file, item_id, reason)` prints as one line.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli

from cenfigures.prep.numbers import Quantity, QuantityError, parse_quantity
from cenfigures.prep.scan import find_loose
from cenfigures.tables.contract import (
    ARTICLE_TABLES,
    DERIVED,
    EVENT,
    FIGURE,
    NOT_STATISTIC,
    REGION_NOTE,
    SOURCE,
    Section,
    unknown_reason,
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
    reviewed_by: str = ""
    reviewed_at: str = ""


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
    reviewed_by: str = ""
    reviewed_at: str = ""


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
    quote_en: str = ""  # our English translation of the quote (optional: a draft has none)
    reviewed_by: str = ""
    reviewed_at: str = ""


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
    """The TOML file's tables; raises AnnotationError naming the file when it is not valid TOML.
    Read by tomli, the parser the standard library's tomllib comes from, in its compiled build
    (three times faster: a corpus of thousands of articles is parsed from scratch); a file it
    refuses is read again by tomllib, whose words name the problem as they always did."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise AnnotationError([Problem(path.name, "-", f"not valid TOML: {error}")]) from error
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError:
        pass
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        reason = f"not valid TOML: {error}{_lookalike_hint(text, str(error))}"
        raise AnnotationError([Problem(path.name, "-", reason)]) from error


# What a Chinese keyboard types where TOML wants ASCII punctuation: full-width and typographic
# look-alikes, each with the character TOML needs.
_TOML_LOOKALIKES = {
    "\u201c": '"', "\u201d": '"', "\uff02": '"', "\u2018": "'", "\u2019": "'", "\uff07": "'",
    "\uff1d": "=", "\uff0c": ",", "\uff3b": "[", "\uff3d": "]", "\u3010": "[", "\u3011": "]",
    "\uff5b": "{", "\uff5d": "}", "\uff03": "#", "\uff0e": ".", "\u3002": ".", "\u3000": " ",
}  # fmt: skip
_TOML_ERROR_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def _lookalike_hint(text: str, message: str) -> str:
    """'; the character “ (U+201C ...) ... type " instead' when the line tomllib stopped at holds a
    full-width or typographic look-alike of TOML punctuation outside a string (tomllib names only
    the position), else ''."""
    where = _TOML_ERROR_AT.search(message)
    if where is None:
        return ""
    line_number, column = int(where[1]), int(where[2])
    lines = text.splitlines()
    if not 0 < line_number <= len(lines):
        return ""
    line = lines[line_number - 1]
    # The character at the column first (the usual case: `period = “2023”`), then the line's first
    # look-alike (`"2023”` is reported at the end of the line).
    candidates = [column - 1] if 0 < column <= len(line) else []
    candidates += [index for index, char in enumerate(line) if char in _TOML_LOOKALIKES]
    for index in candidates:
        char = line[index] if index < len(line) else ""
        if char in _TOML_LOOKALIKES:
            wanted = _TOML_LOOKALIKES[char]
            name = unicodedata.name(char, "")
            return (
                f"; the character {char} (U+{ord(char):04X} {name}, line {line_number}, column {index + 1}) "
                f"is a full-width look-alike: type the ASCII {wanted!r} instead (a Chinese keyboard's "
                f"quotes and punctuation are not TOML's; switch the input method to English punctuation)"
            )
    return ""


def missing_fields(entry: Mapping[str, Any], required: Iterable[str]) -> list[str]:
    return [name for name in required if not isinstance(entry.get(name), str) or not entry[name].strip()]


def _locate_quote(article: str, quote: str) -> int | None:
    """Offset of the quote's only occurrence; None when absent. Repeated quotes are accepted at
    their first occurrence, since the words and the value are the same wherever they stand."""
    start = article.find(quote)
    return None if start < 0 else start


@dataclass
class _File:
    """One annotation file being checked: what the checkers need, and the problems they find."""

    name: str
    article: str
    registry: Registry
    problems: list[Problem] = field(default_factory=list)
    seen_ids: set[str] = field(default_factory=set)

    def problem(self, item_id: str, reason: str) -> None:
        self.problems.append(Problem(self.name, item_id, reason))

    def contract(self, item_id: str, section: Section, entry: Any) -> bool:
        """Report what the contract refuses in `entry`; True when its fields can be read (no field
        missing or ill-typed; an unknown field is reported but does not stop the other checks)."""
        if not isinstance(entry, dict):
            self.problem(item_id, f"must be a table of fields ({section.key}), not {entry!r}")
            return False
        readable = True
        for name, reason in section.problems(entry):
            self.problem(item_id, reason)
            readable = readable and name not in section.names
        return readable

    def common(self, item_id: str, entry: Mapping[str, Any]) -> bool:
        """Id unique in the file, topic and region known: what figures, derived figures and events share."""
        ok = True
        if item_id in self.seen_ids:
            self.problem(item_id, "duplicate id")
            ok = False
        self.seen_ids.add(item_id)
        if entry["topic"] not in self.registry.topics:
            self.problem(item_id, f"unknown topic {entry['topic']!r} (one of {', '.join(self.registry.topics)})")
            ok = False
        if entry["region"] not in self.registry.regions:
            self.problem(
                item_id, f"unknown region {entry['region']!r} (not in regions.toml nor declared by an article)"
            )
            ok = False
        return ok

    def period(self, item_id: str, period: str) -> bool:
        try:
            period_years(period)
        except ValueError as error:
            self.problem(item_id, str(error))
            return False
        return True

    def indicator_labels(self, item_id: str, entry: Mapping[str, Any]) -> tuple[str, str, str] | None:
        """(indicator id, label zh, label en): the figure's own labels, else the indicator's names."""
        indicator = entry.get("indicator", "")
        if indicator == "":
            missing = missing_fields(entry, LABELS)
            if missing:
                self.problem(item_id, "missing field " + ", ".join(repr(m) for m in missing) + " (or an indicator)")
                return None
            if entry.get("reviewed", True):
                self.problem(item_id, "missing field 'indicator' (only an unreviewed draft may leave it out)")
                return None
            return "", entry["indicator_zh"], entry["indicator_en"]
        if indicator not in self.registry.indicators:
            self.problem(
                item_id, f"unknown indicator {indicator!r} (not in indicators.toml nor declared by an article)"
            )
            return None
        names = self.registry.indicators[indicator]
        labels = [entry.get(key) or names.get(f"name_{key[-2:]}", "") for key in LABELS]
        return indicator, labels[0], labels[1]

    def unit_of_indicator(self, item_id: str, indicator: str, unit: str) -> bool:
        reason = unit_problem(self.registry, indicator, unit)
        if reason:
            self.problem(item_id, reason)
            return False
        return True


def unit_problem(registry: Registry, indicator: str, unit: str) -> str:
    """Why a figure of `unit` may not join `indicator` (its unit differs), or "" when it may (also
    for no indicator, or one the registry lacks: that is another problem). The review screen asks
    this before it takes an indicator a reviewer picks."""
    known = registry.indicators.get(indicator) if indicator else None
    expected = known.get("unit") if known else None
    if expected and unit != expected:
        return f"unit {unit!r} differs from the unit of indicator {indicator!r}: {expected!r}"
    return ""


def _item_id(entry: Any, section: str, index: int) -> str:
    item_id = entry.get("id") if isinstance(entry, dict) else None
    return item_id if isinstance(item_id, str) and item_id else f"{section} #{index + 1}"


def check_tables(file: _File, raw: Mapping[str, Any]) -> None:
    for table in raw:
        if table not in ARTICLE_TABLES:
            file.problem("-", unknown_reason("table", table, ARTICLE_TABLES, "the tables of an article"))


def check_source(file: _File, source: Any) -> dict[str, Any]:
    file.contract("source", SOURCE, source)
    source = source if isinstance(source, dict) else {}
    return dict(source) | {"reviewed": source.get("reviewed", True) is True}


def check_region_note(file: _File, region_id: str, note: Any) -> RegionNote | None:
    item_id = f"region_notes.{region_id}"
    if region_id not in file.registry.regions:
        file.problem(item_id, f"unknown region {region_id!r}")
    if not file.contract(item_id, REGION_NOTE, note):
        return None
    starts = {}
    for key in ("headline", "summary"):
        start = _locate_quote(file.article, note[key])
        if start is None:
            file.problem(item_id, f"{key} not found in the article: {note[key]!r}")
        starts[key] = -1 if start is None else start
    return RegionNote(
        region_id,
        note["headline"],
        note["headline_en"],
        starts["headline"],
        note["summary"],
        note["summary_en"],
        starts["summary"],
    )


def _described(item_id: str, entry: Mapping[str, Any], labels: tuple[str, str, str]) -> dict[str, Any]:
    """What a stated and a derived figure both hold: where, what, when, notes, review."""
    return {
        "id": item_id,
        "topic": entry["topic"],
        "region": entry["region"],
        "indicator": labels[0],
        "indicator_zh": labels[1],
        "indicator_en": labels[2],
        "period": entry["period"],
        "note_zh": entry.get("note_zh", ""),
        "note_en": entry.get("note_en", ""),
        "reviewed": entry.get("reviewed", True),
        "reviewed_by": entry.get("reviewed_by", ""),
        "reviewed_at": entry.get("reviewed_at", ""),
    }


def check_figure(file: _File, index: int, entry: Any) -> Figure | None:
    item_id = _item_id(entry, "figure", index)
    if not file.contract(item_id, FIGURE, entry):
        return None
    ok = file.common(item_id, entry)
    labels = file.indicator_labels(item_id, entry)
    ok = file.period(item_id, entry["period"]) and ok
    quote, number = entry["quote"], entry["number"]
    quote_start = _locate_quote(file.article, quote)
    if quote_start is None:
        file.problem(item_id, f"quote not found in the article: {quote!r}")
        return None
    offset = quote.find(number)
    if offset < 0:
        file.problem(item_id, f"number {number!r} not found in the quote")
        return None
    try:
        quantity = quantity_in_quote(quote, number)
    except QuantityError as error:
        file.problem(item_id, str(error))
        return None
    if labels is None or not file.unit_of_indicator(item_id, labels[0], quantity.unit) or not ok:
        return None
    return Figure(
        **_described(item_id, entry, labels),
        kind=entry["kind"],
        quote=quote,
        quote_start=quote_start,
        number_start=quote_start + offset,
        quantity=quantity,
        guess=entry.get("guess", ""),
    )


def quantity_in_quote(quote: str, number: str) -> Quantity:
    """The value, unit and qualifier of `number` read where it stands in `quote` (the words around it
    tell a unit or a sign); QuantityError when the words are no quantity, ValueError when `number` is
    not in `quote`. The review screen asks it for the unit of a figure prep refuses for another reason."""
    offset = quote.find(number)
    if offset < 0:
        raise ValueError(f"number {number!r} not found in the quote")
    return parse_quantity(number, context_before=quote[:offset], context_after=quote[offset + len(number) :])


def check_derived(file: _File, index: int, entry: Any, figure_ids: Collection[str]) -> DerivedSpec | None:
    item_id = _item_id(entry, "derived", index)
    if not file.contract(item_id, DERIVED, entry):
        return None
    ok = file.common(item_id, entry)
    labels = file.indicator_labels(item_id, entry)
    unit = entry.get("unit") or (file.registry.indicators[labels[0]]["unit"] if labels and labels[0] else "")
    if not unit:
        file.problem(item_id, "missing field 'unit' (or an indicator)")
        ok = False
    elif labels is not None:
        ok = file.unit_of_indicator(item_id, labels[0], unit) and ok
    ok = file.period(item_id, entry["period"]) and ok
    for input_name, input_id in entry["inputs"].items():
        if input_id not in figure_ids:
            file.problem(item_id, f"input {input_name} = {input_id!r} is not a stated figure")
            ok = False
    if not ok or labels is None:
        return None
    return DerivedSpec(
        **_described(item_id, entry, labels), unit=unit, formula=entry["formula"], inputs=dict(entry["inputs"])
    )


def check_event(file: _File, index: int, entry: Any) -> Event | None:
    item_id = _item_id(entry, "event", index)
    if not file.contract(item_id, EVENT, entry):
        return None
    ok = file.common(item_id, entry)
    for key in ("date", "date_end"):
        value = entry.get(key, "")
        if value and not _DATE.match(value):
            file.problem(item_id, f"{key} must be YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
            ok = False
    if entry.get("date_end") and entry["date_end"] < entry["date"]:
        file.problem(item_id, "date_end is before date")
        ok = False
    quote_start = _locate_quote(file.article, entry["quote"])
    if quote_start is None:
        file.problem(item_id, f"quote not found in the article: {entry['quote']!r}")
        return None
    if not ok:
        return None
    return Event(
        id=item_id,
        date=entry["date"],
        date_end=entry.get("date_end", ""),
        title_zh=entry["title_zh"],
        title_en=entry["title_en"],
        topic=entry["topic"],
        region=entry["region"],
        quote=entry["quote"],
        quote_start=quote_start,
        reviewed=entry.get("reviewed", True),
        guess=entry.get("guess", ""),
        quote_en=entry.get("quote_en", ""),
        reviewed_by=entry.get("reviewed_by", ""),
        reviewed_at=entry.get("reviewed_at", ""),
    )


def check_not_statistic(file: _File, index: int, entry: Any, figure_ids: Collection[str]) -> NotStatistic | None:
    text = entry.get("text", "") if isinstance(entry, dict) else ""
    item_id = f"not_statistic {text!r}" if isinstance(text, str) and text else f"not_statistic #{index + 1}"
    if not file.contract(item_id, NOT_STATISTIC, entry):
        return None
    restates = entry.get("restates", "")
    if not (entry.get("reason") or restates):
        file.problem(item_id, "needs a reason (or restates = a figure id)")
        return None
    if restates and restates not in figure_ids:
        file.problem(item_id, f"restates {restates!r}, which is not a stated figure")
        return None
    spans = find_loose(file.article, text)
    if not spans:
        file.problem(item_id, "text not found in the article")
        return None
    reason = entry.get("reason") or f"states figure {restates} again"
    return NotStatistic(text, reason, restates, tuple(spans), entry.get("reviewed", True))


def _entries(raw: Mapping[str, Any], table: str) -> list[Any]:
    entries = raw.get(table, [])
    return entries if isinstance(entries, list) else [entries]


def load_annotations(name: str, raw: Mapping[str, Any], article: str, registry: Registry) -> Annotations:
    """Check the annotation file `name` (parsed into `raw`) against the article and the registry,
    section by section; raises AnnotationError listing every problem."""
    annotations, problems = check_annotations(name, raw, article, registry)
    if problems:
        raise AnnotationError(problems)
    return annotations


def check_annotations(
    name: str, raw: Mapping[str, Any], article: str, registry: Registry
) -> tuple[Annotations, list[Problem]]:
    """What load_annotations checks, without raising: the entries that pass their checks and every
    problem found. The review screen calls it on each correction (prep stays the one judge); prep
    itself refuses a file with any problem."""
    file = _File(name, article, registry)
    check_tables(file, raw)
    annotations = Annotations(source=check_source(file, raw.get("source", {})))
    notes = raw.get("region_notes", {})
    for region_id, note in (notes if isinstance(notes, dict) else {}).items():
        if (checked := check_region_note(file, region_id, note)) is not None:
            annotations.region_notes.append(checked)
    for index, entry in enumerate(_entries(raw, "figure")):
        if (figure := check_figure(file, index, entry)) is not None:
            annotations.figures.append(figure)
    figure_ids = {figure.id for figure in annotations.figures}
    for index, entry in enumerate(_entries(raw, "derived")):
        if (derived := check_derived(file, index, entry, figure_ids)) is not None:
            annotations.derived.append(derived)
    for index, entry in enumerate(_entries(raw, "event")):
        if (event := check_event(file, index, entry)) is not None:
            annotations.events.append(event)
    for index, entry in enumerate(_entries(raw, "not_statistic")):
        if (entry_checked := check_not_statistic(file, index, entry, figure_ids)) is not None:
            annotations.not_statistics.append(entry_checked)
    return annotations, file.problems
