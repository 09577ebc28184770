"""The view's state (language, filters, page parameters) and its two-way mapping to the URL.

Every filter is declared once, in `FILTERS` (datasette's idea of a filter that yields both a query
and a human sentence): its URL key, its widget, the options the data allows, how it narrows a
table, and how it reads in a sentence. The URL parser, the sidebar, the row masks, the description
of the view and the share link all iterate that registry, so a new filter is one declaration.

The URL is the single source of truth. `parse_query` reads it treating every value as hostile
(unknown keys or values, over-long strings, repeats of single-valued keys and wrong types are
dropped and reported by key name only), `to_query` writes the state back with defaults left out.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from cenfigures.tables import contract
from cenfigures.view import facts
from cenfigures.view.labels import DEFAULT_LANGUAGE, LANGUAGES
from cenfigures.view.translate import Translator

MAX_VALUE_LENGTH = 64
MAX_SEARCH_LENGTH = 100
MAX_REPEATS = 20
MAX_SLIDES = 64  # of ?slides= values, at most this many are read
# Streamlit's own parameters: they pass through untouched.
STREAMLIT_KEYS = frozenset({"embed", "embed_options"})
_YEARS = re.compile(r"^(\d{4})-(\d{4})$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class Names:
    """Names of what the data holds, in both languages: kind -> id -> {"zh": ..., "en": ...}
    (kinds: region, topic, source, indicator). Filters use them for options and sentences."""

    entries: Mapping[str, Mapping[str, Mapping[str, str]]] = field(default_factory=dict)

    def name(self, kind: str, item: str, lang: str) -> str:
        names = self.entries.get(kind, {}).get(item)
        return names.get(lang) or names.get(DEFAULT_LANGUAGE) or item if names else item

    def all_names(self, kind: str, item: str) -> list[str]:
        names = self.entries.get(kind, {}).get(item, {})
        return [item, *names.values()]


# ---------------------------------------------------------------- the filters


@dataclass(frozen=True)
class Filter:
    """A filter: `key` in the URL, shown with the label `filter.<key>`."""

    key: str
    widget: str  # multiselect | range | text

    @property
    def label(self) -> str:
        return f"filter.{self.key}"

    def options(self, frame: pd.DataFrame) -> tuple:
        """The values the data allows (for a range: first and last year)."""
        raise NotImplementedError

    def parse(self, values: list[str], options: tuple) -> tuple[Any, bool]:
        """(value, ok) from the URL's values; ok is False when something was dropped."""
        raise NotImplementedError

    def query(self, value: Any, options: tuple) -> str | list[str] | None:
        raise NotImplementedError

    def applies_to(self, frame: pd.DataFrame) -> bool:
        raise NotImplementedError

    def mask(self, frame: pd.DataFrame, value: Any, names: Names) -> pd.Series:
        raise NotImplementedError

    def condition(self, value: Any, t: Translator, names: Names) -> str:
        """The filter as words: "地区为河北、广州" / "region is Hebei or Guangzhou"."""
        raise NotImplementedError


@dataclass(frozen=True)
class ChoiceFilter(Filter):
    """Rows whose `column` is one of the chosen values; names from `Names` (or a label table)."""

    column: str = ""
    names_kind: str = ""  # Names kind, or "" for a label family ("kind" -> labels kind.<value>)
    label_family: str = ""

    def options(self, frame: pd.DataFrame) -> tuple:
        return tuple(frame[self.column].drop_duplicates()) if self.column in frame else ()

    def parse(self, values: list[str], options: tuple) -> tuple[Any, bool]:
        good = [v for v in values[:MAX_REPEATS] if len(v) <= MAX_VALUE_LENGTH and v in options]
        return tuple(dict.fromkeys(good)), len(good) == len(values)

    def query(self, value: Any, options: tuple) -> list[str] | None:
        return list(value) if value else None

    def applies_to(self, frame: pd.DataFrame) -> bool:
        return self.column in frame

    def mask(self, frame: pd.DataFrame, value: Any, names: Names) -> pd.Series:
        return frame[self.column].isin(value)

    def option_label(self, option: str, t: Translator, names: Names) -> str:
        if self.label_family:
            key = f"{self.label_family}.{option}"
            return t(key) if t.has(key) else option
        return names.name(self.names_kind, option, t.lang)

    def condition(self, value: Any, t: Translator, names: Names) -> str:
        return t(f"filter.sentence.{self.key}", values=t("word.or").join(self.option_label(v, t, names) for v in value))


