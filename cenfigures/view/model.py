"""What a page and a chart builder work from: the declared topics and charts (from data/topics.csv
and data/charts.csv, written by prep from seeds/topics.toml), selectors over figure attributes, and
the View: the tables, the filter state, the names and a Translator, in one object.

Chart builders have one signature, `build(view, spec) -> Chart`; they never branch on the language
(the View's translator does) and never name a figure id (the spec's selectors pick figures by their
attributes), so a new article's figures land on the charts their attributes match.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

import pandas as pd

from cenfigures.tables.vocab import SELECTOR_COLUMNS
from cenfigures.view import facts, filters
from cenfigures.view.filters import FILTER_KEYS, Names, ViewState
from cenfigures.view.labels import LANGUAGES
from cenfigures.view.translate import Translator

Selector = Mapping[str, tuple[str, ...]]
_Result = TypeVar("_Result")
MEMO_SIZE = 64


def _by_identity(function: Callable[..., _Result]) -> Callable[..., _Result]:
    """`function` memoized by the identity of its DataFrame arguments (and the value of the others).

    The dataset's tables are read once per process and only read afterwards, yet every rerun asked
    for the same names and declared charts again (iterrows over the tables: a fifth of a dashboard
    rerun's CPU, docs/benchmarks.md "Rerun cost"). A hit needs the very same frame objects; the
    entry keeps them, so an id is never reused while its entry lives."""
    entries: dict[tuple, tuple[tuple, _Result]] = {}
    lock = threading.Lock()

    @functools.wraps(function)
    def memoized(*args: Any) -> _Result:
        frames = tuple(a for a in args if isinstance(a, pd.DataFrame))
        key = tuple(id(a) if isinstance(a, pd.DataFrame) else a for a in args)
        hit = entries.get(key)
        if hit is not None and all(x is y for x, y in zip(hit[0], frames)):
            return hit[1]
        value = function(*args)
        with lock:  # sessions' script threads share it
            if len(entries) >= MEMO_SIZE:
                entries.pop(next(iter(entries), None), None)
            entries[key] = (frames, value)
        return value

    return memoized


def normalize_selector(raw: Mapping[str, Any] | None) -> dict[str, tuple[str, ...]]:
    """{"kind": "target"} -> {"kind": ("target",)}: every attribute a tuple of accepted values."""
    result: dict[str, tuple[str, ...]] = {}
    for key, value in (raw or {}).items():
        values = value if isinstance(value, list | tuple) else [value]
        result[key] = tuple(str(v) for v in values)
    return result


def selector_mask(frame: pd.DataFrame, selector: Selector) -> pd.Series:
    """Rows whose attributes match every entry of the selector (`not_<attribute>` excludes)."""
    mask = pd.Series(True, index=frame.index)
    for key, values in selector.items():
        negate = key.startswith("not_")
        attribute = key[4:] if negate else key
        column = SELECTOR_COLUMNS[attribute]
        if column not in frame:
            mask &= negate  # an attribute the table lacks matches nothing (or excludes nothing)
            continue
        hit = frame[column].astype(str).isin(values)
        mask &= ~hit if negate else hit
    return mask


def select(frame: pd.DataFrame, selector: Selector) -> pd.DataFrame:
    """The rows of `frame` the selector picks, in the table's order (the articles' order)."""
    if frame.empty:
        return frame
    return frame[selector_mask(frame, selector)]


def _pair(row: Mapping, base: str) -> dict[str, str]:
    return {lang: str(row.get(f"{base}_{lang}", "") or "") for lang in LANGUAGES}


@dataclass(frozen=True)
class ChartSpec:
    """One declared chart: where it is shown, its type, its words and which figures it draws."""

    page: str
    id: str
    type: str
    position: int = 0
    tab: Mapping[str, str] = field(default_factory=dict)
    title: Mapping[str, str] = field(default_factory=dict)
    takeaway: Mapping[str, str] = field(default_factory=dict)
    select: Selector = field(default_factory=dict)
    related: Mapping[str, Selector] = field(default_factory=dict)
    options: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_declaration(cls, page: str, entry: Mapping[str, Any], position: int = 0) -> ChartSpec:
        """From a `[[topic.chart]]` / `[[page.chart]]` table as written in topics.toml."""
        return cls(
            page=page,
            id=str(entry["id"]),
            type=str(entry["type"]),
            position=position,
            tab=_pair(entry, "tab"),
            title=_pair(entry, "title"),
            takeaway=_pair(entry, "takeaway"),
            select=normalize_selector(entry.get("select")),
            related={name: normalize_selector(sel) for name, sel in (entry.get("related") or {}).items()},
            options=dict(entry.get("options") or {}),
        )

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> ChartSpec:
        """From a row of data/charts.csv (its `spec` column holds select, related and options as JSON)."""
        spec = json.loads(row.get("spec") or "{}")
        entry = {**{k: row[k] for k in row.keys() if k != "spec"}, **spec, "id": row["chart_id"]}
        return cls.from_declaration(str(row["page_id"]), entry, int(row.get("position") or 0))

    def words(self, what: str, lang: str) -> str:
        return getattr(self, what).get(lang, "")


@dataclass(frozen=True)
class TopicSpec:
    id: str
    name: Mapping[str, str]
    icon: str = ":material/topic:"
    position: int = 0
    filters: tuple[str, ...] = FILTER_KEYS

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> TopicSpec:
        declared = tuple(re.split(r"[;,\s]+", str(row.get("filters") or "").strip())) if row.get("filters") else ()
        return cls(
            id=str(row["topic_id"]),
            name=_pair(row, "name"),
            icon=str(row.get("icon") or ":material/topic:"),
            position=int(row.get("position") or 0),
            filters=tuple(f for f in declared if f in FILTER_KEYS) or FILTER_KEYS,
        )


def chart_specs(charts: pd.DataFrame, page: str | None = None) -> list[ChartSpec]:
    """The declared charts (of one page), in their order."""
    if charts is None or charts.empty:
        return []
    return list(_chart_specs(charts, page))


@_by_identity
def _chart_specs(charts: pd.DataFrame, page: str | None) -> tuple[ChartSpec, ...]:
    rows = charts if page is None else charts[charts["page_id"] == page]
    specs = [ChartSpec.from_row(row) for row in records(rows)]
    return tuple(sorted(specs, key=lambda s: (s.position, s.id)))


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a small table (a registry, the declared charts) as dicts, built from its columns."""
    columns = list(frame.columns)
    return [dict(zip(columns, values)) for values in zip(*(frame[c].tolist() for c in columns))]


