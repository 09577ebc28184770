"""Every label and translation of the dashboard, in one place (Chinese first, English second).

`text(key, lang, **values)` gives a UI string; the tables below name topics, kinds, units,
qualifiers and pages. Data itself carries its own zh/en columns (indicator_zh, indicator_en...).
"""

from __future__ import annotations

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"

_STRINGS: dict[str, tuple[str, str]] = {
    # app
    "app.title": ("地方工信数据看板", "Local industry & IT figures"),
    "app.subtitle": (
        "《中国电子报》2022年1月报道中的每一个数字，均可追溯到原文",
        "Every figure of a China Electronics News article (January 2022), traced to its words",
    ),
    "app.language": ("语言", "Language"),
    "app.menu": ("页面", "Pages"),
    "app.filters": ("筛选", "Filters"),
    "app.notice.dropped": (
        "链接中有{count}个参数无效，已忽略：{names}",
        "{count} link parameter(s) were invalid and have been ignored: {names}",
    ),
    "app.notice.unknown_name": ("未知参数", "unknown parameter"),
    "app.no_rows": ("当前筛选条件下没有数据。", "No figures match the current filters."),
    "app.reset_filters": ("清除筛选", "Clear filters"),
    # pages
    "page.overview": ("概览", "Overview"),
    "page.digitization": ("两化融合（河北）", "Industrial digitization (Hebei)"),
    "page.uhd_video": ("超高清视频与电视", "Ultra-HD video and TV"),
    "page.olympics_5g": ("5G与冬奥", "5G and the Winter Olympics"),
    "page.regions": ("地区", "Regions"),
    "page.timeline": ("时间线", "Timeline"),
    "page.explorer": ("数据浏览", "Data explorer"),
    "page.source": ("原文", "Source article"),
    # overview
    "overview.source": ("来源", "Source"),
    "overview.pages": ("页面", "Pages"),
    "overview.blurb.regions": ("各地报道与会议主题", "What each region reported"),
    "overview.blurb.timeline": ("所有有日期的事件", "Every dated event"),
    "overview.blurb.explorer": ("全部数据、筛选、搜索与下载", "All figures: filter, search, download"),
    "overview.blurb.source": ("原文及其中每个数字", "The article with every number highlighted"),
    # data files
    "data.error": (
        "数据文件 {file} 无法使用（{reason}）。请运行 `{command}` 重新生成后刷新页面。",
        "The data file {file} cannot be used ({reason}). Run `{command}` to rebuild it, then reload the page.",
    ),
    "data.reason.missing": ("文件不存在", "the file is missing"),
    "data.reason.unreadable": ("无法读取", "it cannot be read"),
    "data.reason.empty": ("文件为空", "the file is empty"),
    "data.reason.encoding": ("不是UTF-8编码", "it is not UTF-8 text"),
    "data.reason.columns": ("列名与数据说明不符", "its columns do not match the data package"),
    "data.reason.truncated": ("文件不完整", "the file is truncated"),
    "data.reason.corrupt": ("CSV格式损坏", "the CSV is malformed"),
    "data.reason.invalid": ("内容不符合数据说明", "its values break the data package's rules"),
    # filters
    "filter.region": ("地区", "Region"),
    "filter.topic": ("主题", "Topic"),
    "filter.kind": ("类型", "Kind"),
    "filter.period": ("年份范围", "Years"),
    "filter.search": ("搜索", "Search"),
    "filter.search.placeholder": ("指标、地区、原文…", "Indicator, region, quote…"),
    "filter.all": ("全部", "All"),
    "filter.summary": ("显示{shown}/{total}条数据", "Showing {shown} of {total} figures"),
    "filter.summary.where": ("，条件：{conditions}", " where {conditions}"),
    # chart furniture
    "chart.source": ("来源：{publisher}，{published}；数据编号：{ids}", "Source: {publisher}, {published}; figures: {ids}"),
    "chart.hover.stated": ("原文数值", "As stated"),
    "chart.hover.quote": ("原文", "Quote"),
    "chart.hover.formula": ("计算公式", "Formula"),
    "chart.hover.kind": ("类型", "Kind"),
    "chart.hover.period": ("时期", "Period"),
    "chart.year": ("年份", "Year"),
    "chart.rank_axis": ("全国排名（第1位在上）", "National rank (1st at the top)"),
    "chart.value": ("数值", "Value"),
    "chart.span_note": ("两端为实测值，中间年份无数据", "Observed at both ends; no data for the years between"),
    # common words
    "word.hebei": ("河北", "Hebei"),
    "word.national": ("全国平均", "National average"),
    "word.and": ("、", ", "),
    "word.takeaway": ("要点", "Takeaway"),
}

