"""Line breaking of chart titles, labels, hovers and source lines (cenfigures/view/linebreak.py),
with the worst labels issue 15 (item 9) found on the charts: a closing quote starting a line
(”试点示范项目), single characters alone on a line (面, 务, 目, ")"), "CC/TV-16" and
"department'/s" split. Each case is a row: the text, the widths (display units, a CJK character
counting two) it is wrapped to, and what must hold at every one of them.
"""

from __future__ import annotations

import random
import re

import pytest

from cenfigures.view import linebreak
from cenfigures.view.linebreak import NO_LINE_END, NO_LINE_START, display_units, wrap

WIDTHS = range(6, 61)  # from narrower than a phone's category label to a source line


def _no_closing_at_start(lines: list[str], mark: str) -> bool:
    return not any(line.startswith(mark) for line in lines[1:])


def _no_opening_at_end(lines: list[str], mark: str) -> bool:
    return not any(line.endswith(mark) for line in lines[:-1])


def _whole(lines: list[str], word: str) -> bool:
    return any(word in line for line in lines)


def _no_single_character(lines: list[str], _: str) -> bool:
    return len(lines) < 2 or all(len(line.strip()) > 1 for line in lines)


def _straight_quote_opens_a_word(lines: list[str], _: str) -> bool:
    """An opening straight quote (after a space) stays with the word it opens; a closing one
    (after a word) never starts a line."""
    return not any(re.search(r"(^|\s)['\"]$", line) for line in lines[:-1]) and not any(
        re.match(r"['\"](\s|$)", line) for line in lines[1:]
    )


