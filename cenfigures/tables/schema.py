"""The tables of data/: their columns, types, constraints and descriptions, in one place.

The same definitions write `datapackage.json` (a Frictionless Data Package descriptor), order the
CSV columns, and check every row before anything is written (and again in the tests).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cenfigures.tables.vocab import KINDS, QUALIFIERS, TOPICS, UNITS

PERIOD_PATTERN = r"^\d{4}(-\d{4})?$"
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


def number_text(value: Decimal | float, places: int = 4) -> str:
    """A number as plain decimal text: 23000, 10.5, 1.5061 (derived values rounded to `places`)."""
    if not isinstance(value, Decimal):
        value = Decimal(repr(round(value, places)))
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # string, integer, number
    description: str
    required: bool = True
    enum: tuple[str, ...] = ()
    pattern: str = ""
    unique: bool = False

    def descriptor(self) -> dict[str, Any]:
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if self.pattern:
            constraints["pattern"] = self.pattern
        if self.unique:
            constraints["unique"] = True
        field: dict[str, Any] = {"name": self.name, "type": self.type, "description": self.description}
        if constraints:
            field["constraints"] = constraints
        return field

    def problems(self, raw: str) -> list[str]:
        """Why `raw` (a CSV cell) breaks this column's rules; empty when it does not."""
        if raw == "":
            return [f"{self.name} is required"] if self.required else []
        if self.type == "integer" and not re.fullmatch(r"-?\d+", raw):
            return [f"{self.name} is not an integer: {raw!r}"]
        if self.type == "number":
            try:
                float(raw)
            except ValueError:
                return [f"{self.name} is not a number: {raw!r}"]
        if self.enum and raw not in self.enum:
            return [f"{self.name} {raw!r} is not one of {', '.join(self.enum)}"]
        if self.pattern and not re.fullmatch(self.pattern, raw):
            return [f"{self.name} {raw!r} does not match {self.pattern}"]
        return []


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: str
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, other table, other column)

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    def descriptor(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "path": self.path,
            "title": self.title,
            "description": self.description,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8-sig",
            "schema": {
                "fields": [column.descriptor() for column in self.columns],
                "primaryKey": [self.primary_key],
                "foreignKeys": [
                    {"fields": [column], "reference": {"resource": other, "fields": [other_column]}}
                    for column, other, other_column in self.foreign_keys
                ],
                "missingValues": [""],
            },
        }

    def problems(self, rows: list[dict[str, str]]) -> list[str]:
        """Every rule that `rows` (as read from the CSV) break, one line each."""
        found = []
        keys: set[str] = set()
        for number, row in enumerate(rows, start=1):
            if list(row) != self.column_names:
                found.append(f"{self.path} row {number}: columns {list(row)} != {self.column_names}")
                continue
            key = row[self.primary_key]
            if key in keys:
                found.append(f"{self.path} row {number}: duplicate {self.primary_key} {key!r}")
            keys.add(key)
            for column in self.columns:
                found += [f"{self.path} row {number} ({key}): {p}" for p in column.problems(row[column.name])]
        return found


def _id(name: str, description: str) -> Column:
    return Column(name, "string", description, pattern=r"^[a-z0-9][a-z0-9-]*$", unique=True)


SOURCE_ID = Column("source_id", "string", "Id of the article in sources.csv.")
REGION_COLUMNS = (
    Column("region_id", "string", "Id of the region in regions.csv (URL-safe)."),
    Column("region", "string", "Region name in Chinese."),
    Column("region_en", "string", "Region name in English."),
)

FIGURES = Table(
    name="figures",
    title="Figures of the article",
    description="One row per figure the article states, plus figures derived from them by a recorded formula.",
    primary_key="figure_id",
    foreign_keys=(("source_id", "sources", "source_id"), ("region_id", "regions", "region_id")),
    columns=(
        _id("figure_id", "Stable id of the figure."),
        SOURCE_ID,
        Column("topic", "string", "Topic of the article the figure belongs to.", enum=TOPICS),
        *REGION_COLUMNS,
        Column("indicator_zh", "string", "What is measured, in Chinese."),
        Column("indicator_en", "string", "What is measured, in English."),
        Column("period", "string", "Year (2020) or span of years (2019-2021) the figure refers to.", pattern=PERIOD_PATTERN),
        Column("period_start", "integer", "First year of the period."),
        Column("period_end", "integer", "Last year of the period."),
        Column("value", "number", "Value in base units: counts as counts, money in yuan, percentages as percent numbers (71 for 71%)."),
        Column("unit", "string", "Unit of value, from a closed vocabulary.", enum=UNITS),
        Column("value_as_stated", "string", "The value as the article writes it (2.3万个); empty for derived figures.", required=False),
        Column("qualifier", "string", "exact, more_than (超, 超过) or about (约, 左右).", enum=QUALIFIERS),
        Column("kind", "string", "observed, target, rank, change, cagr, or derived (computed here).", enum=KINDS),
        Column("quote", "string", "Verbatim words of the article that state the figure; empty for derived figures.", required=False),
        Column("quote_start", "integer", "Character offset of the quote in the article text; empty for derived figures.", required=False),
        Column("formula", "string", "For derived figures: the arithmetic over the inputs that gives value.", required=False),
        Column("inputs", "string", "For derived figures: name=figure_id pairs separated by ';'.", required=False),
        Column("note_zh", "string", "Remark in Chinese (assumptions, source of the data).", required=False),
        Column("note_en", "string", "Remark in English (assumptions, source of the data).", required=False),
    ),
)

