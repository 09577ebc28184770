"""The view's state (language, filters, presentation) and its two-way mapping to the URL.

The URL is the single source of truth: `parse_query` reads it (treating every value as hostile:
unknown keys or values, over-long strings, repeats of single-valued keys and wrong types are
dropped and reported), `to_query` writes it back, `apply` narrows the figures table, and
`describe` says in a sentence what is shown (as datasette does for its queries).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import pandas as pd

from cenfigures.view.labels import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    kind_label,
    text,
    topic_label,
)

MAX_VALUE_LENGTH = 64
MAX_SEARCH_LENGTH = 100
MAX_REPEATS = 20
# Streamlit's own parameters: they pass through untouched.
STREAMLIT_KEYS = frozenset({"embed", "embed_options"})
MULTI_KEYS = ("region", "topic", "kind")
SINGLE_KEYS = ("lang", "years", "q", "chart", "present", "slide")
_YEARS = re.compile(r"^(\d{4})-(\d{4})$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class FilterOptions:
    """What the data allows the filters to be."""

    regions: tuple[str, ...]
    topics: tuple[str, ...]
    kinds: tuple[str, ...]
    first_year: int
    last_year: int
    charts: tuple[str, ...] = ()  # the page's chart tabs, the first open by default; () when it has none

    @classmethod
    def from_figures(cls, figures: pd.DataFrame, charts: tuple[str, ...] = ()) -> FilterOptions:
        return cls(
            regions=tuple(dict.fromkeys(figures["region_id"])),
            topics=tuple(dict.fromkeys(figures["topic"])),
            kinds=tuple(dict.fromkeys(figures["kind"])),
            first_year=int(figures["period_start"].min()),
            last_year=int(figures["period_end"].max()),
            charts=charts,
        )


@dataclass(frozen=True)
class ViewState:
    lang: str = DEFAULT_LANGUAGE
    regions: tuple[str, ...] = ()  # empty: all
    topics: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    years: tuple[int, int] | None = None  # None: all years
    search: str = ""
    chart: str = ""  # the open chart tab; "": the page's first
    present: bool = False
    slide: int = 1

    def with_(self, **changes: object) -> ViewState:
        return replace(self, **changes)


@dataclass
class ParsedQuery:
    state: ViewState
    dropped: list[str] = field(default_factory=list)  # keys whose values were dropped (known keys only)
    unknown: int = 0  # how many unknown keys were dropped (never echoed back)

    @property
    def has_notice(self) -> bool:
        return bool(self.dropped or self.unknown)


def clean_search(raw: str) -> str | None:
    """The search text without control characters; None when it is too long to be a search."""
    if len(raw) > MAX_SEARCH_LENGTH:
        return None
    return _CONTROL.sub("", raw).strip()


def parse_query(params: Mapping[str, list[str]], options: FilterOptions) -> ParsedQuery:
    """Read the URL's parameters (each key with all its values) into a ViewState."""
    state: dict[str, object] = {}
    dropped: list[str] = []
    unknown = 0
    allowed = {"region": options.regions, "topic": options.topics, "kind": options.kinds}
    for key, values in params.items():
        if key in STREAMLIT_KEYS:
            continue
        if key in MULTI_KEYS:
            good = [v for v in values[:MAX_REPEATS] if len(v) <= MAX_VALUE_LENGTH and v in allowed[key]]
            if len(good) != len(values):
                dropped.append(key)
            state[key + "s"] = tuple(dict.fromkeys(good))
            continue
        if key not in SINGLE_KEYS:
            unknown += 1
            continue
        if len(values) != 1:
            dropped.append(key)
            continue
        value = values[0]
        parsed = _parse_single(key, value, options)
        if parsed is None:
            dropped.append(key)
        else:
            state[_FIELD_OF[key]] = parsed
    return ParsedQuery(ViewState(**state), dropped, unknown)  # type: ignore[arg-type]


_FIELD_OF = {"lang": "lang", "years": "years", "q": "search", "chart": "chart", "present": "present", "slide": "slide"}


