"""One fact, however many articles state it: the one rule of "the same fact" that every chart, the
citations and the Indicators page share.

A figure *states* a value (to VALUE_DIGITS significant digits) with a qualifier (exact, 超 more
than, 不到 less than, 约 about) for a *key*: the indicator (its id, else its own wording), the
region, the period and the kind. Figures of one key and one statement are one *fact*, "stated by N
articles": a chart draws it once. A key with several statements is *disputed*:

- compatible: one value is allowed by every statement ("超100" and "100", "约40" and "41"), or
- conflict: no value is ("30.8%" and "31.2%", "超100" and "90").

Only what articles state as fact (STATED kinds) is called compatible or in conflict, as on the
Indicators page: two targets or two derived values of one key are drawn apart ("differs") but not
judged, a target is measured against outcomes instead and a derived value is computed here.

What a qualified value allows (`allowed_ranges`): an exact value itself; more_than the value and
above; less_than the value and below; about within ABOUT_TOLERANCE of it. The bound itself counts.

Events are the same by date, end date and (Chinese) title: one event reported by several articles.

Everything here is whole-column pandas and numpy: a corpus of 5,000 copies of one article is
270,000 figures grouped into the article's 54 facts in milliseconds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

KEY = ("series", "region_id", "period", "kind")
EVENT_KEY = ("date", "date_end", "title_zh")
STATED = ("observed", "rank", "change", "cagr")  # kinds an article states as fact (not targets, not derived)
VALUE_DIGITS = 9  # values agreeing to this many significant digits are the same value
ABOUT_TOLERANCE = 0.05  # "约40" allows 38-42: a 5% band either side of an approximate value
CLOSE = 1e-9  # bounds this close count as touching
NAMED = 3  # articles named before "and N more": three by name, or two and the count
VERDICTS = ("", "compatible", "conflict", "differs")


def series_keys(frame: pd.DataFrame) -> pd.Series:
    """What joins figures of one measure: the indicator id, else the figure's own Chinese wording."""
    labels = frame["indicator_zh"].astype(str) if "indicator_zh" in frame else pd.Series("", index=frame.index)
    if "indicator_id" not in frame:
        return labels
    ids = frame["indicator_id"].astype(str).fillna("")
    return ids.where(ids != "", labels)


def qualifiers(frame: pd.DataFrame) -> pd.Series:
    """Each figure's qualifier, an empty one read as exact."""
    if "qualifier" not in frame:
        return pd.Series("exact", index=frame.index)
    text = frame["qualifier"].fillna("").astype(str)
    return text.where(text != "", "exact")


def value_codes(values: pd.Series) -> np.ndarray:
    """A code per value, equal for values that agree to VALUE_DIGITS significant digits (71 and
    71.0000000001 do; 30.8 and 31.2 do not), numbered in the order values first appear."""
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    safe = np.where((numbers == 0) | ~np.isfinite(numbers), 1.0, np.abs(numbers))
    magnitude = np.floor(np.log10(safe))
    digits = np.round(numbers * 10.0 ** (VALUE_DIGITS - 1 - magnitude))
    return combined_codes([pd.factorize(digits)[0], pd.factorize(magnitude)[0]])


def combined_codes(codes: list[np.ndarray]) -> np.ndarray:
    """One code per distinct combination of several columns' codes, in the order of first appearance
    (what groupby(...).ngroup() gives with sort=False), by factorizing integers, not grouping rows."""
    combined = np.zeros(len(codes[0]) if codes else 0, dtype=np.int64)
    for column in codes:
        column = np.asarray(column, dtype=np.int64) + 1  # a missing value (-1) is a value too
        combined = pd.factorize(combined * (int(column.max(initial=0)) + 1) + column)[0].astype(np.int64)
    return combined


