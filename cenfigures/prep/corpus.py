"""The corpus files of seeds/: the region and indicator registries and the topics with their charts,
plus the entries articles add to them.

`regions.toml` and `indicators.toml` hold one table per id (`[hebei]`); `topics.toml` holds
`[[topic]]` (each with its `[[topic.chart]]`) and `[[page]]` (the fixed pages' charts). An article's
TOML may add `[regions.<id>]`, `[indicators.<id>]` and `[[topic]]` entries. An entry declared more
than once must agree in every field both declarations give (the entry is then their union); prep
refuses a disagreement, naming both files. Formats: docs/authoring.md.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cenfigures.prep.annotations import (
    NOTE_FIELDS,
    AnnotationError,
    Problem,
    Registry,
    missing_fields,
    period_years,
    read_toml,
    unknown_fields,
)
from cenfigures.tables.schema import (
    LIST_SEPARATOR,
    NAME_ID_PATTERN,
    REGION_ID_PATTERN,
    Rows,
    number_text,
)
from cenfigures.tables.vocab import (
    CHART_TYPES,
    FILTER_KEYS,
    KINDS,
    MEASURES,
    REGION_LEVELS,
    SELECTOR_COLUMNS,
    UNITS,
)

REGIONS_FILE = "regions.toml"
INDICATORS_FILE = "indicators.toml"
TOPICS_FILE = "topics.toml"
CORPUS_FILES = (REGIONS_FILE, INDICATORS_FILE, TOPICS_FILE)

REGION_FIELDS = ("name_zh", "name_en", "short_zh", "level")
REGION_OPTIONAL = ("parent", "map_zh", "lon", "lat")
INDICATOR_FIELDS = ("name_zh", "name_en", "unit")
INDICATOR_OPTIONAL = ("aliases_zh", "measure")
TOPIC_FIELDS = ("id", "name_zh", "name_en")
TOPIC_OPTIONAL = ("icon", "order", "filters", "chart")
PAGE_FIELDS = ("id",)
PAGE_OPTIONAL = ("chart",)
CHART_FIELDS = ("id", "type", "tab_zh", "tab_en", "title_zh", "title_en")
CHART_OPTIONAL = ("takeaway_zh", "takeaway_en", "select", "related", "options")
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
            for section in raw:
                if section not in ("topic", "page"):
                    corpus.problems.append(
                        Problem(name, "-", f"unknown table {section!r} (topics.toml holds [[topic]] and [[page]])")
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
    problem: Callable[..., None],
    entry_id: str,
    fields: Mapping[str, Any],
    pattern: str,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    hint: Callable[[str], str] = lambda name: "",
) -> None:
    """The checks every registry entry gets: its id's form, unknown fields, missing fields."""
    if not re.fullmatch(pattern, entry_id):
        problem(_ID_RULES[pattern])
    for unknown in unknown_fields(fields, required + optional):
        problem(f"unknown field {unknown!r}{hint(unknown)}", unknown)
    for missing in missing_fields(fields, required):
        problem(f"missing field {missing!r}")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def region_problems(regions: Mapping[str, Entry]) -> list[Problem]:
    problems: list[Problem] = []
    for region_id, entry in regions.items():
        fields, problem = entry.fields, _checker(entry, f"regions.{region_id}", problems)
        note = " (an article's words about a region go in [region_notes.<id>])"
        hint = lambda name, note=note: note if name in NOTE_FIELDS else ""  # noqa: E731
        _field_problems(problem, region_id, fields, REGION_ID_PATTERN, REGION_FIELDS, REGION_OPTIONAL, hint)
        level = fields.get("level")
        if level not in REGION_LEVELS:
            problem(f"level {level!r} is not one of {', '.join(REGION_LEVELS)}", "level")
            continue
        if level == "city":
            parent = regions.get(fields.get("parent", ""))
            if parent is None or parent.fields.get("level") != "province":
                problem(f"a city needs parent = a province-level region id, not {fields.get('parent')!r}", "parent")
            elif fields.get("map_zh", parent.fields.get("map_zh")) != parent.fields.get("map_zh"):
                problem(f"map_zh {fields['map_zh']!r} is not its province's {parent.fields.get('map_zh')!r}", "map_zh")
            for key, (low, high) in (("lon", LON_RANGE), ("lat", LAT_RANGE)):
                if not _is_number(fields.get(key)) or not low <= fields[key] <= high:
                    problem(f"a city needs {key} (a number from {low:g} to {high:g}), not {fields.get(key)!r}", key)
            continue
        for key in ("parent", "lon", "lat"):
            if key in fields:
                problem(f"{key} is for cities only", key)
        if level == "province" and missing_fields(fields, ("map_zh",)):
            problem("missing field 'map_zh' (the province's feature name in the map's GeoJSON)")
        if level == "country" and fields.get("map_zh"):
            problem("the national level has no map shape: map_zh must be empty", "map_zh")
    return problems


