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
    "app.no_rows_tab": ("当前筛选条件下此图没有数据，其他标签页可能有。", "No figures of this chart match the current filters; the other tabs may have some."),
    "app.reset_filters": ("清除筛选", "Clear filters"),
    # password gate (cenfigures/app/auth.py)
    "auth.title": ("需要密码", "Password required"),
    "auth.intro": ("此看板仅限团队内部访问，请输入访问密码。", "This dashboard is for the team only. Please enter the access password."),
    "auth.password": ("密码", "Password"),
    "auth.submit": ("进入", "Enter"),
    "auth.denied": ("密码错误，请重试。", "Wrong password, please try again."),
    "auth.empty": ("请输入密码。", "Please enter the password."),
    # pages
    # chart tabs: one per chart of a page, short (the chart's own title says the rest)
    "tab.digitization.targets": ("2025年目标", "2025 targets"),
    "tab.digitization.ranks": ("全国排名", "National ranks"),
    "tab.digitization.indices": ("工业互联网指数", "Industrial-internet indices"),
    "tab.digitization.counts": ("“十三五”成果", "2016-2020 results"),
    "tab.digitization.penetration": ("研发工具普及率", "R&D-tool penetration"),
    "tab.uhd_video.penetration_4k": ("4K电视渗透率", "4K TV penetration"),
    "tab.uhd_video.retail_8k": ("8K电视零售", "8K TV sales"),
    "tab.uhd_video.guangzhou_targets": ("广州2023年目标", "Guangzhou's 2023 targets"),
    "tab.uhd_video.plans": ("行动计划", "Plans and campaigns"),
    "tab.uhd_video.broadcast_hours": ("播出时段", "Broadcast hours"),
    "tab.olympics_5g.uplink": ("5G上行速率", "5G uplink"),
    "tab.olympics_5g.streams": ("4K直播路数", "4K streams"),
    "tab.olympics_5g.train_studio": ("高铁演播室", "Train studio"),
    "tab.regions.region_map": ("地图", "Map"),
    "tab.regions.meeting_figures": ("学习交流会数字", "Study-meeting figures"),
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
    # explorer page (6_explorer.py)
    "explorer.col.figure_id": ("数据编号", "Figure id"),
    "explorer.col.region": ("地区", "Region"),
    "explorer.col.topic": ("主题", "Topic"),
    "explorer.col.indicator": ("指标", "Indicator"),
    "explorer.col.period": ("时期", "Period"),
    "explorer.col.value": ("数值", "Value"),
    "explorer.col.unit": ("单位", "Unit"),
    "explorer.col.kind": ("类型", "Kind"),
    "explorer.col.stated": ("原文数值", "As stated"),
    "explorer.col.quote": ("原文", "Quote"),
    "explorer.col.formula": ("计算公式", "Formula"),
    "explorer.col.note": ("说明", "Note"),
    "explorer.download": ("下载所示数据（CSV）", "Download these rows (CSV)"),
    "explorer.download.help": (
        "所示{count}行，列与 data/figures.csv 相同（UTF-8，可用Excel打开）",
        "The {count} rows shown, with the columns of data/figures.csv (UTF-8, opens in Excel)",
    ),
    # source page (7_source.py)
    "source.legend": ("图例", "Legend"),
    "source.legend.figure": ("数据（悬停查看编号、数值和页面）", "figure (hover for id, value and page)"),
    "source.legend.context": ("数据所指的时间", "time a figure refers to"),
    "source.legend.event": ("事件日期", "event date"),
    "source.legend.off": ("当前筛选之外的数据", "figure outside the current filters"),
    "source.figures": ("当前筛选下的数据", "Figures of the current filters"),
    "source.error.missing": ("原文文件 {file} 不存在。", "The article file {file} is missing."),
    "source.error.encoding": ("原文文件 {file} 不是UTF-8编码。", "The article file {file} is not UTF-8 text."),
    "source.error.sha256": (
        "原文文件 {file} 与 sources.csv 记录的校验值不符，可能已被修改，故不显示。请运行 `{command}` 重新生成数据。",
        "The article file {file} does not match the checksum in sources.csv (it may have been edited), so it is not shown. Run `{command}` to rebuild the data.",
    ),
    # uhd_video page (charts_uhd.py)
    "uhd.title.penetration": ("4K电视渗透率：{start}年与{end}年", "4K TV penetration, {start} and {end}"),
    "uhd.axis.penetration": ("渗透率（%）", "Penetration (%)"),
    "uhd.gain_note": ("{gain}<br>年均复合增长{cagr}<br>（推算）", "{gain}<br>{cagr} a year<br>(derived)"),
    "uhd.takeaway.penetration": (
        "4K电视渗透率由{start_year}年的{start}升至{end_year}年的{end}，提升{gain}（年均约{cagr}）。",
        "4K TV penetration rose from {start} in {start_year} to {end} in {end_year}, {gain} (about {cagr} a year).",
    ),
    "uhd.title.retail_8k": ("8K电视零售量：复合增长率推算倍数", "8K TV sales: growth implied by CAGR"),
    "uhd.axis.retail_index": ("零售量指数（{year}年=1）", "Retail volume index ({year} = 1)"),
    "uhd.base_year": ("{year}年（基期=1）", "{year} (base = 1)"),
    "uhd.cagr_note": ("复合增长率{cagr}", "CAGR {cagr}"),
    "uhd.takeaway.retail_8k": (
        "{start}—{end}年8K彩电零售量复合增长率{cagr}，意味着{end}年零售量为{start}年的{multiple}。{note}",
        "8K TV retail volume grew by {cagr} a year from {start} to {end}, implying {end} volume of {multiple} the {start} level. {note}",
    ),
    "uhd.title.targets": ("广州{year}年目标（目标值，非实测）", "Guangzhou's {year} targets (not data)"),
    "uhd.panel_unit": ("单位：{unit}", "Unit: {unit}"),
    "uhd.takeaway.targets": ("广州计划到{year}年：{items}。", "By {year} Guangzhou aims for: {items}."),
    "uhd.title.plans": ("行动计划与“百城千屏”：数量一览", "Plans and campaigns in numbers"),
    "uhd.axis.count": ("数量", "Count"),
    "uhd.title.broadcast": ("每日播出时段", "Daily broadcast hours"),
    "uhd.axis.hour_of_day": ("一天中的时刻（时）", "Hour of the day"),
    "uhd.takeaway.listing": ("{items}。", "{items}."),
    # olympics_5g page (charts_olympics.py)
    "olympics.title.uplink": ("5G速率：4K直播所需与现场实测", "5G uplink: 4K need vs measured"),
    "olympics.axis.mbps": ("速率（Mbps）", "Rate (Mbps)"),
    "olympics.mark.streams": ("{n}路", "{n}× 4K"),
    "olympics.takeaway.uplink": (
        "现场实测5G速率{rate}，一路4K直播需{need}，可同时传输{streams}路。",
        "The 5G rate measured on site was {rate}; a 4K live stream needs {need}, so {streams} streams fit side by side.",
    ),
    "olympics.title.streams": ("4K直播路数：报道所述与计算值", "4K streams: stated vs computed"),
    "olympics.axis.streams": ("路数", "Streams"),
    "olympics.takeaway.streams": (
        "报道称可同时支撑{stated}4K直播；按速率计算为{derived}（{note}）。",
        "The article says {stated} 4K streams at once; dividing the rates gives {derived} ({note}).",
    ),
    "olympics.title.train": ("京张高铁5G超高清演播室", "5G ultra-HD train studio"),
    "olympics.takeaway.train": ("{indicator}：{speed}。{events}", "{indicator}: {speed}. {events}"),
    "olympics.event_item": ("{date}{title}", "{date}: {title}"),
    "olympics.date.month": ("{year}年{month}月", "{month_name} {year}"),
    "olympics.date.day": ("{year}年{month}月{day}日", "{day} {month_name} {year}"),
    # common words
    "word.hebei": ("河北", "Hebei"),
    "word.national": ("全国平均", "National average"),
    "word.and": ("、", ", "),
    "word.takeaway": ("要点", "Takeaway"),
    # share, citations, downloads, presentation, deck (cenfigures/view/share.py, export.py, present.py, report.py)
    "share.title": ("分享此视图", "Share this view"),
    "share.help": ("链接包含页面、筛选条件和语言；右侧按钮可复制。", "The link holds the page, filters and language; the button at its right copies it."),
    "cite.button": ("来源与引用", "Source and citation"),
    "cite.short_label": ("简短引用", "Short citation"),
    "cite.long_label": ("完整引用", "Full citation"),
    "cite.short": ("{publisher}，{published}，《{title}》；数据编号：{ids}", "{publisher}, {published}, “{title}”; figures: {ids}"),
    "cite.long": (
        "{authors}：《{title}》，{publisher}，{published}。图表：{chart}；数据编号：{ids}。看板视图：{url}",
        "{authors}, “{title_en}” ({title}), {publisher}, {published}. Chart: {chart}; figures: {ids}. Dashboard view: {url}",
    ),
    "signin.user": ("已登录：{user}", "Signed in as {user}"),
    "signin.refused": ("请通过看板的网址登录后访问。", "Please open the dashboard at its address and sign in there."),
    "download.button": ("下载", "Download"),
    "download.csv": ("所显示数据（CSV）", "Displayed data (CSV)"),
    "download.zip": ("全部数据（ZIP）", "Full data (ZIP)"),
    "download.svg": ("矢量图（SVG）", "Vector image (SVG)"),
    "download.svg_make": ("生成矢量图（SVG）", "Make a vector image (SVG)"),
    "download.svg_unavailable": (
        "此服务器无法生成SVG（未找到浏览器）；图表工具栏的相机按钮可下载PNG。",
        "SVG export is not available on this server (no browser found); the camera button of the chart's toolbar downloads a PNG.",
    ),
    "download.png_hint": ("图表右上角工具栏的相机按钮可下载2倍分辨率PNG。", "The camera button in the chart's toolbar downloads a PNG at 2x resolution."),
    "present.start": ("演示模式", "Presentation mode"),
    "present.prev": ("上一张", "Previous"),
    "present.next": ("下一张", "Next"),
    "present.exit": ("退出演示", "Exit presentation"),
    "present.counter": ("第{n}/{total}张 · {page}", "Slide {n} of {total} · {page}"),
    "present.empty": ("当前筛选条件下没有可演示的图表。", "No charts to present with the current filters."),
    "present.deck": ("演示文稿（HTML，可离线打开）", "Slide deck (HTML, works offline)"),
    "present.deck_make": ("生成演示文稿（HTML）", "Make the slide deck (HTML)"),
    "deck.source": ("来源", "Source"),
    "deck.contents": ("共{total}张图表，来自{pages}个页面", "{total} charts from {pages} pages"),
    # regions page (pages/4_regions.py)
    "regions.figure_count": ("{count}个数据", "{count} figure(s)"),
    "regions.more": ("另有{count}个…", "and {count} more…"),
    "regions.cards": ("各地区报道", "What each region reported"),
    "regions.headline": ("标题", "Headline"),
    "regions.summary": ("摘要", "Summary"),
    "regions.translation": ("英文译文", "English translation"),
    "regions.no_figures": ("本节没有数据（或均被筛选掉）。", "No figures in this section (or all filtered out)."),
    "regions.top_figures": ("主要数据", "Main figures"),
    "regions.map_note": ("浅色：当前筛选条件下该地区没有数据。☆ 为城市（标在所在省份）。", "Pale: the region has no figures under the current filters. ☆ marks a city (drawn on its province)."),
    # timeline page (pages/5_timeline.py)
    "timeline.events": ("事件列表", "Events"),
    "timeline.no_events": ("当前筛选条件下没有事件。", "No events match the current filters."),
    "timeline.legend_note": ("圆点：精确到日；浅色长条：精确到月；更浅的长条：精确到年或时期。", "Dot: exact day; pale bar: month only; paler bar: year only or a period."),
    "timeline.col.date": ("日期", "Date"),
    "timeline.col.date_end": ("结束日期", "End"),
    "timeline.col.precision": ("精度", "Precision"),
    "timeline.col.title": ("事件", "Event"),
    "timeline.col.region": ("地区", "Region"),
    "timeline.col.topic": ("主题", "Topic"),
    "timeline.col.quote": ("原文", "Quote"),
    "timeline.col.id": ("编号", "Id"),
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
