"""Every label and translation of the dashboard, in one table: `labels.csv` (key, zh, en),
Chinese first, English second.

`text(key, lang, **values)` gives a UI string. Names of what the data holds (topics, regions,
indicators, articles) come with the data in its zh/en columns; `field(row, "indicator", lang)`
reads the right one. Language differences live here and in formatting.py, nowhere else: builders
take a Translator (cenfigures.view.translate) rather than branching on the language.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Mapping
from pathlib import Path

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
LABELS_PATH = Path(__file__).with_name("labels.csv")
# Where a name is in a row per language: "indicator" -> indicator_zh / indicator_en; the original
# tables name some Chinese columns without a suffix (region, title, publisher, headline, summary).
_COLUMN_PATTERNS: dict[str, tuple[str, ...]] = {"zh": ("{base}_zh", "{base}"), "en": ("{base}_en",)}


@functools.cache
def labels() -> dict[str, dict[str, str]]:
    """The label table: key -> {"zh": ..., "en": ...}, read once."""
    with LABELS_PATH.open(encoding="utf-8", newline="") as handle:
        return {row["key"]: {lang: row[lang] for lang in LANGUAGES} for row in csv.DictReader(handle)}


ONE = ".one"  # the variant of a label for a count of 1 ("1 figure"), where a language needs one


def text(key: str, lang: str, **values: object) -> str:
    """The UI string `key` in `lang`, with `values` filled in; when `count` is 1 and the table has
    `<key>.one`, that variant (English singulars; Chinese needs none and repeats the label)."""
    table = labels()
    if values.get("count") == 1 and key + ONE in table:
        key += ONE
    return table[key][lang].format(**values)


def kind_label(kind: str, lang: str) -> str:
    return text(f"kind.{kind}", lang)


def unit_name(unit: str, lang: str) -> str:
    return text(f"unit.{unit}", lang)


def unit_suffix(unit: str, lang: str) -> str:
    return text(f"unit.{unit}.suffix", lang)


def qualifier_prefix(qualifier: str, lang: str) -> str:
    return text(f"qualifier.{qualifier}", lang)


def precision_label(precision: str, lang: str) -> str:
    return text(f"precision.{precision}", lang)


def column_name(base: str, lang: str, columns) -> str:
    """The column holding `base` in `lang` among `columns`: "indicator" -> "indicator_en"."""
    for pattern in _COLUMN_PATTERNS[lang]:
        name = pattern.format(base=base)
        if name in columns:
            return name
    raise KeyError(f"no {lang} column for {base!r}")


def field(row: Mapping, base: str, lang: str) -> str:
    """The value of `base` in `lang` from a row (a dict or a pandas Series)."""
    value = row[column_name(base, lang, row.keys())]
    return "" if value is None else str(value)
