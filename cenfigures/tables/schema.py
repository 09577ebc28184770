"""The tables of data/: their columns, types, constraints and descriptions, in one place.

The same definitions write `datapackage.json` (a Frictionless Data Package descriptor), order the
CSV columns, and check every row before anything is written (and again in the tests).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cenfigures.tables.contract import CHART_TYPE_NAMES, HEADLINE
from cenfigures.tables.paths import ARTICLES_FOLDER
from cenfigures.tables.vocab import KINDS, QUALIFIERS, REGION_LEVELS, UNITS

PERIOD_PATTERN = r"^\d{4}(-\d{4})?$"
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
REGION_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
NAME_ID_PATTERN = r"^[a-z0-9][a-z0-9_]*$"  # indicators, topics, pages, charts
BOOLEANS = ("true", "false")

Rows = list[dict[str, str]]


def number_text(value: Decimal | float, places: int = 4) -> str:
    """A number as plain decimal text: 23000, 10.5, 1.5061 (derived values rounded to `places`)."""
    if not isinstance(value, Decimal):
        value = Decimal(repr(round(value, places)))
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def bool_text(value: bool) -> str:
    return "true" if value else "false"


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # string, integer, number
    description: str
    required: bool = True
    enum: tuple[str, ...] = ()
    pattern: str = ""
    unique: bool = False
    # "table.column": the allowed values are that column's values in the built data (the topics
    # of the corpus, not a list in code); written into datapackage.json as an enum.
    enum_from: str = ""

    def descriptor(self, values: Mapping[str, Sequence[str]] | None = None) -> dict[str, Any]:
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        enum = list(self.enum) or list((values or {}).get(self.enum_from, ()))
        if enum:
            constraints["enum"] = enum
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
        if self.type == "integer" and not _INTEGER.fullmatch(raw):
            return [f"{self.name} is not an integer: {raw!r}"]
        if self.type == "number":
            try:
                float(raw)
            except ValueError:
                return [f"{self.name} is not a number: {raw!r}"]
        if self.enum and raw not in _allowed(self.enum):
            return [f"{self.name} {raw!r} is not one of {', '.join(self.enum)}"]
        if self.pattern and not _compiled(self.pattern).fullmatch(raw):
            return [f"{self.name} {raw!r} does not match {self.pattern}"]
        return []

    def all_pass(self, values: set[str]) -> bool:
        """Whether no value of `values` breaks this column's rules (`problems` of each, at once)."""
        if "" in values:
            if self.required:
                return False
            values = values - {""}
        if self.type == "integer" and not all(_INTEGER.fullmatch(value) for value in values):
            return False
        if self.type == "number":
            try:
                for value in values:
                    float(value)
            except ValueError:
                return False
        if self.enum and not values <= _allowed(self.enum):
            return False
        pattern = _compiled(self.pattern) if self.pattern else None
        return pattern is None or all(pattern.fullmatch(value) for value in values)


_INTEGER = re.compile(r"-?\d+")


@functools.cache
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


