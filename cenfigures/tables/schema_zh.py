"""The schema's descriptions in Chinese, for the README of the zh download (the English ones are in
schema.py, where datapackage.json takes them from). Keys: "<table>" -> (title, description),
"<table>.<column>" -> description; a test checks that every table and column of schema.TABLES has
one and no key names a table or column that is not there."""

from __future__ import annotations

_SOURCE_ID = "文章在 sources.csv 中的id。"
_TOPIC = "该行所属的主题（页面）：topics.csv 中的 topic_id。"
_REGION_ID = "地区在 regions.csv 中的id（可用于链接）。"
_REGION = "地区中文名。"
_REGION_EN = "地区英文名。"
_NAME_ZH = "中文名称。"
_NAME_EN = "英文名称。"

TABLES_ZH: dict[str, tuple[str, str]] = {
    "figures": ("报道中的数据", "每行一个文章给出的数据，另加按记录的公式由它们推算出的数据。"),
    "events": ("报道中有日期的事件", "文章报道的每个有日期的事件，及其日期给到的精度。"),
    "sources": ("来源文章", "数据出自的文章，及复制到 data/articles/ 的原文的校验值。"),
    "regions": (
        "地区",
        "地区登记表：全国、中国全部34个省级行政区，以及文章涉及的城市（seeds/regions.toml，加上文章声明的地区）。",
    ),
    "region_notes": (
        "各篇文章关于一个地区的原话",
        "文章关于其涉及的一个地区的标题和一句话（原文照录），及其在原文中的位置。",
    ),
    "indicators": ("指标", "指标登记表：每行一个度量，其id把不同文章、不同年份中同一度量的数据连在一起。"),
    "topics": ("主题", "语料的主题（seeds/topics.toml，加上文章声明的主题）：有图表的主题有自己的页面。"),
    "charts": (
        "图表",
        "每个页面的每张图表，在 seeds/topics.toml 中声明：图表类型，以及按属性（从不按id）选出的要画的数据。",
    ),
    "mentions": (
        "报道中的数字",
        "扫描器在文章中找到的每个数字，以及它的归属：它是哪个数据的数值、哪个事件的日期，或为何不是统计数据。没有遗漏。",
    ),
}

