"""Cues in the words around a number: its kind, period, region and indicator label.

Pure functions over the article's text and layout. Each returns its answer with the words it was
read from, so the draft can tell the reviewer what was guessed from what (`到2025年 -> target`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from cenfigures.draft.registry import NATIONAL, UNTRANSLATED, Registry
from cenfigures.draft.text import Layout

_PLAN_ORDINALS = {"十一": 11, "十二": 12, "十三": 13, "十四": 14, "十五": 15, "十六": 16}
_TIME_REF = re.compile(
    r"(?P<span>(?P<a>(?:19|20)\d{2})年?\s*[—–\-至到~]\s*(?P<b>(?:19|20)\d{2})年)"
    r"|(?P<year>(?:19|20)\d{2})年"
    r"|“?(?P<plan>十[一二三四五六])五”?(?P<since>以来)?"
    r"|(?P<rel>今年|去年|明年|上年|前年)"
)
_TARGET_WORDS = ("力争", "目标", "预计", "计划", "确保", "争取", "有望", "规划", "将", "拟", "要达到", "预期", "提出")
# Words that hold a target word without meaning one: "虚拟专网", "模拟" (拟).
_NOT_TARGET_WORDS = re.compile(r"虚拟|模拟")
# A growth rate stated as a level: "增速分别回落至5.2%", "增幅为8%"; and a sentence framed by it,
# "从…增速看,四川(18.2%)、安徽(16.5%)".
_RATE_BEFORE = re.compile(r"(增速|增幅|增长率)[^，,。；;%％\d]{0,8}$")
_RATE_FRAME = re.compile(r"^\s*从[^，,。；;]{0,24}(增速|增幅|增长率)看")
# 全省 as the subject of a figure ("全省…"), not as its reference: "居全省第一", "占全省的",
# "贡献了全省六成以上".
_PROVINCE_SUBJECT = re.compile(r"(?<![占居列])(?:全省|省内)(?![第前首约近超\d一二三四五六七八九十两]|的\d)")
# "努力新培育3000家": a target; "在各方共同努力下" is none.
_PAST_MARKS = re.compile(r"已|累计|实现了|完成了|以来|截至|截止")
_TARGET_PHRASE = re.compile(r"努力(?:新)?(?:培育|实现|建成|打造|推动|达到|完成|新增|引进)")
# "高于全年目标0.4个百分点": measured against a target, not a target itself.
_AGAINST_TARGET = re.compile(r"(?:高于|低于|超过|超出|快于|慢于)[^，,。；;]{0,6}目标")
# "N%的年均增速": the kind is said after the number.
_CAGR_AFTER = re.compile(r"^[^，,。；;]{0,2}的?(?:年均|年复合)(?:增速|增长率|增长)")
# Things to be built, fostered or added over a span: a flow over the span, not a level at its end.
_BUILT_OVER = re.compile(r"(?:培育|建设|建成|打造|新建|新增|引进|创建|实施|新培育|累计)")
_BLOCK_TARGET = re.compile(r"目标(?:有|是|为|如下)?[：:]|具体目标|主要目标|发展目标")
_OBSERVED_WORDS = ("截至", "截止", "已", "累计", "同比", "比上年", "较上年", "去年", "上年", "实现", "完成", "以来")
_CHANGE_BEFORE = re.compile(
    r"(增长|增加|提高|提升|上升|下降|减少|降低|回落|下滑|增速|净增|高出|高于|低于|扩大|缩小|缩短|前进|后退|上涨|下跌|增幅|降幅|净减)"
    r"(?:了|约|近|超过|超|逾|达)?$"
)
_CAGR_WORDS = ("年均", "复合增长", "CAGR", "年复合")
_RANK_CONTEXT = re.compile(
    r"(全国|全省|全市|全球|世界|排名|排在|居|位居|位列|列|位于|西部|中部|东部|中西部|东北|行业|同行|前)$"
)
_COMPARISON_BEFORE = ("高于", "低于", "比", "较", "快于", "慢于", "超过", "超出")
_LABEL_LEAD = re.compile(
    r"^(?:其中|同时|此外|另外|但|而|并|且|其|另|共|总计|合计|据统计|数据显示|记者了解到|从产品看|据介绍|预计|以及|和|与|及|、|，|,|\s)+"
)
_LABEL_TIME = re.compile(
    r"^(?:到|至|截至|截止|在|从|由|自)?(?:(?:19|20)\d{2}年(?:\d{1,2}月(?:\d{1,2}日|底|末|初)?)?(?:底|末|初)?|今年|去年|明年|上年|全年|当年|年内|"
    r"前\d{1,2}个?月|\d{1,2}[—–\-至]\d{1,2}月|[一二三四]季度|前三季度|上半年|下半年|\d{1,2}月(?:末|底|份)?|“?十[一二三四五六]五”?(?:期间|时期|以来|末)?|"
    r"“?十[一二三四五六]五”?)(?:以来|期间|时期|末|底|前)?[，,、]?"
)
_LABEL_PLACE = re.compile(r"^(?:全省|全市|全区|全国|我国|全县|省|市|本省|本市|两地|三地)")
_LABEL_TRAIL = re.compile(
    r"(?:达到了|达到|已达|达|为|是|约为|约|超过|超|突破|逾|近|将近|接近|不足|不到|实现|完成|累计|共计|共|同比|环比|"
    r"比上年末?|较上年末?|比上年同期|比\d{4}年|较\d{4}年|分别|的|了|至|到|在|有|保持在|保持|将|力争|预计|占全省|占全国|占|"
    r"位居|位列|居|排名|排在|全国|全省|净|新|再|首次|规模|总量|总数达|总计|合计|以|则|也|已|由|从|，|,|\s)+$"
)
_CHANGE_WORD = re.compile(r"(增长|增加|提高|提升|上升|下降|减少|降低|回落|下滑|净增|净减|高出|高于|低于|前进)")


@dataclass(frozen=True)
class TimeRef:
    start: int
    end: int
    first: int
    last: int
    text: str
    plan: bool = False  # a Five-Year Plan's name: its span of years
    relative: str = ""  # 今年, 去年, 上年, ...


def time_refs(text: str, published_year: int) -> list[TimeRef]:
    refs = []
    for match in _TIME_REF.finditer(text):
        if match.group("span"):
            first, last = int(match.group("a")), int(match.group("b"))
            refs.append(TimeRef(match.start(), match.end(), first, last, match.group(0)))
        elif match.group("year"):
            year = int(match.group("year"))
            refs.append(TimeRef(match.start(), match.end(), year, year, match.group(0)))
        elif match.group("plan"):
            ordinal = _PLAN_ORDINALS[match.group("plan")]
            first = 1966 + 5 * (ordinal - 3)
            last = published_year if match.group("since") else first + 4
            refs.append(TimeRef(match.start(), match.end(), first, max(first, last), match.group(0), plan=True))
        else:
            word = match.group("rel")
            year = published_year + {"今年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}[word]
            refs.append(TimeRef(match.start(), match.end(), year, year, word, relative=word))
    return refs


# A place that names a publisher, not the article's subject: "青岛财经日报", "南方日报", "浙江在线".
_PUBLISHER_AFTER = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:日报|晚报|商报|时报|都市报|电视台|广播电台|新闻网|在线)")


def in_publisher_name(text: str, end: int) -> bool:
    """Whether the place name ending at `end` is the start of a newspaper's or station's name."""
    return bool(_PUBLISHER_AFTER.match(text, end))


def period_text(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}-{last}"


class Cues:
    """Everything the field guesses read, built once per article."""

    def __init__(
        self, layout: Layout, registry: Registry, published_year: int, default_region: str, reported_year: int = 0
    ):
        self.layout = layout
        self.text = layout.text
        self.registry = registry
        self.year = published_year
        self.reported_year = reported_year or published_year
        self.default_region = default_region
        self.refs = time_refs(self.text, published_year)
        self._ref_starts = [r.start for r in self.refs]
        by_text = {n.text: n.region_id for n in registry.names}
        self.places: list[tuple[int, int, str, str]] = []  # start, end, words, region id
        if registry.name_pattern is not None:
            for match in registry.name_pattern.finditer(self.text):
                if not in_publisher_name(self.text, match.end()):
                    self.places.append((match.start(), match.end(), match.group(0), by_text[match.group(0)]))
        self._place_starts = [p[0] for p in self.places]

    # ------------------------------------------------------------------ time

    def refs_between(self, start: int, end: int) -> list[TimeRef]:
        lo = bisect.bisect_left(self._ref_starts, start)
        hi = bisect.bisect_left(self._ref_starts, end)
        return [r for r in self.refs[lo:hi] if r.end <= end]

    def _scope_refs(self, position: int) -> list[TimeRef]:
        """Time references before `position` since the last heading, nearest first."""
        headings = self.layout.headings_before(position)
        floor = headings[0].end if headings else 0
        return list(reversed(self.refs_between(floor, position)))

    def is_target(self, position: int, previous_target: bool) -> tuple[bool, str]:
        sentence_start, sentence_end = self.layout.sentence(position)
        before = re.sub(r"《[^》]*》", "", self.text[sentence_start:position])  # a plan's title names no target
        before = _NOT_TARGET_WORDS.sub("", before)
        for ref in reversed(self.refs_between(sentence_start, position)):
            lead = self.text[max(sentence_start, ref.start - 1) : ref.start]
            if lead in ("到", "至") and ref.last >= self.year:
                return True, f"{lead}{ref.text} -> target"
            if ref.first > self.year and not ref.plan:
                return True, f"{ref.text} (after the publication year) -> target"
            if ref.plan and ref.last > self.year and not ref.text.endswith("以来") and not _PAST_MARKS.search(before):
                return True, f"{ref.text} (a plan still running) -> target"
        before = _AGAINST_TARGET.sub("", before)
        if "预计" in before and self._is_estimate(before, sentence_start, position):
            before = before.replace("预计", "")
        for word in _TARGET_WORDS:
            if word in before and not re.search(rf"{word}(?:有|共|包括|共有)\S{{0,2}}$", before):
                return True, f"{word} -> target"
        phrase = _TARGET_PHRASE.search(before)
        if phrase:
            return True, f"{phrase.group(0)} -> target"
        observed = next((w for w in _OBSERVED_WORDS if w in before), "")
        if observed:
            return False, f"{observed} -> observed"
        if any(r.last < self.year and not r.relative for r in self.refs_between(sentence_start, position)):
            return False, "past year -> observed"
        block_start, _ = self.layout.block(position)
        block_cue = _BLOCK_TARGET.search(re.sub(r"《[^》]*》", "", self.text[block_start:sentence_start]))
        if block_cue:
            return True, f"{block_cue.group(0)} -> target"
        headings = self.layout.headings_before(position)
        heading_cue = _BLOCK_TARGET.search(headings[0].text + "：") if headings else None
        if heading_cue:  # "一、主要目标": the section under the heading lists targets
            return True, f"heading {headings[0].text.strip()} -> target"
        if previous_target:
            return True, "target of the sentences before -> target"
        return False, ""

    def _is_estimate(self, before: str, sentence_start: int, position: int) -> bool:
        """ "预计全年…增长3.6%" in a report of the year's end, "2015年…预计达到15.5万亿元": an estimate
        of an outcome, not a target. "预计今年底…将达到", "预计到2025年" stay targets."""
        if "将" in before[before.index("预计") :]:
            return False
        for ref in self.refs_between(sentence_start, position):
            lead = self.text[max(0, ref.start - 1) : ref.start]
            if lead in ("到", "至") or ref.last > self.year or ref.relative == "明年":
                return False
        return True

    def _is_reference(self, ref: TimeRef) -> bool:
        """ "比2016年", "较上年", "是2015年的2倍", "高于去年四季度", "去年同期", "达到2016年以来最高": a time
        compared with, not the time observed."""
        lead = self.text[max(0, ref.start - 2) : ref.start]
        after = self.text[ref.end : ref.end + 6]
        return (
            lead[-1:] in ("比", "较")
            or (lead[-1:] == "是" and after[:1] == "的")
            or lead in ("高于", "低于", "快于", "慢于")
            or after.startswith("同期")
            or bool(re.match(r"以来(?:最高|最低|新高|新低|首次)", after))
        )

    def period(self, position: int, kind: str, clause_start: int) -> tuple[str, str]:
        sentence_start, _ = self.layout.sentence(position)
        in_sentence = list(reversed(self.refs_between(sentence_start, position)))
        clause_text = self.text[clause_start:position]
        before_sentence = self.text[sentence_start:position]
        comparison = re.search(r"(?:比|较|是)((?:19|20)\d{2}年|上年同期|上年末?|去年同期|去年|同期)", before_sentence)
        observed, observed_cue = self._observed(position, in_sentence)
        observed_year = int(observed[-4:])

        if kind == "target":
            for ref in in_sentence + self._scope_refs(sentence_start):
                lead = self.text[max(0, ref.start - 1) : ref.start]
                if (
                    lead in ("到", "至")
                    or ref.plan
                    or ref.first > self.year
                    or ref.relative == "今年"
                    or (ref.first == self.year and not ref.relative)
                ):
                    if ref.plan and not ref.text.endswith("以来"):
                        built = _BUILT_OVER.search(clause_text)
                        if built:  # "“十四五”期间…培育10个": a count to build over the plan's span
                            return period_text(
                                ref.first, ref.last
                            ), f"{ref.text}…{built.group(0)} -> period {period_text(ref.first, ref.last)}"
                        # a level to reach ("达到8万件", "68%"): by the plan's end
                        return str(ref.last), f"{ref.text} -> period {ref.last} (the plan's end)"
                    return str(ref.last), f"{lead if lead in ('到', '至') else ''}{ref.text} -> period {ref.last}"
            return str(self.year), f"no target year -> period {self.year} (publication year)"
        if kind == "cagr" or (kind == "change" and "累计" in clause_text):
            for ref in in_sentence + self._scope_refs(sentence_start):
                if ref.first != ref.last:
                    return period_text(ref.first, ref.last), f"{ref.text} -> period {period_text(ref.first, ref.last)}"
            if comparison and comparison.group(1)[:4].isdigit():
                first = int(comparison.group(1)[:4])
                return period_text(first, observed_year), f"{comparison.group(0)}…{observed_year} -> period"
        years = sorted(
            {r.first for r in in_sentence if r.first == r.last and not r.relative and not self._is_reference(r)}
        )
        if kind == "change" and not comparison and len(years) >= 2:
            return period_text(
                years[0], years[-1]
            ), f"{years[0]}…{years[-1]} -> period {period_text(years[0], years[-1])}"
        if kind == "observed" and comparison and comparison.start() < clause_start - sentence_start:
            comparison = None  # "比2015年翻了一番，占比达到30%": the comparison is the clause before's
        if kind in ("change", "observed") and comparison:
            word = comparison.group(1)
            if "同期" in word:
                return str(observed_year), f"{comparison.group(0)} -> period {observed_year}"
            if word[:4].isdigit():
                first = int(word[:4])
            elif self._unit_is_rate(position):
                return str(
                    observed_year
                ), f"{comparison.group(0)} (a growth rate of the year) -> period {observed_year}"
            else:
                first = observed_year - 1
            if first < observed_year:
                return period_text(
                    first, observed_year
                ), f"{comparison.group(0)} -> period {period_text(first, observed_year)}"
        if in_sentence and in_sentence[0].first != in_sentence[0].last and not in_sentence[0].plan:
            ref = in_sentence[0]
            between = self.text[ref.end : position]
            if "到" in between or "至" in between:
                return str(ref.last), f"{ref.text}…到 -> period {ref.last}"
            if "从" in between or "由" in between:
                return str(ref.first), f"{ref.text}…从 -> period {ref.first}"
        return observed, observed_cue

    def _unit_is_rate(self, position: int) -> bool:
        after = self.text[position : position + 12]
        return bool(re.match(r"[^，。；]*?[%％]", after)) and "百分点" not in after.split("，")[0]

    def _observed(self, position: int, in_sentence: list[TimeRef]) -> tuple[str, str]:
        """The period a figure was observed in: the nearest year before it in the sentence, else
        since the last heading; a plan period ("“十三五”期间") gives its span."""
        sentence_start = self.layout.sentence(position)[0]
        now = re.search(r"现在|目前|当前|现阶段|如今", self.text[sentence_start:position])
        if now:
            return str(self.year), f"{now.group(0)} -> period {self.year} (publication year)"
        last_year = re.search(r"(?:由|从)(?:上年|去年)的?$", self.text[max(sentence_start, position - 5) : position])
        if last_year:  # "由上年的69.5%提高至75.0%"
            year = (int(in_sentence[0].last) if in_sentence and not in_sentence[0].relative else self.reported_year) - 1
            return str(year), f"{last_year.group(0)} -> period {year}"
        for ref in in_sentence + self._scope_refs(sentence_start):
            if self._is_reference(ref) or ref.relative == "上年":
                continue
            if ref.plan and ref.text.endswith("以来") and ref.start < sentence_start:
                continue  # "“十四五”以来,…累计…": the span since the plan began is its own sentence's
            lead = self.text[max(0, ref.start - 1) : ref.start]
            if ref.first > self.year or (lead in ("到", "至") and ref.last > self.year):
                continue
            if ref.plan:
                after = self.text[ref.end : ref.end + 2]
                if ref.text.endswith("以来") or after.startswith(("期间", "时期", "以来")):
                    return (
                        period_text(ref.first, ref.last),
                        f"{ref.text}{after if not ref.text.endswith('以来') else ''}"
                        f" -> period {period_text(ref.first, ref.last)}",
                    )
                continue
            if ref.first != ref.last:
                return str(ref.last), f"{ref.text} -> period {ref.last}"
            return str(ref.last), f"{ref.text} -> period {ref.last}"
        if self.reported_year != self.year:
            return str(
                self.reported_year
            ), f"no year near the number -> period {self.reported_year} (the latest year the article reports on)"
        return str(self.year), f"no year near the number -> period {self.year} (publication year)"

    def plan_span(self, position: int) -> tuple[int, int, str] | None:
        sentence_start, _ = self.layout.sentence(position)
        for ref in list(reversed(self.refs_between(sentence_start, position))) + self._scope_refs(sentence_start):
            if ref.plan:
                return ref.first, ref.last, ref.text
        return None

    # ------------------------------------------------------------------ place

    def _places_between(self, start: int, end: int) -> list[tuple[int, int, str, str]]:
        lo = bisect.bisect_left(self._place_starts, start)
        hi = bisect.bisect_left(self._place_starts, end)
        return [p for p in self.places[lo:hi] if p[1] <= end]

    def _usable(self, place: tuple[int, int, str, str], position: int, unit: str, kind: str, same_clause: bool) -> bool:
        start, end, words, region_id = place
        if self.layout.line(start).furniture:
            return False
        if self.text[end : end + 1] in ("等", "、") and re.match(r"[、等]", self.text[end : end + 1]):
            return False  # "郑州、洛阳等18个": places listed as examples, not the subject
        if region_id != NATIONAL:
            return True
        if kind == "rank":
            return False
        if words == "全国":
            if not same_clause or self.text[end : end + 1] in "第前首总的领":
                return False
            lead = self.text[max(0, start - 2) : start]
            between = self.text[end:position]
            if unit in ("percentage_point", "multiple") and (
                any(lead.endswith(w) for w in _COMPARISON_BEFORE)
                or any(w in between for w in ("高", "低", "比", "快", "慢", "多", "少"))
            ):
                return False  # "高于全国1.5个百分点": the gap is the subject's
        return True

    def _is_subject(self, place: tuple[int, int, str, str]) -> bool:
        """A place that opens its clause ("其中，深圳市…", "2024年，广州…") is what the clause is about."""
        clause_start, _ = self.layout.clause(place[0])
        lead = _LABEL_TIME.sub("", _LABEL_LEAD.sub("", "".join(self.text[clause_start : place[0]].split())))
        lead = re.sub(r"^(?:据|在|据悉|其中|而|另外|同时|此外|全省|全市)+", "", lead)
        return len(lead) <= 1

    def region(
        self, position: int, unit: str, kind: str, figure_positions: list[int], previous: tuple[int, str]
    ) -> tuple[str, str]:
        """The figure's region, with the words it was read from (see _region)."""
        region_id, cue = self._region(position, unit, kind, figure_positions, previous)
        clause_start, _ = self.layout.clause(position)
        city = self.default_region
        if (
            not self.registry.is_city(region_id)
            and self.registry.is_city(city)
            and self.registry.parent_of(city) == region_id
            and re.search(r"(?<![占居列])(?:全市|本市)", self.text[clause_start:position])
        ):
            return city, f"全市 in an article about {city} -> region {city}"  # "全市新建…" under a province's name
        return region_id, cue

    def _region(
        self, position: int, unit: str, kind: str, figure_positions: list[int], previous: tuple[int, str]
    ) -> tuple[str, str]:
        clause_start, _ = self.layout.clause(position)
        sentence_start, sentence_end = self.layout.sentence(position)
        respectively = self._respectively(position, sentence_start, sentence_end, figure_positions)
        if respectively:
            return respectively
        province_words = next(iter(self._province_subjects(sentence_start, position)), None)
        places = [
            p for p in self._places_between(clause_start, position) if self._usable(p, position, unit, kind, True)
        ]
        if not places:
            places = [
                p
                for p in self._places_between(sentence_start, clause_start)
                if self._usable(p, position, unit, kind, False) and self._is_subject(p)
            ]
        if places:
            words, region_id = places[-1][2], places[-1][3]
            if province_words and province_words.start() > places[-1][0] and self.registry.is_city(region_id):
                parent = self.registry.parent_of(region_id) or self.default_region
                return parent, f"{province_words.group(0)} (after {words}) -> region {parent}"
            if not self._is_subject(places[-1]):
                return region_id, f"{words} (named in the clause, not its subject) -> region {region_id}"
            return region_id, f"{words} -> region {region_id}"
        body = self._national_body(clause_start, position)
        if body:
            return NATIONAL, f"{body} -> region national"
        block_start, _ = self.layout.block(position)
        scope = [
            p
            for p in self._places_between(block_start, sentence_start)
            if self._usable(p, position, unit, kind, False) and self._is_subject(p)
        ]
        province_after = self._province_subjects(block_start, position)
        if scope:
            words, region_id = scope[-1][2], scope[-1][3]
            if province_after and province_after[-1].start() > scope[-1][0] and self.registry.is_city(region_id):
                parent = self.registry.parent_of(region_id) or self.default_region
                return parent, f"全省 (after {words}) -> region {parent}"
            return region_id, f"{words} (earlier in the paragraph) -> region {region_id}"
        headings = self.layout.headings_before(position)
        if previous[1] and (not headings or headings[0].start < previous[0]):
            # the subject runs on from the figure before, within the section
            region_id = previous[1]
            if self._province_subjects(clause_start, position) and self.registry.is_city(region_id):
                parent = self.registry.parent_of(region_id) or self.default_region
                return parent, f"全省 (after a city) -> region {parent}"
            return region_id, f"no place named: the figure before -> region {region_id}"
        for heading in headings[:1]:  # the section's own heading
            places = [p for p in self._places_between(heading.start, heading.end) if p[3] != NATIONAL or p[2] == "我国"]
            if places:
                words, region_id = places[0][2], places[0][3]
                return region_id, f"heading {words} -> region {region_id}"
        return self.default_region, f"no place named -> region {self.default_region} (the article's)"

    def _province_subjects(self, start: int, end: int) -> list[re.Match[str]]:
        """全省 as a subject between start and end (positions in the text; the words after `end` decide)."""
        return [m for m in _PROVINCE_SUBJECT.finditer(self.text, start) if m.start() < end]

    def _national_body(self, clause_start: int, position: int) -> str:
        """ "工业和信息化部等六部门联合印发通知": a national body opening the clause speaks for the country."""
        lead = "".join(self.text[clause_start:position].split())
        for body in self.registry.national_bodies:
            if lead.startswith(body) or re.match(rf"^(?:\d{{4}}年\d{{1,2}}月|近日|日前)?[，,]?{re.escape(body)}", lead):
                return body
        return ""

    def _respectively(
        self, position: int, sentence_start: int, sentence_end: int, figure_positions: list[int]
    ) -> tuple[str, str] | None:
        """ "江苏、山东分别以27.9万个、25.2万个位列第二、第三": the i-th number goes with the i-th place."""
        sentence = self.text[sentence_start:sentence_end]
        marker = sentence.find("分别")
        if marker < 0 or position < sentence_start + marker:
            return None
        clause_start = self.layout.clause(sentence_start + marker)[0]
        places = [p for p in self._places_between(clause_start, sentence_start + marker) if p[3] != NATIONAL]
        if len(places) < 2:
            return None
        after = [p for p in figure_positions if sentence_start + marker <= p < sentence_end]
        if position not in after:
            return None
        index = after.index(position) % len(places)
        region_id = places[index][3]
        return region_id, f"{'、'.join(p[2] for p in places)}…分别 -> region {region_id}"

    # ------------------------------------------------------------------ kind and indicator

    def kind(self, position: int, unit: str, number_words: str, previous_target: bool) -> tuple[str, str]:
        clause_start, _ = self.layout.clause(position)
        before_clause = self.text[clause_start:position].rstrip()
        target, target_cue = self.is_target(position, previous_target)
        if target:
            return "target", target_cue
        if unit == "rank":
            if (
                re.search(
                    r"(前进|前移|后移|提升|上升|下降|后退|进位|退位|跃升)了?(?:[\d.]+位?[、和及与])*$", before_clause
                )
                or "位次" in number_words
            ):
                return "change", "前进…位次 -> change"
            return "rank", f"{number_words} -> rank"
        for word in _CAGR_WORDS:
            if word in self.text[max(clause_start, position - 12) : position]:
                return "cagr", f"{word} -> cagr"
        cagr_after = _CAGR_AFTER.match(self.text[position + len(number_words) : position + len(number_words) + 12])
        if cagr_after:
            return "cagr", f"{cagr_after.group(0)} -> cagr"
        enumerated = re.sub(r"[\d.]+(?:万亿|亿|万)?[%％]?[^\d，,。；]{0,3}?[、和及与]$", "", before_clause)
        change = _CHANGE_BEFORE.search(before_clause) or _CHANGE_BEFORE.search(enumerated)
        if change:
            return "change", f"{change.group(1)} -> change"
        if unit == "percent":
            rate = _RATE_BEFORE.search(before_clause) or _RATE_BEFORE.search(enumerated)
            sentence_start, sentence_end = self.layout.sentence(position)
            rate = rate or _RATE_FRAME.match(self.text[sentence_start:position])
            if rate:
                return "change", f"{rate.group(1)} (a growth rate) -> change"
        if unit == "percentage_point":
            return "change", "个百分点 -> change"
        if unit == "multiple" and number_words.startswith("翻"):
            return "change", f"{number_words} -> change"
        if unit == "multiple" and re.search(r"是(?:19|20)\d{2}年的$|是上年的$", before_clause):
            return "change", "是…的N倍 -> change"
        return "observed", target_cue or ""

    def indicator_label(self, position: int, end: int, kind: str, previous_label: str) -> tuple[str, str]:
        clause_start, clause_end = self.layout.clause(position)
        before = self.text[clause_start:position]
        # The items before this one in a list ("提高7.9个、3.4个和") and "较…分别" say no measure.
        before = re.sub(r"[\d.]+(?:万亿|亿|万)?[^\d，,。；、和及与]{0,5}[、和及与]\s*$", "", before)
        while re.search(r"[\d.]+(?:万亿|亿|万)?[^\d，,。；、和及与]{0,5}[、和及与]\s*$", before):
            before = re.sub(r"[\d.]+(?:万亿|亿|万)?[^\d，,。；、和及与]{0,5}[、和及与]\s*$", "", before)
        before = re.sub(r"(?:较|比)[^，,。；]{0,24}?分别", "", before)
        before = re.sub(
            r"(?:由|从)(?:上年|去年|(?:19|20)\d{2}年)?的?(?:[\d.]+(?:万亿|亿|万)?\S{0,2}?(?:提高|增长|上升|下降|增加|减少)?[至到])?$",
            "",
            before,
        )
        label = _clean_label(before)
        # The measure the figure before named, without its own change words: "手机产量增长" -> "手机产量".
        previous_measure = _CHANGE_TAIL.sub("", previous_label)
        subject = _TIME_COMPARISON.sub("", _CHANGE_TAIL.sub("", label))  # "比2016年提升": a change over time
        if kind in ("change", "cagr") and (
            not subject or re.match(r"^(比|较|同比|环比|增速|增长|年均)", before.strip("，, \n"))
        ):
            word = _CHANGE_WORD.search(before)
            if subject.startswith(("比", "较", "增速", "增幅")) and previous_measure:  # "增速比同期工业低"
                return _undouble(
                    previous_measure + subject
                ), "words before the number, after the measure of the figure before"
            base = subject if subject else previous_measure
            if base:
                suffix = "年均增长" if kind == "cagr" else (word.group(1) if word else "变化")
                return _undouble(base + suffix), "words before the number, and the measure of the figure before"
        if len(label) < 2 or label.endswith("等") or "、" in label[-6:] or _VERB_ONLY.fullmatch(label):
            after = re.split(r"[，。；,;！？\n（(]", self.text[end:clause_end])[0]
            after = re.sub(r"^(?:以上|左右|的)+", "", after)
            if len(after) >= 2:
                verb = label if _VERB_ONLY.fullmatch(label) else ""  # "培育10个产业集群": 培育产业集群
                return (verb + after)[:30], "words after the number"
        if previous_label and re.search(
            r"全国平均(?:水平|值)?$", label
        ):  # "高于全国平均水平48.8": the same measure, nationally
            return previous_label, "全国平均 -> the indicator of the figure before"
        if kind == "change" and label:
            word = _CHANGE_WORD.search(before)
            if word and not _CHANGE_TAIL.search(label) and word.group(1) not in label:
                label += word.group(1)
        if kind == "rank" and label and "排名" not in label:
            label += "排名"
        if not label:
            label = previous_label or "（待填）"
        return _undouble(label)[-30:], "words before the number"