@functools.cache
def _allowed(enum: tuple[str, ...]) -> frozenset[str]:
    return frozenset(enum)


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: str | tuple[str, ...]  # one column, or the columns of a composite key
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, other table, other column)

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def key_columns(self) -> tuple[str, ...]:
        return (self.primary_key,) if isinstance(self.primary_key, str) else self.primary_key

    def key(self, row: Mapping[str, str]) -> str:
        if isinstance(self.primary_key, str):
            return row[self.primary_key]
        return " ".join(row[column] for column in self.primary_key)

    def descriptor(self, values: Mapping[str, Sequence[str]] | None = None) -> dict[str, Any]:
        """The table's Data Resource; `values` gives the enums taken from the data (enum_from)."""
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
                "fields": [column.descriptor(values) for column in self.columns],
                "primaryKey": list(self.key_columns),
                "foreignKeys": [
                    # A reference to the table itself is the empty resource name (Table Schema).
                    {
                        "fields": [column],
                        "reference": {"resource": "" if other == self.name else other, "fields": [other_column]},
                    }
                    for column, other, other_column in self.foreign_keys
                ],
                "missingValues": [""],
            },
        }

    def problems(self, rows: Rows) -> list[str]:
        """Every rule that `rows` (as read from the CSV) break, one line each."""
        if self._all_pass(rows):
            return []
        found = []
        keys: set[str] = set()
        names = self.column_names
        for number, row in enumerate(rows, start=1):
            if list(row) != names:
                found.append(f"{self.path} row {number}: columns {list(row)} != {self.column_names}")
                continue
            key = self.key(row)
            if key in keys:
                found.append(f"{self.path} row {number}: duplicate {'+'.join(self.key_columns)} {key!r}")
            keys.add(key)
            for column in self.columns:
                found += [f"{self.path} row {number} ({key}): {p}" for p in column.problems(row[column.name])]
        return found

    def _all_pass(self, rows: Rows) -> bool:
        """Whether `rows` break no rule, checked a column at a time on its distinct values: most rows
        of a corpus repeat their neighbours' region, topic, unit, kind... (`problems` then words
        what is wrong, row by row)."""
        names = tuple(self.column_names)
        if any(tuple(row) != names for row in rows):
            return False
        keys = {self.key(row) for row in rows}
        if len(keys) != len(rows):
            return False
        by_column = zip(*(tuple(row.values()) for row in rows))  # the columns' order, checked above
        return all(column.all_pass(set(values)) for column, values in zip(self.columns, by_column))


def _id(name: str, description: str, pattern: str = REGION_ID_PATTERN) -> Column:
    return Column(name, "string", description, pattern=pattern, unique=True)


def _reviewed(what: str) -> Column:
    return Column(
        "reviewed",
        "string",
        f"true when a person has checked the {what}; false for a draft (cenfigures.draft) not yet reviewed.",
        enum=BOOLEANS,
    )


def _reviewer(what: str) -> tuple[Column, Column]:
    return (
        Column(
            "reviewed_by",
            "string",
            f"The editor who reviewed the {what} on the review screen; empty when not recorded.",
            required=False,
        ),
        Column(
            "reviewed_at",
            "string",
            f"When the {what} was reviewed (ISO 8601, UTC); empty when not recorded.",
            required=False,
        ),
    )


def _guess(what: str) -> Column:
    return Column(
        "guess",
        "string",
        f"What the drafter guessed about the {what} and from which words; empty when written by hand.",
        required=False,
    )


SOURCE_ID = Column("source_id", "string", "Id of the article in sources.csv.")
TOPIC = Column(
    "topic", "string", "Topic (page) the row belongs to: a topic_id of topics.csv.", enum_from="topics.topic_id"
)
REGION_COLUMNS = (
    Column("region_id", "string", "Id of the region in regions.csv (URL-safe)."),
    Column("region", "string", "Region name in Chinese."),
    Column("region_en", "string", "Region name in English."),
)