COLUMNS_ZH: dict[str, str] = {
    "figures.figure_id": "数据的固定id，在整个语料中唯一。",
    "figures.source_id": _SOURCE_ID,
    "figures.topic": _TOPIC,
    "figures.region_id": _REGION_ID,
    "figures.region": _REGION,
    "figures.region_en": _REGION_EN,
    "figures.indicator_id": "度量在 indicators.csv 中的id：把不同文章中的同一度量连在一起；只有未审核的草稿可为空。",
    "figures.indicator_zh": "所度量的内容（中文；数据自己的名称，否则为指标名称）。",
    "figures.indicator_en": "所度量的内容（英文；数据自己的名称，否则为指标名称）。",
    "figures.period": "数据所指的年份（2020）或年份区间（2019-2021）。",
    "figures.period_start": "时期的第一年。",
    "figures.period_end": "时期的最后一年。",
    "figures.value": "以基本单位表示的数值：数量为个数，金额为元，百分比为百分数（71%记为71）。",
    "figures.unit": "数值的单位，取自固定词表。",
    "figures.value_as_stated": "文章原文写法（2.3万个）；推算数据为空。",
    "figures.qualifier": "exact（确数）、more_than（超、超过）、about（约、左右）或 less_than（不到）。",
    "figures.kind": (
        "observed（实际值）、target（目标）、rank（排名）、change（变化）、cagr（复合增长率）或 derived（本看板推算）。"
    ),
    "figures.quote": "文章中给出该数据的原话；推算数据为空。",
    "figures.quote_start": "原话在文章中的字符位置；推算数据为空。",
    "figures.formula": "推算数据：由输入得到数值的算式。",
    "figures.inputs": "推算数据：以“;”分隔的 名称=figure_id 对。",
    "figures.note_zh": "中文备注（假设、数据来源）。",
    "figures.note_en": "英文备注（假设、数据来源）。",
    "figures.reviewed": (
        "true：已有人核对该数据（推算数据：它本身及其每个输入）；false：尚未审核的草稿（cenfigures.draft）。"
    ),
    "figures.reviewed_by": "在审核页面审核该数据的编辑；未记录时为空。",
    "figures.reviewed_at": "审核该数据的时间（ISO 8601，UTC）；未记录时为空。",
    "figures.guess": "起草程序对该数据的猜测及所依据的词语；手工标注的为空。",
    "events.event_id": "事件的固定id，在整个语料中唯一。",
    "events.source_id": _SOURCE_ID,
    "events.date": "开始日期，精度与文章所述一致（YYYY、YYYY-MM 或 YYYY-MM-DD）。",
    "events.date_end": "跨一段时间的事件的结束日期。",
    "events.precision": "文章给出的事件日期的精度。",
    "events.title_zh": "中文标题。",
    "events.title_en": "英文标题。",
    "events.topic": _TOPIC,
    "events.region_id": _REGION_ID,
    "events.region": _REGION,
    "events.region_en": _REGION_EN,
    "events.quote": "文章中给出该事件的原话。",
    "events.quote_en": "原话的英文译文（本看板翻译）；草稿为空。",
    "events.quote_start": "原话在文章中的字符位置。",
    "events.reviewed": "true：已有人核对该事件；false：尚未审核的草稿（cenfigures.draft）。",
    "events.reviewed_by": "在审核页面审核该事件的编辑；未记录时为空。",
    "events.reviewed_at": "审核该事件的时间（ISO 8601，UTC）；未记录时为空。",
    "events.guess": "起草程序对该事件的猜测及所依据的词语；手工标注的为空。",
    "sources.source_id": "文章的固定id。",
    "sources.title": "原文语言的标题。",
    "sources.title_en": "英文标题（本看板翻译）。",
    "sources.publisher": "原文语言的发布机构。",
    "sources.publisher_en": "发布机构英文名。",
    "sources.published": "发布日期，精度以原文为准。",
    "sources.authors": "文章署名的记者。",
    "sources.file": "原文文件名，位于 seeds/ 和（逐字节相同的副本）data/articles/。",
    "sources.sha256": "原文文件字节的SHA-256值。",
    "sources.language": "文章的语言（BCP 47）。",
    "sources.reviewed": "true：已有人核对文章的元数据；false：尚未审核的草稿（cenfigures.draft）。",
    "sources.url": "文章的取自网址（跳转之后的最终网址）。",
    "sources.original_name": "文章原始文件的文件名（仅作记录）。",
    "sources.original_sha256": "保存在 seeds/originals/ 的原始文件的SHA-256值。",
    "sources.media_type": "原始文件的媒体类型（text/html、application/pdf 等）。",
    "sources.encoding": "读取原始文本所用的字符编码。",
    "sources.retrieved": "获取或上传原始文件的时间（UTC，ISO 8601）。",
    "regions.region_id": "地区的固定id（拼音，小写，词间用“-”）。",
    "regions.name_zh": _NAME_ZH,
    "regions.name_en": _NAME_EN,
    "regions.short_zh": "中文简称：地图上的标注，也是起草程序查找的名称（河北、广州）。",
    "regions.level": "行政级别。",
    "regions.parent": "城市：其所在省的 region_id。",
    "regions.map_zh": "地图上代表该地区的省份形状（GeoJSON要素名）：城市取其所在省；全国为空。",
    "regions.lon": "城市：地图上标记的经度。",
    "regions.lat": "城市：地图上标记的纬度。",
    "region_notes.source_id": _SOURCE_ID,
    "region_notes.region_id": "地区在 regions.csv 中的id。",
    "region_notes.headline": "文章关于该地区的标题（原文照录）。",
    "region_notes.headline_en": "标题的英文（本看板翻译）。",
    "region_notes.headline_start": "标题在文章中的字符位置。",
    "region_notes.summary": "文章关于该地区的一句话（原文照录）。",
    "region_notes.summary_en": "这句话的英文（本看板翻译）。",
    "region_notes.summary_start": "这句话在文章中的字符位置。",
    "indicators.indicator_id": "度量的固定id。",
    "indicators.name_zh": _NAME_ZH,
    "indicators.name_en": _NAME_EN,
    "indicators.unit": "该指标所有数据的单位。",
    "indicators.aliases_zh": "该度量的其他中文说法（起草程序据此匹配），以“;”分隔。",
    "topics.topic_id": "主题的固定id；即页面网址。",
    "topics.name_zh": _NAME_ZH,
    "topics.name_en": _NAME_EN,
    "topics.icon": "菜单图标（Streamlit 的 :material/...: 名称）。",
    "topics.position": "菜单和概览中的顺序（声明中的 `order`）：小的在前。",
    "topics.filters": "该主题页面显示并应用的筛选项，以“;”分隔。",
    "charts.page_id": "所在页面：topics.csv 中的 topic_id，或固定页面（regions、timeline）。",
    "charts.chart_id": "图表的id，在其页面内唯一：即链接中 ?chart= 的值。",
    "charts.position": "图表（其标签页）在页面上的顺序，从1开始。",
    "charts.type": "图表类型。",
    "charts.tab_zh": "中文标签页名（头条卡片为空）。",
    "charts.tab_en": "英文标签页名（头条卡片为空）。",
    "charts.title_zh": "中文标题模板（按图表类型提供的值做 str.format；头条卡片为空）。",
    "charts.title_en": "英文标题模板（头条卡片为空）。",
    "charts.takeaway_zh": "中文要点模板。",
    "charts.takeaway_en": "英文要点模板。",
    "charts.spec": (
        'JSON：{"select": 选择器, "related": {名称: 选择器}, "options": {...}}；'
        "选择器把数据属性（topic、indicator、kind、unit、region、source、period，或 not_ 加其一）映射到取值列表。"
    ),
    "mentions.mention_id": "文章id加数字在文中的字符位置。",
    "mentions.source_id": _SOURCE_ID,
    "mentions.start": "数字在文章中开始的字符位置。",
    "mentions.end": "数字结束之后的字符位置。",
    "mentions.text": "数字的原文写法。",
    "mentions.mention_kind": "扫描器读到的类型。",
    "mentions.claimed_by": (
        "figure（数据的数值）、event（事件的日期）、figure_context（数据所指的时间）、"
        "restatement（再次给出的数据）或 not_statistic（非统计数据）。"
    ),
    "mentions.ref": "数据或事件的id（逗号分隔），或所列的文字。",
    "mentions.reason": "该数字为何如此归属。",
}
