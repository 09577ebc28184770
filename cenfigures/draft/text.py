"""The drafter's reading of an article's layout: input checks, lines, headings, web-page furniture,
blocks (paragraphs joined across layout breaks), sentences and clauses, all as offsets into the text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

MAX_CHARS = 300_000  # an article, not a corpus: 100 times the seed's length
_HTML_TAG = re.compile(
    r"</?(?:p|div|span|br|a|img|table|tr|td|li|ul|h[1-6]|script|style|html|body|head|meta)\b[^>]*>", re.I
)
_HTML_ENTITY = re.compile(r"&(?:nbsp|amp|lt|gt|quot|ldquo|rdquo|mdash|#\d+);")
_SENTENCE_END = "。！？；!?;"
_CLAUSE_END = _SENTENCE_END + "，,：:"
_HEADING_MAX = 40

# Lines copied from a web page around the article: navigation, timestamps, share and print buttons,
# previous/next links, captions, editors, copyright and registration numbers, contact lines.
_FURNITURE = re.compile(
    r"^\s*(?:首页\s*[>›»]|当前位置|您的位置|分享到|【?字号|【打印|打印本页|关闭窗口|【关闭|上一篇|下一篇|"
    r"责任编辑|编辑[:：]|来源[:：]|作者[:：]|版权所有|Copyright|©|联系电话|电话[:：]|地址[:：]|扫一扫|"
    r"阅读量|浏览次数|点击[:：]|相关新闻|相关阅读|推荐阅读|热点推荐|网站地图|ICP备)"
    r"|\d{4}[-/年]\d{1,2}[-/月]\d{1,2}日?\s+\d{1,2}[:：]\d{2}"  # a page's timestamp
    r"|ICP备|公网安备|（?(?:图片说明|图片来源|摄影|图为)[:：]"
    r"|^\s*[·•●▪]|[ \t　]\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s*$",  # a list of links: "· 标题　2024-07-15"
    re.I,
)


def is_furniture(line: str) -> bool:
    """A line copied from a web page around the article (navigation, timestamp, buttons, footer)."""
    return bool(_FURNITURE.search(line))


class DraftInputError(ValueError):
    """The file cannot be drafted; the message is one line that says why and what to do."""


def decode_article(data: bytes, name: str) -> str:
    """The article's text; DraftInputError for empty, non-UTF-8, HTML or oversized input."""
    if not data.strip():
        raise DraftInputError(f"{name}: the file is empty: nothing to draft")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        hint = ""
        try:
            data.decode("gb18030")
            hint = (
                f" It reads as GBK/GB18030, common for Chinese web pages: convert it with "
                f"`iconv -f GBK -t UTF-8 {name} > {name}.utf8 && mv {name}.utf8 {name}`, or bring it in with "
                f"`python -m cenfigures.intake {name}`, which converts it and keeps the original"
            )
        except UnicodeDecodeError:
            pass
        raise DraftInputError(f"{name}: not UTF-8 text ({error.reason} at byte {error.start}).{hint}") from error
    if len(text) > MAX_CHARS:
        raise DraftInputError(
            f"{name}: {len(text):,} characters is more than one article (limit {MAX_CHARS:,}): split it into one file "
            "per article"
        )
    tags = _HTML_TAG.findall(text)
    if len(tags) >= 3 or (tags and _HTML_ENTITY.search(text)):
        raise DraftInputError(
            f"{name}: looks like HTML ({len(tags)} tags such as {tags[0][:20]!r}): the drafter reads the article's "
            f"text; bring the page in with `python -m cenfigures.intake {name}` (or its address), which reads "
            f"the article out of the page, or save the page's text into the .txt and run again"
        )
    return text


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str
    heading: bool
    furniture: bool


@dataclass
class Layout:
    text: str
    lines: list[Line]
    blocks: list[tuple[int, int]]  # paragraphs, joined where the layout broke a sentence
    sentences: list[tuple[int, int]]
    clauses: list[tuple[int, int]]
    _sentence_starts: list[int] = field(default_factory=list)
    _clause_starts: list[int] = field(default_factory=list)
    _block_starts: list[int] = field(default_factory=list)
    _line_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._sentence_starts = [s for s, _ in self.sentences]
        self._clause_starts = [s for s, _ in self.clauses]
        self._block_starts = [s for s, _ in self.blocks]
        self._line_starts = [line.start for line in self.lines]

    @staticmethod
    def _find(starts: list[int], spans: list[tuple[int, int]], position: int) -> tuple[int, int]:
        index = max(0, bisect.bisect_right(starts, position) - 1)
        return spans[index] if spans else (0, 0)

    def sentence(self, position: int) -> tuple[int, int]:
        return self._find(self._sentence_starts, self.sentences, position)

    def clause(self, position: int) -> tuple[int, int]:
        return self._find(self._clause_starts, self.clauses, position)

    def block(self, position: int) -> tuple[int, int]:
        return self._find(self._block_starts, self.blocks, position)

    def line(self, position: int) -> Line:
        index = max(0, bisect.bisect_right(self._line_starts, position) - 1)
        return self.lines[index]

    def headings_before(self, position: int) -> list[Line]:
        """Headings above `position`, nearest first."""
        index = bisect.bisect_right(self._line_starts, position)
        return [line for line in reversed(self.lines[:index]) if line.heading and line.end <= position]


def is_heading(text: str) -> bool:
    stripped = text.strip()
    if not stripped or len(stripped) > _HEADING_MAX:
        return False
    if any(mark in stripped for mark in "，。；！？,;"):
        return False
    return not stripped.startswith(("（", "("))


def read_layout(text: str) -> Layout:
    lines: list[Line] = []
    position = 0
    for raw in text.split("\n"):
        start, end = position, position + len(raw)
        position = end + 1
        if not raw.strip():
            continue
        furniture = is_furniture(raw)
        lines.append(Line(start, end, raw, heading=not furniture and is_heading(raw), furniture=furniture))

    blocks: list[tuple[int, int]] = []
    current: list[int] | None = None
    for line in lines:
        stripped = line.text.rstrip()
        if current is not None and not line.heading and not line.furniture:
            current[1] = line.end  # the previous line broke mid-sentence: one paragraph
        else:
            if current is not None:
                blocks.append((current[0], current[1]))
            current = [line.start, line.end]
        if line.heading or line.furniture or stripped[-1:] in _SENTENCE_END + "”）)】":
            blocks.append((current[0], current[1]))
            current = None
    if current is not None:
        blocks.append((current[0], current[1]))

    sentences = _split(text, blocks, _SENTENCE_END)
    clauses = _split(text, sentences, _CLAUSE_END)
    return Layout(text, lines, blocks, sentences, clauses)


def _split(text: str, spans: list[tuple[int, int]], marks: str) -> list[tuple[int, int]]:
    """Cut each span after every mark (the mark stays with the part before it)."""
    parts: list[tuple[int, int]] = []
    for start, end in spans:
        piece_start = start
        depth = 0  # inside quotation marks or book-title marks, marks do not cut
        for index in range(start, end):
            char = text[index]
            if char == "\n":
                depth = 0  # a bracket left open at a line's end ("(二行业转型…") closes with the line
            if char in "“《（(":
                depth += 1
            elif char in "”》）)" and depth:
                depth -= 1
            elif char in marks and depth == 0:
                parts.append((piece_start, index + 1))
                piece_start = index + 1
        if piece_start < end:
            parts.append((piece_start, end))
    return [(s, e) for s, e in parts if text[s:e].strip()]
