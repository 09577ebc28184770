"""The corpus files of seeds/: the region and indicator registries and the topics with their charts,
plus the entries articles add to them.

`regions.toml` and `indicators.toml` hold one table per id (`[hebei]`); `topics.toml` holds
`[[topic]]` (each with its `[[topic.chart]]`) and `[[page]]` (the fixed pages' charts). An article's
TOML may add `[regions.<id>]`, `[indicators.<id>]` and `[[topic]]` entries. An entry declared more
than once must agree in every field both declarations give (the entry is then their union); prep
refuses a disagreement, naming both files. Formats: docs/authoring.md.
"""

from __future__ import annotations

import difflib
import json
import re
import string
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cenfigures.prep.annotations import AnnotationError, Problem, Registry, period_years, read_toml
from cenfigures.tables.contract import (
    CARD,
    CHART,
    CHART_TYPE_NAMES,
    CHART_TYPES_BY_NAME,
    HEADLINE,
    INDICATOR,
    OVERVIEW_PAGE,
    PAGE,
    REGION,
    TOPIC,
    TOPICS_FILE_TABLES,
    Section,
    unknown_reason,
)
from cenfigures.tables.schema import NAME_ID_PATTERN, REGION_ID_PATTERN, Rows, number_text
from cenfigures.tables.vocab import KINDS, LIST_SEPARATOR, SELECTOR_COLUMNS, UNITS

REGIONS_FILE = "regions.toml"
INDICATORS_FILE = "indicators.toml"
TOPICS_FILE = "topics.toml"
CORPUS_FILES = (REGIONS_FILE, INDICATORS_FILE, TOPICS_FILE)

TEMPLATES = ("title_zh", "title_en", "takeaway_zh", "takeaway_en")
# Where China lies: a city's marker outside these bounds is a typo (or lon and lat swapped).
LON_RANGE, LAT_RANGE = (73.0, 136.0), (3.0, 54.0)


@dataclass
class Entry:
    """One registry entry: the union of its declarations, and the files that declare it."""

    fields: dict[str, Any]
    files: list[str]
    origin: dict[str, str] = field(default_factory=dict)  # field -> the file that first gives it

    def file(self, name: str = "") -> str:
        """The file to name in a problem with field `name` (the first declaration's when none)."""
        return self.origin.get(name, self.files[0])