@dataclass(frozen=True)
class YearsFilter(Filter):
    """Rows whose period (figures) or date span (events) overlaps the chosen years."""

    def options(self, frame: pd.DataFrame) -> tuple:
        start, end = _year_span(frame)
        if start is None or start.empty:
            return ()
        return (int(start.min()), int(end.max()))

    def parse(self, values: list[str], options: tuple) -> tuple[Any, bool]:
        if len(values) != 1 or not options:
            return None, False
        match = _YEARS.match(values[0])
        if not match:
            return None, False
        start, end = int(match.group(1)), int(match.group(2))
        if not options[0] <= start <= end <= options[1]:
            return None, False
        return (None, True) if (start, end) == options else ((start, end), True)

    def query(self, value: Any, options: tuple) -> str | None:
        return None if not value or tuple(value) == tuple(options) else f"{value[0]}-{value[1]}"

    def applies_to(self, frame: pd.DataFrame) -> bool:
        return _year_span(frame)[0] is not None

    def mask(self, frame: pd.DataFrame, value: Any, names: Names) -> pd.Series:
        start, end = _year_span(frame)
        return (start <= value[1]) & (end >= value[0])

    def condition(self, value: Any, t: Translator, names: Names) -> str:
        return t("filter.sentence.years", start=value[0], end=value[1])


def _year_span(frame: pd.DataFrame) -> tuple[pd.Series | None, pd.Series | None]:
    """First and last year of each row: a figure's period, an event's date to its end date."""
    if "period_start" in frame and "period_end" in frame:
        return frame["period_start"].astype(int), frame["period_end"].astype(int)
    if "date" in frame:
        start = frame["date"].astype(str).str[:4].astype(int)
        end_text = frame["date_end"].astype(str) if "date_end" in frame else frame["date"].astype(str)
        end_text = end_text.where(end_text != "", frame["date"].astype(str))
        return start, end_text.str[:4].astype(int)
    return None, None


_NUMBER = re.compile(
    r"^\s*(?P<number>\d+(?:\.\d+)?)\s*(?P<scale>万亿|万|亿|billion|million|thousand|bn|m|k)?\s*$", re.IGNORECASE
)
_SCALES = {
    "万": 1e4,
    "亿": 1e8,
    "万亿": 1e12,
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
}


def search_number(text: str) -> float | None:
    """The number a search means, if it is one: "23000", "23,000", "2.3万", "250 billion"."""
    match = _NUMBER.match(text.replace(",", ""))
    if not match:
        return None
    scale = _SCALES.get((match.group("scale") or "").lower(), 1)
    return float(match.group("number")) * scale


@dataclass(frozen=True)
class SearchFilter(Filter):
    """Rows whose displayed text, in either language, contains the search; a number also matches
    rows with that value (23000 finds "2.3万个")."""

    def options(self, frame: pd.DataFrame) -> tuple:
        return ()

    def parse(self, values: list[str], options: tuple) -> tuple[Any, bool]:
        if len(values) != 1:
            return None, False
        cleaned = clean_search(values[0])
        return (cleaned or None), cleaned is not None

    def query(self, value: Any, options: tuple) -> str | None:
        return value or None

    def applies_to(self, frame: pd.DataFrame) -> bool:
        return "quote" in frame

    def mask(self, frame: pd.DataFrame, value: Any, names: Names) -> pd.Series:
        return search_index(frame, names).matches(value)

    def condition(self, value: Any, t: Translator, names: Names) -> str:
        return t("filter.sentence.q", value=value)


