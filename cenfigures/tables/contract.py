"""The input contract, declared once: every section of the files in seeds/, the fields each may hold
(required or optional, type, allowed values, meaning in English and Chinese), and every chart type
with its options, the related selections it reads and the values its templates may use.

It drives prep's checks (unknown, missing and ill-typed fields and options: cenfigures/prep/),
the drafter's output (declared fields only, in declared order: cenfigures/draft/write.py), and the
field tables of docs/authoring.md (cenfigures/tables/doc_tables.py, by cog). The chart types'
implementations (cenfigures/charts/types/) and the filter registry (cenfigures/view/filters.py)
are checked against it by tests, since prep may not import them. What a value must further be
(a quote found verbatim, a known region, a valid formula) is prep's own check.
"""

from __future__ import annotations

import difflib
import functools
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cenfigures.tables.vocab import KINDS, LIST_SEPARATOR, MEASURES, REGION_LEVELS, UNITS


@dataclass(frozen=True)
class Type:
    """A kind of TOML value: its name in the docs, the phrase of an error, and its test."""

    name: str
    phrase: str  # "<field> must be <phrase>, not ..."
    accepts: Callable[[Any], bool]
    empty_is_missing: bool = True  # a required field holding "" / [] / {} counts as missing


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_text_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


TEXT = Type("text", "text", lambda v: isinstance(v, str))
BOOLEAN = Type("boolean", "true or false", lambda v: isinstance(v, bool))
WHOLE_NUMBER = Type("whole number", "a whole number", _is_int)
NUMBER = Type("number", "a number", _is_number)
TABLE = Type("table", "a table", lambda v: isinstance(v, dict), empty_is_missing=False)
SELECTOR = Type("selector", "a table of figure attributes", lambda v: isinstance(v, dict), empty_is_missing=False)
SELECTORS = Type(
    "table of selectors",
    "a table of named selectors",
    lambda v: isinstance(v, dict) and all(isinstance(s, dict) for s in v.values()),
    empty_is_missing=False,
)
FIGURE_IDS = Type(
    "table of figure ids",
    "a table of names to figure ids",
    lambda v: isinstance(v, dict) and all(isinstance(s, str) for s in v.values()),
)
TABLES = Type(
    "list of tables",
    "a list of tables",
    lambda v: isinstance(v, list) and all(isinstance(s, dict) for s in v),
    empty_is_missing=False,
)
WORDINGS = Type(
    "list of text",
    f"a list of wordings (without {LIST_SEPARATOR!r})",
    lambda v: _is_text_list(v) and all(item and LIST_SEPARATOR not in item for item in v),
)


@dataclass(frozen=True)
class Field:
    name: str
    type: Type
    required: bool
    en: str  # what it means, in English
    zh: str  # 同上，中文
    allowed: tuple[str, ...] = ()  # a closed vocabulary (tables.vocab), checked here
    values: str = ""  # what else the value must be, in words (checked by prep): "a region id"