@dataclass
class Corpus:
    regions: dict[str, Entry] = field(default_factory=dict)
    indicators: dict[str, Entry] = field(default_factory=dict)
    topics: dict[str, Entry] = field(default_factory=dict)
    pages: dict[str, Entry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # corpus files missing or not TOML

    def declare(self, kind: str, item_id: str, fields: Mapping[str, Any], file: str) -> None:
        """Add a declaration of `kind` (regions, indicators, topic, page); a second declaration of
        the same id must agree with the first in the fields both give."""
        entries: dict[str, Entry] = getattr(self, {"topic": "topics", "page": "pages"}.get(kind, kind))
        known = entries.get(item_id)
        if known is None:
            entries[item_id] = Entry(dict(fields), [file], dict.fromkeys(fields, file))
            return
        if file in known.files:
            self.problems.append(Problem(file, f"{kind}.{item_id}", "declared twice in this file"))
            return
        differ = [name for name in fields if name in known.fields and fields[name] != known.fields[name]]
        if differ:
            details = "; ".join(f"{name} {fields[name]!r} here, {known.fields[name]!r} there" for name in differ)
            self.problems.append(
                Problem(file, f"{kind}.{item_id}", f"declared differently in {known.files[0]}: {details}")
            )
            return
        for name in fields:
            known.origin.setdefault(name, file)
        known.fields.update(fields)
        known.files.append(file)

    def declare_all(self, raw: Mapping[str, Any], file: str, *, pages: bool = False) -> None:
        """Every registry entry of one TOML file (a corpus file or an article)."""
        for kind in ("regions", "indicators"):
            table = raw.get(kind, {})
            if not isinstance(table, dict):
                self.problems.append(Problem(file, kind, f"must be a table of [{kind}.<id>] entries"))
                continue
            for item_id, fields in table.items():
                if isinstance(fields, dict):
                    self.declare(kind, item_id, fields, file)
                else:
                    self.problems.append(Problem(file, f"{kind}.{item_id}", "must be a table of fields"))
        for kind in ("topic", "page") if pages else ("topic",):
            for index, fields in enumerate(raw.get(kind, [])):
                if not isinstance(fields, dict) or not isinstance(fields.get("id"), str) or not fields["id"]:
                    self.problems.append(Problem(file, f"{kind} #{index + 1}", "missing field 'id'"))
                    continue
                self.declare(kind, fields["id"], fields, file)

    def registry(self) -> Registry:
        """What the checks of an article need: region and indicator fields, topic ids."""
        return Registry(
            regions={item_id: entry.fields for item_id, entry in self.regions.items()},
            indicators={item_id: entry.fields for item_id, entry in self.indicators.items()},
            topics=tuple(self.topics),
        )


def read_corpus_files(seeds_dir: Path) -> Corpus:
    """The corpus files of `seeds_dir`; a missing or unreadable one is a problem of the corpus."""
    corpus = Corpus()
    for name in CORPUS_FILES:
        path = seeds_dir / name
        if not path.is_file():
            corpus.problems.append(
                Problem(name, "-", "corpus file missing (see docs/authoring.md, 'Corpus files in seeds/')")
            )
            corpus.unreadable.append(name)
            continue
        try:
            raw = read_toml(path)
        except AnnotationError as error:
            corpus.problems += error.problems
            corpus.unreadable.append(name)
            continue
        if name == TOPICS_FILE:
            for table in raw:
                if table not in TOPICS_FILE_TABLES:
                    corpus.problems.append(
                        Problem(
                            name, "-", unknown_reason("table", table, TOPICS_FILE_TABLES, "the tables of topics.toml")
                        )
                    )
            corpus.declare_all(raw, name, pages=True)
        else:
            corpus.declare_all({name.removesuffix(".toml"): raw}, name)
    return corpus


# ------------------------------------------------------------------ checks


_ID_RULES = {
    REGION_ID_PATTERN: "id must be lowercase letters, digits and '-' (pinyin words joined by '-')",
    NAME_ID_PATTERN: "id must be lowercase letters, digits and '_'",
}


def _checker(entry: Entry, item_id: str, problems: list[Problem]) -> Callable[..., None]:
    """problem(reason, key=""): a problem of the entry, naming the file that gave field `key`."""

    def problem(reason: str, key: str = "") -> None:
        problems.append(Problem(entry.file(key), item_id, reason))

    return problem


def _field_problems(
    problem: Callable[..., None], entry_id: str, fields: Mapping[str, Any], pattern: str, section: Section
) -> set[str]:
    """The checks every registry entry gets: its id's form, then its fields against the contract.
    Returns the fields the contract refused (their further checks would only repeat it)."""
    if not re.fullmatch(pattern, entry_id):
        problem(_ID_RULES[pattern])
    refused = set()
    for name, reason in section.problems(fields):
        problem(reason, name)
        refused.add(name)
    return refused


def region_problems(regions: Mapping[str, Entry]) -> list[Problem]:
    problems: list[Problem] = []
    for region_id, entry in regions.items():
        fields, problem = entry.fields, _checker(entry, f"regions.{region_id}", problems)
        refused = _field_problems(problem, region_id, fields, REGION_ID_PATTERN, REGION)
        level = fields.get("level")
        if "level" in refused or level is None:
            continue
        if level == "city":
            parent = regions.get(fields.get("parent", ""))
            if parent is None or parent.fields.get("level") != "province":
                problem(f"a city needs parent = a province-level region id, not {fields.get('parent')!r}", "parent")
            elif fields.get("map_zh", parent.fields.get("map_zh")) != parent.fields.get("map_zh"):
                problem(f"map_zh {fields['map_zh']!r} is not its province's {parent.fields.get('map_zh')!r}", "map_zh")
            for key, (low, high) in (("lon", LON_RANGE), ("lat", LAT_RANGE)):
                value = fields.get(key)
                if key not in refused and (value is None or not low <= value <= high):
                    problem(f"a city needs {key} (a number from {low:g} to {high:g}), not {value!r}", key)
            continue
        for key in ("parent", "lon", "lat"):
            if key in fields:
                problem(f"{key} is for cities only", key)
        if level == "province" and not fields.get("map_zh"):
            problem("missing field 'map_zh' (the province's feature name in the map's GeoJSON)")
        if level == "country" and fields.get("map_zh"):
            problem("the national level has no map shape: map_zh must be empty", "map_zh")
    return problems


def indicator_problems(indicators: Mapping[str, Entry]) -> list[Problem]:
    problems: list[Problem] = []
    for indicator_id, entry in indicators.items():
        problem = _checker(entry, f"indicators.{indicator_id}", problems)
        _field_problems(problem, indicator_id, entry.fields, NAME_ID_PATTERN, INDICATOR)
    return problems


@dataclass(frozen=True)
class Known:
    """The values a chart's selector may name."""

    values: Mapping[str, Collection[str]]  # selector attribute -> known values ("period": any valid period)

    def problem(self, attribute: str, value: str) -> str:
        if attribute == "period":
            try:
                period_years(value)
            except ValueError as error:
                return str(error)
            return ""
        known = self.values[attribute]
        return "" if value in known else f"unknown {attribute} {value!r}"


def selector_problems(selector: Any, known: Known) -> list[str]:
    """Why a selector (a table of figure attributes -> a value or a list of values) is wrong."""
    if not isinstance(selector, dict):
        return [f"must be a table of figure attributes, not {selector!r}"]
    found = []
    for key, values in selector.items():
        attribute = key.removeprefix("not_")
        if attribute not in SELECTOR_COLUMNS:
            found.append(f"unknown attribute {key!r} (one of {', '.join(SELECTOR_COLUMNS)}, or not_ + one)")
            continue
        listed = values if isinstance(values, list) else [values]
        if not listed or not all(isinstance(value, str) for value in listed):
            found.append(f"{key} must be a text value or a non-empty list of them, not {values!r}")
            continue
        found += [reason for value in listed if (reason := known.problem(attribute, value))]
    return found


def _template_problem(template: str) -> str:
    """Why a title or takeaway template is not a str.format template over plain names."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as error:
        return f"not a template ({error}); write {{{{ and }}}} for braces"
    bad = [name for name in fields if not re.fullmatch(r"[a-z_][a-z0-9_]*", name)]
    return f"template values must be plain names, not {', '.join(repr(b) for b in bad)}" if bad else ""


def _chart_type_problems(chart: Mapping[str, Any], page_id: str) -> list[str]:
    """What the chart's type declares that the chart breaks: a headline card off the overview, or a
    chart on it; options, related selections and template values the type does not know."""
    chart_type = chart.get("type")
    if chart_type == HEADLINE:
        return [] if page_id == OVERVIEW_PAGE else [f"a {HEADLINE} card belongs to [[page]] id = {OVERVIEW_PAGE!r}"]
    if page_id == OVERVIEW_PAGE:
        return [f"the overview holds {HEADLINE} cards only, not a {chart_type!r} chart"]
    declared = CHART_TYPES_BY_NAME.get(chart_type)
    if declared is None:
        close = difflib.get_close_matches(str(chart_type), CHART_TYPE_NAMES, n=1)
        suggestion = f"did you mean {close[0]!r}? " if close else ""
        return [f"unknown type {chart_type!r} ({suggestion}one of {', '.join(CHART_TYPE_NAMES)})"]
    found = [f"options: {reason}" for reason in declared.option_problems(chart.get("options") or {})]
    found += [f"related: {reason}" for reason in declared.related_problems(chart.get("related") or {})]
    for key in TEMPLATES:
        if isinstance(chart.get(key), str) and not _template_problem(chart[key]):
            found += [f"{key}: {reason}" for reason in declared.template_problems(chart[key])]
    return found


def chart_problems(page_id: str, charts: Any, file: str, known: Known) -> list[Problem]:
    problems: list[Problem] = []
    if not isinstance(charts, list):
        return [Problem(file, page_id, "chart must be a list of [[...chart]] tables")]
    seen: set[str] = set()
    for index, chart in enumerate(charts):
        chart_id = chart.get("id") if isinstance(chart, dict) else None
        item_id = f"chart {page_id}.{chart_id or f'#{index + 1}'}"

        def problem(reason: str, item_id: str = item_id) -> None:
            problems.append(Problem(file, item_id, reason))

        if not isinstance(chart, dict):
            problem("must be a table")
            continue
        section = CARD if chart.get("type") == HEADLINE else CHART
        refused = set()
        for name, reason in section.problems(chart):
            problem(reason)
            refused.add(name)
        if isinstance(chart_id, str) and "id" not in refused:
            if not re.fullmatch(NAME_ID_PATTERN, chart_id):
                problem("id must be lowercase letters, digits and '_'")
            if chart_id in seen:
                problem("duplicate chart id on the page")
            seen.add(chart_id)
        for reason in _chart_type_problems(chart, page_id) if "type" not in refused else ():
            problem(reason)
        for key in TEMPLATES:
            if isinstance(chart.get(key), str) and (reason := _template_problem(chart[key])):
                problem(f"{key}: {reason}")
        if "select" not in refused:
            for reason in selector_problems(chart.get("select", {}), known):
                problem(f"select: {reason}")
        if "related" not in refused:
            for name, selector in chart.get("related", {}).items():
                for reason in selector_problems(selector, known):
                    problem(f"related.{name}: {reason}")
        if "options" not in refused:
            try:
                json.dumps(chart.get("options", {}))
            except TypeError:
                problem("options must be a table of text, numbers, booleans and lists")
    return problems


def topic_problems(corpus: Corpus, known: Known) -> list[Problem]:
    problems: list[Problem] = []
    for topic_id, entry in corpus.topics.items():
        problem = _checker(entry, f"topic.{topic_id}", problems)
        refused = _field_problems(problem, topic_id, entry.fields, NAME_ID_PATTERN, TOPIC)
        if "chart" not in refused:
            problems += chart_problems(topic_id, entry.fields.get("chart", []), entry.file("chart"), known)
    for page_id, entry in corpus.pages.items():
        problem = _checker(entry, f"page.{page_id}", problems)
        refused = _field_problems(problem, page_id, entry.fields, NAME_ID_PATTERN, PAGE)
        if page_id in corpus.topics:
            problem("a page may not have a topic's id (charts.csv names pages by id)")
        if "chart" not in refused:
            problems += chart_problems(page_id, entry.fields.get("chart", []), entry.file("chart"), known)
    return problems


def corpus_problems(corpus: Corpus, source_ids: Collection[str]) -> list[Problem]:
    """Every problem of the merged registries and chart declarations (conflicting declarations are
    already in corpus.problems)."""
    known = Known(
        {
            "topic": tuple(corpus.topics),
            "indicator": tuple(corpus.indicators),
            "region": tuple(corpus.regions),
            "kind": KINDS,
            "unit": UNITS,
            "source": tuple(source_ids),
        }
    )
    return region_problems(corpus.regions) + indicator_problems(corpus.indicators) + topic_problems(corpus, known)


# ------------------------------------------------------------------ rows


def region_rows(corpus: Corpus) -> Rows:
    rows = []
    for region_id, entry in corpus.regions.items():
        fields = entry.fields
        parent = corpus.regions.get(fields.get("parent", ""))
        map_zh = fields.get("map_zh", parent.fields.get("map_zh", "") if parent else "")
        rows.append(
            {
                "region_id": region_id,
                "name_zh": fields["name_zh"],
                "name_en": fields["name_en"],
                "short_zh": fields["short_zh"],
                "level": fields["level"],
                "parent": fields.get("parent", ""),
                "map_zh": map_zh,
                "lon": number_text(fields["lon"]) if "lon" in fields else "",
                "lat": number_text(fields["lat"]) if "lat" in fields else "",
            }
        )
    return rows


def indicator_rows(corpus: Corpus) -> Rows:
    return [
        {
            "indicator_id": indicator_id,
            "name_zh": entry.fields["name_zh"],
            "name_en": entry.fields["name_en"],
            "unit": entry.fields["unit"],
            "aliases_zh": LIST_SEPARATOR.join(entry.fields.get("aliases_zh", [])),
        }
        for indicator_id, entry in corpus.indicators.items()
    ]


def topic_rows(corpus: Corpus) -> Rows:
    return [
        {
            "topic_id": topic_id,
            "name_zh": entry.fields["name_zh"],
            "name_en": entry.fields["name_en"],
            "icon": entry.fields.get("icon", ""),
            "position": str(entry.fields["order"]),
            "filters": LIST_SEPARATOR.join(entry.fields.get("filters", [])),
        }
        for topic_id, entry in corpus.topics.items()
    ]


def _as_lists(selector: Mapping[str, Any]) -> dict[str, list[str]]:
    return {key: values if isinstance(values, list) else [values] for key, values in selector.items()}


def chart_spec(chart: Mapping[str, Any]) -> str:
    """The `spec` cell: select, related and options as JSON, every selector value a list."""
    spec = {
        "select": _as_lists(chart.get("select", {})),
        "related": {name: _as_lists(selector) for name, selector in chart.get("related", {}).items()},
        "options": chart.get("options", {}),
    }
    return json.dumps(spec, ensure_ascii=False, separators=(",", ":"))


def chart_rows(corpus: Corpus) -> Rows:
    rows = []
    for page_id, entry in [*corpus.topics.items(), *corpus.pages.items()]:
        for position, chart in enumerate(entry.fields.get("chart", []), start=1):
            rows.append(
                {
                    "page_id": page_id,
                    "chart_id": chart["id"],
                    "position": str(position),
                    "type": chart["type"],
                    "tab_zh": chart.get("tab_zh", ""),
                    "tab_en": chart.get("tab_en", ""),
                    "title_zh": chart.get("title_zh", ""),
                    "title_en": chart.get("title_en", ""),
                    "takeaway_zh": chart.get("takeaway_zh", ""),
                    "takeaway_en": chart.get("takeaway_en", ""),
                    "spec": chart_spec(chart),
                }
            )
    return rows


def article_pairs(seeds_dir: Path) -> list[tuple[Path, Path]]:
    """(article.txt, article.toml) pairs of seeds/; an article without annotations is a problem."""
    pairs = []
    for text_path in sorted(seeds_dir.glob("*.txt")):
        pairs.append((text_path, text_path.with_suffix(".toml")))
    return pairs
