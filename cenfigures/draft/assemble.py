"""Draft the annotation of an article: every numeric mention becomes a draft figure, a draft event
or a draft "not a statistic" with its reason, each `reviewed = false` with what was guessed.

    python -m cenfigures.draft seeds/<name>.txt [--publisher ...] [--published ...] [--region ...]

Pure: `draft_article(text, ...)` returns a `Draft`; `cenfigures.draft.write` renders and writes it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from cenfigures.draft.fields import (
    Cues,
    english_label,
    figure_measure,
    match_indicator,
    strip_places,
)
from cenfigures.draft.meta import ArticleMeta, guess_meta
from cenfigures.draft.registry import NATIONAL, UNPLACED, UNTRANSLATED, Registry
from cenfigures.draft.text import Layout, read_layout
from cenfigures.prep.numbers import UNIT_WORDS, Quantity, QuantityError, parse_quantity
from cenfigures.prep.scan import Mention, find_mentions

_PREFIX_WORDS = ("超过", "超出", "突破", "约为", "大约", "将近", "接近", "不足", "不到", "超", "逾", "约", "近", "破")
_SUFFIX_WORDS = ("以上", "以下", "以内", "左右")
# The parser's own unit words (longest first), so that the two never drift apart ("1936起" is a
# count because the parser says so); 余/多 and a multiplier may stand between ("3200余万个"). "大"
# counts only after a Chinese numeral ("十大产业"), which the scanner takes whole.
_UNIT_AFTER = re.compile(
    r"^(?:余|多)?(?:万亿|万|亿)?(?:"
    + "|".join(
        re.escape(word) for word in sorted({w for w, _ in UNIT_WORDS if w != "大"} | {"成"}, key=len, reverse=True)
    )
    + ")"
)
_CONGRESS = re.compile(
    r"(?:第?[一二三四五六七八九十]+届(?:[一二三四五六七八九十]+中|[一二三四五六七八九十]+次)?(?:全会|全体会议|人大|代表大会|委员会|会议)?"
    r"|第[一二三四五六七八九十\d]+次(?:党代会|代表大会|全会|会议)"
    r"|[一二三四五六七八九十]+次党代会"
    r"|[一二三四五六七八九十]+大(?=胜利|精神|报告|以来|召开|代表|$|[，。、”])"
    r"|[一二三四五六七八九十]+中全会)"
)
_EVENT_VERBS = re.compile(
    r"开播|上线|印发|发布|出台|召开|举行|举办|启动|开通|开工|投产|竣工|签约|签署|揭牌|成立|施行|实施|开幕|闭幕|通过|公布|开展|"
    r"建成|结束|完成|开始|落地|发射|亮相|问世|通车|运营|挂牌"
)
_PHONE = re.compile(r"(?:0\d{2,3}[-－—]\d{7,8}|1[3-9]\d{9}|\b\d{5}\b(?=\s*(?:热线|电话|服务热线|申诉)))")
_HOTLINE_BEFORE = re.compile(r"(?:拨打|热线|电话|致电)[:：]?\s*$")
_LIST_ORDINAL = re.compile(r"^第[一二三四五六七八九十]+[，,、：:是]")
# After "N个": what a talk is structured by ("五个特点", "四个亮点", "六个“更加”", "五个方面举措").
_TALK_STRUCTURE = re.compile(r"(?:特点|亮点|要点|关键词|“|方面(?:举措|着力|发力|入手|工作|的?努力|[：:]))")
# Names listed just before a count of them: "福州、厦门、武汉、苏州", "“聚集、融通、应用”".
_NAMES_BEFORE = re.compile(r"(?:[\u4e00-\u9fff·]{1,10}[、和及与]){1,}[\u4e00-\u9fff·]{0,9}[^\W\d等]”?$")
_TECH_CHARS = "A-Za-z"


@dataclass
class DraftFigure:
    id: str
    topic: str
    region: str
    indicator: str
    indicator_zh: str
    indicator_en: str
    period: str
    kind: str
    quote: str
    number: str
    guess: str
    quantity: Quantity
    quote_start: int
    number_start: int
    in_heading: bool = False


@dataclass
class DraftEvent:
    id: str
    date: str
    date_end: str
    title_zh: str
    title_en: str
    topic: str
    region: str
    quote: str
    guess: str
    quote_start: int


@dataclass
class DraftNotStatistic:
    text: str
    reason: str
    restates: str = ""


@dataclass
class Draft:
    source: dict[str, str]
    source_guess: str
    new_regions: dict[str, dict[str, object]] = field(default_factory=dict)
    region_notes: dict[str, dict[str, str]] = field(default_factory=dict)
    figures: list[DraftFigure] = field(default_factory=list)
    events: list[DraftEvent] = field(default_factory=list)
    not_statistics: list[DraftNotStatistic] = field(default_factory=list)
    mention_count: int = 0
    default_region: str = NATIONAL


@dataclass
class _Candidate:
    mention: Mention
    number_start: int
    number_end: int
    quantity: Quantity


def _number_words(text: str, mention: Mention) -> tuple[int, int]:
    """The words of the value: qualifier prefix, the number, its unit, a qualifier suffix."""
    start, end = mention.start, mention.end
    if mention.kind in ("arabic", "chinese") and not mention.text.startswith("第") and "分之" not in mention.text:
        rest = text[end : end + 12]
        gap = len(rest) - len(rest.lstrip())
        unit = (
            _UNIT_AFTER.match(rest[gap:])
            if mention.kind == "arabic" or not re.search(r"[个位项家路大届次中部门方面年级号类期成]$", mention.text)
            else None
        )
        if unit and (
            gap == 0 or "\n" in rest[:gap] or re.fullmatch(r"[ \u3000]{1,2}", rest[:gap])
        ):  # "225 万个": web text spaces numbers
            end += gap + unit.end()
    elif mention.text.startswith("第") and text[end : end + 1] == "位" and not mention.text.endswith("位"):
        end += 1
    if mention.kind == "arabic" and text[start - 1 : start] == "第":  # "第19位": an ordinal in Arabic digits
        start -= 1
        end = mention.end + (1 if text[mention.end : mention.end + 1] in ("位", "名") else 0)
        return start, end
    for word in _SUFFIX_WORDS:
        if text.startswith(word, end):
            end += len(word)
            break
    lead = text[max(0, start - 4) : start]
    stripped = lead.rstrip()
    for word in _PREFIX_WORDS:
        for written in (word, word + "了"):  # "超过了80%"
            if stripped.endswith(written) and (stripped == lead or "\n" in lead[len(stripped) :]):
                start -= len(lead) - len(stripped) + len(written)
                break
        else:
            continue
        break
    return start, end


def _join_wrapped_numbers(text: str, mentions: list[Mention]) -> list[Mention]:
    """A number that a hard line break cuts in two ("…设备数达到1\n280万台", text copied from a PDF):
    one mention. Only where the first line is a long wrapped line ending in the digits, so that
    short lines of figures or list numbers stay apart."""
    joined: list[Mention] = []
    for mention in mentions:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.kind == mention.kind == "arabic"
            and re.fullmatch(r"\d+", previous.text)
            and re.fullmatch(r"[ \t]*\n[ \t]*", text[previous.end : mention.start])
            and previous.start - (text.rfind("\n", 0, previous.start) + 1) >= 20
            and not re.search(r"[。；;！？：:]$", text[max(0, previous.start - 1) : previous.start])
        ):
            joined[-1] = Mention(previous.start, mention.end, text[previous.start : mention.end], "arabic")
            continue
        joined.append(mention)
    return joined


def _token_with_letters(text: str, mention: Mention) -> tuple[int, int] | None:
    """ "5G", "4K/8K", "H.266", "CCTV-16", "10G PON": a number inside a name made of letters."""
    before = text[max(0, mention.start - 1) : mention.start]
    after = text[mention.end : mention.end + 1]
    if not (re.match(rf"[{_TECH_CHARS}]", after) or re.match(rf"[{_TECH_CHARS}.\-]", before)):
        return None
    if before in ".-" and not re.match(rf"[{_TECH_CHARS}]", text[max(0, mention.start - 2) : mention.start - 1] or " "):
        if not re.match(rf"[{_TECH_CHARS}]", after):
            return None
    start, end = mention.start, mention.end
    while start > 0 and re.match(rf"[{_TECH_CHARS}0-9./+\-]", text[start - 1]):
        start -= 1
    while end < len(text) and re.match(rf"[{_TECH_CHARS}0-9./+\-]", text[end]):
        end += 1
    return start, end


def _phrase(text: str, start: int, end: int, right: int = 4) -> str:
    """The mention with the few words after it, for a not-statistic entry a reviewer can read."""
    tail = re.match(rf"[^\s，。；：、,;:！？“”《》（）()\d]{{0,{right}}}", text[end:])
    return text[start : end + (tail.end() if tail else 0)]


def draft_article(
    text: str,
    file_name: str,
    source_id: str,
    registry: Registry,
    topics: tuple[str, ...],
    publisher: str = "",
    published: str = "",
    region: str = "",
    topic: str = "",
    today_year: int = 2026,
) -> Draft:
    layout = read_layout(text)
    meta = guess_meta(layout, registry, publisher, published, region, today_year)
    cues = Cues(layout, registry, meta.year, meta.default_region, meta.reported_year)
    mentions = _join_wrapped_numbers(text, find_mentions(text))
    draft = Draft(source={}, source_guess="", mention_count=len(mentions))
    _fill_source(draft, meta, file_name, source_id, registry, publisher, published, region)
    # A figure its paragraph's keywords do not place gets --topic, else no guess: the corpus's
    # "unplaced" topic, for the reviewer to choose (a guess from a few stray keywords put whole real
    # articles on a page whose charts never showed them).
    article_topic = topic or (UNPLACED if UNPLACED in topics else _article_topic(text, registry, topics))

    not_statistics: dict[str, DraftNotStatistic] = {}

    def not_statistic(words: str, reason: str, restates: str = "") -> None:
        words = words.strip()
        if words and words not in not_statistics:
            not_statistics[words] = DraftNotStatistic(words, reason, restates)

    candidates: list[_Candidate] = []
    dates: list[Mention] = []
    claimed_until = -1
    for mention in mentions:
        if mention.start < claimed_until:
            continue  # inside the words of the previous figure ("3至5个": the 5 is the next one)
        line = layout.line(mention.start)
        if line.furniture:
            not_statistic(line.text, "web page furniture (navigation, timestamp, buttons, footer)")
            continue
        if meta.dateline and meta.dateline[0] <= mention.start < meta.dateline[1]:
            not_statistic(text[meta.dateline[0] : meta.dateline[1]], "dateline of the article")
            continue
        reason = _not_a_statistic(text, mention, layout)
        if reason:
            not_statistic(*reason)
            continue
        if mention.kind == "date":
            dates.append(mention)
            continue
        candidate, problem = _candidate(text, mention)
        if candidate is None:
            not_statistic(_phrase(text, mention.start, mention.end), problem)
            continue
        candidates.append(candidate)
        claimed_until = candidate.number_end

    # A web page's title lines, above the first line with a full stop, are headlines even when they
    # hold a comma ("我国5G基站累计开通185.4万个,实现…"): what they state, the body states again.
    title_zone_end = next((line.start for line in layout.lines if "。" in line.text), 0)
    figure_positions = [c.number_start for c in candidates]
    previous_target = False
    previous_label = ""
    previous_block = (-1, -1)
    previous_region = (-1, "")
    for candidate in candidates:
        figure = _draft_figure(
            text,
            candidate,
            cues,
            layout,
            registry,
            figure_positions,
            previous_target,
            previous_label,
            previous_block,
            previous_region,
        )
        figure.id = f"{source_id}-{len(draft.figures) + 1:03d}"
        figure.topic = _figure_topic(text, layout, candidate.number_start, registry, topics, article_topic)
        figure.in_heading = figure.in_heading or candidate.number_start < title_zone_end
        draft.figures.append(figure)
        previous_target = figure.kind == "target"
        previous_label = figure.indicator_zh
        previous_block = layout.block(candidate.number_start)
        carries = "分别" not in figure.guess and "not its subject" not in figure.guess
        previous_region = (candidate.number_start, figure.region) if carries else (candidate.number_start, "")

    _restatements(draft, not_statistics, registry, layout)
    _events(draft, dates, text, layout, cues, registry, topics, article_topic, source_id, not_statistic)
    draft.not_statistics = list(not_statistics.values())
    _regions(draft, layout, registry, meta)
    return draft


def _fill_source(
    draft: Draft,
    meta: ArticleMeta,
    file_name: str,
    source_id: str,
    registry: Registry,
    publisher: str,
    published: str,
    region: str,
) -> None:
    title_en = registry.pairs.get(meta.title, UNTRANSLATED + meta.title)
    draft.source = {
        "id": source_id,
        "file": file_name,
        "title_zh": meta.title,
        "title_en": title_en,
        "publisher_zh": meta.publisher_zh,
        "publisher_en": meta.publisher_en,
        "published": meta.published,
        "language": "zh",
    }
    if meta.authors:
        draft.source["authors"] = meta.authors
    guesses = [f"first heading -> title {meta.title}"] + meta.guesses
    if published:
        guesses = [g for g in guesses if "published" not in g] + [f"--published {published}"]
    if region:
        guesses = [g for g in guesses if "default region" not in g] + [f"--region {region}"]
    draft.source_guess = "; ".join(guesses)
    draft.default_region = meta.default_region


def _not_a_statistic(text: str, mention: Mention, layout: Layout) -> tuple[str, str] | None:
    """(words, reason) when the mention is plainly no statistic; None when it may be one."""
    start, end, words = mention.start, mention.end, mention.text
    after = text[end : end + 6]
    before = text[max(0, start - 6) : start]
    if mention.kind in ("arabic", "chinese") and _counts_names_before(text, start, end, words):
        return (_phrase(text, start, end, 4), "how many of the names just listed, not a measure")
    if mention.kind == "arabic":
        phone = None
        for match in _PHONE.finditer(text, max(0, start - 14), min(len(text), end + 14)):
            if match.start() <= start < match.end():
                phone = match
        if (
            phone
            or (len(words) >= 5 and _HOTLINE_BEFORE.search(before))
            or (len(words) >= 5 and re.match(r"\s*(?:电信用户申诉|热线|服务热线)", after))
        ):
            return (_phrase(text, start, end, 8), "phone number")
        token = _token_with_letters(text, mention)
        if token:
            token_text = text[token[0] : token[1]]
            if re.search(r"(?:万亿|万|亿)$", words) or "." in words and re.match(r"[A-Za-z]", after):
                return (
                    token_text,
                    f"number with a unit the project has no word for ({token_text}): check whether it is a statistic",
                )
            return (token_text, "name with digits (technology, product, channel or standard), not a measure")
        if before.endswith("第") and re.match(r"[版页期批章条届次]", after):
            return (text[start - 1 : end + 1], "page, issue, session or list number")
        if before.endswith("第") and not _rank_context(text, start - 1) and not re.match(r"[位名]", after):
            return (text[start - 1 : end + 1], "ordinal, not a rank")
        if re.match(r"(?:19|20)\d{2}$", words) and not _UNIT_AFTER.match(
            after.lstrip()
        ):  # "1936\n起": a unit after a line break
            return (words, "a year used as a time reference")
        if re.match(r"\s*个?月", after):
            return (_phrase(text, start, end, 3), "a number of months: a time reference")
        if re.match(r"\s*(?:日|号|时|点|分|秒)", after) and not re.match(r"\s*(?:号线)", after):
            return (_phrase(text, start, end, 1), "a day or a time of day")
        if re.match(r"\s*(?:年|周|天|岁)", after) and not re.match(r"\s*年(?:度)?(?:产|销|营|收)", after):
            return (_phrase(text, start, end, 1), "a span of time (years, weeks, days), not a measure")
        if before.endswith(("—", "-", "至", "到")) and re.match(r"\s*月", after):
            return (_phrase(text, start, end, 1), "a time reference")
    if mention.kind == "time" and not re.search(r"[—–\-~]", words):
        return (words, "a time of day")
    if mention.kind == "chinese" and words.startswith("翻"):
        return None  # "翻了一番": a multiple, a statistic
    if mention.kind == "chinese":
        magnitude = re.fullmatch(r"[十百千]?(?:万亿|亿|万)", words)
        if magnitude and re.match(
            r"(?:元(?:级|以上|以下)?|级|以上|以下)?的?(?!元)[\u4e00-\u9fff]", text[end : end + 5]
        ):
            return (
                _phrase(text, start, end, 4),
                "a threshold that names a category (千亿级, 超百亿元企业), not a statistic",
            )
        congress = None
        for match in _CONGRESS.finditer(text, max(0, start - 6), min(len(text), end + 8)):
            if match.start() <= start < match.end():
                congress = match
        if congress:
            return (congress.group(0), "congress or session ordinal")
        if re.fullmatch(r"[一二两三四五六七八九十]+大", words) and after.startswith("批"):
            return (_phrase(text, start, end, 2), "rhetoric (一大批), not a measure")
        if re.fullmatch(r"[一二两三四五六七八九十]+大", words) and not before.endswith(
            ("“", "等")
        ):  # "“十大产业”", "等八大行动" count them
            return (_phrase(text, start, end, 4), "name of a group (十大重点行业, 三大产业), not a measure")
        if words == "两位" and after.startswith("数"):
            return (_phrase(text, start, end, 3), "qualitative (两位数: double-digit), not a measure")
        if re.fullmatch(r"[一二两三四五六七八九十]+个", words) and _TALK_STRUCTURE.match(after):
            return (_phrase(text, start, end, 4), "structure of a talk (N个特点, N个方面举措), not a measure")
        if re.fullmatch(r"十[一二三四五六]五", words):
            return (words, f"name of a Five-Year Plan period (“{words}”), used as a time reference")
        if words.endswith(("级", "号", "期")) and not words.startswith("第"):
            return (_phrase(text, start, end, 2), "grade, name or phase, not a measure")
        if words.endswith("年") or (len(words) >= 2 and words[-1] in "百千万" and after.startswith("年")):
            return (_phrase(text, start, end, 2), "a span of years or rhetoric (百年, 千年), not a measure")
        if words.endswith("次") and not words.startswith("第"):
            return (_phrase(text, start, end, 2), "a number of times in a name or slogan")
        if words.startswith("第"):
            if (_LIST_ORDINAL.match(text[start : end + 2]) or re.match(r"[，,、：:]", after)) and not _rank_context(
                text, start
            ):
                return (text[start : end + 1], "list ordinal")
            if not _rank_context(text, start) and not after.startswith(("位", "名")):
                return (_phrase(text, start, end, 4), "ordinal in a name (a batch, a group, an occasion), not a rank")
        open_quote = text.rfind("“", max(0, start - 12), start)
        close_quote = text.find("”", end, end + 12)
        if open_quote >= 0 and close_quote >= 0 and "”" not in text[open_quote:start] and not words.startswith("第"):
            return (text[open_quote + 1 : close_quote], "name or slogan in quotation marks, not a measure")
        classifier = re.search(r"[个位项家路大届次中部门方面年级号类期成]$", words) or "分之" in words
        if not classifier and not words.startswith("第") and not _UNIT_AFTER.match(after) and not magnitude:
            return (_phrase(text, start, end, 2), "numeral inside a name or phrase, not a measure")
        if re.match(r"^[一二两三四五六七八九十]家", words) and re.match(r"(?:基础电信|电信|运营|央企)", after):
            return (_phrase(text, start, end, 4), "how many actors a sentence names, not a measure")
        if re.match(r"^[两二三四五]", words) and re.match(r"[^，。；]{0,4}(?:均|都|皆)", after):
            return (_phrase(text, start, end, 4), "refers back to the figures just stated")
    return None


def _counts_names_before(text: str, start: int, end: int, words: str) -> bool:
    """ "福州、厦门、武汉、苏州四个城市", "“聚集、融通、应用”3个关键环节": a small count right after
    the names it counts."""
    if not re.fullmatch(r"(?:[一二两三四五六七八九十]|[1-9]|1[0-2])(?:个|大|项|家|座|条)?", words):
        return False
    classified = words[-1] in "个大项家座条"
    if not re.match(r"[个大项家座条](?![和与及百])[\u4e00-\u9fff]", text[end - 1 if classified else end : end + 2]):
        return False
    return bool(_NAMES_BEFORE.search(text[max(0, start - 40) : start]))


def _rank_context(text: str, start: int) -> bool:
    """ "居全国第三", "位列第七", "总量居全国城市第四", "第二、第三": an ordinal that ranks."""
    before = text[max(0, start - 6) : start]
    if re.search(
        r"(全国|全省|全市|全球|世界|排名|排在|排|居|位居|位列|列|位于|西部|中部|东部|中西部|东北|行业|同行|同类|榜单|、)$",
        before,
    ):
        return True
    return bool(re.search(r"(?:居|位居|位列|名列|排名|排在|排行)[^，。；,]{0,6}$", text[max(0, start - 10) : start]))


def _candidate(text: str, mention: Mention) -> tuple[_Candidate | None, str]:
    start, end = _number_words(text, mention)
    words = text[start:end]
    if re.match(r"(?:及以上|以上)?的(?:有|共有)", text[end : end + 5]):
        return None, "a threshold that defines what is counted (超过…的有), not a statistic"
    clause_start = max(text.rfind(mark, 0, start) for mark in "。；，,\n") + 1
    clause_end_candidates = [i for i in (text.find(mark, end) for mark in "。；，,\n") if i >= 0]
    clause_end = min(clause_end_candidates) if clause_end_candidates else len(text)
    try:
        quantity = parse_quantity(words, context_before=text[clause_start:start], context_after=text[end:clause_end])
    except QuantityError as error:
        return None, f"not read as a quantity ({error}): check whether it is a statistic"
    return _Candidate(mention, start, end, quantity), ""


def _quote(text: str, layout: Layout, number_start: int, number_end: int) -> tuple[int, int]:
    """The clause that states the number (with the one before when it says little), verbatim, and
    long enough that its first occurrence in the article is this one."""
    sentence_start, sentence_end = layout.sentence(number_start)
    start, end = layout.clause(number_start)
    end = max(end, number_end)
    if len(re.sub(r"\s", "", text[start:number_start])) < 8 and start > sentence_start:
        start = layout.clause(start - 1)[0]
    while True:
        quote = text[start:end].strip().rstrip("，,。；;：:").strip()
        offset = len(text[start:end]) - len(text[start:end].lstrip())
        quote_start = start + offset
        if text.find(quote) == quote_start or (start <= sentence_start and end >= sentence_end):
            return quote_start, quote_start + len(quote)
        if end < sentence_end:
            end = layout.clause(end)[1]
        elif start > sentence_start:
            start = layout.clause(start - 1)[0]


def _draft_figure(
    text: str,
    candidate: _Candidate,
    cues: Cues,
    layout: Layout,
    registry: Registry,
    figure_positions: list[int],
    previous_target: bool,
    previous_label: str,
    previous_block: tuple[int, int],
    previous_region: tuple[int, str],
) -> DraftFigure:
    start, end, quantity = candidate.number_start, candidate.number_end, candidate.quantity
    same_block = layout.block(start) == previous_block
    kind, kind_cue = cues.kind(
        start, quantity.unit, quantity.as_stated, previous_target and _continues_target(layout, previous_block, start)
    )
    clause_start, _ = layout.clause(start)
    period, period_cue = cues.period(start, kind, clause_start)
    region, region_cue = cues.region(start, quantity.unit, kind, figure_positions, previous_region)
    label, label_cue = cues.indicator_label(start, end, kind, previous_label if same_block else "")
    label = strip_places(label, registry)
    measure = figure_measure(text[clause_start:start], quantity.unit, period)
    indicator, indicator_cue = match_indicator(label, quantity.unit, kind, registry, measure)
    label_en, translated = english_label(label, indicator, registry)
    quote_start, quote_end = _quote(text, layout, start, end)
    earlier = text.rfind(text[start:end], quote_start, start)
    if earlier >= 0:  # "前移7位、8位和7位": prep reads the number's first occurrence in the quote
        later = earlier + (end - start)
        later += len(text[later:start]) - len(text[later:start].lstrip("，,、和及与；; "))
        if text.find(text[later:quote_end]) == later:  # still found where it stands
            quote_start = later
    guesses = [
        g
        for g in (
            kind_cue or f"no cue -> {kind}",
            period_cue,
            region_cue,
            f"{label_cue} -> indicator_zh",
            indicator_cue,
        )
        if g
    ]
    if not translated:
        guesses.append("indicator_en untranslated")
    if quantity.qualifier != "exact":
        guesses.append(f"{quantity.as_stated} -> {quantity.qualifier}")
    if quantity.value < 0:
        guesses.append("下降 -> negative value")
    return DraftFigure(
        id="",
        topic="",
        region=region,
        indicator=indicator,
        indicator_zh=label,
        indicator_en=label_en,
        period=period,
        kind=kind,
        quote=text[quote_start:quote_end],
        number=text[start:end],
        guess="; ".join(guesses),
        quantity=quantity,
        quote_start=quote_start,
        number_start=start,
        in_heading=layout.line(start).heading,
    )


def _continues_target(layout: Layout, previous_block: tuple[int, int], position: int) -> bool:
    """A plan's targets run on within a paragraph, and into the next one when it goes on with the
    plan's list ("二是…", "（三）", "此外"), never past a heading."""
    if previous_block[0] < 0:
        return False
    block = layout.block(position)
    if block == previous_block:
        return True
    headings = layout.headings_before(position)
    if headings and headings[0].start >= previous_block[0]:
        return False
    opening = layout.text[block[0] : block[0] + 6].lstrip()
    return bool(
        re.match(
            r"(?:[一二三四五六七八九十]是|（[一二三四五六七八九十]）|\([一二三四五六七八九十]\)|其次|此外|同时|另外|[一二三四五六七八九十]、)",
            opening,
        )
    )