FIGURES = Table(
    name="figures",
    title="Figures of the articles",
    description="One row per figure an article states, plus figures derived from them by a recorded formula.",
    primary_key="figure_id",
    foreign_keys=(
        ("source_id", "sources", "source_id"),
        ("topic", "topics", "topic_id"),
        ("region_id", "regions", "region_id"),
        ("indicator_id", "indicators", "indicator_id"),
    ),
    columns=(
        _id("figure_id", "Stable id of the figure, unique across the corpus."),
        SOURCE_ID,
        TOPIC,
        *REGION_COLUMNS,
        Column(
            "indicator_id",
            "string",
            "Id of the measure in indicators.csv: joins the same measure across articles; empty only for an "
            "unreviewed draft.",
            required=False,
            pattern=NAME_ID_PATTERN,
        ),
        Column(
            "indicator_zh",
            "string",
            "What is measured, in Chinese (the figure's own label, else the indicator's name).",
        ),
        Column(
            "indicator_en",
            "string",
            "What is measured, in English (the figure's own label, else the indicator's name).",
        ),
        Column(
            "period", "string", "Year (2020) or span of years (2019-2021) the figure refers to.", pattern=PERIOD_PATTERN
        ),
        Column("period_start", "integer", "First year of the period."),
        Column("period_end", "integer", "Last year of the period."),
        Column(
            "value",
            "number",
            "Value in base units: counts as counts, money in yuan, percentages as percent numbers (71 for 71%).",
        ),
        Column("unit", "string", "Unit of value, from a closed vocabulary.", enum=UNITS),
        Column(
            "value_as_stated",
            "string",
            "The value as the article writes it (2.3万个); empty for derived figures.",
            required=False,
        ),
        Column("qualifier", "string", "exact, more_than (超, 超过) or about (约, 左右).", enum=QUALIFIERS),
        Column("kind", "string", "observed, target, rank, change, cagr, or derived (computed here).", enum=KINDS),
        Column(
            "quote",
            "string",
            "Verbatim words of the article that state the figure; empty for derived figures.",
            required=False,
        ),
        Column(
            "quote_start",
            "integer",
            "Character offset of the quote in the article text; empty for derived figures.",
            required=False,
        ),
        Column(
            "formula", "string", "For derived figures: the arithmetic over the inputs that gives value.", required=False
        ),
        Column("inputs", "string", "For derived figures: name=figure_id pairs separated by ';'.", required=False),
        Column("note_zh", "string", "Remark in Chinese (assumptions, source of the data).", required=False),
        Column("note_en", "string", "Remark in English (assumptions, source of the data).", required=False),
        _reviewed("figure (a derived figure: itself and every input)"),
        *_reviewer("figure"),
        _guess("figure"),
    ),
)

EVENTS = Table(
    name="events",
    title="Dated events of the articles",
    description="Every dated event the articles report, with the precision its date is stated to.",
    primary_key="event_id",
    foreign_keys=(
        ("source_id", "sources", "source_id"),
        ("topic", "topics", "topic_id"),
        ("region_id", "regions", "region_id"),
    ),
    columns=(
        _id("event_id", "Stable id of the event, unique across the corpus."),
        SOURCE_ID,
        Column(
            "date",
            "string",
            "Start date, as precise as the article states it (YYYY, YYYY-MM or YYYY-MM-DD).",
            pattern=DATE_PATTERN,
        ),
        Column("date_end", "string", "End date for events that span a period.", required=False, pattern=DATE_PATTERN),
        Column("precision", "string", "How precisely the article dates the event.", enum=("day", "month", "year")),
        Column("title_zh", "string", "Title in Chinese."),
        Column("title_en", "string", "Title in English."),
        TOPIC,
        *REGION_COLUMNS,
        Column("quote", "string", "Verbatim words of the article that state the event."),
        Column("quote_en", "string", "The quote in English (our translation); empty for a draft.", required=False),
        Column("quote_start", "integer", "Character offset of the quote in the article text."),
        _reviewed("event"),
        *_reviewer("event"),
        _guess("event"),
    ),
)

SOURCES = Table(
    name="sources",
    title="Source articles",
    description=f"The articles the figures come from, with the checksum of the text copied to data/{ARTICLES_FOLDER}/.",
    primary_key="source_id",
    columns=(
        _id("source_id", "Stable id of the article."),
        Column("title", "string", "Headline in the original language."),
        Column("title_en", "string", "Headline in English (our translation)."),
        Column("publisher", "string", "Publisher in the original language."),
        Column("publisher_en", "string", "Publisher in English."),
        Column("published", "string", "Publication date, as precise as the text supports.", pattern=DATE_PATTERN),
        Column("authors", "string", "Reporters named in the article.", required=False),
        Column(
            "file",
            "string",
            f"File name of the article text, in seeds/ and (a byte-identical copy) in data/{ARTICLES_FOLDER}/.",
        ),
        Column("sha256", "string", "SHA-256 of the article file's bytes.", pattern=r"^[0-9a-f]{64}$"),
        Column("language", "string", "Language of the article (BCP 47).", enum=("zh",)),
        _reviewed("article's metadata"),
        # Where the article came in from (python -m cenfigures.intake); empty for hand-made articles.
        Column(
            "url",
            "string",
            "Address the article was fetched from (after redirects).",
            required=False,
            pattern=r"^https?://\S+$",
        ),
        Column("original_name", "string", "Name of the file the article came in as (text only).", required=False),
        Column(
            "original_sha256",
            "string",
            "SHA-256 of the original file kept in seeds/originals/.",
            required=False,
            pattern=r"^[0-9a-f]{64}$",
        ),
        Column(
            "media_type",
            "string",
            "Media type of the original (text/html, application/pdf, ...).",
            required=False,
            pattern=r"^[a-z]+/[a-z0-9.+-]+$",
        ),
        Column("encoding", "string", "Character encoding the original text was read in.", required=False),
        Column(
            "retrieved",
            "string",
            "When the original was fetched or uploaded (UTC, ISO 8601).",
            required=False,
            pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$",
        ),
    ),
)