def clean_search(raw: str) -> str | None:
    """The search text without control characters; None when it is too long to be a search."""
    if len(raw) > MAX_SEARCH_LENGTH:
        return None
    return _CONTROL.sub("", raw).strip()


_TEXT_COLUMNS = (
    "figure_id",
    "event_id",
    "indicator_zh",
    "indicator_en",
    "region",
    "region_en",
    "title_zh",
    "title_en",
    "value_as_stated",
    "quote",
    "period",
    "note_zh",
    "note_en",
    "date",
)


def _searched_parts(frame: pd.DataFrame, names: Names) -> list[tuple[np.ndarray, pd.Series]]:
    """What a reader sees of each row, in both languages, dictionary-encoded: per part (names, labels
    of kind, unit, topic and source, values as formatted on screen and as stated, the quote), each
    row's code and the text of each code, made once per distinct value."""
    translators = [Translator(lang) for lang in LANGUAGES]
    parts = []
    for name in (c for c in _TEXT_COLUMNS if c in frame):
        codes, distinct = pd.factorize(frame[name].astype(str))
        parts.append((codes, pd.Series(distinct)))

    def labelled(column: str, reads: list) -> None:
        codes, distinct = pd.factorize(frame[column])
        parts.extend((codes, pd.Series([read(v) for v in distinct], dtype=object)) for read in reads)

    if "topic" in frame:
        labelled("topic", [lambda v, lang=t.lang: names.name("topic", v, lang) for t in translators])
    if "source_id" in frame:
        labelled("source_id", [lambda v, lang=t.lang: names.name("source", v, lang) for t in translators])
    if "kind" in frame:
        labelled("kind", [t.kind for t in translators])
    if "unit" in frame:
        labelled("unit", [t.unit for t in translators])
    value_columns = ["value", "unit", "qualifier", "kind"]
    if set(value_columns) <= set(frame.columns) and not frame.empty:
        codes = facts.combined_codes([pd.factorize(frame[c])[0] for c in value_columns])
        _, first = np.unique(codes, return_index=True)  # codes count from 0 in order: first[k] is code k's row
        combos = frame.iloc[first][value_columns]
        rows = [dict(zip(value_columns, values)) for values in zip(*(combos[c] for c in value_columns))]
        parts.extend((codes, pd.Series([t.value(row) for row in rows], dtype=object)) for t in translators)
    return [(codes.astype(np.int64), texts.astype(str)) for codes, texts in parts]


def searchable_text(frame: pd.DataFrame, names: Names) -> pd.Series:
    """What a reader sees of each row, in both languages, casefolded, as one text per row (the
    search index holds the same, part by part)."""
    texts = [
        pd.Series(distinct.to_numpy()[codes], index=frame.index) for codes, distinct in _searched_parts(frame, names)
    ]
    if not texts:
        return pd.Series("", index=frame.index)
    joined = texts[0].astype(str)
    for part in texts[1:]:
        joined = joined + " " + part.astype(str)
    return joined.str.casefold()


@dataclass(frozen=True)
class SearchIndex:
    """A table's searchable text, made once per table: each column of what a reader sees
    (_searched_parts) dictionary-encoded, its distinct texts casefolded and each row's code. A
    search scans the distinct texts (a corpus's indicators, regions, quotes, however many articles
    restate them) and picks the rows by code, instead of making and scanning every row's text on
    every keystroke; a number also matches rows with that value (23000 finds "2.3万个")."""

    codes: tuple[np.ndarray, ...]
    texts: tuple[pd.Series, ...]
    values: np.ndarray
    index: pd.Index

    def matches(self, query: str) -> pd.Series:
        needle = query.casefold()
        found = np.zeros(len(self.index), dtype=bool)
        for codes, texts in zip(self.codes, self.texts):
            hits = texts.str.contains(needle, regex=False).to_numpy(dtype=bool)
            if hits.any():
                found |= hits[codes]
        number = search_number(query)
        if number is not None and len(self.values):
            found |= np.abs(self.values - number) <= abs(number) * 1e-9 + 1e-9
        return pd.Series(found, index=self.index)