def _parse_single(key: str, value: str, options: FilterOptions) -> object | None:
    if key == "lang":
        return value if value in LANGUAGES else None
    if key == "years":
        match = _YEARS.match(value)
        if not match:
            return None
        start, end = int(match.group(1)), int(match.group(2))
        if not options.first_year <= start <= end <= options.last_year:
            return None
        return (start, end)
    if key == "q":
        return clean_search(value)
    if key == "chart":
        return value if value in options.charts else None
    if key == "present":
        return {"1": True, "0": False}.get(value)
    if key == "slide":
        if not re.fullmatch(r"[1-9]\d{0,2}", value):
            return None
        return int(value)
    return None


def to_query(state: ViewState, options: FilterOptions | None = None) -> dict[str, str | list[str]]:
    """The URL parameters that reproduce `state` (defaults left out, so links stay short)."""
    query: dict[str, str | list[str]] = {}
    if state.lang != DEFAULT_LANGUAGE:
        query["lang"] = state.lang
    for key in MULTI_KEYS:
        values = getattr(state, key + "s")
        if values:
            query[key] = list(values)
    if state.years and not (options and state.years == (options.first_year, options.last_year)):
        query["years"] = f"{state.years[0]}-{state.years[1]}"
    if state.search:
        query["q"] = state.search
    if state.chart and not state.present and not (options and options.charts[:1] == (state.chart,)):
        query["chart"] = state.chart
    if state.present:
        query["present"] = "1"
        if state.slide != 1:
            query["slide"] = str(state.slide)
    return query


def apply(figures: pd.DataFrame, state: ViewState, uses: Iterable[str] = ("region", "topic", "kind", "years", "q")) -> pd.DataFrame:
    """The rows of `figures` that the filters named in `uses` let through."""
    uses = set(uses)
    mask = pd.Series(True, index=figures.index)
    if "region" in uses and state.regions:
        mask &= figures["region_id"].isin(state.regions)
    if "topic" in uses and state.topics:
        mask &= figures["topic"].isin(state.topics)
    if "kind" in uses and state.kinds:
        mask &= figures["kind"].isin(state.kinds)
    if "years" in uses and state.years:
        start, end = state.years
        mask &= (figures["period_start"] <= end) & (figures["period_end"] >= start)
    if "q" in uses and state.search:
        needle = state.search.casefold()
        haystack = figures[
            ["figure_id", "indicator_zh", "indicator_en", "region", "region_en", "value_as_stated", "quote"]
        ].astype(str).agg(" ".join, axis=1).str.casefold()
        mask &= haystack.str.contains(needle, regex=False)
    return figures[mask]


def describe(state: ViewState, shown: int, total: int, region_names: Mapping[str, str], uses: Iterable[str] = ("region", "topic", "kind", "years", "q")) -> str:
    """A sentence saying what the filters show: "Showing 12 of 54 figures where region is Hebei"."""
    lang = state.lang
    uses = set(uses)
    joiner = text("word.and", lang)
    colon = "：" if lang == "zh" else ": "
    conditions = []
    if "region" in uses and state.regions:
        conditions.append(text('filter.region', lang) + colon + joiner.join(region_names.get(r, r) for r in state.regions))
    if "topic" in uses and state.topics:
        conditions.append(text('filter.topic', lang) + colon + joiner.join(topic_label(t, lang) for t in state.topics))
    if "kind" in uses and state.kinds:
        conditions.append(text('filter.kind', lang) + colon + joiner.join(kind_label(k, lang) for k in state.kinds))
    if "years" in uses and state.years:
        conditions.append(f"{text('filter.period', lang)}{colon}{state.years[0]}–{state.years[1]}")
    if "q" in uses and state.search:
        conditions.append(f"{text('filter.search', lang)}{colon}“{state.search}”")
    sentence = text("filter.summary", lang, shown=shown, total=total)
    if conditions:
        sentence += text("filter.summary.where", lang, conditions=("；" if lang == "zh" else "; ").join(conditions))
    return sentence