@dataclass(frozen=True)
class Section:
    """One kind of table in the files of seeds/, and the fields it may hold."""

    key: str  # how problems and docs name it: "[[figure]]", "[regions.<id>]"
    files: str  # where it is written
    en: str
    zh: str
    fields: tuple[Field, ...]
    # fields that belong elsewhere: name -> where (the reason given for refusing them)
    moved: Mapping[str, str] = field(default_factory=dict)

    # Cached: prep checks every entry of every article against its section (a frozen dataclass
    # keeps a cached_property in the instance's __dict__).
    @functools.cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @functools.cached_property
    def _known(self) -> frozenset[str]:
        return frozenset(self.names)

    @functools.cached_property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def problems(self, entry: Mapping[str, Any]) -> list[tuple[str, str]]:
        """(field, reason) for every field of `entry` the contract refuses: unknown, missing, of the
        wrong type, or outside its vocabulary. What a valid value must further be is prep's."""
        listing = f"the fields of {self.key}"
        found = [
            (name, unknown_reason("field", name, self.names, listing, self.moved))
            for name in entry
            if name not in self._known
        ]
        for spec in self.fields:
            value = entry.get(spec.name)
            if value is None or (spec.type.empty_is_missing and _is_empty(value)):
                if spec.required:
                    found.append((spec.name, f"missing field {spec.name!r}"))
            elif not spec.type.accepts(value):
                found.append((spec.name, f"{spec.name} must be {spec.type.phrase}, not {value!r}"))
            elif spec.allowed and isinstance(value, str) and value not in spec.allowed:
                found.append((spec.name, f"unknown {spec.name} {value!r} (one of {', '.join(spec.allowed)})"))
        return found

    def ordered(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """`values` in the declared order; a field the contract does not declare is an error (the
        drafter writes only what prep reads)."""
        unknown = [name for name in values if name not in self.names]
        if unknown:
            raise ValueError(unknown_reason("field", unknown[0], self.names, f"the fields of {self.key}", self.moved))
        return {name: values[name] for name in self.names if name in values}


def _is_empty(value: Any) -> bool:
    return (isinstance(value, str) and not value.strip()) or (isinstance(value, (list, dict)) and not value)


def unknown_reason(
    what: str, name: str, known: Iterable[str], listing: str, moved: Mapping[str, str] | None = None
) -> str:
    """ "unknown field 'quoet' (did you mean 'quote'? the fields of [[figure]]: id, topic, ...)"."""
    if moved and name in moved:
        return f"unknown {what} {name!r} ({moved[name]})"
    known = tuple(known)
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    suggestion = f"did you mean {close[0]!r}? " if close else ""
    return f"unknown {what} {name!r} ({suggestion}{listing}: {', '.join(known) or 'none'})"


# ------------------------------------------------------------------ fields shared by sections

PERIOD = "`YYYY` or `YYYY-YYYY`"
DATE = "`YYYY`, `YYYY-MM` or `YYYY-MM-DD`"


def _reviewed(what_en: str, what_zh: str) -> Field:
    return Field(
        "reviewed",
        BOOLEAN,
        False,
        f"false while {what_en} is an unreviewed draft; absent means reviewed",
        f"{what_zh}尚未审核时为 false；不写即为已审核",
    )


def _reviewer(what_en: str, what_zh: str) -> tuple[Field, Field]:
    """Who reviewed the entry and when: written by the review screen (cenfigures.review) on every
    entry an editor changed or accepted; a hand-written annotation may give them too."""
    return (
        Field(
            "reviewed_by",
            TEXT,
            False,
            f"the editor who reviewed {what_en} on the review screen",
            f"在审核页面审核{what_zh}的编辑",
        ),
        Field(
            "reviewed_at",
            TEXT,
            False,
            f"when {what_en} was reviewed, UTC",
            f"审核{what_zh}的时间（UTC）",
            values="ISO 8601",
        ),
    )


def _guess(what_en: str, what_zh: str) -> Field:
    return Field(
        "guess",
        TEXT,
        False,
        f"what the drafter guessed about {what_en}, from which words",
        f"起草工具对{what_zh}的推测及依据",
    )


def _topic(required: bool = True) -> Field:
    return Field("topic", TEXT, required, "the topic it belongs to", "所属主题", values="a topic id of the corpus")


def _region() -> Field:
    return Field("region", TEXT, True, "the region it is about", "所指地区", values="a region id of the corpus")


def _indicator_fields(what: str) -> tuple[Field, ...]:
    return (
        Field(
            "indicator",
            TEXT,
            False,
            f"the measure {what} states; left out only by an unreviewed draft",
            "所属指标；只有未审核的草稿可以不写",
            values="an indicator id of the corpus",
        ),
        Field(
            "indicator_zh",
            TEXT,
            False,
            "its own Chinese label, where it differs from the indicator's name",
            "与指标名称不同时，本条数据自己的中文名称",
        ),
        Field(
            "indicator_en",
            TEXT,
            False,
            "its own English label, where it differs from the indicator's name",
            "与指标名称不同时，本条数据自己的英文名称",
        ),
    )


def _period() -> Field:
    return Field("period", TEXT, True, "the year or years it refers to", "所指年份或时期", values=PERIOD)


def _notes() -> tuple[Field, ...]:
    return (
        Field("note_zh", TEXT, False, "a remark in Chinese (an assumption, where the data comes from)", "中文说明"),
        Field("note_en", TEXT, False, "the remark in English", "英文说明"),
    )


# ------------------------------------------------------------------ an article's annotation

SOURCE = Section(
    "[source]",
    "`seeds/<article>.toml`",
    "The article: its id, file and publication.",
    "文章本身：编号、文件与出处。",
    (
        Field("id", TEXT, True, "the article's id, unique across the corpus", "文章编号，全库唯一", values="an id"),
        Field("file", TEXT, True, "the article's text file in seeds/", "seeds/ 中的原文文件名"),
        Field("title_zh", TEXT, True, "the headline as published", "原标题"),
        Field("title_en", TEXT, True, "the headline in English", "英文标题"),
        Field("publisher_zh", TEXT, True, "the publisher, in Chinese", "发布媒体（中文）"),
        Field("publisher_en", TEXT, True, "the publisher, in English", "发布媒体（英文）"),
        Field("published", TEXT, True, "the publication date, as precise as known", "发布日期，尽量精确", values=DATE),
        Field("language", TEXT, True, "the article's language", "文章语言", allowed=("zh",)),
        Field("authors", TEXT, False, "the reporters the article names", "文中署名的记者"),
        _reviewed("the article's metadata", "文章信息"),
        *_reviewer("the article's metadata", "文章信息"),
        *(
            Field(name, TEXT, False, en, zh, values=values)
            for name, en, zh, values in (
                # Where the article came in from: written by the intake (python -m cenfigures.intake, the
                # /add page), left out of hand-made annotations; data/sources.csv carries them but
                # `original` and `added_by`.
                ("url", "the address it was fetched from, after redirects", "取自的网址（跳转之后）", "http(s)"),
                ("original", "its original file as it came in", "导入时的原始文件", "`originals/<name>.<ext>`"),
                ("original_name", "the uploaded file's name (a record only)", "上传文件的文件名（仅作记录）", ""),
                (
                    "original_sha256",
                    "the original file's SHA-256, which prep checks",
                    "原始文件的 SHA-256（prep 会核对）",
                    "64 hex digits",
                ),
                (
                    "media_type",
                    "the original's media type",
                    "原始文件的媒体类型",
                    "`text/html`, `application/pdf`, ...",
                ),
                ("encoding", "the text's encoding as detected", "检测到的文本编码", "`gb18030`, `big5`, ..."),
                ("retrieved", "when it was fetched or uploaded, UTC", "获取或上传的时间（UTC）", "ISO 8601"),
                ("added_by", "the editor who added it", "添加文章的编辑", ""),
            )
        ),
    ),
)
# The fields of [source] that say where an article came in from (the intake writes them).
SOURCE_ORIGIN = (
    "url",
    "original",
    "original_name",
    "original_sha256",
    "media_type",
    "encoding",
    "retrieved",
    "added_by",
)

REGION_NOTE = Section(
    "[region_notes.<id>]",
    "`seeds/<article>.toml`",
    "What the article says about one region (the id is a region id): its headline and a sentence, verbatim.",
    "文章对某一地区的报道（表名中的 id 为地区编号）：标题和一句原话。",
    (
        Field("headline", TEXT, True, "the article's headline for the region, verbatim", "该地区的小标题（原文）"),
        Field("headline_en", TEXT, True, "the headline in English", "小标题的英文译文"),
        Field("summary", TEXT, True, "a sentence of the article on the region, verbatim", "关于该地区的一句原文"),
        Field("summary_en", TEXT, True, "the sentence in English", "该句的英文译文"),
    ),
)

FIGURE = Section(
    "[[figure]]",
    "`seeds/<article>.toml`",
    "A figure the article states; its value is parsed from `number`, never typed.",
    "文章给出的一个数字；数值由 `number` 解析得出，不手工填写。",
    (
        Field("id", TEXT, True, "the figure's id, unique across the corpus", "数据编号，全库唯一", values="an id"),
        _topic(),
        _region(),
        *_indicator_fields("the figure"),
        _period(),
        Field(
            "kind",
            TEXT,
            True,
            "what the number is",
            "数字的类型：实际值、目标、排名、变化、复合增长率",
            allowed=tuple(k for k in KINDS if k != "derived"),
        ),
        Field("quote", TEXT, True, "the article's words that state it, verbatim", "给出该数字的原文，一字不差"),
        Field(
            "number",
            TEXT,
            True,
            "the words of the value inside the quote (`超2500亿元`)",
            "原文中表示数值的那几个字（如“超2500亿元”）",
        ),
        _reviewed("the figure", "该数据"),
        *_reviewer("the figure", "该数据"),
        _guess("the figure", "该数据"),
        *_notes(),
    ),
)

DERIVED = Section(
    "[[derived]]",
    "`seeds/<article>.toml`",
    "A figure computed from stated figures of the same article by a formula.",
    "由同一篇文章中的数字按公式推算出的数字。",
    (
        Field("id", TEXT, True, "the figure's id, unique across the corpus", "数据编号，全库唯一", values="an id"),
        _topic(),
        _region(),
        *_indicator_fields("the result"),
        _period(),
        Field(
            "unit",
            TEXT,
            False,
            "the result's unit; the indicator's when left out",
            "结果的单位；不写则用指标的单位",
            allowed=UNITS,
        ),
        Field(
            "formula",
            TEXT,
            True,
            "arithmetic over the inputs' names (`end - start`)",
            "用输入名称写的算式（如 `end - start`）",
        ),
        Field(
            "inputs",
            FIGURE_IDS,
            True,
            "each name of the formula and the stated figure it stands for",
            "算式中每个名称对应的原文数据编号",
            values="ids of stated figures of the same article",
        ),
        _reviewed("the figure", "该数据"),
        *_reviewer("the figure", "该数据"),
        *_notes(),
    ),
)

EVENT = Section(
    "[[event]]",
    "`seeds/<article>.toml`",
    "A dated event the article reports.",
    "文章报道的一个有日期的事件。",
    (
        Field("id", TEXT, True, "the event's id, unique across the corpus", "事件编号，全库唯一", values="an id"),
        Field(
            "date", TEXT, True, "when it began, as precise as the article says", "开始日期，按原文的精度", values=DATE
        ),
        Field("date_end", TEXT, False, "when it ended, for a span", "结束日期（跨时段的事件）", values=DATE),
        Field("title_zh", TEXT, True, "what happened, in Chinese", "事件（中文）"),
        Field("title_en", TEXT, True, "what happened, in English", "事件（英文）"),
        _topic(),
        _region(),
        Field("quote", TEXT, True, "the article's words that date it, verbatim", "给出日期的原文"),
        Field(
            "quote_en",
            TEXT,
            False,
            "the quote in English (our translation), shown under it on English cards",
            "原文的英文译文（本看板翻译），英文卡片中显示在原文下方",
        ),
        _reviewed("the event", "该事件"),
        *_reviewer("the event", "该事件"),
        _guess("the event", "该事件"),
    ),
)

NOT_STATISTIC = Section(
    "[[not_statistic]]",
    "`seeds/<article>.toml`",
    "A numeric mention that is no statistic (a congress ordinal, a plan's name), or a figure stated again.",
    "不是统计数据的数字（如会议届次、规划名称），或再次出现的同一数字。",
    (
        Field("text", TEXT, True, "the words, as the article writes them", "原文中的写法"),
        Field(
            "reason",
            TEXT,
            False,
            "why it is no statistic (needed unless `restates`)",
            "为何不是统计数据（未写 restates 时必填）",
        ),
        Field(
            "restates",
            TEXT,
            False,
            "the figure it states again",
            "它重复的数据编号",
            values="a stated figure's id",
        ),
        _reviewed("the entry", "该条"),
        *_reviewer("the entry", "该条"),
    ),
)

# ------------------------------------------------------------------ registries

REGION = Section(
    "[regions.<id>]",
    "`seeds/regions.toml` (as `[<id>]`) or an article",
    "A region of the registry; the id (pinyin, lowercase, `-` between words) is what links use.",
    "地区登记表中的一个地区；编号（拼音小写，词间用 `-`）用于链接，不再改动。",
    (
        Field("name_zh", TEXT, True, "its name in Chinese", "中文名称"),
        Field("name_en", TEXT, True, "its name in English", "英文名称"),
        Field(
            "short_zh",
            TEXT,
            True,
            "the short name: the map label and the name the drafter looks for",
            "简称：地图标注，也是起草工具查找的名称",
        ),
        Field("level", TEXT, True, "its administrative level", "行政级别", allowed=REGION_LEVELS),
        Field("parent", TEXT, False, "a city's province", "城市所属的省级地区", values="a province-level region id"),
        Field(
            "map_zh",
            TEXT,
            False,
            "the province shape that stands for it on a map; a province's is required, a city's is its province's",
            "地图上代表它的省份形状；省级必填，城市同其所属省份",
        ),
        Field("lon", NUMBER, False, "a city's marker: longitude (73-136)", "城市标记的经度（73—136）"),
        Field("lat", NUMBER, False, "a city's marker: latitude (3-54)", "城市标记的纬度（3—54）"),
    ),
    moved={
        name: "an article's words about a region go in [region_notes.<id>]"
        for name in ("headline", "headline_en", "summary", "summary_en")
    },
)

INDICATOR = Section(
    "[indicators.<id>]",
    "`seeds/indicators.toml` (as `[<id>]`) or an article",
    "One measure; its id (`[a-z0-9_]+`) joins the same measure across articles and years.",
    "一个指标；编号（`[a-z0-9_]+`）把各篇文章、各年份的同一指标连在一起。",
    (
        Field("name_zh", TEXT, True, "its name in Chinese", "中文名称"),
        Field("name_en", TEXT, True, "its name in English", "英文名称"),
        Field("unit", TEXT, True, "the unit of every figure of the indicator", "该指标所有数据的单位", allowed=UNITS),
        Field(
            "measure",
            TEXT,
            False,
            "what it measures: a stock at a moment, a flow over a period, a rate (share, ratio, index, speed, "
            "growth) or a rank; one indicator joins figures of one measure only",
            "度量类型：存量（某一时点）、流量（一段时期）、比率（占比、比值、指数、速度、增速）或排名；"
            "一个指标只连同一度量类型的数据",
            allowed=MEASURES,
        ),
        Field(
            "aliases_zh",
            WORDINGS,
            False,
            "other Chinese wordings (the drafter matches them)",
            "其他中文说法（起草工具据此匹配）",
        ),
    ),
)

# ------------------------------------------------------------------ topics, pages, charts

# Filters a topic page may declare; the filter registry (cenfigures/view/filters.py) declares each
# of them, in this order (tests/test_filters.py holds them equal).
FILTER_KEYS = ("source", "region", "topic", "kind", "years", "q")

FILTER_LIST = Type(
    "list of text",
    f"a list of distinct filter names ({', '.join(FILTER_KEYS)})",
    lambda v: _is_text_list(v) and len(set(v)) == len(v) and all(key in FILTER_KEYS for key in v),
    empty_is_missing=False,
)

TOPIC = Section(
    "[[topic]]",
    "`seeds/topics.toml` or an article",
    "A topic; with charts, it gets a page (`/<id>` with a page file, else `/topic?id=<id>`).",
    "一个主题；有图表的主题有自己的页面。",
    (
        Field("id", TEXT, True, "the topic's id (`[a-z0-9_]+`), its page's URL", "主题编号，即页面网址"),
        Field("name_zh", TEXT, True, "its name in Chinese (menu, title)", "中文名称（菜单与标题）"),
        Field("name_en", TEXT, True, "its name in English", "英文名称"),
        Field("icon", TEXT, False, "the menu icon (`:material/factory:`)", "菜单图标"),
        Field("order", WHOLE_NUMBER, True, "its place in the menu and on the overview", "在菜单和概览中的顺序"),
        Field(
            "filters",
            FILTER_LIST,
            False,
            "the filters its page shows and applies (all when left out)",
            "页面显示并使用的筛选项（不写则全部）",
            allowed=FILTER_KEYS,
        ),
        Field("chart", TABLES, False, "its charts, `[[topic.chart]]`", "该主题的图表"),
    ),
)

PAGE = Section(
    "[[page]]",
    "`seeds/topics.toml`",
    "The charts of a fixed page (`regions`, `timeline`) or the overview's headline cards (`overview`).",
    "固定页面（地区、时间线）的图表，或概览页的要点卡片。",
    (
        Field("id", TEXT, True, "the page: `overview`, `regions` or `timeline`", "页面：overview、regions 或 timeline"),
        Field(
            "chart",
            TABLES,
            False,
            "its charts, `[[page.chart]]` (the overview's: headline cards)",
            "该页面的图表（概览页为要点卡片）",
        ),
    ),
)

CHART = Section(
    "[[topic.chart]], [[page.chart]]",
    "`seeds/topics.toml` or an article",
    "A chart of a page: its type, its words, and the figures it draws, selected by attribute.",
    "页面上的一张图：图表类型、文字，以及按属性选出的数据。",
    (
        Field(
            "id",
            TEXT,
            True,
            "the chart's id (`[a-z0-9_]+`), unique on its page: the link's `?chart=`",
            "图表编号，即链接中的 ?chart=",
        ),
        Field("type", TEXT, True, "its chart type (below)", "图表类型（见下）", values="a chart type"),
        Field("tab_zh", TEXT, True, "its tab in Chinese", "标签页名称（中文）"),
        Field("tab_en", TEXT, True, "its tab in English", "标签页名称（英文）"),
        Field(
            "title_zh",
            TEXT,
            True,
            "its title in Chinese: a template over the type's values",
            "中文标题：可引用图表类型提供的值",
        ),
        Field(
            "title_en",
            TEXT,
            True,
            "its title in English: a template over the type's values",
            "英文标题：可引用图表类型提供的值",
        ),
        Field("takeaway_zh", TEXT, False, "its takeaway in Chinese, a template", "中文要点（模板）"),
        Field("takeaway_en", TEXT, False, "its takeaway in English, a template", "英文要点（模板）"),
        Field("select", SELECTOR, True, "the figures it draws (`{}`: every figure)", "所画的数据（`{}` 为全部）"),
        Field(
            "related", SELECTORS, False, "further selections the type reads, by name", "图表类型另外读取的数据，按名称"
        ),
        Field("options", TABLE, False, "the type's options", "图表类型的选项"),
    ),
)

HEADLINE = "headline"  # the overview's cards: declared as [[page.chart]] of [[page]] id = "overview"
OVERVIEW_PAGE = "overview"

CARD = Section(
    '[[page.chart]] of `id = "overview"`',
    "`seeds/topics.toml`",
    "A headline card of the overview: the latest figure its selector picks. Not a chart.",
    "概览页的要点卡片：显示所选数据中最新的一个。不是图表。",
    (
        Field("id", TEXT, True, "the card's id (`[a-z0-9_]+`)", "卡片编号"),
        Field("type", TEXT, True, "always `headline`", "固定为 headline", allowed=(HEADLINE,)),
        Field("select", SELECTOR, True, "the figures it picks the latest of", "从中取最新一个的数据"),
    ),
)

ANNOTATION_SECTIONS = (SOURCE, REGION_NOTE, FIGURE, DERIVED, EVENT, NOT_STATISTIC)
# The TOML tables of an article: its own entries, and registry entries it may add (see prep.corpus).
ARTICLE_TABLES = (
    "source",
    "region_notes",
    "figure",
    "derived",
    "event",
    "not_statistic",
    "regions",
    "indicators",
    "topic",
)
TOPICS_FILE_TABLES = ("topic", "page")
SECTIONS = (*ANNOTATION_SECTIONS, REGION, INDICATOR, TOPIC, PAGE, CHART, CARD)  # every one is in docs/authoring.md


# ------------------------------------------------------------------ chart types


@dataclass(frozen=True)
class Option:
    name: str
    type: Type
    default: Any
    en: str
    zh: str
    allowed: tuple[str, ...] = ()


@dataclass(frozen=True)
class TemplateValue:
    name: str
    en: str
    whole_number: bool = False  # then also {<name>_figures}, {<name>_regions}, ... ("7 regions")


@dataclass(frozen=True)
class ChartType:
    name: str
    draws_en: str
    draws_zh: str
    reads: tuple[str, ...]  # what it draws from, in words: select, events, regions
    related: tuple[str, ...] = ()  # the named selections of `related` it reads
    options: tuple[Option, ...] = ()
    values: tuple[TemplateValue, ...] = ()  # template values beyond COMMON_VALUES

    @property
    def option_names(self) -> tuple[str, ...]:
        return tuple(o.name for o in self.options)

    def option_problems(self, options: Mapping[str, Any]) -> list[str]:
        """Why the declared `options` are wrong for this type: unknown, ill-typed, not allowed."""
        found = []
        for name, value in options.items():
            if name not in self.option_names:
                found.append(unknown_reason("option", name, self.option_names, f"the options of {self.name}"))
                continue
            option = next(o for o in self.options if o.name == name)
            if not option.type.accepts(value):
                found.append(f"option {name} must be {option.type.phrase}, not {value!r}")
            elif option.allowed and value not in option.allowed:
                found.append(f"option {name} {value!r} is not one of {', '.join(option.allowed)}")
        return found

    def related_problems(self, related: Mapping[str, Any]) -> list[str]:
        return [
            unknown_reason("selection", name, self.related, f"the related selections {self.name} reads")
            for name in related
            if name not in self.related
        ]

    def template_problems(self, template: str) -> list[str]:
        """Names a title or takeaway uses that this type never fills."""
        used = [name for _, name, _, _ in string.Formatter().parse(template) if name]
        base = tuple(v.name for v in (*COMMON_VALUES, *self.values))
        return [
            unknown_reason("template value", name, base, f"the values of {self.name}")
            for name in dict.fromkeys(used)
            if name not in self.template_values
        ]

    @property
    def template_values(self) -> frozenset[str]:
        """Every name a title or takeaway of this type may use."""
        values = (*COMMON_VALUES, *self.values)
        names = {v.name for v in values}
        names |= {f"{v.name}_{noun}" for v in values if v.whole_number for noun in COUNTED_NOUNS}
        return frozenset(names)


COUNTED_NOUNS = ("figures", "regions", "events", "articles")  # {count_regions}: "1 region", "7个地区"
COMMON_VALUES = (
    TemplateValue("region", "the regions drawn, joined"),
    TemplateValue("indicator", "the first indicator's name"),
    TemplateValue("items", "a listing of the figures drawn (the fallback sentence)"),
    TemplateValue("first_year", "the first year drawn", whole_number=True),
    TemplateValue("last_year", "the last year drawn", whole_number=True),
    TemplateValue("count", "how many figures are drawn", whole_number=True),
    TemplateValue("sources", "how many articles they come from", whole_number=True),
)


def _mark(lang: str, language_en: str, language_zh: str, example: str) -> Option:
    return Option(
        f"mark_{lang}",
        TEXT,
        "",
        f"the label of each whole multiple in {language_en} (`{example}`); `{{n}}×` when left out",
        f"每个整倍数标记的{language_zh}写法；不写则为 `{{n}}×`",
    )


CHART_TYPES: tuple[ChartType, ...] = (
    ChartType(
        "comparison",
        "bars per indicator: observed solid, target hollow, derived hatched; bars only for the units that "
        "hold two or more values, on their scale; a value alone in its unit is listed",
        "按指标的条形图：实际值实心、目标空心、推算值斜线；同一单位有两个以上数值时才画条形并标出刻度，单独的数值列出",
        ("select",),
        options=(
            Option(
                "outcomes",
                BOOLEAN,
                False,
                "beside each target, the observed values of the same indicator and region from any article",
                "在每个目标旁画出任一文章给出的同指标同地区实际值",
            ),
            Option(
                "panels",
                TEXT,
                "",
                "`unit`: a titled panel per unit even when one unit holds all the bars (several units always split)",
                "为 unit 时即使只有一个单位也按单位分面（多个单位总是分面）",
                allowed=("unit",),
            ),
        ),
    ),
    ChartType(
        "rank_over_time",
        "national ranks over time on an inverted axis, one line per indicator and region; past `lines` "
        "lines, the lines of a few regions in colour and the others thin grey lines behind them, counted "
        "under the chart",
        "全国排名随时间的变化（第1位在上），每个指标和地区一条线；超过 `lines` 条时，少数地区以彩色显示，"
        "其余为其后的细灰线，并在图下注明条数",
        ("select",),
        related=("change",),
        options=(
            Option(
                "lines",
                WHOLE_NUMBER,
                10,
                "the most lines drawn in colour, named and labelled; past it, the regions stated by the most "
                "articles (`region` first) are, for as long as their lines fit, the others grey",
                "以彩色显示、列入图例并标注的线条上限；超出时，按报道数最多的地区（`region` 优先）依次着色，其余为灰线",
            ),
            Option(
                "region",
                TEXT,
                "",
                "a region drawn in colour before the others (the page's own), its id",
                "优先以彩色显示的地区编号（页面本身的地区）",
            ),
        ),
        values=(
            TemplateValue("first_rank", "the first rank of the longest line"),
            TemplateValue("last_rank", "its last rank"),
            TemplateValue("places", "the places gained or lost"),
        ),
    ),
    ChartType(
        "versus_reference",
        "each indicator of a region beside the national value",
        "地区的每个指标与全国水平并列",
        ("select",),
        related=("derived",),
        values=(
            TemplateValue("value", "the region's value"),
            TemplateValue("reference", "the national value"),
            TemplateValue("gap", "the derived gap"),
            TemplateValue("ratio", "the derived ratio"),
        ),
    ),
    ChartType(
        "before_after",
        "levels over time, the change between them (hatched when derived, with its legend entry)",
        "前后两个水平及其变化（推算的变化以斜线表示，并列入图例）",
        ("select",),
        related=("change", "cagr"),
        values=(
            TemplateValue("start", "the first level"),
            TemplateValue("end", "the last level"),
            TemplateValue("start_year", "its year", whole_number=True),
            TemplateValue("end_year", "its year", whole_number=True),
            TemplateValue("change", "the stated change"),
            TemplateValue("cagr", "the yearly growth, to two significant figures (18%)"),
            TemplateValue("cagr_factor", "the yearly multiple it means (1.18)"),
        ),
    ),
    ChartType(
        "cagr_multiple",
        "the multiple a compound growth rate implies",
        "复合增长率推算出的倍数",
        ("select (the rate)",),
        related=("multiple",),
        values=(
            TemplateValue("cagr", "the rate"),
            TemplateValue("multiple", "the derived multiple"),
            TemplateValue("note", "the multiple's note (its assumption)"),
            TemplateValue("start_year", "the base year", whole_number=True),
            TemplateValue("end_year", "the last year", whole_number=True),
        ),
    ),
    ChartType(
        "counts",
        "counts as dots or bars, one colour per region (a log scale only for dots)",
        "数量，以圆点或条形表示，每个地区一种颜色",
        ("select",),
        values=(TemplateValue("top", "the largest count, with its region"),),
    ),
    ChartType("daily_hours", "broadcast windows on a 24-hour clock", "24小时中的播出时段", ("select",)),
    ChartType(
        "capacity",
        "a need against a capacity, with marks at each whole multiple",
        "需求与容量的对比，标出每个整倍数",
        ("select",),
        options=(
            Option("need", TEXT, "", "the indicator id of the need", "表示需求的指标编号"),
            Option("capacity", TEXT, "", "the indicator id of the capacity", "表示容量的指标编号"),
            _mark("zh", "Chinese", "中文", "{n}路"),
            _mark("en", "English", "英文", "{n}× 4K"),
        ),
        values=(
            TemplateValue("need", "the need"),
            TemplateValue("rate", "the capacity"),
            TemplateValue("streams", "how many needs fit", whole_number=True),
        ),
    ),
    ChartType(
        "speed_and_events",
        "one big number (written beside a point) and the topic's dated events",
        "一个大数字及该主题的事件",
        ("select", "events"),
        values=(TemplateValue("speed", "the number"), TemplateValue("events", "the events, listed")),
    ),
    ChartType(
        "map",
        "the regions on a map of China (cities as markers), coloured by their number of figures with a legend; "
        "a click selects the region",
        "中国地图上的地区（城市为圆点），颜色表示数据条数（附图例）；点按地区即按其筛选",
        ("select", "regions", "region notes"),
        values=(
            TemplateValue("top", "the region with most figures"),
            TemplateValue("top_count", "how many it has", whole_number=True),
            TemplateValue(
                "empty",
                "as a clause: the regions named without a figure, and those whose figures the filters hide",
            ),
        ),
    ),
    ChartType(
        "timeline",
        "dated events by precision",
        "按日期精度画出的事件",
        ("events",),
        values=(
            TemplateValue("first", "the first date"),
            TemplateValue("last", "the last date"),
            TemplateValue("latest", "the latest event dated to the day, as a clause"),
        ),
    ),
)
CHART_TYPES_BY_NAME = {chart_type.name: chart_type for chart_type in CHART_TYPES}
CHART_TYPE_NAMES = tuple(CHART_TYPES_BY_NAME)