def make_search_index(frame: pd.DataFrame, names: Names) -> SearchIndex:
    codes, texts = [], []
    for numbers, distinct in _searched_parts(frame, names):
        codes.append(numbers.astype(np.int32))
        texts.append(distinct.str.casefold())
    values = pd.to_numeric(frame["value"], errors="coerce").to_numpy(dtype=float) if "value" in frame else np.array([])
    return SearchIndex(tuple(codes), tuple(texts), values, frame.index)


_SEARCH_INDEXES: dict[tuple[int, int], tuple[pd.DataFrame, Names, SearchIndex]] = {}
_SEARCH_LOCK = threading.Lock()
SEARCH_INDEXES = 8


def search_index(frame: pd.DataFrame, names: Names) -> SearchIndex:
    """The SearchIndex of `frame`, made once per table and names (the tables are read once per
    process and only read afterwards) and shared by every search."""
    key = (id(frame), id(names))
    hit = _SEARCH_INDEXES.get(key)
    if hit is not None and hit[0] is frame and hit[1] is names:
        return hit[2]
    made = make_search_index(frame, names)
    with _SEARCH_LOCK:  # sessions' script threads share it
        if len(_SEARCH_INDEXES) >= SEARCH_INDEXES:
            _SEARCH_INDEXES.pop(next(iter(_SEARCH_INDEXES)), None)
        _SEARCH_INDEXES[key] = (frame, names, made)
    return made


FILTERS: tuple[Filter, ...] = (
    ChoiceFilter("source", "multiselect", column="source_id", names_kind="source"),
    ChoiceFilter("region", "multiselect", column="region_id", names_kind="region"),
    ChoiceFilter("topic", "multiselect", column="topic", names_kind="topic"),
    ChoiceFilter("kind", "multiselect", column="kind", label_family="kind"),
    YearsFilter("years", "range"),
    SearchFilter("q", "text"),
)
FILTERS_BY_KEY = {f.key: f for f in FILTERS}
FILTER_KEYS = tuple(FILTERS_BY_KEY)
# The registry is the one source of the filters; prep, which may not import it, checks a topic's
# `filters` against the contract's copy of the names, so the two are held equal here.
if FILTER_KEYS != contract.FILTER_KEYS:
    raise ImportError(
        f"the filter registry {FILTER_KEYS} differs from cenfigures/tables/contract.py's FILTER_KEYS "
        f"{contract.FILTER_KEYS}: declare a new filter in both"
    )
# Parameters of the page rather than filters of the data.
PAGE_KEYS = ("lang", "chart", "present", "slide", "id", "indicator", "sort", "page", "slides")
# `slides` (repeatable): the slides ticked in the view's picker, `<page>.<chart>` each (slide_id);
# absent: every chart of the view. The link of a deck, a presentation or a workbook of a choice.
# `sort` (the explorer's rows): by value as a number, units grouped; ascending or "-" descending.
# Absent: the articles' order.
SORTS = ("value", "-value")


# ---------------------------------------------------------------- the state


@dataclass(frozen=True)
class FilterOptions:
    """What the data allows each filter and page parameter to be, on one page."""

    values: Mapping[str, tuple] = field(default_factory=dict)  # filter key -> options
    charts: tuple[str, ...] = ()  # the page's chart tabs, the first open by default
    ids: tuple[str, ...] = ()  # /topic?id=: the topics the generic page can show
    indicators: tuple[str, ...] = ()  # /indicators?indicator=
    slides: tuple[str, ...] = ()  # ?slides=: the view's slide ids, in order (slide_id)

    def of(self, key: str) -> tuple:
        return tuple(self.values.get(key, ()))

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, **page: tuple[str, ...]) -> FilterOptions:
        return cls(values={f.key: f.options(frame) for f in FILTERS}, **page)


