"""Numbers written for people, per language: zh "2.3万个", "2500亿元", "第19位"; en "23,000", "19th"."""

from __future__ import annotations

import math
from collections.abc import Mapping

from cenfigures.view.labels import qualifier_prefix, text, unit_suffix


def _trim(number: float, places: int = 2) -> str:
    text = f"{number:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _grouped(number: float, places: int = 2) -> str:
    whole = f"{number:,.{places}f}".rstrip("0").rstrip(".")
    return "0" if whole in ("-0", "") else whole


def _zh_magnitude(number: float) -> str:
    """2.3万, 2500亿, 1000万: Chinese writes large numbers in 万 (1e4) and 亿 (1e8)."""
    size = abs(number)
    if size >= 1e8:
        return _trim(number / 1e8) + "亿"
    if size >= 1e4:
        return _trim(number / 1e4) + "万"
    return _trim(number)


def _en_magnitude(number: float) -> str:
    size = abs(number)
    if size >= 1e9:
        return _trim(number / 1e9) + " billion"
    return _grouped(number)


def ordinal_en(number: int) -> str:
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _ordinal_zh(number: int) -> str:
    return f"第{number}位"


# How each language writes a magnitude and a rank; labels.csv has the words around them.
_MAGNITUDE = {"zh": _zh_magnitude, "en": _en_magnitude}
_ORDINAL = {"zh": _ordinal_zh, "en": ordinal_en}


def format_value(value: float, unit: str, lang: str, qualifier: str = "exact") -> str:
    """`value` (in base units) with its unit and qualifier, as a reader of `lang` writes it."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    prefix = qualifier_prefix(qualifier, lang)
    if unit == "rank":
        return prefix + _ORDINAL[lang](int(round(value)))
    return f"{prefix}{_MAGNITUDE[lang](value)}{unit_suffix(unit, lang)}"


def format_change(value: float, unit: str, lang: str) -> str:
    """A signed change: "+40.2个百分点", "+5 places"."""
    sign = "+" if value > 0 else ""
    if unit == "rank":
        return text("format.places", lang, sign=sign, places=int(round(value)))
    return sign + format_value(value, unit, lang)


def format_figure(row: Mapping, lang: str) -> str:
    """A figure row's value as a reader of `lang` writes it. A change of rank reads as places
    gained ("+5 places", "+5位"), not as an ordinal: "5th" would be a rank, not a gain."""
    if row["unit"] == "rank" and row["kind"] in ("change", "derived"):
        return format_change(row["value"], "rank", lang)
    return format_value(row["value"], row["unit"], lang, row["qualifier"])