_CHANGE_TAIL = re.compile(
    r"(?:同比|环比|比上年同期|比上年|较上年)?(?:增长|增加|提高|提升|上升|下降|减少|降低|回落|下滑|净增|净减|变化)+$"
)


_VERB_ONLY = re.compile(r"(?:新)?(?:培育|建成|新建|引进|建设|打造|新增|累计建成|创建|力争|实现|完成|认定|推动)")
_TIME_COMPARISON = re.compile(
    r"^(?:比|较)(?:(?:19|20)\d{2}年(?:底|末)?|上年(?:同期|末|底)?|去年(?:同期|底|末)?|同期|上月|[\d—\-]{1,6}月份?|[一二三四]季度|上半年)$"
)


def _undouble(label: str) -> str:
    """ "同比增长增长" -> "同比增长": a word written twice in a row is written once."""
    return re.sub(
        r"([\u4e00-\u9fff]{2,4})\1+",
        r"\1",
        re.sub(r"(增长|增加|提高|提升|下降|减少)(?:增长|增加|提高|提升|下降|减少)", r"\1", label),
    )


def _clean_label(text: str) -> str:
    label = "".join(text.split())
    label = label.replace("“", "").replace("”", "")
    for _ in range(6):
        previous = label
        label = _LABEL_LEAD.sub("", label)
        label = _LABEL_TIME.sub("", label)
        label = _LABEL_PLACE.sub("", label)
        label = _LABEL_TRAIL.sub("", label)
        if label == previous:
            break
    return label


