"""What the drafter guesses about the article as a whole: title, publisher, date, authors, dateline,
default region. Each guess names the words it came from, for the reviewer.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from cenfigures.draft.fields import in_publisher_name
from cenfigures.draft.registry import NATIONAL, UNTRANSLATED, Registry
from cenfigures.draft.text import Layout, is_heading

_TIMESTAMP = re.compile(r"(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})日?\s+\d{1,2}[:：]\d{2}")
_DATELINE = re.compile(
    r"(?P<head>[\u4e00-\u9fffA-Za-z0-9]{2,14}?)\s?(?:(?P<month>\d{1,2})月(?P<day>\d{1,2})日)?(?P<tail>电|讯)"
)
_REPORTER = re.compile(r"(?:本报)?记者\s*((?:[\u4e00-\u9fff]{2,4}[\s、]*){1,4}?)(?=[）)\s]|报道|$)", re.M)
_SIGNATURE = re.compile(r"^\s*[（(]\s*(?:本报记者\s*)?([\u4e00-\u9fff]{2,4})\s*[）)]\s*$", re.M)
_SOURCE_LINE = re.compile(r"来源[:：]\s*([\u4e00-\u9fffA-Za-z0-9]{2,12})")
_YEAR = re.compile(r"(?<![\d])((?:19|20)\d{2}) ?年")
# A page's own date, labelled: "出版日期: 2019-05-15", "[时间:2024-07-05  来源:央广网]".
_LABELLED_DATE = re.compile(
    r"(?:出版日期|发布日期|发布时间|发表时间|日期|时间)\s*[:：]\s*((?:19|20)\d{2})[-/年](\d{1,2})[-/月](\d{1,2})"
)
# A year opening an event's name: "2022中国5G+工业互联网大会", "2021数博会", "2016云上贵州".
_EVENT_YEAR = re.compile(r"(?<![\d\-/.])((?:19|20)\d{2})(?=[\u4e00-\u9fff])(?!年)")
# "去年同期", "上年同期": a comparison, not a sign that the article reports last year's results.
_LAST_YEAR = re.compile(r"(?:今年|去年)(?!同期)")
_THIS_YEAR_MONTH = re.compile(r"今年(\d{1,2})月")


@dataclass
class ArticleMeta:
    title: str = ""
    title_start: int = -1
    publisher_zh: str = ""
    publisher_en: str = ""
    published: str = ""
    authors: str = ""
    dateline: tuple[int, int] | None = None  # span of the dateline ("新华社南京1月29日电")
    dateline_region: str = ""
    default_region: str = NATIONAL
    guesses: list[str] = field(default_factory=list)

    reported_year: int = 0  # the latest year the article reports on (not a target's), at most the publication year

    @property
    def year(self) -> int:
        return int(self.published[:4])


def _region_in(text: str, registry: Registry) -> str:
    if registry.name_pattern is None:
        return ""
    match = registry.name_pattern.search(text)
    return next((n.region_id for n in registry.names if match and n.text == match.group(0)), "")


def guess_meta(
    layout: Layout,
    registry: Registry,
    publisher: str = "",
    published: str = "",
    region: str = "",
    today_year: int = 2026,
) -> ArticleMeta:
    text = layout.text
    meta = ArticleMeta()
    for line in layout.lines:
        if line.heading:
            meta.title, meta.title_start = line.text.strip(), line.start
            break
    if not meta.title:
        first = next((line for line in layout.lines if not line.furniture), layout.lines[0])
        meta.title, meta.title_start = first.text.strip()[:60], first.start

    # The dateline: the first "…电" / "…讯" near the start of the body.
    dateline_month_day = None
    for match in _DATELINE.finditer(text, 0, min(len(text), 1500)):
        head = match.group("head")
        publisher_name = next((name for name in registry.publishers if head.startswith(name)), "")
        if not publisher_name and not head.startswith("本报"):
            continue
        place = head[len(publisher_name or "本报") :]
        meta.dateline = (match.start(), match.end())
        meta.dateline_region = _region_in(place, registry) if place else ""
        if publisher_name:
            meta.publisher_zh = publisher_name
            meta.guesses.append(f"{match.group(0)} -> publisher {publisher_name}")
        if match.group("month"):
            dateline_month_day = (int(match.group("month")), int(match.group("day")))
        break
    if not meta.publisher_zh:
        source = _SOURCE_LINE.search(text)
        if source and source.group(1) in registry.publishers:
            meta.publisher_zh = source.group(1)
            meta.guesses.append(f"来源：{source.group(1)} -> publisher")
        elif source:
            meta.publisher_zh = source.group(1)
            meta.guesses.append(f"来源：{source.group(1)} -> publisher (no English name known)")
    if publisher:
        meta.publisher_zh = publisher
        meta.guesses = [g for g in meta.guesses if "publisher" not in g]
    if not meta.publisher_zh:
        meta.publisher_zh = "未知"
        cue = "本报" if "本报" in text[:2000] else "no dateline"
        meta.guesses.append(f"{cue} -> publisher not named in the text: give --publisher")
    meta.publisher_en = registry.publishers.get(meta.publisher_zh) or (
        "Unknown" if meta.publisher_zh == "未知" else UNTRANSLATED + meta.publisher_zh
    )

    authors = [name for group in _REPORTER.findall(text[:3000]) for name in re.split(r"[\s、]+", group) if name]
    authors += _SIGNATURE.findall(text)
    meta.authors = ", ".join(dict.fromkeys(a for a in authors if 2 <= len(a) <= 4))

    meta.published = published or _guess_published(text, dateline_month_day, meta, today_year)
    if not published and meta.published:
        pass  # the guess is recorded by _guess_published
    meta.default_region = region or _guess_default_region(layout, registry, meta)
    meta.reported_year = _reported_year(text, meta.year)
    return meta


def _reported_year(text: str, published_year: int) -> int:
    """The latest year whose results the article states: a report of January 2024 on 2023 gives its
    figures without a year the year 2023, not 2024. Targets, titles, headings and "今年" leave it
    at the publication year."""
    if re.search(r"今年|当前|目前|截至目前", text):
        return published_year
    years = []
    for match in _YEAR.finditer(text):
        before, after = text[max(0, match.start() - 2) : match.start()], text[match.end() : match.end() + 3]
        inside_title = text.rfind("《", 0, match.start()) > text.rfind("》", 0, match.start())
        if before.endswith(("到", "至", "—", "-")) or after.startswith(("前", "将", "底前")) or inside_title:
            continue
        year = int(match.group(1))
        if year <= published_year:
            years.append(year)
    years += [
        int(m.group(1)) for m in _EVENT_YEAR.finditer(text) if int(m.group(1)) <= published_year
    ]  # "2016云上贵州"
    return max(years) if years else published_year


def _guess_published(text: str, dateline_month_day: tuple[int, int] | None, meta: ArticleMeta, today_year: int) -> str:
    for stamp in (_TIMESTAMP.search(text), _LABELLED_DATE.search(text)):
        if not stamp:
            continue
        year, month, day = (int(g) for g in stamp.groups())
        if dateline_month_day and dateline_month_day != (month, day):
            # "发布时间:2024-11-25 …" above "人民网北京12月21日电": the portal's repost time, not the article's
            meta.guesses.append(
                f"{stamp.group(0)} is not the dateline's day -> a repost's timestamp, not the article's date"
            )
            continue
        meta.guesses.append(f"{stamp.group(0)} -> published {year}-{month:02d}-{day:02d} (page timestamp)")
        return f"{year}-{month:02d}-{day:02d}"
    # Years the article reports on: not targets ("到2025年"), not in titles of documents, not futures.
    data_years = []
    for match in _YEAR.finditer(text):
        before, after = text[max(0, match.start() - 2) : match.start()], text[match.end() : match.end() + 3]
        inside_title = text.rfind("《", 0, match.start()) > text.rfind("》", 0, match.start())
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        in_heading = is_heading(text[line_start : line_end if line_end >= 0 else len(text)])
        if before.endswith(("到", "至", "—", "-")) or after.startswith(("前", "将")) or inside_title or in_heading:
            continue
        data_years.append((int(match.group(1)), match))
    dated = [(year, m) for year, m in data_years if re.match(r"\d{4}年\d{1,2}月", text[m.start() :])]
    if dated:  # the latest dated event says more than a year of statistics
        data_years = dated
    if not data_years:
        event_year = _EVENT_YEAR.search(text)
        if event_year:  # "2022中国5G+工业互联网大会": the year of the event reported
            year = int(event_year.group(1))
            meta.guesses.append(
                f"{text[event_year.start() : event_year.end() + 4]} -> published {year} (the year in an event's name)"
            )
            if dateline_month_day:
                month, day = dateline_month_day
                return f"{year}-{month:02d}-{day:02d}"
            return str(year)
        year = today_year
        meta.guesses.append(f"no year in the text -> published {year} (today): give --published")
        return str(year)
    year, match = max(
        data_years,
        key=lambda item: (
            item[0],
            re.match(r"\d{4}年(\d{1,2})月", text[item[1].start() :])
            and int(re.match(r"\d{4}年(\d{1,2})月", text[item[1].start() :]).group(1))
            or 0,
        ),
    )
    dated = re.match(r"\d{4}年\d{1,2}月", text[match.start() :])
    this_year = _THIS_YEAR_MONTH.findall(text)
    if dated:
        month = int(re.match(r"\d{4}年(\d{1,2})月", text[match.start() :]).group(1))
        if this_year and min(int(m) for m in this_year) < month:
            year += 1
            month = max(int(m) for m in this_year if int(m) < month)
            meta.guesses.append(f"{match.group(0)}…今年{month}月 -> published {year}-{month:02d}")
            return f"{year}-{month:02d}"
        cue = f"{match.group(0)}{month}月"
    elif _LAST_YEAR.search(text):
        year += 1  # last year's results, reported in the next year ("今年", "去年")
        cue = f"{match.group(0)} as last year's results (今年/去年 in the text)"
    else:
        cue = match.group(0)
    if dateline_month_day:
        month, day = dateline_month_day
        meta.guesses.append(f"{cue} + dateline {month}月{day}日 -> published {year}-{month:02d}-{day:02d}")
        return f"{year}-{month:02d}-{day:02d}"
    meta.guesses.append(f"{cue} -> published {year}")
    return str(year)


def _guess_default_region(layout: Layout, registry: Registry, meta: ArticleMeta) -> str:
    if registry.name_pattern is None:
        return NATIONAL
    counts: Counter[str] = Counter()
    raw: Counter[str] = Counter()
    by_text = {n.text: n.region_id for n in registry.names}
    for match in registry.name_pattern.finditer(layout.text):
        region_id = by_text[match.group(0)]
        if in_publisher_name(layout.text, match.end()):
            continue  # "青岛财经日报": a publisher, not a place the article is about
        if region_id == NATIONAL and layout.text[match.end() : match.end() + 1] in "第前首":
            continue  # "居全国第一": the reference of a rank, not its region
        if layout.line(match.start()).furniture:
            continue
        counts[registry.parent_of(region_id) or region_id] += 1
        raw[region_id] += 1
    if not counts:
        choice = meta.dateline_region or NATIONAL
    else:
        best = max(counts.values())
        leaders = [r for r, c in counts.items() if c == best]
        choice = meta.dateline_region if meta.dateline_region in leaders else leaders[0]
        # "全市…" in an article about one city (a city government's notice): the city, not its province
        cities = Counter(r for r in raw if registry.is_city(r) and registry.parent_of(r) == choice)
        if (
            cities
            and layout.text.count("全市") > layout.text.count("全省")
            and cities.most_common(1)[0][1] >= raw[choice]
        ):
            choice = cities.most_common(1)[0][0]
    meta.guesses.append(f"most named region -> default region {choice}")
    return choice