TOPICS: dict[str, tuple[str, str]] = {
    "study_meetings": ("学习交流会", "Study meetings"),
    "digitization": ("两化融合（河北）", "Industrial digitization (Hebei)"),
    "uhd_video": ("超高清视频与电视", "Ultra-HD video and TV"),
    "olympics_5g": ("5G与冬奥", "5G and the Winter Olympics"),
}

KINDS: dict[str, tuple[str, str]] = {
    "observed": ("实测", "Observed"),
    "target": ("目标", "Target"),
    "rank": ("排名", "Rank"),
    "change": ("变化", "Change"),
    "cagr": ("复合增长率", "CAGR"),
    "derived": ("推算", "Derived"),
}

QUALIFIERS: dict[str, tuple[str, str]] = {
    "exact": ("", ""),
    "more_than": ("超过", "more than "),
    "about": ("约", "about "),
}

# (zh suffix, en suffix, zh name, en name); a suffix follows the number ("63%", "154 Mbps").
UNITS: dict[str, tuple[str, str, str, str]] = {
    "percent": ("%", "%", "百分比", "percent"),
    "percentage_point": ("个百分点", " pp", "百分点", "percentage points"),
    "yuan": ("元", " yuan", "元", "yuan"),
    "count": ("个", "", "个数", "count"),
    "device": ("台", " units", "台", "units"),
    "household": ("户", " households", "户", "households"),
    "hour": ("小时", " h", "小时", "hours"),
    "rank": ("位", "", "位次", "rank"),
    "index": ("", "", "指数", "index"),
    "mbps": ("Mbps", " Mbps", "兆比特/秒", "Mbps"),
    "km_per_hour": ("公里/小时", " km/h", "公里/小时", "km/h"),
    "multiple": ("倍", "×", "倍数", "multiple"),
}

PRECISIONS: dict[str, tuple[str, str]] = {
    "day": ("精确到日", "exact day"),
    "month": ("精确到月", "month only"),
    "year": ("精确到年", "year only"),
}


def _pick(pair: tuple[str, ...], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def text(key: str, lang: str, **values: object) -> str:
    """The UI string `key` in `lang`, with `values` filled in."""
    return _pick(_STRINGS[key], lang).format(**values)


def topic_label(topic: str, lang: str) -> str:
    return _pick(TOPICS[topic], lang)


def kind_label(kind: str, lang: str) -> str:
    return _pick(KINDS[kind], lang)


def unit_name(unit: str, lang: str) -> str:
    zh_suffix, en_suffix, zh_name, en_name = UNITS[unit]
    return en_name if lang == "en" else zh_name


def unit_suffix(unit: str, lang: str) -> str:
    zh_suffix, en_suffix, _, _ = UNITS[unit]
    return en_suffix if lang == "en" else zh_suffix


def qualifier_prefix(qualifier: str, lang: str) -> str:
    return _pick(QUALIFIERS[qualifier], lang)


def precision_label(precision: str, lang: str) -> str:
    return _pick(PRECISIONS[precision], lang)


def column(row_or_frame_prefix: str, lang: str) -> str:
    """Name of the data column in `lang`: column("indicator", "en") -> "indicator_en"."""
    return f"{row_or_frame_prefix}_{'en' if lang == 'en' else 'zh'}"


def region_column(lang: str) -> str:
    return "region_en" if lang == "en" else "region"