def _restatements(
    draft: Draft, not_statistics: dict[str, DraftNotStatistic], registry: Registry, layout: Layout
) -> None:
    """A headline that repeats a figure of the body, or the same figure stated twice, is a restatement.
    The items of one sentence ("前移7位、8位和7位") are never each other's restatements."""
    body = [f for f in draft.figures if not f.in_heading]
    kept: list[DraftFigure] = []
    for figure in draft.figures:
        sentence = layout.sentence(figure.number_start)
        earlier = [
            f
            for f in (body if figure.in_heading else kept)
            if f is not figure and (figure.in_heading or layout.sentence(f.number_start) != sentence)
        ]
        same = next(
            (
                f
                for f in earlier
                if f.quantity.unit == figure.quantity.unit
                and f.quantity.value == figure.quantity.value
                and (figure.in_heading or f.indicator_zh == figure.indicator_zh)
            ),
            None,
        )
        if same is None and figure.in_heading:  # "规模突破6000亿元" over a body that states 6120亿元
            near = [
                f
                for f in earlier
                if f.quantity.unit == figure.quantity.unit
                and f.quantity.value
                and Decimal("0.5") <= abs(figure.quantity.value / f.quantity.value) <= 2
            ]
            same = min(near, key=lambda f: abs(f.quantity.value - figure.quantity.value), default=None)
        if same is not None:
            words = figure.number if figure.in_heading else figure.quote
            not_statistics.setdefault(words, DraftNotStatistic(words, "", restates=same.id))
            continue
        kept.append(figure)
    draft.figures = kept
    for index, figure in enumerate(draft.figures, start=1):  # ids stay dense
        old = figure.id
        figure.id = f"{draft.source['id']}-{index:03d}"
        for entry in not_statistics.values():
            if entry.restates == old:
                entry.restates = figure.id