REGIONS = Table(
    name="regions",
    title="Regions",
    description=(
        "The region registry: the national level, all 34 provincial-level divisions of China, and the cities "
        "articles report on (seeds/regions.toml plus regions an article declares)."
    ),
    primary_key="region_id",
    foreign_keys=(("parent", "regions", "region_id"),),
    columns=(
        _id("region_id", "Stable id of the region (pinyin, lowercase, '-' between words)."),
        Column("name_zh", "string", "Name in Chinese."),
        Column("name_en", "string", "Name in English."),
        Column(
            "short_zh", "string", "Short Chinese name: the map label and the name the drafter looks for (河北, 广州)."
        ),
        Column("level", "string", "Administrative level.", enum=REGION_LEVELS),
        Column("parent", "string", "For a city: the region_id of its province.", required=False),
        Column(
            "map_zh",
            "string",
            "Province shape (GeoJSON feature name) that stands for the region on a map: a city's is its province's; "
            "empty for the national level.",
            required=False,
        ),
        Column("lon", "number", "For a city: longitude of its marker on the map.", required=False),
        Column("lat", "number", "For a city: latitude of its marker on the map.", required=False),
    ),
)

REGION_NOTES = Table(
    name="region_notes",
    title="What each article says about a region",
    description=(
        "An article's headline and a sentence about a region it reports on, verbatim, "
        "with their offsets in the article text."
    ),
    primary_key=("source_id", "region_id"),
    foreign_keys=(("source_id", "sources", "source_id"), ("region_id", "regions", "region_id")),
    columns=(
        SOURCE_ID,
        Column("region_id", "string", "Id of the region in regions.csv."),
        Column("headline", "string", "The article's headline for the region, verbatim."),
        Column("headline_en", "string", "The headline in English (our translation)."),
        Column("headline_start", "integer", "Character offset of the headline in the article text."),
        Column("summary", "string", "A sentence of the article on the region, verbatim."),
        Column("summary_en", "string", "The sentence in English (our translation)."),
        Column("summary_start", "integer", "Character offset of the sentence in the article text."),
    ),
)

INDICATORS = Table(
    name="indicators",
    title="Indicators",
    description=(
        "The indicator registry: one row per measure, "
        "whose id joins the figures of the same measure across articles and years."
    ),
    primary_key="indicator_id",
    columns=(
        _id("indicator_id", "Stable id of the measure.", NAME_ID_PATTERN),
        Column("name_zh", "string", "Name in Chinese."),
        Column("name_en", "string", "Name in English."),
        Column("unit", "string", "Unit of every figure of the indicator.", enum=UNITS),
        Column(
            "aliases_zh",
            "string",
            "Other Chinese wordings of the measure (the drafter matches them), separated by ';'.",
            required=False,
        ),
    ),
)

TOPICS = Table(
    name="topics",
    title="Topics",
    description=(
        "The topics of the corpus (seeds/topics.toml plus topics an article declares): a topic with charts gets a page."
    ),
    primary_key="topic_id",
    columns=(
        _id("topic_id", "Stable id of the topic; the page URL.", NAME_ID_PATTERN),
        Column("name_zh", "string", "Name in Chinese."),
        Column("name_en", "string", "Name in English."),
        Column("icon", "string", "Menu icon (Streamlit's :material/...: names).", required=False),
        Column("position", "integer", "Menu and overview order (the declaration's `order`): smaller first."),
        Column(
            "filters", "string", "The filters the topic's page shows and applies, separated by ';'.", required=False
        ),
    ),
)