def _text_list(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(item, str) and item and LIST_SEPARATOR not in item for item in value
    )


def indicator_problems(indicators: Mapping[str, Entry]) -> list[Problem]:
    problems: list[Problem] = []
    for indicator_id, entry in indicators.items():
        fields, problem = entry.fields, _checker(entry, f"indicators.{indicator_id}", problems)
        _field_problems(problem, indicator_id, fields, NAME_ID_PATTERN, INDICATOR_FIELDS, INDICATOR_OPTIONAL)
        if fields.get("unit") and fields["unit"] not in UNITS:
            problem(f"unknown unit {fields['unit']!r} (one of {', '.join(UNITS)})", "unit")
        if "aliases_zh" in fields and not _text_list(fields["aliases_zh"]):
            problem(f"aliases_zh must be a list of wordings (without {LIST_SEPARATOR!r})", "aliases_zh")
        if "measure" in fields and fields["measure"] not in MEASURES:
            problem(f"unknown measure {fields['measure']!r} (one of {', '.join(MEASURES)})", "measure")
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
        for unknown in unknown_fields(chart, CHART_FIELDS + CHART_OPTIONAL):
            problem(f"unknown field {unknown!r}")
        # A headline card of the overview is a selector only: it has no tab and no title of its own.
        required = ("id", "type") if chart.get("type") == "headline" else CHART_FIELDS
        for missing in missing_fields(chart, required):
            problem(f"missing field {missing!r}")
        if isinstance(chart_id, str):
            if not re.fullmatch(NAME_ID_PATTERN, chart_id):
                problem("id must be lowercase letters, digits and '_'")
            if chart_id in seen:
                problem("duplicate chart id on the page")
            seen.add(chart_id)
        if chart.get("type") not in CHART_TYPES:
            problem(f"unknown type {chart.get('type')!r} (one of {', '.join(CHART_TYPES)})")
        for key in TEMPLATES:
            if isinstance(chart.get(key), str) and (reason := _template_problem(chart[key])):
                problem(f"{key}: {reason}")
        if "select" not in chart:
            problem("missing field 'select' (select = {} picks every figure)")
        for reason in selector_problems(chart.get("select", {}), known):
            problem(f"select: {reason}")
        related = chart.get("related", {})
        if not isinstance(related, dict):
            problem("related must be a table of named selectors")
        else:
            for name, selector in related.items():
                for reason in selector_problems(selector, known):
                    problem(f"related.{name}: {reason}")
        options = chart.get("options", {})
        try:
            if not isinstance(options, dict):
                raise TypeError
            json.dumps(options)
        except TypeError:
            problem("options must be a table of text, numbers, booleans and lists")
    return problems


def topic_problems(corpus: Corpus, known: Known) -> list[Problem]:
    problems: list[Problem] = []
    for topic_id, entry in corpus.topics.items():
        fields, problem = entry.fields, _checker(entry, f"topic.{topic_id}", problems)
        _field_problems(problem, topic_id, fields, NAME_ID_PATTERN, TOPIC_FIELDS, TOPIC_OPTIONAL)
        if not isinstance(fields.get("order"), int) or isinstance(fields.get("order"), bool):
            problem(f"order must be a whole number (the menu order), not {fields.get('order')!r}", "order")
        if "icon" in fields and not isinstance(fields["icon"], str):
            problem(f"icon must be text, not {fields['icon']!r}", "icon")
        filters = fields.get("filters", [])
        if (
            not isinstance(filters, list)
            or any(key not in FILTER_KEYS for key in filters)
            or len(set(filters)) != len(filters)
        ):
            problem(
                f"filters must be a list of distinct filter names ({', '.join(FILTER_KEYS)}), not {filters!r}",
                "filters",
            )
        problems += chart_problems(topic_id, fields.get("chart", []), entry.file("chart"), known)
    for page_id, entry in corpus.pages.items():
        problem = _checker(entry, f"page.{page_id}", problems)
        _field_problems(problem, page_id, entry.fields, NAME_ID_PATTERN, PAGE_FIELDS, PAGE_OPTIONAL)
        if page_id in corpus.topics:
            problem("a page may not have a topic's id (charts.csv names pages by id)")
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
