"""What the drafter guesses about the article as a whole: title, publisher, date, authors, dateline,
default region. Each guess names the words it came from, for the reviewer.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from cenfigures.draft.registry import NATIONAL, UNTRANSLATED, Registry
from cenfigures.draft.text import Layout, is_heading

_TIMESTAMP = re.compile(r"(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})日?\s+\d{1,2}[:：]\d{2}")
_DATELINE = re.compile(
    r"(?P<head>[\u4e00-\u9fffA-Za-z0-9]{2,14}?)(?:(?P<month>\d{1,2})月(?P<day>\d{1,2})日)?(?P<tail>电|讯)"
)
_REPORTER = re.compile(r"(?:本报)?记者\s*((?:[\u4e00-\u9fff]{2,4}[\s、]*){1,4}?)(?=[）)\s]|报道|$)", re.M)
_SIGNATURE = re.compile(r"^\s*[（(]\s*(?:本报记者\s*)?([\u4e00-\u9fff]{2,4})\s*[）)]\s*$", re.M)
_SOURCE_LINE = re.compile(r"来源[:：]\s*([\u4e00-\u9fffA-Za-z0-9]{2,12})")
_YEAR = re.compile(r"(?<![\d])((?:19|20)\d{2})年")
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
    return meta


def _guess_published(text: str, dateline_month_day: tuple[int, int] | None, meta: ArticleMeta, today_year: int) -> str:
    stamp = _TIMESTAMP.search(text)
    if stamp:
        year, month, day = (int(g) for g in stamp.groups())
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
    elif "今年" in text or "去年" in text:
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
    by_text = {n.text: n.region_id for n in registry.names}
    for match in registry.name_pattern.finditer(layout.text):
        region_id = by_text[match.group(0)]
        if region_id == NATIONAL and layout.text[match.end() : match.end() + 1] in "第前首":
            continue  # "居全国第一": the reference of a rank, not its region
        if layout.line(match.start()).furniture:
            continue
        counts[registry.parent_of(region_id) or region_id] += 1
    if not counts:
        choice = meta.dateline_region or NATIONAL
    else:
        best = max(counts.values())
        leaders = [r for r, c in counts.items() if c == best]
        choice = meta.dateline_region if meta.dateline_region in leaders else leaders[0]
    meta.guesses.append(f"most named region -> default region {choice}")
    return choice