# (text as on a chart, widths, rule, the word or mark the rule is about)
CASES = [
    ("省级“制造业+互联网”试点示范项目", WIDTHS, _no_closing_at_start, "”"),
    ("省级“制造业+互联网”试点示范项目", WIDTHS, _no_opening_at_end, "“"),
    ("培育省级“制造业+互联网”试点示范项目194个", WIDTHS, _no_closing_at_start, "”"),
    ("重点推动的产业数（“十大产业”）", WIDTHS, _no_closing_at_start, "）"),
    ("重点推动的产业数（“十大产业”）", WIDTHS, _no_opening_at_end, "“"),
    ("两化融合指数排名前进位次（由排名计算）", WIDTHS, _no_opening_at_end, "（"),
    ("两化融合指数排名前进位次（由排名计算）", WIDTHS, _no_closing_at_start, "）"),
    ("面向“十四五”的两化融合发展规划（2021—2025年）", WIDTHS, _no_opening_at_end, "（"),
    ("2020年全省数字化研发设计工具普及率达到了64%，比2016年提升13.4个百分点", WIDTHS, _no_closing_at_start, "，"),
    ("Industrial digitization (Hebei)", WIDTHS, _no_closing_at_start, ")"),
    ("Industrial digitization (Hebei)", WIDTHS, _no_opening_at_end, "("),
    ("National rank (1st at the top)", WIDTHS, _no_closing_at_start, ")"),
    (
        "China (national) · Ministries that jointly launched the '100 cities, 1,000 screens' campaign",
        WIDTHS,
        _no_closing_at_start,
        "·",
    ),
    ("Guangzhou · Specific goals of the action plan", WIDTHS, _no_closing_at_start, "·"),
    ("CCTV-16奥林匹克频道每日播出时长", WIDTHS, _whole, "CCTV-16"),
    ("央视奥林匹克频道CCTV-16开播", WIDTHS, _whole, "CCTV-16"),
    ("Daily broadcast hours of the CCTV-16 Olympic channel", WIDTHS, _whole, "CCTV-16"),
    ("CCTV-16 Olympic channel goes on air", WIDTHS, _whole, "CCTV-16"),
    ("Topics discussed at the department's study meeting", WIDTHS, _whole, "department's"),
    ("Topics discussed at the department’s study meeting", WIDTHS, _whole, "department’s"),
    ("4K/8K电视、AR/VR、微投影等新型视听产品年产量", WIDTHS, _whole, "4K/8K"),
    ("4K/8K电视、AR/VR、微投影等新型视听产品年产量", WIDTHS, _whole, "AR/VR、"),
    ("Annual output of new audio-visual devices (4K/8K TVs, AR/VR, micro-projectors)", WIDTHS, _whole, "(4K/8K"),
    (
        "Annual output of new audio-visual devices (4K/8K TVs, AR/VR, micro-projectors)",
        WIDTHS,
        _whole,
        "micro-projectors)",
    ),
    ("154兆可容纳的40兆4K直播路数（计算值）", WIDTHS, _whole, "4K"),
    ("8K彩电市场零售量复合增长率", WIDTHS, _whole, "8K"),
    ("六部门印发“百城千屏”活动通知", WIDTHS, _whole, "“百城千屏”"),
    ("“百城千屏”超高清视频落地推广活动", WIDTHS, _whole, "“百城千屏”"),
    ("培育省级“制造业+互联网”试点示范项目194个", WIDTHS, _whole, "“制造业+互联网”"),
    ("印发《超高清视频产业发展行动计划》", WIDTHS, _no_closing_at_start, "》"),
    ("Provincial 'manufacturing + internet' pilot projects", WIDTHS, _straight_quote_opens_a_word, ""),
    (
        "Ministries that jointly launched the '100 cities, 1,000 screens' campaign",
        WIDTHS,
        _straight_quote_opens_a_word,
        "",
    ),
    ("National rank by number of 'mass innovation' pilot projects", WIDTHS, _straight_quote_opens_a_word, ""),
    ("Counted for the Yanqing venue; '兆' read as Mbps from context.", WIDTHS, _straight_quote_opens_a_word, ""),
    ('The plan calls it "ultra-HD first" in every district', WIDTHS, _straight_quote_opens_a_word, ""),
    # Single characters alone: the last character of a label left on its own line.
    ("行动计划具体工作任务", range(12, 21), _no_single_character, ""),
    ("列为工信部制造业“双创”平台试点的项目", range(8, 41), _no_single_character, ""),
    ("5G超高清演播室所在高铁时速", range(8, 30), _no_single_character, ""),
    ("8K彩电市场零售量复合增长率", range(8, 30), _no_single_character, ""),
    ("2021年12月底，北京延庆赛区5G基础设施建设已经全部结束", range(8, 60), _no_single_character, ""),
    (
        "2021年10月，工业和信息化部等六部门联合印发通知，部署开展“百城千屏”超高清视频落地推广活动",
        range(8, 60),
        _no_single_character,
        "",
    ),
    ("推动两化融合向更广范围、更深程度、更高水平全面", range(8, 50), _no_single_character, ""),
    ("可同时支撑的4K直播路数（报道所述）", range(8, 40), _no_single_character, ""),
    ("Industrial digitization (Hebei)", range(8, 40), _no_single_character, ""),
    # Chinese breaks between words (issue 15's phone timeline: 央视奥林匹克频/道, 基础设/施, 超/高清;
    # the slide title 工业互联网指数：河/北与全国), at every width the word fits.
    ("央视奥林匹克频道CCTV-16开播", range(8, 41), _whole, "频道"),
    ("央视奥林匹克频道CCTV-16开播", range(8, 41), _whole, "奥林匹克"),
    ("2021年12月底，北京延庆赛区5G基础设施建设已经全部结束", range(8, 60), _whole, "基础设施"),
    ("2021年12月底，北京延庆赛区5G基础设施建设已经全部结束", range(8, 60), _whole, "延庆"),
    ("超高清试验频道开播", range(6, 30), _whole, "超高清"),
    ("广州市超高清视频产业发展行动计划实施期", range(8, 40), _whole, "超高清"),
    ("广州市超高清视频产业发展行动计划实施期", range(8, 40), _whole, "广州市"),
    ("工业互联网指数：河北与全国", range(6, 40), _whole, "河北"),
    ("工业互联网指数：河北与全国", range(8, 40), _whole, "互联网"),
    ("关键工序数控化率（%）", range(8, 40), _whole, "数控化率"),
    ("奥林匹克频道每日播出时长", range(8, 40), _whole, "时长"),
    ("超高清电视渗透率年均复合增长率", range(8, 40), _whole, "渗透率"),
    ("超高清电视渗透率年均复合增长率", range(8, 40), _whole, "增长率"),
]


@pytest.mark.parametrize(
    "text, widths, rule, word",
    CASES,
    ids=[f"{rule.__name__[1:]}-{number}" for number, (_, _, rule, _) in enumerate(CASES)],
)
def test_line_breaking_rule(text, widths, rule, word):
    for balance in (True, False):
        for width in widths:
            lines = wrap(text, width, balance=balance)
            assert rule(lines, word), (width, balance, lines)


@pytest.mark.parametrize("text", sorted({case[0] for case in CASES}))
def test_wrapping_loses_and_adds_nothing(text):
    for balance in (True, False):
        for width in WIDTHS:
            lines = wrap(text, width, balance=balance)
            assert "".join(lines).replace(" ", "") == text.replace(" ", ""), (width, lines)
            assert all(line == line.strip() and line for line in lines)


