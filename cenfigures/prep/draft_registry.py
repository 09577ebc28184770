"""What the drafter knows of the corpus: regions, indicators, zh->en pairs, publishers, topics.

The one place the drafter reads the corpus registries from (`seeds/regions.toml`,
`seeds/indicators.toml`, format in docs/architecture.md). Cities that the region registry lacks
come from `draft_cities.csv` (China's prefecture-level cities, made by
scripts/make_city_table.py); a draft declares such a city in its own annotation.
The glossary (`draft_glossary.toml`) holds what no article states: publishers, English terms,
topic keywords.
"""

from __future__ import annotations

import csv
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
GLOSSARY_PATH = HERE / "draft_glossary.toml"
CITIES_PATH = HERE / "draft_cities.csv"
REGIONS_FILE = "regions.toml"
INDICATORS_FILE = "indicators.toml"
NATIONAL = "national"


@dataclass(frozen=True)
class RegionName:
    """A way the text may name a region: "河北省", "河北", "成都市", "成都"."""

    text: str
    region_id: str


@dataclass
class Registry:
    regions: dict[str, dict[str, Any]]  # the region registry (id -> entry)
    indicators: dict[str, dict[str, Any]]
    cities: dict[str, dict[str, str]]  # cities the registry lacks: id -> row of draft_cities.csv
    pairs: dict[str, str]  # Chinese label -> English label, from the corpus and the glossary
    publishers: dict[str, str]  # Chinese name -> English name
    topic_keywords: dict[str, list[str]]
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


def _annotation_tables(corpus_dir: Path) -> list[dict[str, Any]]:
    tables = []
    for path in sorted(corpus_dir.glob("*.toml")):
        if path.name in (REGIONS_FILE, INDICATORS_FILE, "topics.toml") or path.name.endswith(".draft.toml"):
            continue
        try:
            tables.append(_read_toml(path))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            continue  # a broken annotation is prep's to report, not the drafter's
    return tables


def load_registry(registry_dir: Path, corpus_dir: Path | None = None) -> Registry:
    """The registries in `registry_dir` and the zh->en pairs of the annotations in `corpus_dir`."""
    corpus_dir = corpus_dir or registry_dir
    annotations = _annotation_tables(corpus_dir)
    regions: dict[str, dict[str, Any]] = dict(_read_toml(registry_dir / REGIONS_FILE))
    for table in annotations:  # regions an article declares itself (cities, or the pre-registry format)
        for region_id, entry in table.get("regions", {}).items():
            regions.setdefault(region_id, entry)
    indicators = dict(_read_toml(registry_dir / INDICATORS_FILE))
    for table in annotations:
        for indicator_id, entry in table.get("indicators", {}).items():
            indicators.setdefault(indicator_id, entry)
    glossary = _read_toml(GLOSSARY_PATH)

    pairs: dict[str, str] = dict(glossary.get("terms", {}))
    for table in annotations:
        for entry in table.get("figure", []) + table.get("derived", []):
            if entry.get("indicator_zh") and entry.get("indicator_en"):
                pairs.setdefault(entry["indicator_zh"], entry["indicator_en"])
    for entry in indicators.values():
        for name in [entry.get("name_zh", "")] + list(entry.get("aliases_zh", [])):
            if name and entry.get("name_en"):
                pairs[name] = entry["name_en"]

    registry_names = {entry.get("name_zh") for entry in regions.values()}
    province_ids = {entry.get("name_zh"): region_id for region_id, entry in regions.items() if entry.get("level") == "province"}
    cities: dict[str, dict[str, str]] = {}
    with CITIES_PATH.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["name_zh"] in registry_names:
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
    registry.names = sorted((RegionName(text, region_id) for text, region_id in names.items()), key=lambda n: -len(n.text))
    registry.name_pattern = re.compile("|".join(re.escape(n.text) for n in registry.names)) if registry.names else None
    return registry