def topic_specs(topics: pd.DataFrame) -> list[TopicSpec]:
    if topics is None or topics.empty:
        return []
    return sorted((TopicSpec.from_row(row) for row in records(topics)), key=lambda s: (s.position, s.id))


@_by_identity
def fact_columns(figures: pd.DataFrame) -> pd.DataFrame:
    """Each figure's fact (facts.keyed: `series`, `fact_key`, `statement`), once per table object."""
    if figures.empty or not {"value", "region_id", "period", "kind"} <= set(figures.columns):
        return pd.DataFrame(index=figures.index)
    return facts.keyed(figures)[["series", "fact_key", "statement"]]


NAMED_TABLES = ("regions", "topics", "indicators", "sources")


def names_of(tables: Mapping[str, pd.DataFrame]) -> Names:
    """The names filters and charts show, from the tables (registry names, topic names, articles)."""
    return _names_of(*(tables.get(name) for name in NAMED_TABLES))


@_by_identity
def _names_of(
    regions: pd.DataFrame | None,
    topics: pd.DataFrame | None,
    indicators: pd.DataFrame | None,
    sources: pd.DataFrame | None,
) -> Names:
    entries: dict[str, dict[str, dict[str, str]]] = {}

    def add(kind: str, frame: pd.DataFrame | None, key: str, zh: str, en: str) -> None:
        if frame is None or frame.empty or key not in frame:
            return
        ids = frame[key].astype(str)
        chinese = _text(frame, zh).where(lambda names: names != "", ids)
        english = _text(frame, en).where(lambda names: names != "", chinese)
        entries[kind] = {i: {"zh": z, "en": e} for i, z, e in zip(ids, chinese, english)}

    # Chinese readers name a province by its short name (河北, not 河北省) in running text.
    add(
        "region",
        regions,
        "region_id",
        "short_zh" if regions is not None and "short_zh" in regions else "name_zh",
        "name_en",
    )
    add("topic", topics, "topic_id", "name_zh", "name_en")
    add("indicator", indicators, "indicator_id", "name_zh", "name_en")
    if sources is not None and not sources.empty:
        published = " " + _text(sources, "published")
        chinese, english = _text(sources, "publisher") + published, _text(sources, "publisher_en") + published
        entries["source"] = {
            i: {"zh": z, "en": e} for i, z, e in zip(sources["source_id"].astype(str), chinese, english)
        }
    return Names(entries)


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column].fillna("").astype(str) if column in frame else pd.Series("", index=frame.index, dtype=str)


