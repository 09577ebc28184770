"""What the drafter knows of the corpus: regions, indicators, topics, zh->en pairs, publishers.

The one place the drafter reads the corpus from: the corpus files of the seeds folder
(`regions.toml`, `indicators.toml`, `topics.toml`, format in docs/authoring.md) and the entries
every article's annotation adds to them, merged as prep merges them (`prep.corpus`). Cities that the
region registry lacks come from `cities.csv` (China's prefecture-level cities, made by
scripts/make_city_table.py); a draft declares such a city in its own annotation.
The glossary (`glossary.toml`) holds what no article states: publishers, English terms,
topic keywords.
"""

from __future__ import annotations

import csv
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cenfigures.prep.annotations import AnnotationError, read_toml
from cenfigures.prep.corpus import CORPUS_FILES, article_pairs, read_corpus_files

HERE = Path(__file__).resolve().parent
GLOSSARY_PATH = HERE / "glossary.toml"
CITIES_PATH = HERE / "cities.csv"
NATIONAL = "national"
UNPLACED = "unplaced"  # the topic of a figure no keyword places (seeds/topics.toml): the reviewer chooses
UNTRANSLATED = "(untranslated) "  # before a Chinese label that has no English yet


class RegistryError(Exception):
    """The corpus files cannot be read: one line saying which and why."""


@dataclass(frozen=True)
class RegionName:
    """A way the text may name a region: "河北省", "河北", "成都市", "成都"."""

    text: str
    region_id: str


@dataclass
class Registry:
    regions: dict[str, dict[str, Any]]  # the region registry plus the articles' declarations (id -> fields)
    indicators: dict[str, dict[str, Any]]
    cities: dict[str, dict[str, str]]  # cities the registry lacks: id -> row of cities.csv
    pairs: dict[str, str]  # Chinese label -> English label, from the corpus and the glossary
    publishers: dict[str, str]  # Chinese name -> English name
    topic_keywords: dict[str, list[str]]
    topics: tuple[str, ...] = ()  # the corpus's topic ids, in declaration order (topics.toml, then articles)
    national_bodies: tuple[str, ...] = ()
    names: list[RegionName] = field(default_factory=list)
    name_pattern: re.Pattern[str] | None = None

    def region_name_en(self, region_id: str) -> str:
        entry = self.regions.get(region_id) or self.cities.get(region_id) or {}
        return entry.get("name_en", region_id)

    def is_city(self, region_id: str) -> bool:
        return region_id in self.cities or self.regions.get(region_id, {}).get("level") == "city"

    def parent_of(self, region_id: str) -> str:
        entry = self.regions.get(region_id) or {}
        if entry.get("parent"):
            return entry["parent"]
        city = self.cities.get(region_id)
        return city["parent"] if city else ""


def _read_toml(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def load_registry(seeds_dir: Path, skip: Path | None = None) -> Registry:
    """The corpus of `seeds_dir` as the drafter needs it: the corpus files with the regions,
    indicators and topics its articles add, and the zh->en pairs of the articles' labels.
    `skip` is the annotation being drafted: a previous draft of it does not count as corpus.
    Raises RegistryError when a corpus file is missing or not TOML (prep would refuse the build)."""
    corpus = read_corpus_files(seeds_dir)
    if corpus.unreadable:
        reasons = "; ".join(str(p) for p in corpus.problems)
        raise RegistryError(f"{seeds_dir}: the corpus files ({', '.join(CORPUS_FILES)}) cannot be read: {reasons}")
    annotations: list[dict[str, Any]] = []
    for _, annotation_path in article_pairs(seeds_dir):
        if skip is not None and annotation_path.resolve() == skip.resolve():
            continue
        try:
            raw = read_toml(annotation_path)
        except (AnnotationError, OSError):
            continue  # a missing or broken annotation is prep's to report, not the drafter's
        corpus.declare_all(raw, annotation_path.name)  # a conflicting declaration: the first one counts
        annotations.append(raw)
    regions = {item_id: dict(entry.fields) for item_id, entry in corpus.regions.items()}
    indicators = {item_id: dict(entry.fields) for item_id, entry in corpus.indicators.items()}
    glossary = _read_toml(GLOSSARY_PATH)

    pairs: dict[str, str] = dict(glossary.get("terms", {}))
    for table in annotations:
        for entry in table.get("figure", []) + table.get("derived", []):
            zh, en = entry.get("indicator_zh"), entry.get("indicator_en")
            if isinstance(zh, str) and isinstance(en, str) and zh and en and not en.startswith(UNTRANSLATED):
                pairs.setdefault(zh, en)
    for entry in indicators.values():
        for name in [entry.get("name_zh", "")] + list(entry.get("aliases_zh", [])):
            if name and entry.get("name_en"):
                pairs[name] = entry["name_en"]

    registry_names = {entry.get("name_zh") for entry in regions.values()}
    province_ids = {
        entry.get("name_zh"): region_id for region_id, entry in regions.items() if entry.get("level") == "province"
    }
    cities: dict[str, dict[str, str]] = {}
    with CITIES_PATH.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["name_zh"] in registry_names or row["city_id"] in regions:
                continue
            row = dict(row, parent=province_ids.get(row["province_zh"], ""))
            cities[row["city_id"]] = row

    registry = Registry(
        regions=regions,
        indicators=indicators,
        cities=cities,
        pairs=pairs,
        publishers=dict(glossary.get("publishers", {})),
        topic_keywords={topic: list(words) for topic, words in glossary.get("topic_keywords", {}).items()},
        topics=tuple(corpus.topics),
        national_bodies=tuple(glossary.get("national_bodies", [])),
    )
    names: dict[str, str] = {}
    for region_id, entry in regions.items():
        for key in ("name_zh", "short_zh"):
            if entry.get(key):
                names.setdefault(entry[key], region_id)
    if NATIONAL in regions:
        names.setdefault("我国", NATIONAL)
    ambiguous = set(glossary.get("ambiguous_city_names", []))
    for city_id, row in cities.items():
        names.setdefault(row["name_zh"], city_id)
        if row["short_zh"] not in ambiguous:
            names.setdefault(row["short_zh"], city_id)
    registry.names = sorted(
        (RegionName(text, region_id) for text, region_id in names.items()), key=lambda n: -len(n.text)
    )
    registry.name_pattern = re.compile("|".join(re.escape(n.text) for n in registry.names)) if registry.names else None
    return registry