def _events(
    draft: Draft,
    dates: list[Mention],
    text: str,
    layout: Layout,
    cues: Cues,
    registry: Registry,
    topics: tuple[str, ...],
    article_topic: str,
    source_id: str,
    not_statistic,
) -> None:
    figure_quotes = [(f.quote_start, f.quote_start + len(f.quote)) for f in draft.figures]
    used: set[int] = set()
    for mention in dates:
        if mention.start in used:
            continue
        clause_start, clause_end = layout.clause(mention.start)
        sentence_start, sentence_end = layout.sentence(mention.start)
        next_clause = layout.clause(clause_end)[1] if clause_end < sentence_end else clause_end
        window = text[clause_start:next_clause]
        in_title = text.rfind("《", 0, mention.start) > text.rfind("》", 0, mention.start)
        same_clause = [m for m in dates if clause_start <= m.start < clause_end]
        span = "至" in text[clause_start:clause_end] and len(same_clause) == 2
        is_span_mention = bool(re.search(r"[—–\-至到]", mention.text))
        precise = "月" in mention.text
        verb = _EVENT_VERBS.search(window)
        event = (
            (precise and (verb or span))
            or (in_title and is_span_mention)
            or (not precise and re.match(r"\s*(?:开始|起)", text[mention.end : mention.end + 3]))
        )
        if not event:
            if not any(s <= mention.start and mention.end <= e for s, e in figure_quotes):
                not_statistic(_phrase(text, mention.start, mention.end, 4), "a date or year used as a time reference")
            continue
        date, date_end, date_cue = _event_dates(text, mention, same_clause if span else [mention], cues)
        if not date:
            not_statistic(_phrase(text, mention.start, mention.end, 4), "a date the drafter could not place in a year")
            continue
        if span:
            used.update(m.start for m in same_clause)
        if in_title and is_span_mention:
            quote_start, quote_end = text.rfind("《", 0, mention.start), text.find("》", mention.end) + 1
        else:
            quote_start, quote_end = (
                clause_start,
                next_clause if len(text[clause_start:clause_end]) < 14 else clause_end,
            )
            quote_text = text[quote_start:quote_end]
            quote_start += len(quote_text) - len(quote_text.lstrip())
            quote_end = quote_start + len(text[quote_start:quote_end].strip().rstrip("，,。；;：:"))
        quote = text[quote_start:quote_end]
        if text.find(quote) != quote_start:
            quote_start, quote_end = sentence_start, sentence_end
            quote = text[quote_start:quote_end]
        region, region_cue = cues.region(mention.start, "", "observed", [], (-1, ""))
        title = re.sub(r"\s+", "", quote)
        title = re.sub(r"^(?:早在|在|于|从|自|今年|去年)?", "", title)[:40]
        draft.events.append(
            DraftEvent(
                id=f"{source_id}-e{len(draft.events) + 1:02d}",
                date=date,
                date_end=date_end,
                title_zh=title,
                title_en=UNTRANSLATED + title,
                topic=_figure_topic(text, layout, mention.start, registry, topics, article_topic),
                region=region,
                quote=quote,
                guess="; ".join(
                    [
                        f"{verb.group(0) if verb else ('期间' if span else mention.text)} -> event",
                        date_cue,
                        region_cue,
                        "title_en untranslated",
                    ]
                ),
                quote_start=quote_start,
            )
        )