@dataclass(frozen=True)
class View:
    """The tables, the filter state and the language a page or a chart builder works from.

    `figures` and `events` are narrowed by the filters the page applies (`uses`); `tables` stays
    whole (the map needs every region, a takeaway may compare with what the filters hid)."""

    tables: Mapping[str, pd.DataFrame]
    state: ViewState = field(default_factory=ViewState)
    uses: tuple[str, ...] = FILTER_KEYS
    # What builders compute from this view (the facts a selector picks, with their words), kept for
    # the View's life: a page's charts ask for the same selections (`memo`).
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    def __hash__(self) -> int:  # keyed by identity: a View lives for one build
        return id(self)

    @cached_property
    def t(self) -> Translator:
        return Translator(self.state.lang)

    @cached_property
    def names(self) -> Names:
        return names_of(self.tables)

    def table(self, name: str) -> pd.DataFrame:
        frame = self.tables.get(name)
        return frame if frame is not None else pd.DataFrame()

    @cached_property
    def all_figures(self) -> pd.DataFrame:
        return self.table("figures")

    @cached_property
    def keyed_figures(self) -> pd.DataFrame:
        """`figures` with each one's fact (`series`, `fact_key`, `statement`: view/facts.py), keyed
        once per table, not once per view."""
        keys = fact_columns(self.all_figures)
        return self.figures.join(keys) if not keys.empty or self.figures.empty else self.figures

    @cached_property
    def figures(self) -> pd.DataFrame:
        return filters.apply(self.all_figures, self.state, self.uses, self.names)

    @cached_property
    def events(self) -> pd.DataFrame:
        return filters.apply(self.table("events"), self.state, self.uses, self.names)

    def select(self, selector: Selector, frame: pd.DataFrame | None = None) -> pd.DataFrame:
        return select(self.figures if frame is None else frame, selector)

    def memo(self, key: Hashable, make: Callable[[], _Result]) -> _Result:
        """`make()` once per view and `key` (a builder's selection and what it derives from it)."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    @cached_property
    def sources(self) -> dict[str, dict[str, Any]]:
        frame = self.table("sources")
        return {} if frame.empty else {str(row["source_id"]): row for row in records(frame)}

    def source(self, source_id: str) -> dict[str, Any]:
        return self.sources.get(str(source_id), {})

    def source_name(self, source_id: str) -> str:
        """ "中国电子报 2022-01" / "China Electronics News 2022-01"."""
        return self.names.name("source", str(source_id), self.t.lang)

    def region_name(self, region_id: str) -> str:
        return self.names.name("region", str(region_id), self.t.lang)

    def topic_name(self, topic_id: str) -> str:
        return self.names.name("topic", str(topic_id), self.t.lang)

    def with_state(self, state: ViewState) -> View:
        return View(self.tables, state, self.uses)


def source_ids(rows: pd.DataFrame) -> tuple[str, ...]:
    """The articles behind `rows`, in the order they first appear."""
    if rows.empty or "source_id" not in rows:
        return ()
    ids = rows["source_id"].astype(str).drop_duplicates()
    return tuple(ids[ids != ""])


def ids_of(rows: pd.DataFrame) -> tuple[str, ...]:
    """The figure (or event) ids of `rows`."""
    for key in ("figure_id", "event_id"):
        if key in rows:
            return tuple(str(i) for i in rows[key])
    return ()


def specs_from_declarations(declarations: Mapping[str, Any]) -> tuple[list[TopicSpec], list[ChartSpec]]:
    """Topics and charts straight from a parsed topics.toml (tests that build specs without prep)."""
    topics, charts = [], []
    for position, topic in enumerate(declarations.get("topic", [])):
        topics.append(
            TopicSpec(
                id=topic["id"],
                name={lang: topic.get(f"name_{lang}", "") for lang in LANGUAGES},
                icon=topic.get("icon", ":material/topic:"),
                position=int(topic.get("order", position)),
                filters=tuple(topic.get("filters", FILTER_KEYS)),
            )
        )
        charts += [ChartSpec.from_declaration(topic["id"], c, n) for n, c in enumerate(topic.get("chart", []))]
    for page in declarations.get("page", []):
        charts += [ChartSpec.from_declaration(page["id"], c, n) for n, c in enumerate(page.get("chart", []))]
    return topics, charts


def pages_with_charts(charts: Iterable[ChartSpec]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(spec.page for spec in charts))