@dataclass(frozen=True)
class ViewState:
    lang: str = DEFAULT_LANGUAGE
    filters: tuple[tuple[str, Any], ...] = ()  # (filter key, value), only filters that are set
    chart: str = ""  # the open chart tab; "": the page's first
    present: bool = False
    slide: int = 1
    id: str = ""  # the topic of the generic topic page
    indicator: str = ""  # the indicator of the indicators page
    sort: str = ""  # the explorer's row order (SORTS); "": the articles' order
    page: int = 1  # the page of a long list (the explorer's rows, the overview's articles)
    # The slides ticked in the picker (slide ids, the view's order); (): every chart of the view. Not
    # in repr: the caches keyed by a state's repr (charts, findings) do not depend on it.
    slides: tuple[str, ...] = field(default=(), repr=False)

    def get(self, key: str, default: Any = None) -> Any:
        return dict(self.filters).get(key, default)

    def with_(self, **changes: object) -> ViewState:
        return replace(self, **changes)

    def with_filter(self, key: str, value: Any) -> ViewState:
        kept = {k: v for k, v in self.filters if k != key}
        if value not in (None, (), [], ""):
            kept[key] = tuple(value) if isinstance(value, list) else value
        return replace(self, filters=tuple((k, kept[k]) for k in FILTER_KEYS if k in kept))

    def only(self, uses: Iterable[str]) -> ViewState:
        """The state with only the filters in `uses` (what a page's charts depend on)."""
        uses = set(uses)
        return replace(self, filters=tuple((k, v) for k, v in self.filters if k in uses))

    @property
    def set_keys(self) -> tuple[str, ...]:
        return tuple(k for k, _ in self.filters)

    # The filters by name, for readability where one is meant.
    @property
    def regions(self) -> tuple[str, ...]:
        return self.get("region", ())

    @property
    def topics(self) -> tuple[str, ...]:
        return self.get("topic", ())

    @property
    def kinds(self) -> tuple[str, ...]:
        return self.get("kind", ())

    @property
    def sources(self) -> tuple[str, ...]:
        return self.get("source", ())

    @property
    def years(self) -> tuple[int, int] | None:
        return self.get("years")

    @property
    def search(self) -> str:
        return self.get("q", "")


def state_of(lang: str = DEFAULT_LANGUAGE, **values: Any) -> ViewState:
    """A state from filter values by key (tests and commands): state_of("en", region=("hebei",))."""
    state = ViewState(lang=lang)
    for key, value in values.items():
        state = state.with_filter(key, value)
    return state


@dataclass
class ParsedQuery:
    state: ViewState
    dropped: list[str] = field(default_factory=list)  # keys whose values were dropped (known keys only)
    unknown: int = 0  # how many unknown keys were dropped (never echoed back)

    @property
    def has_notice(self) -> bool:
        return bool(self.dropped or self.unknown)


def parse_query(params: Mapping[str, list[str]], options: FilterOptions) -> ParsedQuery:
    """Read the URL's parameters (each key with all its values) into a ViewState."""
    state = ViewState()
    dropped: list[str] = []
    unknown = 0
    page: dict[str, Any] = {}
    for key, values in params.items():
        if key in STREAMLIT_KEYS:
            continue
        if key in FILTERS_BY_KEY:
            value, ok = FILTERS_BY_KEY[key].parse(values, options.of(key))
            if not ok:
                dropped.append(key)
            state = state.with_filter(key, value)
            continue
        if key not in PAGE_KEYS:
            unknown += 1
            continue
        if key == "slides":  # repeatable: every value a slide of the view, the rest dropped
            chosen = set(values[:MAX_SLIDES])
            page[key] = tuple(slide for slide in options.slides if slide in chosen)
            if len(page[key]) != len(values):
                dropped.append(key)
            continue
        parsed = _parse_page_key(key, values[0], options) if len(values) == 1 else None
        if parsed is None:
            dropped.append(key)
        else:
            page[key] = parsed
    return ParsedQuery(state.with_(**page), dropped, unknown)