def _event_dates(text: str, mention: Mention, parts: list[Mention], cues: Cues) -> tuple[str, str, str]:
    def one(m: Mention) -> tuple[str, str]:
        found = re.match(r"(?:(\d{4})年)?(?:(\d{1,2})月)?(?:(\d{1,2})日)?", m.text)
        year, month, day = found.groups() if found else (None, None, None)
        cue = m.text
        if year is None:
            refs = [
                r
                for r in cues.refs_between(cues.layout.block(m.start)[0], m.start)
                if r.first == r.last and r.last <= cues.year and text[max(0, r.start - 1) : r.start] not in ("到", "至")
            ]
            if text[max(0, m.start - 2) : m.start] == "今年" or not refs:
                year, cue = (
                    str(cues.year),
                    f"{'今年' if text[max(0, m.start - 2) : m.start] == '今年' else ''}{m.text} -> {cues.year}",
                )
            else:
                year, cue = str(refs[-1].last), f"{refs[-1].text}…{m.text} -> {refs[-1].last}"
        date = year + (f"-{int(month):02d}" if month else "") + (f"-{int(day):02d}" if day and month else "")
        return date, cue

    spans = re.match(r"(\d{4})年?\s*[—–\-至到~]\s*(\d{4})年", mention.text)
    if spans:
        return spans.group(1), spans.group(2), f"{mention.text} -> {spans.group(1)} to {spans.group(2)}"
    dates = [one(m) for m in parts]
    if len(dates) == 2:
        return dates[0][0], dates[1][0], f"{dates[0][1]} to {dates[1][1]}"
    return dates[0][0], "", dates[0][1]