def allowed_ranges(values: pd.Series, qualifier: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The lowest and highest value each statement allows (bounds included)."""
    value = pd.to_numeric(values, errors="coerce").astype(float)
    band = value.abs() * ABOUT_TOLERANCE
    more, less, about = qualifier.eq("more_than"), qualifier.eq("less_than"), qualifier.eq("about")
    low = value.where(~less, -np.inf).where(~about, value - band)
    high = value.where(~more, np.inf).where(~about, value + band)
    return low, high


def allowed(value: float, qualifier: str) -> tuple[float, float]:
    """The values one stated figure allows, as a closed range (allowed_ranges for one value)."""
    low, high = allowed_ranges(pd.Series([value]), pd.Series([qualifier or "exact"]))
    return float(low.iloc[0]), float(high.iloc[0])


def keyed(figures: pd.DataFrame) -> pd.DataFrame:
    """`figures` with `series`, `fact_key` (one id per key) and `statement` (one id per key, value and
    qualifier), ids numbered in the order they first appear."""
    if figures.empty:
        return figures.assign(
            series=pd.Series(dtype=str), fact_key=pd.Series(dtype=int), statement=pd.Series(dtype=int)
        )
    series = series_keys(figures)
    columns = [series, *(figures[name] for name in KEY if name != "series")]
    fact_key = combined_codes([pd.factorize(column)[0] for column in columns])
    statement = combined_codes([fact_key, value_codes(figures["value"]), pd.factorize(qualifiers(figures))[0]])
    return figures.assign(series=series, fact_key=fact_key, statement=statement)


def value_groups(figures: pd.DataFrame, with_qualifier: bool = False) -> pd.Series:
    """An id per figure of one value (VALUE_DIGITS), and of one qualifier when asked, in the order
    values first appear: the Indicators page's "the articles that give this value"."""
    parts = [value_codes(figures["value"])]
    if with_qualifier:
        parts.append(pd.factorize(qualifiers(figures))[0])
    return pd.Series(combined_codes(parts), index=figures.index)


def verdicts(statements: pd.DataFrame) -> pd.Series:
    """For statements (one row each, with `fact_key`, `value`, `qualifier`, `kind`): "" when its key
    has no other statement, else "compatible" or "conflict" (STATED kinds) or "differs" (others)."""
    if statements.empty:
        return pd.Series("", index=statements.index, dtype=str)
    low, high = allowed_ranges(statements["value"], qualifiers(statements))
    by_key = pd.DataFrame({"key": statements["fact_key"], "low": low, "high": high}).groupby("key")
    count = by_key["key"].transform("size")
    lowest_high, highest_low = by_key["high"].transform("min"), by_key["low"].transform("max")
    overlap = (highest_low <= lowest_high) | np.isclose(highest_low, lowest_high, rtol=CLOSE, atol=CLOSE)
    stated = statements["kind"].isin(STATED)
    verdict = np.where(count < 2, "", np.where(~stated, "differs", np.where(overlap, "compatible", "conflict")))
    return pd.Series(verdict, index=statements.index, dtype=str)


def first_named(frame: pd.DataFrame, key: str) -> pd.Series:
    """Per value of the integer column `key`: its first NAMED distinct articles (`source_id`), in
    table order, as a tuple. Sorted and split as arrays: a groupby's agg(tuple) calls Python once
    per group, a tenth of a second at a few thousand facts."""
    named = frame[[key, "source_id"]].drop_duplicates().groupby(key, sort=False).head(NAMED)
    codes = named[key].to_numpy()
    order = np.argsort(codes, kind="stable")
    bounds = np.flatnonzero(np.diff(codes[order])) + 1
    groups = np.split(named["source_id"].astype(str).to_numpy(dtype=object)[order], bounds)
    return pd.Series([tuple(group) for group in groups], index=np.unique(codes), dtype=object)


def facts(figures: pd.DataFrame) -> pd.DataFrame:
    """One row per fact of `figures`: the first figure stating it (its columns, in table order),
    and `articles` (how many articles state it), `stated` (how many figures), `verdict` (verdicts),
    `first_sources` (its first NAMED articles, for "A, B and 498 more")."""
    frame = figures if "statement" in figures else keyed(figures)
    if frame.empty:
        return frame.assign(
            articles=pd.Series(dtype=int),
            stated=pd.Series(dtype=int),
            verdict=pd.Series(dtype=str),
            first_sources=pd.Series(dtype=object),
        )
    first = frame.drop_duplicates("statement")
    by_statement = frame.groupby("statement", sort=False)
    articles = by_statement["source_id"].nunique()
    stated = by_statement.size()
    first_sources = first_named(frame, "statement")
    result = first.assign(
        articles=first["statement"].map(articles).astype(int),
        stated=first["statement"].map(stated).astype(int),
        first_sources=first["statement"].map(first_sources),
    )
    return result.assign(verdict=verdicts(result))


def figures_of(figures: pd.DataFrame, chosen: pd.DataFrame) -> pd.DataFrame:
    """Every figure of `figures` that states one of the facts in `chosen` (rows of `facts`)."""
    frame = figures if "statement" in figures else keyed(figures)
    return frame[frame["statement"].isin(set(chosen["statement"]))] if not chosen.empty else frame.iloc[0:0]


def event_facts(events: pd.DataFrame) -> pd.DataFrame:
    """One row per event (date, end date and title), the first article's row, with `articles`
    (how many articles report it) and `first_sources` (the first NAMED)."""
    columns = [c for c in EVENT_KEY if c in events]
    if events.empty or not columns:
        return events.assign(articles=pd.Series(dtype=int), first_sources=pd.Series(dtype=object))
    frame = events.assign(event_key=combined_codes([pd.factorize(events[c])[0] for c in columns]))
    by_event = frame.groupby("event_key", sort=False)
    first = frame.drop_duplicates("event_key")
    return first.assign(
        articles=first["event_key"].map(by_event["source_id"].nunique()).astype(int),
        first_sources=first["event_key"].map(first_named(frame, "event_key")),
    )
