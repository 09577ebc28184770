"""parse_quantity reads every way the article writes a number (and refuses what it cannot read).

The cases are the article's own words: this file is *about* the stated numbers, so the expected
values are written out here.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from cenfigures.prep.numbers import (
    QUALIFIERS,
    UNITS,
    QuantityError,
    chinese_or_arabic_to_decimal,
    parse_quantity,
)

D = Decimal

PARSE_CASES = [
    # (as stated, context before the number in the quote, value, unit, qualifier)
    ("2.3万个", "", D("23000"), "count", "exact"),
    ("超2500亿元", "", D("250000000000"), "yuan", "more_than"),
    ("超4000亿元", "", D("400000000000"), "yuan", "more_than"),
    ("超1000万台", "", D("10000000"), "device", "more_than"),
    ("1000万台", "", D("10000000"), "device", "exact"),
    ("超过3万小时", "", D("30000"), "hour", "more_than"),
    ("超过300万户", "", D("3000000"), "household", "more_than"),
    ("10.50%", "", D("10.5"), "percent", "exact"),
    ("28.76", "工业互联网平台应用总指数", D("28.76"), "index", "exact"),
    ("73.5", "2020年工业互联网带动经济增长指数为", D("73.5"), "index", "exact"),
    ("48.8", "显著高于全国平均水平", D("48.8"), "index", "exact"),
    ("三路", "", D(3), "count", "exact"),
    ("四位", "", D(4), "count", "exact"),
    ("十大", "", D(10), "count", "exact"),
    ("三项", "", D(3), "count", "exact"),
    ("第六", "", D(6), "rank", "exact"),
    ("第七位", "", D(7), "rank", "exact"),
    ("第八位", "", D(8), "rank", "exact"),
    ("第19位", "", D(19), "rank", "exact"),
    ("第14位", "", D(14), "rank", "exact"),
    ("13.4个百分点", "", D("13.4"), "percentage_point", "exact"),
    ("约183%", "", D(183), "percent", "about"),
    ("40兆左右", "", D(40), "mbps", "about"),
    ("154兆", "", D(154), "mbps", "exact"),
    ("350公里时速", "", D(350), "km_per_hour", "exact"),
    ("6：00—12：00", "", D(6), "hour", "exact"),
    ("6:30-12:00", "", D("5.5"), "hour", "exact"),
    ("5个位次", "", D(5), "rank", "exact"),
    ("六部门", "", D(6), "count", "exact"),
    ("五个方面", "", D(5), "count", "exact"),
    ("13项", "", D(13), "count", "exact"),
    ("1家", "", D(1), "count", "exact"),
    ("24小时", "", D(24), "hour", "exact"),
    ("7位", "", D(7), "count", "exact"),
    ("6个", "", D(6), "count", "exact"),
    ("47个", "", D(47), "count", "exact"),
    ("超过6%", "", D(6), "percent", "more_than"),
    ("63%", "", D(63), "percent", "exact"),
    ("50%", "", D(50), "percent", "exact"),
    ("30.8%", "", D("30.8"), "percent", "exact"),
    ("达到63%", "", D(63), "percent", "exact"),
    ("3倍", "", D(3), "multiple", "exact"),
    # gaps of cn2an that numbers.py fills: 万亿, minus signs
    ("2.3万亿元", "", D("2300000000000"), "yuan", "exact"),
    ("一万亿元", "", D("1000000000000"), "yuan", "exact"),
    ("二十万个", "", D("200000"), "count", "exact"),
    ("两个", "", D(2), "count", "exact"),
    ("-5%", "", D(-5), "percent", "exact"),
    ("−5%", "", D(-5), "percent", "exact"),  # U+2212 MINUS SIGN
    ("负3个", "", D(-3), "count", "exact"),
    ("负3", "指数", D(-3), "index", "exact"),
    ("负三个百分点", "", D(-3), "percentage_point", "exact"),
    # forms of real web articles (sentences written for tests, docs/drafter.md "Real articles")
    ("千亿元", "", D("100000000000"), "yuan", "exact"),  # a magnitude alone: one thousand 亿
    ("万亿", "新能源产品出口额首次", D("1000000000000"), "yuan", "exact"),  # no unit word, an amount of money
    ("破万亿", "出口额首次", D("1000000000000"), "yuan", "more_than"),
    ("13.4万", "全省新建充电桩达", D("134000"), "count", "exact"),  # no unit word: things counted
    ("超过了80%", "", D(80), "percent", "more_than"),  # 了 after the qualifier
    ("7位", "排名较上年前移", D(7), "rank", "exact"),  # places moved in a ranking, not people
    ("3位", "排名分别前移5位、", D(3), "rank", "exact"),  # the later items of that list
    ("1.2个百分点", "增速比全省平均低", D("-1.2"), "percentage_point", "exact"),  # a gap below
    ("20%", "审批时间平均缩短", D(-20), "percent", "exact"),  # 缩短 is a decline
    ("2.3个百分点", "降幅比上月加深", D("2.3"), "percentage_point", "exact"),  # the decline's size grew
    ("翻了一番", "规模比2015年", D(2), "multiple", "exact"),  # multiples in words
    ("翻两番", "", D(4), "multiple", "exact"),
    ("百分之三十", "", D(30), "percent", "exact"),  # a percentage in Chinese numerals
]


@pytest.mark.parametrize(("as_stated", "context", "value", "unit", "qualifier"), PARSE_CASES)
def test_parse_quantity(as_stated: str, context: str, value: Decimal, unit: str, qualifier: str) -> None:
    quantity = parse_quantity(as_stated, context_before=context)
    assert (quantity.value, quantity.unit, quantity.qualifier) == (value, unit, qualifier)
    assert isinstance(quantity.value, Decimal)
    assert quantity.as_stated == as_stated
    assert quantity.unit in UNITS
    assert quantity.qualifier in QUALIFIERS


def test_the_items_of_a_list_each_with_its_classifier_take_the_last_items_unit() -> None:
    """ "分别提高4.1个、2.5个和0.8个百分点": every item is percentage points, not a count."""
    first = parse_quantity("4.1个", context_before="分别提高", context_after="、2.5个和0.8个百分点")
    assert (first.value, first.unit) == (D("4.1"), "percentage_point")


@pytest.mark.parametrize(
    ("as_stated", "expected"),
    [
        ("2.3万个", "23000"),  # exact decimals: not 22999.999999999996
        ("超2500亿元", "250000000000"),
        ("2.3万亿元", "2300000000000"),
        ("10.50%", "10.5"),
        ("13.4个百分点", "13.4"),
    ],
)
def test_values_are_exact_decimals(as_stated: str, expected: str) -> None:
    assert format(parse_quantity(as_stated).value.normalize(), "f") == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("19", D(19)),
        ("10.50", D("10.50")),
        ("三", D(3)),
        ("十九", D(19)),
        ("2.3万", D(23000)),
        ("2.3万亿", D("2.3e12")),
        ("负3", D(-3)),
        ("-0.5", D("-0.5")),
        ("二十", D(20)),
    ],
)
def test_chinese_or_arabic_to_decimal(text: str, value: Decimal) -> None:
    assert chinese_or_arabic_to_decimal(text) == value


ERROR_CASES = [
    # (as stated, context before, words the reason must contain)
    ("", "", "no number"),
    ("  ", "", "no number"),
    ("超", "", "no number"),
    ("超过", "", "no number"),
    ("约", "", "no number"),
    ("左右", "", "no number"),
    ("abc", "", "no number"),
    ("5斤", "", "unknown unit '斤'"),
    ("5G", "", "unknown unit 'G'"),
    ("十九届", "", "unknown unit '届'"),
    ("73.5", "", "cannot tell the unit"),  # a bare number needs an index context
    ("73.5", "普及率", "cannot tell the unit"),
    ("12：00—6：00", "", "does not move forward"),
    ("6：00—6：00", "", "does not move forward"),
    ("第", "", "not a number"),
]


@pytest.mark.parametrize(("as_stated", "context", "reason"), ERROR_CASES)
def test_parse_quantity_errors(as_stated: str, context: str, reason: str) -> None:
    with pytest.raises(QuantityError, match=reason):
        parse_quantity(as_stated, context_before=context)


def test_quantity_error_is_a_value_error() -> None:
    # callers that only know ValueError (period parsing, argparse) still catch it
    assert issubclass(QuantityError, ValueError)


# Wordings of real provincial and industry news beyond the seed article (the drafter meets them).
MORE_PARSE_CASES = [
    # (as stated, context before, context after, value, unit, qualifier)
    ("突破15万亿元", "", "", D("15000000000000"), "yuan", "more_than"),
    ("逾300家", "", "", D(300), "count", "more_than"),
    ("近1.5亿部", "", "", D("150000000"), "count", "about"),
    ("约为92%", "", "", D(92), "percent", "about"),
    ("不足5%", "", "", D(5), "percent", "less_than"),
    ("3200余家", "", "", D(3200), "count", "more_than"),
    ("300多家", "", "", D(300), "count", "more_than"),
    ("25万个以上", "", "", D(250000), "count", "more_than"),
    ("30%以上", "", "", D(30), "percent", "more_than"),
    ("6亿台左右", "", "", D("600000000"), "device", "about"),
    ("380亿美元", "", "", D("38000000000"), "usd", "exact"),
    ("2880万吨", "", "", D("28800000"), "tonne", "exact"),
    ("120万千瓦", "", "", D("1200000"), "kilowatt", "exact"),
    ("56亿千瓦时", "", "", D("5600000000"), "kilowatt_hour", "exact"),
    ("12条", "", "", D(12), "count", "exact"),
    ("680亿块", "", "", D("68000000000"), "count", "exact"),
    ("150\n家", "", "", D(150), "count", "exact"),  # split by a line break in the layout
    ("约\n680亿块", "", "", D("68000000000"), "count", "about"),
    ("六成", "", "", D(60), "percent", "exact"),  # tenths
    ("超过四成", "", "", D(40), "percent", "more_than"),
    ("三分之一", "", "", D("33.3333333333"), "percent", "exact"),
    ("约七分之一", "", "", D("14.2857142857"), "percent", "about"),
    ("5.8%", "单位增加值能耗下降", "", D("-5.8"), "percent", "exact"),  # a decline is negative
    ("2.1%", "同比下降", "", D("-2.1"), "percent", "exact"),
    ("0.5个百分点", "比上年回落了", "", D("-0.5"), "percentage_point", "exact"),
    ("170万吨", "原铝产量则压减至", "", D("1700000"), "tonne", "exact"),  # a level reached, not a decline
    ("3", "建成", "至5个具有全球影响力的", D(3), "count", "exact"),  # a range's lower bound
    ("5%", "增长", "—6%", D(5), "percent", "exact"),
]


@pytest.mark.parametrize(("as_stated", "before", "after", "value", "unit", "qualifier"), MORE_PARSE_CASES)
def test_parse_quantity_news_wordings(
    as_stated: str, before: str, after: str, value: Decimal, unit: str, qualifier: str
) -> None:
    quantity = parse_quantity(as_stated, context_before=before, context_after=after)
    assert (quantity.value, quantity.unit, quantity.qualifier) == (value, unit, qualifier)
    assert quantity.unit in UNITS and quantity.qualifier in QUALIFIERS


@pytest.mark.parametrize(
    ("as_stated", "before", "after", "reason"),
    [
        ("3", "", "个月", "cannot tell the unit"),  # a bare number not opening a range
        ("3", "", "至五年", "cannot tell the unit"),  # 年 is no unit of ours
        ("10个月", "", "", "unknown unit '个月'"),
        ("零分之一", "", "", "fraction over zero"),
    ],
)
def test_parse_quantity_news_errors(as_stated: str, before: str, after: str, reason: str) -> None:
    with pytest.raises(QuantityError, match=reason):
        parse_quantity(as_stated, context_before=before, context_after=after)
