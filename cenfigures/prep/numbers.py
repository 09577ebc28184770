"""Read a quantity the way the article writes it: "超2500亿元", "第19位", "三路", "6：00—12：00".

A quantity is value + unit + qualifier. Values come out in base units (元, counts, percent
numbers), exact (Decimal) so that "2.3万" is 23000 and not 22999.999999999996.
Chinese numerals go through cn2an; we only cover its gaps (minus signs, "万亿").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from cenfigures.tables.vocab import QUALIFIERS, UNITS  # noqa: F401  (the parser yields these)

CHINESE_DIGITS = "〇零一二两三四五六七八九十百千万亿"
_MULTIPLIERS = {"万": Decimal(10) ** 4, "亿": Decimal(10) ** 8, "万亿": Decimal(10) ** 12}

# Unit words after the number, longest first. "个" alone counts things; "位" counts people
# ("7位学员") unless the number is an ordinal ("第19位"), handled before this table.
_UNIT_WORDS: tuple[tuple[str, str], ...] = (
    ("个百分点", "percentage_point"),
    ("百分点", "percentage_point"),
    ("个位次", "rank"),
    ("位次", "rank"),
    ("公里时速", "km_per_hour"),
    ("个方面", "count"),
    ("部门", "count"),
    ("小时", "hour"),
    ("元", "yuan"),
    ("%", "percent"),
    ("％", "percent"),
    ("兆", "mbps"),  # "40兆" of a video uplink: megabits per second in this article's context
    ("倍", "multiple"),
    ("台", "device"),
    ("户", "household"),
    ("个", "count"),
    ("位", "count"),
    ("项", "count"),
    ("家", "count"),
    ("路", "count"),
    ("大", "count"),  # "十大产业": the ten industries
)

_PREFIX_QUALIFIERS = (("超过", "more_than"), ("超", "more_than"), ("约", "about"), ("达到", "exact"))
_SUFFIX_QUALIFIERS = (("左右", "about"),)

_NUMBER = re.compile(
    rf"^(?P<sign>[-−负])?(?P<digits>\d+(?:\.\d+)?|[{CHINESE_DIGITS}]+)(?P<mult>万亿|万|亿)?(?P<rest>.*)$"
)
_TIME_SPAN = re.compile(r"^(\d{1,2})[：:](\d{2})\s*[—–\-~至到]\s*(\d{1,2})[：:](\d{2})$")


class QuantityError(ValueError):
    """The text does not state a quantity we can read."""


@dataclass(frozen=True)
class Quantity:
    value: Decimal
    unit: str
    qualifier: str
    as_stated: str


def chinese_or_arabic_to_decimal(text: str) -> Decimal:
    """"19" -> 19, "10.50" -> 10.50, "三" -> 3, "十九" -> 19, "2.3万" -> 23000, "2.3万亿" -> 2.3e12."""
    text = text.strip()
    negative = text[:1] in ("-", "−", "负")
    if negative:
        text = text[1:]
    multiplier = Decimal(1)
    for word in ("万亿", "万", "亿"):
        if text.endswith(word) and len(text) > len(word) and text[: -len(word)][-1:].isdigit():
            multiplier, text = _MULTIPLIERS[word], text[: -len(word)]
            break
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        number = Decimal(text)
    else:
        import cn2an  # here, not at the top: 0.3 s to import, and the pages never parse numerals

        try:
            number = Decimal(str(cn2an.cn2an(text, "smart")))
        except (ValueError, KeyError) as error:
            raise QuantityError(f"not a number: {text!r}") from error
    number *= multiplier
    return -number if negative else number


def _strip_qualifier(text: str) -> tuple[str, str]:
    qualifier = "exact"
    for word, meaning in _PREFIX_QUALIFIERS:
        if text.startswith(word):
            text, qualifier = text[len(word) :], meaning
            break
    for word, meaning in _SUFFIX_QUALIFIERS:
        if text.endswith(word):
            text, qualifier = text[: -len(word)], meaning
            break
    return text.strip(), qualifier


def parse_quantity(as_stated: str, context_before: str = "") -> Quantity:
    """Parse one quantity as written in the article.

    `context_before` is the text of the quote before the number; it decides the unit of a bare
    number ("指数为73.5" is an index value). Raises QuantityError with a readable reason.
    """
    text, qualifier = _strip_qualifier(as_stated.strip())
    if not text:
        raise QuantityError(f"no number in {as_stated!r}")

    span = _TIME_SPAN.match(text)
    if span:
        start_h, start_m, end_h, end_m = (int(group) for group in span.groups())
        minutes = (end_h * 60 + end_m) - (start_h * 60 + start_m)
        if minutes <= 0:
            raise QuantityError(f"time span does not move forward: {as_stated!r}")
        return Quantity(Decimal(minutes) / 60, "hour", qualifier, as_stated)

    if text.startswith("第"):
        ordinal = text[1:]
        if ordinal.endswith("位"):
            ordinal = ordinal[:-1]
        value = chinese_or_arabic_to_decimal(ordinal)
        return Quantity(value, "rank", qualifier, as_stated)

    match = _NUMBER.match(text)
    if not match or not match.group("digits"):
        raise QuantityError(f"no number in {as_stated!r}")
    number_text = (match.group("sign") or "") + match.group("digits") + (match.group("mult") or "")
    rest = match.group("rest").strip()
    value = chinese_or_arabic_to_decimal(number_text)

    if not rest:
        if "指数" in context_before or "平均水平" in context_before:
            return Quantity(value, "index", qualifier, as_stated)
        raise QuantityError(f"cannot tell the unit of the bare number {as_stated!r}")
    for word, unit in _UNIT_WORDS:
        if rest == word:
            return Quantity(value, unit, qualifier, as_stated)
    raise QuantityError(f"unknown unit {rest!r} in {as_stated!r}")