def _article_topic(text: str, registry: Registry, topics: tuple[str, ...]) -> str:
    scores = Counter({topic: sum(text.count(w) for w in registry.topic_keywords.get(topic, [])) for topic in topics})
    best = scores.most_common(1)
    return best[0][0] if best and best[0][1] > 0 else topics[0]


def _figure_topic(
    text: str, layout: Layout, position: int, registry: Registry, topics: tuple[str, ...], article_topic: str
) -> str:
    block = text[slice(*layout.block(position))]
    scores = Counter({topic: sum(block.count(w) for w in registry.topic_keywords.get(topic, [])) for topic in topics})
    best = scores.most_common(2)
    if best and best[0][1] > 0 and (len(best) == 1 or best[0][1] > best[1][1]):
        return best[0][0]
    return article_topic


def _regions(draft: Draft, layout: Layout, registry: Registry, meta: ArticleMeta) -> None:
    """Cities the registry lacks are declared in the draft; headings that name a region become its notes."""
    used = {f.region for f in draft.figures} | {e.region for e in draft.events} | {meta.default_region}
    for region_id in sorted(used):
        if region_id in registry.regions or region_id not in registry.cities:
            continue
        city = registry.cities[region_id]
        draft.new_regions[region_id] = {
            "name_zh": city["name_zh"],
            "name_en": city["name_en"],
            "short_zh": city["short_zh"],
            "level": "city",
            "parent": city["parent"],
            "lon": float(city["lon"]),
            "lat": float(city["lat"]),  # map_zh: the parent's
        }
    by_text = {n.text: n.region_id for n in registry.names}
    for line in layout.lines:
        if not line.heading or registry.name_pattern is None:
            continue
        match = registry.name_pattern.match(line.text.strip())
        if not match or by_text[match.group(0)] not in used or by_text[match.group(0)] == NATIONAL:
            continue
        region_id = by_text[match.group(0)]
        if region_id in draft.region_notes:
            continue
        sentence = next((s for s in layout.sentences if s[0] >= line.end), None)
        summary = layout.text[sentence[0] : sentence[1]].strip() if sentence else ""
        headline = line.text.strip()
        draft.region_notes[region_id] = {
            "headline": headline,
            "headline_en": UNTRANSLATED + headline,
            "summary": summary,
            "summary_en": UNTRANSLATED + summary if summary else "",
        }