def strip_places(label: str, registry: Registry) -> str:
    """ "江苏规模以上工业增加值" -> "规模以上工业增加值": the region is its own field."""
    for name in registry.names:
        if label.startswith(name.text) and len(label) > len(name.text) + 1:
            return _clean_label(label[len(name.text) :])
    return label


_FLOW_WORDS = re.compile(
    r"新建|新增|净增|新培育|新创建|新开通|新引进|新签约|当年|全年|年产|产量|销量|产销|出口|进口|期间"
)
_STOCK_WORDS = re.compile(
    r"总数|累计|拥有|保有|存量|在用|现有|已建成|已经建成|已开通|已有|截至|截止|(?:年|月)(?:底|末)"
)
_RATE_UNITS = ("percent", "percentage_point", "multiple", "index", "mbps", "km_per_hour")


def figure_measure(words_before: str, unit: str, period: str) -> tuple[str, str]:
    """What the figure measures (tables.vocab.MEASURES), with the words it was read from; "" when
    the words do not say. Flow words win over stock words: "累计新建" is what was built."""
    if unit == "rank":
        return "rank", "rank"
    if unit in _RATE_UNITS:
        return "rate", unit
    flow = _FLOW_WORDS.search(words_before)
    if flow:
        return "flow", flow.group(0)
    stock = _STOCK_WORDS.search(words_before)
    if stock:
        return "stock", stock.group(0)
    if "-" in period and unit == "count":
        return "flow", f"counted over {period}"
    return "", ""