def slide_id(page_key: str, chart_id: str) -> str:
    """A slide's id in `?slides=`: its page and its chart."""
    return f"{page_key}.{chart_id}"


def _parse_page_key(key: str, value: str, options: FilterOptions) -> object | None:
    if key == "lang":
        return value if value in LANGUAGES else None
    if key == "chart":
        return value if value in options.charts else None
    if key == "id":
        return value if value in options.ids else None
    if key == "indicator":
        return value if value in options.indicators else None
    if key == "sort":
        return value if value in SORTS else None
    if key == "present":
        return {"1": True, "0": False}.get(value)
    if key == "slide":
        return int(value) if re.fullmatch(r"[1-9]\d{0,2}", value) else None
    if key == "page":
        return int(value) if re.fullmatch(r"[1-9]\d{0,5}", value) else None
    return None


def to_query(state: ViewState, options: FilterOptions | None = None) -> dict[str, str | list[str]]:
    """The URL parameters that reproduce `state` (defaults left out, so links stay short)."""
    options = options or FilterOptions()
    query: dict[str, str | list[str]] = {}
    if state.lang != DEFAULT_LANGUAGE:
        query["lang"] = state.lang
    if state.id:
        query["id"] = state.id
    if state.indicator:
        query["indicator"] = state.indicator
    if state.sort:
        query["sort"] = state.sort
    for key, value in state.filters:
        written = FILTERS_BY_KEY[key].query(value, options.of(key))
        if written:
            query[key] = written
    if state.chart and not state.present and options.charts[:1] != (state.chart,):
        query["chart"] = state.chart
    if state.page != 1:
        query["page"] = str(state.page)
    if state.slides:
        query["slides"] = list(state.slides)
    if state.present:
        query["present"] = "1"
        if state.slide != 1:
            query["slide"] = str(state.slide)
    return query


# ---------------------------------------------------------------- applying and describing


def apply(
    frame: pd.DataFrame, state: ViewState, uses: Iterable[str] = FILTER_KEYS, names: Names | None = None
) -> pd.DataFrame:
    """The rows of `frame` (figures or events) that the filters named in `uses` let through; a
    filter that does not apply to this table (kind, for events) leaves it alone."""
    if frame.empty:
        return frame
    names = names or Names()
    mask = pd.Series(True, index=frame.index)
    for key, value in state.only(uses).filters:
        flt = FILTERS_BY_KEY[key]
        if flt.applies_to(frame):
            mask &= flt.mask(frame, value, names)
    return frame[mask]


def ignored(state: ViewState, uses: Iterable[str]) -> tuple[str, ...]:
    """Filters set in the link that this page does not apply (it says so rather than hiding them)."""
    uses = set(uses)
    return tuple(key for key in state.set_keys if key not in uses)


def conditions(state: ViewState, t: Translator, names: Names, keys: Iterable[str]) -> list[str]:
    keys = set(keys)
    return [FILTERS_BY_KEY[key].condition(value, t, names) for key, value in state.filters if key in keys]


def describe(
    state: ViewState, shown: int, total: int, names: Names, uses: Iterable[str] = FILTER_KEYS, noun: str = "figures"
) -> str:
    """A sentence saying what the filters show: "Showing 12 of 54 figures where region is Hebei
    and kind is Target." / "显示54条中的12条数据，其中地区为河北，类型为目标。"."""
    t = Translator(state.lang)
    sentence = t(f"filter.summary.{noun}", shown=shown, total=total)
    said = conditions(state, t, names, uses)
    if said:
        sentence += t("filter.summary.where", conditions=t("filter.sentence.and").join(said))
    return t.sentence(sentence)