@pytest.mark.parametrize("text", sorted({case[0] for case in CASES}))
def test_lines_fit_their_width(text):
    # From 20 units on, every unbreakable run of these labels fits a line (the longest,
    # "micro-projectors)", takes 17).
    for width in range(20, 61):
        for balance in (True, False):
            assert all(display_units(line) <= width for line in wrap(text, width, balance=balance)), width


@pytest.mark.parametrize(
    "text, width, expected",
    [
        # Balanced lines: the fewest lines the text needs, about equally long, never 9 + 1.
        ("行动计划具体工作任务", 18, ["行动计划具体", "工作任务"]),  # between words, not 5 + 5
        ("关键工序数控化率", 14, ["关键工序", "数控化率"]),
        ("Industrial digitization (Hebei)", 26, ["Industrial", "digitization (Hebei)"]),
        ("Numerical-control rate of key processes", 24, ["Numerical-control", "rate of key processes"]),
        # What fits stays on one line; nothing to wrap gives no line.
        ("河北", 4, ["河北"]),
        ("", 10, []),
        ("   ", 10, []),
        ("a\nb", 10, ["a b"]),
    ],
)
def test_balanced_lines(text, width, expected):
    assert wrap(text, width) == expected


def test_a_word_wider_than_the_line_is_broken_between_characters():
    # The one exception to words staying whole: a line narrower than the word.
    assert wrap("基础设施", 4) == ["基础", "设施"]
    assert all(display_units(line) <= 4 for line in wrap("新型基础设施建设", 4))
    assert wrap("“基础设施”", 4) == ["“基础设施”"]  # a quoted name stays whole (and overflows)


@pytest.mark.parametrize(
    "text, units",
    [("河北", 4), ("Hebei", 5), ("4K超高清", 8), ("（", 2), ("63%", 3), ("（2016年）", 10), ("CCTV-16", 7)],
)
def test_display_units_count_a_cjk_character_as_two(text, units):
    assert display_units(text) == units


def test_the_punctuation_tables_are_disjoint_and_cover_the_quotes():
    assert not NO_LINE_START & NO_LINE_END
    assert {"”", "’", "）", "」", "》", "，", "。", "、", ")"} <= NO_LINE_START
    assert {"“", "‘", "（", "「", "《", "("} <= NO_LINE_END


@pytest.mark.parametrize(
    "text, width, kept",
    [
        (
            "来源：中国电子报 2022-01；燕赵工信报（虚构） 2023-02；珠江视听报（虚构） 2024-03",
            62,
            ["中国电子报 2022-01", "燕赵工信报（虚构） 2023-02", "珠江视听报（虚构） 2024-03"],
        ),
        (
            "Source: China Electronics News 2022-01; Pearl River Audio-Visual News (fictional) 2024-03",
            62,
            ["China Electronics News 2022-01", "Pearl River Audio-Visual News (fictional) 2024-03"],
        ),
        (
            "Source: China Electronics News 2022-01; Yanzhao Industry News (fictional) 2023-02",
            40,
            ["China Electronics News 2022-01", "Yanzhao Industry News (fictional) 2023-02"],
        ),
    ],
)
def test_kept_phrases_are_never_broken(text, width, kept):
    """A name (an article's publisher and date on a source line) is one unit: the line breaks
    before or after it, never inside."""
    for balance in (True, False):
        lines = wrap(text, width, balance=balance, keep=kept)
        for phrase in kept:
            assert any(phrase in line for line in lines), (phrase, lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def _greedy_by_measuring(tokens: list[str], max_units: int) -> list[list[str]]:
    """The greedy fill as defined: each line's stripped text measured again for every token."""
    lines, current = [], []
    for token in tokens:
        if linebreak._text(current) and display_units(linebreak._text([*current, token])) > max_units:
            lines.append(current)
            current = [token] if token.strip() else []
        else:
            current.append(token)
    if linebreak._text(current):
        lines.append(current)
    return lines


def test_the_greedy_fill_keeps_its_widths_as_tokens_join_the_same_as_measuring_each_line():
    # Whitespace tokens, leading and trailing spaces inside tokens, wide and narrow characters.
    pieces = ["a", "bc", " ", "  ", "中", "国家", "\u3000", "，", "。 ", " x ", "(", "“", "·", " 2025 ", "ab cd"]
    chosen = random.Random(23)
    for _ in range(20_000):
        tokens = [chosen.choice(pieces) for _ in range(chosen.randint(0, 12))]
        width = chosen.randint(1, 20)
        assert linebreak._greedy(tokens, width) == _greedy_by_measuring(tokens, width), (tokens, width)
