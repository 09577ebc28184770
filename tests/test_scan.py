"""find_mentions finds every number of the article, and only numbers; find_loose reads across line breaks."""

from __future__ import annotations

import pytest

from cenfigures.prep.scan import Mention, find_loose, find_mentions


def mentions(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.kind) for m in find_mentions(text)]


@pytest.mark.parametrize(
    "text",
    [
        "统一思想",  # 一 inside ordinary words is not a number
        "知信行统一",
        "进一步加深了认识",
        "全力打造一批标志性成果",
        "掌握一批核心技术",
        "一是产业规模稳步提升",
        "二是创新能力显著增强",
        "以“人一我十、人十我百”的奋进状态",
        "两化融合指数",
        "指导组一行的到来表示欢迎",
        "万众一心",
    ],
)
def test_numerals_inside_words_are_not_mentions(text: str) -> None:
    assert mentions(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("支撑三路同时的4K直播", [("三路", "chinese"), ("4", "arabic")]),
        ("数量位居全国第六。", [("第六", "chinese")]),
        ("排名全国第七位", [("第七位", "chinese")]),
        ("党的十九届", [("十九届", "chinese")]),
        ("迎接党的二十大胜利召开", [("二十大", "chinese")]),
        ("对四位同志的发言", [("四位", "chinese")]),
        ("全力推动“十大产业”", [("十大", "chinese")]),
        ("工业和信息化部等六部门联合印发通知", [("六部门", "chinese")]),
        ("具体目标有三项", [("三项", "chinese")]),
        ("“十三五”期间", [("十三五", "chinese")]),  # two numerals are a number
        ("省第十一次党代会", [("第十一次", "chinese")]),
        ("两个确立", [("两个", "chinese")]),
    ],
)
def test_counting_numerals_are_mentions(text: str, expected: list[tuple[str, str]]) -> None:
    assert mentions(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("早在2021年10月25日，", ["2021年10月25日"]),
        ("2015年—2020年，我国", ["2015年—2020年"]),
        ("2019年至2021年，8K彩电", ["2019年至2021年", "8"]),
        ("行动计划(2021—2023年)", ["2021—2023年"]),
        ("今年1月6日，北京冬奥列车", ["1月6日"]),
        ("2021年12月底，北京延庆赛区", ["2021年12月底"]),
        ("2021年10月，工业和信息化部", ["2021年10月"]),
        ("从2020年开始", ["2020年"]),
        ("在2021年10月至2023年6月期间", ["2021年10月", "2023年6月"]),
    ],
)
def test_dates_are_one_mention(text: str, expected: list[str]) -> None:
    found = find_mentions(text)
    assert [m.text for m in found] == expected
    assert found[0].kind == "date"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("每天6：00—12：00播出8K原", [("6：00—12：00", "time"), ("8", "arabic")]),
        ("6:00-12:00", [("6:00-12:00", "time")]),
        ("建成5G基站2.3万个", [("5", "arabic"), ("2.3万", "arabic")]),
        ("产值超2500亿元", [("2500亿", "arabic")]),
        ("普及率10.50%，", [("10.50%", "arabic")]),
        ("指数28.76，", [("28.76", "arabic")]),
        ("规模2.3万亿元", [("2.3万亿", "arabic")]),
        ("CCTV-16及其数字平台", [("16", "arabic")]),
        ("13.4个百分点", [("13.4", "arabic")]),
    ],
)
def test_times_and_arabic_numbers(text: str, expected: list[tuple[str, str]]) -> None:
    assert mentions(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "河北：2025年 关键工序数控化率达到63%",
        "建成5G基站2.3万个，每天6：00—12：00播出",
        "第十三巡回指导组 十九届六\n\n中全会",
    ],
)
def test_mention_offsets_point_at_the_text(text: str) -> None:
    found = find_mentions(text)
    assert found
    for mention in found:
        assert text[mention.start : mention.end] == mention.text
    assert [m.start for m in found] == sorted(m.start for m in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))  # no overlaps


def test_mention_context_marks_the_mention_on_one_line() -> None:
    article = "数字化车间350个。建\n\n(徐恒)"
    (mention,) = [m for m in find_mentions(article) if m.text == "350"]
    assert mention == Mention(5, 8, "350", "arabic")
    assert mention.context(article) == "数字化车间[350]个。建  (徐恒)"
    assert mention.context(article, width=2) == "车间[350]个。"


@pytest.mark.parametrize(
    ("article", "text", "spans"),
    [
        ("党的十九届六\n\n中全会精神", "十九届六中全会", [(2, 11)]),
        ("重点龙头企业研\n\n发投入强度超过6%", "研发投入强度", [(6, 14)]),
        ("河北：2025年 关键工序", "2025年关键工序", [(3, 13)]),
        ("十九届六中全会和十九届六中全会", "十九届六中全会", [(0, 7), (8, 15)]),
        ("十九届六中全会", "十九届七中全会", []),
        ("a.b", "a.b", [(0, 3)]),  # regex characters are literal
        ("axb", "a.b", []),
    ],
)
def test_find_loose(article: str, text: str, spans: list[tuple[int, int]]) -> None:
    assert find_loose(article, text) == spans


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("占全省比重超过六成", [("六成", "chinese")]),  # tenths
        ("约占全国的三分之一", [("三分之一", "chinese")]),  # a fraction is one mention
        ("约占全球供货量的七分之一。", [("七分之一", "chinese")]),
        ("示范工厂150\n家", [("150", "arabic")]),
        ("规模比2015年翻了一番", [("2015年", "date"), ("翻了一番", "chinese")]),  # a multiple in words
        ("产值十年翻两番", [("十年", "chinese"), ("翻两番", "chinese")]),
        ("占比达到百分之三十", [("百分之三十", "chinese")]),
    ],
)
def test_tenths_and_fractions_are_mentions(text: str, expected: list[tuple[str, str]]) -> None:
    assert mentions(text) == expected