CHARTS = Table(
    name="charts",
    title="Charts",
    description=(
        "Every chart of every page, declared in seeds/topics.toml: a chart type and the figures it draws, "
        "selected by their attributes (never by id)."
    ),
    primary_key=("page_id", "chart_id"),
    columns=(
        Column(
            "page_id",
            "string",
            "The page: a topic_id of topics.csv, or a fixed page (regions, timeline).",
            pattern=NAME_ID_PATTERN,
        ),
        Column(
            "chart_id",
            "string",
            "The chart's id, unique within its page: the link's ?chart= value.",
            pattern=NAME_ID_PATTERN,
        ),
        Column("position", "integer", "Order of the chart (its tab) on the page, from 1."),
        Column("type", "string", "Chart type.", enum=(*CHART_TYPE_NAMES, HEADLINE)),
        Column("tab_zh", "string", "Tab label in Chinese (empty for a headline card).", required=False),
        Column("tab_en", "string", "Tab label in English (empty for a headline card).", required=False),
        Column(
            "title_zh",
            "string",
            "Title template in Chinese (str.format over the type's values; empty for a headline card).",
            required=False,
        ),
        Column("title_en", "string", "Title template in English (empty for a headline card).", required=False),
        Column("takeaway_zh", "string", "Takeaway template in Chinese.", required=False),
        Column("takeaway_en", "string", "Takeaway template in English.", required=False),
        Column(
            "spec",
            "string",
            'JSON: {"select": selector, "related": {name: selector}, "options": {...}}; a selector maps figure '
            "attributes (topic, indicator, kind, unit, region, source, period, or not_ + one) to lists of values.",
        ),
    ),
)

MENTIONS = Table(
    name="mentions",
    title="Numeric mentions of the articles",
    description=(
        "Every numeric mention the scanner finds in an article and what accounts for it: the figure "
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

TABLES = (FIGURES, EVENTS, SOURCES, REGIONS, REGION_NOTES, INDICATORS, TOPICS, CHARTS, MENTIONS)
TABLES_BY_NAME = {table.name: table for table in TABLES}


def _column_values(tables: Mapping[str, Rows], reference: str) -> list[str]:
    table, column = reference.split(".")
    return list(dict.fromkeys(row[column] for row in tables.get(table, [])))


def foreign_key_problems(tables: Mapping[str, Rows]) -> list[str]:
    """Every cell whose foreign key names no row of the other table, one line each."""
    found = []
    for table in TABLES:
        for column, other, other_column in table.foreign_keys:
            targets = set(_column_values(tables, f"{other}.{other_column}"))
            for number, row in enumerate(tables.get(table.name, []), start=1):
                if row[column] and row[column] not in targets:
                    found.append(
                        f"{table.path} row {number} ({table.key(row)}): {column} {row[column]!r} is not a "
                        f"{other_column} of {other}.csv"
                    )
    return found


def datapackage(tables: Mapping[str, Rows]) -> dict[str, Any]:
    """The Data Package descriptor of data/ (enums such as the topics come from `tables`)."""
    values = {
        column.enum_from: _column_values(tables, column.enum_from)
        for table in TABLES
        for column in table.columns
        if column.enum_from
    }
    return {
        "profile": "tabular-data-package",
        "name": "cenfigures",
        "title": "Figures of Chinese industry-news articles, sourced to their words",
        "description": (
            "Every figure stated in the articles, in tidy tables; each row carries its article (source_id), the "
            "verbatim quote and its offset in the article text. Derived figures carry their formula and inputs. "
            f"The articles are copied byte for byte to {ARTICLES_FOLDER}/. "
            "Generated by `python -m cenfigures.prep`; do not edit by hand."
        ),
        "languages": ["zh", "en"],
        "licenses": [
            {
                "name": "other-at",
                "title": "Article texts © their publishers; quoted for reference. Tables and code: see the repository.",
            }
        ],
        "sources": [
            {"title": f"{row['publisher']}：{row['title']}", "path": f"{ARTICLES_FOLDER}/{row['file']}"}
            for row in tables["sources"]
        ],
        "resources": [table.descriptor(values) for table in TABLES],
    }