EVENTS = Table(
    name="events",
    title="Dated events of the article",
    description="Every dated event the article reports, with the precision its date is stated to.",
    primary_key="event_id",
    foreign_keys=(("source_id", "sources", "source_id"), ("region_id", "regions", "region_id")),
    columns=(
        _id("event_id", "Stable id of the event."),
        SOURCE_ID,
        Column("date", "string", "Start date, as precise as the article states it (YYYY, YYYY-MM or YYYY-MM-DD).", pattern=DATE_PATTERN),
        Column("date_end", "string", "End date for events that span a period.", required=False, pattern=DATE_PATTERN),
        Column("precision", "string", "How precisely the article dates the event.", enum=("day", "month", "year")),
        Column("title_zh", "string", "Title in Chinese."),
        Column("title_en", "string", "Title in English."),
        Column("topic", "string", "Topic of the article the event belongs to.", enum=TOPICS),
        *REGION_COLUMNS,
        Column("quote", "string", "Verbatim words of the article that state the event."),
        Column("quote_start", "integer", "Character offset of the quote in the article text."),
    ),
)

SOURCES = Table(
    name="sources",
    title="Source articles",
    description="The articles the figures come from, with the checksum of the text in seeds/.",
    primary_key="source_id",
    columns=(
        _id("source_id", "Stable id of the article."),
        Column("title", "string", "Headline in the original language."),
        Column("title_en", "string", "Headline in English (our translation)."),
        Column("publisher", "string", "Publisher in the original language."),
        Column("publisher_en", "string", "Publisher in English."),
        Column("published", "string", "Publication date, as precise as the text supports.", pattern=DATE_PATTERN),
        Column("authors", "string", "Reporters named in the article.", required=False),
        Column("file", "string", "File name of the article text in seeds/."),
        Column("sha256", "string", "SHA-256 of the article file's bytes.", pattern=r"^[0-9a-f]{64}$"),
        Column("language", "string", "Language of the article (BCP 47).", enum=("zh",)),
    ),
)

REGIONS = Table(
    name="regions",
    title="Regions of the article",
    description="The provinces, cities and the national level the article reports on, with the headline and a sentence of each.",
    primary_key="region_id",
    foreign_keys=(("source_id", "sources", "source_id"),),
    columns=(
        _id("region_id", "Stable id of the region."),
        SOURCE_ID,
        Column("name_zh", "string", "Name in Chinese."),
        Column("name_en", "string", "Name in English."),
        Column("level", "string", "Administrative level.", enum=("country", "province", "city")),
        Column("map_zh", "string", "Province whose shape stands for the region on a map; empty for the national level.", required=False),
        Column("headline", "string", "The article's headline for the region, verbatim."),
        Column("headline_en", "string", "The headline in English (our translation)."),
        Column("headline_start", "integer", "Character offset of the headline in the article text."),
        Column("summary", "string", "A sentence of the article on the region, verbatim."),
        Column("summary_en", "string", "The sentence in English (our translation)."),
        Column("summary_start", "integer", "Character offset of the sentence in the article text."),
    ),
)

MENTIONS = Table(
    name="mentions",
    title="Numeric mentions of the article",
    description=(
        "Every numeric mention the scanner finds in the article and what accounts for it: the figure "
        "whose value it is, the event it dates, or why it is not a statistic. Nothing is left unaccounted."
    ),
    primary_key="mention_id",
    foreign_keys=(("source_id", "sources", "source_id"),),
    columns=(
        _id("mention_id", "Source id and character offset of the mention."),
        SOURCE_ID,
        Column("start", "integer", "Character offset where the mention starts in the article text."),
        Column("end", "integer", "Character offset just after the mention."),
        Column("text", "string", "The mention as written."),
        Column("mention_kind", "string", "What the scanner read.", enum=("date", "time", "arabic", "chinese")),
        Column(
            "claimed_by",
            "string",
            "figure (its value), event (its date), figure_context (the time a figure refers to), "
            "restatement (a figure stated again) or not_statistic.",
            enum=("figure", "event", "figure_context", "restatement", "not_statistic"),
        ),
        Column("ref", "string", "Figure or event id(s), comma-separated, or the listed text."),
        Column("reason", "string", "Why the mention is accounted for so."),
    ),
)

TABLES = (FIGURES, EVENTS, SOURCES, REGIONS, MENTIONS)


def datapackage(sources: list[dict[str, str]]) -> dict[str, Any]:
    """The Data Package descriptor of data/."""
    return {
        "profile": "tabular-data-package",
        "name": "cen-2022-01-local-it-figures",
        "title": "Figures of a China Electronics News article (January 2022), sourced to its words",
        "description": (
            "Every figure stated in the article, in tidy tables; each row carries the verbatim quote "
            "and its offset in the article text. Derived figures carry their formula and inputs. "
            "Generated by `python -m cenfigures.prep`; do not edit by hand."
        ),
        "languages": ["zh", "en"],
        "licenses": [
            {
                "name": "other-at",
                "title": "Article text © its publisher; quoted for reference. Tables and code: see the repository.",
            }
        ],
        "sources": [
            {"title": f"{row['publisher']}：{row['title']}", "path": f"seeds/{row['file']}"} for row in sources
        ],
        "resources": [table.descriptor() for table in TABLES],
    }