def match_indicator(
    label: str, unit: str, kind: str, registry: Registry, measure: tuple[str, str] = ("", "")
) -> tuple[str, str]:
    """The registry indicator whose name or alias the label names, with a unit and a measure that
    agree (a wrong join is worse than none: a stock never joins a flow's indicator)."""
    best, best_len, best_words = "", 0, ""
    for indicator_id, entry in registry.indicators.items():
        for name in [entry.get("name_zh", "")] + list(entry.get("aliases_zh", [])):
            if name and (label == name or label.endswith(name)) and len(name) > best_len:
                best, best_len, best_words = indicator_id, len(name), name
    if not best:
        return "", ""
    for suffix, suffix_kind in (("_change", "change"), ("_rank", "rank")):
        if kind == suffix_kind and best + suffix in registry.indicators:
            best += suffix
    entry = registry.indicators[best]
    if entry.get("unit") and entry["unit"] != unit:
        return "", f"{best_words} names indicator {best}, but its unit is {entry['unit']}, not {unit}"
    if measure[0] and entry.get("measure") and entry["measure"] != measure[0]:
        return (
            "",
            f"{best_words} names indicator {best}, a {entry['measure']}, "
            f"but {measure[1]} says this figure is a {measure[0]}",
        )
    return best, f"{best_words} -> indicator {best}"


_EN_PATTERNS = (
    ("全国排名", "National rank of {}"),
    ("排名", "Rank of {}"),
    ("年均增长", "Average annual growth of {}"),
    ("增长", "Growth of {}"),
    ("增加", "Increase in {}"),
    ("提高", "Rise in {}"),
    ("提升", "Rise in {}"),
    ("上升", "Rise in {}"),
    ("下降", "Fall in {}"),
    ("减少", "Fall in {}"),
    ("降低", "Fall in {}"),
)


def english_label(label: str, indicator_id: str, registry: Registry) -> tuple[str, bool]:
    """(English label, translated?): the corpus's own pairs first, then the glossary, else marked."""
    if (
        indicator_id
        and registry.indicators.get(indicator_id, {}).get("name_en")
        and registry.indicators[indicator_id].get("name_zh") == label
    ):
        return registry.indicators[indicator_id]["name_en"], True
    if label in registry.pairs:
        return registry.pairs[label], True
    for suffix, template in _EN_PATTERNS:
        if label.endswith(suffix) and label[: -len(suffix)] in registry.pairs:
            base = registry.pairs[label[: -len(suffix)]]
            return template.format(base[:1].lower() + base[1:]), True
    return UNTRANSLATED + label, False
