"""Read a quantity the way the article writes it: "超2500亿元", "第19位", "三路", "6：00—12：00".

A quantity is value + unit + qualifier. Values come out in base units (元, counts, percent
numbers), exact (Decimal) so that "2.3万" is 23000 and not 22999.999999999996.
Chinese numerals go through cn2an; we only cover its gaps (minus signs, "万亿", tenths "六成" and
fractions "三分之一", read as percent). A decline ("下降5.8%") is negative: the words before the
number say so. Line breaks inside the words ("150\n家", from newspaper layout) are ignored.
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
    ("千瓦时", "kilowatt_hour"),
    ("度电", "kilowatt_hour"),
    ("千瓦", "kilowatt"),
    ("平方米", "square_metre"),
    ("平方公里", "square_kilometre"),
    ("美元", "usd"),
    ("人民币", "yuan"),
    ("公里", "kilometre"),
    ("千米", "kilometre"),
    ("吨", "tonne"),
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
    ("人次", "count"),
    # Classifiers of things counted: the indicator says what is counted.
    *(
        (word, "count")
        for word in (
            "辆",
            "件",
            "座",
            "条",
            "套",
            "部",
            "颗",
            "块",
            "片",
            "所",
            "名",
            "人",
            "场",
            "批",
            "款",
            "种",
            "例",
            "只",
            "张",
            "支",
            "艘",
            "架",
            "栋",
            "处",
            "份",
            "宗",
            "起",
        )
    ),
)

UNIT_WORDS = _UNIT_WORDS  # the drafter reads units after a number with the same words

_PREFIX_QUALIFIERS = (
    ("超过", "more_than"),
    ("超", "more_than"),
    ("突破", "more_than"),
    ("破", "more_than"),
    ("逾", "more_than"),
    ("大约", "about"),
    ("约为", "about"),
    ("约", "about"),
    ("将近", "about"),
    ("接近", "about"),
    ("近", "about"),
    ("不足", "less_than"),
    ("不到", "less_than"),
    ("达到", "exact"),
)
_SUFFIX_QUALIFIERS = (("左右", "about"), ("以上", "more_than"), ("以下", "less_than"), ("以内", "less_than"))
# "3200余家", "300多家": between the number and its unit, 余/多 mean "more than".
_INFIX_MORE = ("余", "多")
# The words just before a number that make it a decline: "同比下降2.1%" is -2.1%.
_DECLINE = re.compile(r"(下降|减少|降低|回落|下滑|下跌|缩减|缩小|收窄|缩短|(?<=[^降跌])低|^低)了?$")
# "约占全国的三分之一": 约 before the verb makes the share approximate.
_ABOUT_BEFORE = re.compile(r"(?:约占|大约占|约合)[^，,。；;]{0,12}$")
# A bare number that opens a range takes the range's unit: "3至5个" -> 3 个.
_RANGE_AFTER = re.compile(rf"^\s*[至到~\-—–]\s*[\d.{CHINESE_DIGITS}]+(?:万亿|万|亿)?(?P<unit>\S*)")
# An item of an enumeration takes the unit of its last item: "分别提高3.2、4.0和2.7个百分点" -> 3.2
# percentage points; "下降2.3个和3.1个百分点": the first item's 个 is the 个 of 个百分点.
_LIST_AFTER = re.compile(
    r"^(?:\s*个?\s*[、和及与]\s*[\d.]+(?:万亿|万|亿)?)+\s*(?P<unit>个百分点|百分点|个位次|[^\d\s、和及与，,。；;]+)"
)
# The items before this one in such a list: "下降2.3个和" is still the decline's.
_LIST_BEFORE = re.compile(r"(?:[\d.]+(?:万亿|万|亿)?[^\d\s、和及与，,。；;]{0,4}[、和及与])+$")
# An amount of money before a bare magnitude ("出口额首次破万亿", "总投资超千亿").
_MONEY_BEFORE = re.compile(r"(?:额|投资|收入|营收|产值|规模|利润|增加值|GDP|生产总值|资金|税|元)[^，,。；;]{0,8}$")
# Places moved in a ranking: "位次前移7位", "排名上升3位", and the items after it ("7位、8位和7位").
_RANK_MOVE_BEFORE = re.compile(r"(?:前移|后移|前进|后退|上升|下降|提升|跃升|进位|退位)(?:了)?(?:[\d.]+位?[、和及与])*$")
_FRACTION = re.compile(rf"^(?P<den>[\d{CHINESE_DIGITS}]+)分之(?P<num>[\d.{CHINESE_DIGITS}]+)$")

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
    """ "19" -> 19, "10.50" -> 10.50, "三" -> 3, "十九" -> 19, "2.3万" -> 23000, "2.3万亿" -> 2.3e12."""
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
    elif re.fullmatch(r"[十百千]?(?:万亿|万|亿)|[十百千]", text):  # "突破千亿元": one thousand 亿
        number = Decimal(1)
        for word in ("万亿", "万", "亿", "千", "百", "十"):
            if word in text:
                number *= {
                    "万亿": Decimal(10) ** 12,
                    "万": Decimal(10) ** 4,
                    "亿": Decimal(10) ** 8,
                    "千": 1000,
                    "百": 100,
                    "十": 10,
                }[word]
                text = text.replace(word, "")
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
            text, qualifier = text[len(word) :].removeprefix("了"), meaning  # "超过了80%"
            break
    for word, meaning in _SUFFIX_QUALIFIERS:
        if text.endswith(word):
            text, qualifier = text[: -len(word)], meaning
            break
    return text.strip(), qualifier


def parse_quantity(as_stated: str, context_before: str = "", context_after: str = "") -> Quantity:
    """Parse one quantity as written in the article.

    `context_before` is the text of the quote before the number; it decides the unit of a bare
    number ("指数为73.5" is an index value) and the sign of a decline ("下降5.8%").
    `context_after` is the quote after it: a bare number that opens a range ("3至5个") takes the
    range's unit. Raises QuantityError with a readable reason.
    """
    quantity = _parse_unsigned(as_stated, context_before, context_after)
    if quantity.qualifier == "exact" and _ABOUT_BEFORE.search(context_before.rstrip()):
        quantity = Quantity(quantity.value, quantity.unit, "about", as_stated)
    before = context_before.rstrip()
    if (
        (_DECLINE.search(before) or _DECLINE.search(_LIST_BEFORE.sub("", before)))
        and quantity.value > 0
        and quantity.unit not in ("rank", "hour")
    ):
        return Quantity(-quantity.value, quantity.unit, quantity.qualifier, as_stated)
    return quantity


def _parse_unsigned(as_stated: str, context_before: str, context_after: str) -> Quantity:
    text, qualifier = _strip_qualifier("".join(as_stated.split()))
    if not text:
        raise QuantityError(f"no number in {as_stated!r}")

    doubled = re.fullmatch(r"翻了?([一两二三四]?)番", text)
    if doubled:  # "翻了一番": twice as much; "翻两番": four times
        times = {"": 1, "一": 1, "两": 2, "二": 2, "三": 3, "四": 4}[doubled.group(1)]
        return Quantity(Decimal(2**times), "multiple", qualifier, as_stated)

    fraction = _FRACTION.match(text)
    if fraction:
        denominator = chinese_or_arabic_to_decimal(fraction.group("den"))
        numerator = chinese_or_arabic_to_decimal(fraction.group("num"))
        if denominator == 0:
            raise QuantityError(f"fraction over zero: {as_stated!r}")
        value = (numerator * 100 / denominator).quantize(Decimal("1e-10")).normalize()
        return Quantity(value, "percent", qualifier, as_stated)

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
    if rest[:1] in _INFIX_MORE and qualifier == "exact":
        rest, qualifier = rest[1:], "more_than"
        for word in ("万亿", "万", "亿"):  # "3200余万个": 余 before the multiplier
            if rest.startswith(word) and not match.group("mult"):
                value, rest = value * _MULTIPLIERS[word], rest[len(word) :]
                break
    in_list = _LIST_AFTER.match(context_after)
    if in_list and rest in ("", "个"):
        for word, unit in _UNIT_WORDS:
            if in_list.group("unit").startswith(word) and len(word) > len(rest):
                return Quantity(value, unit, qualifier, as_stated)

    if not rest and (match.group("mult") or re.search(r"[万亿]$", match.group("digits"))):
        if re.match(r"[^\W\d_]", context_after.strip()[:1]) and not re.match(
            r"[，,。；;、和及与以左的]", context_after.strip()[:1]
        ):
            raise QuantityError(f"unknown unit {context_after.strip()[:2]!r} after {as_stated!r}")  # "500亿斤"
        # "基站达13.4万", "出口额首次破万亿": a magnitude with no unit word counts things, or money
        # when the words before name an amount of money.
        unit = "yuan" if _MONEY_BEFORE.search(context_before[-16:]) else "count"
        return Quantity(value, unit, qualifier, as_stated)
    if not rest:
        if "指数" in context_before or "平均水平" in context_before:
            return Quantity(value, "index", qualifier, as_stated)
        opens_range = _RANGE_AFTER.match(context_after)
        if opens_range:
            rest = opens_range.group("unit")
            for word, unit in _UNIT_WORDS:
                if rest.startswith(word):
                    return Quantity(value, unit, qualifier, as_stated)
        raise QuantityError(f"cannot tell the unit of the bare number {as_stated!r}")
    if rest == "成":  # tenths: "六成" is 60%
        return Quantity(value * 10, "percent", qualifier, as_stated)
    if rest == "位" and _RANK_MOVE_BEFORE.search(context_before.rstrip()):  # "位次前移7位": places in a ranking
        return Quantity(value, "rank", qualifier, as_stated)
    for word, unit in _UNIT_WORDS:
        if rest == word:
            return Quantity(value, unit, qualifier, as_stated)
    raise QuantityError(f"unknown unit {rest!r} in {as_stated!r}")
