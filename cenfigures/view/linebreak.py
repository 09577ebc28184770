"""Breaking Chinese and English text into lines by display width, for chart titles, labels and
source lines (plotly does not wrap text itself).

The rules of Chinese typesetting (禁则, as in Unicode UAX #14 and the W3C's clreq): a line never
starts with closing punctuation (”，。、）…) nor ends with opening punctuation (“（《); a run of
Latin letters, digits and their joiners ("CC/TV-16", "department's", "4K/8K") is never split; and
no line is left with a single character when the text can be balanced; a short name in quotes
(“百城千屏”) stays on one line. A CJK character counts as two display units, a Latin one as one.
Chinese text breaks between words: runs of Han characters are segmented with rjieba (jieba's
dictionary, plus the project's words in `words.txt`, which it would split); a word wider than the
line is the one thing broken between its characters.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

import rjieba

# Characters a line must not start with (closing marks, and what belongs to the word before).
NO_LINE_START = set("”’」』）》〉】〕］｝，。、；：！？…—‰％%)]}>,.;:!?·～")
# Characters a line must not end with (opening marks).
NO_LINE_END = set("“‘「『（《〈【〔［｛([{<")
# Straight quotes open or close by where they stand (see _tokens).
STRAIGHT_QUOTES = ("'", '"')
# A short name in Chinese quotes or title marks (“百城千屏”, 《行动计划》) is one token: never broken.
QUOTED_NAME = re.compile(r"[“「『《]([^“”「」『』《》]{1,8})[”」』》]")
# One token: a run of Latin letters/digits with their joiners, or any other single character.
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.,'’/+\-&]*[A-Za-z0-9%]?|\s+|.", re.S)


HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # the CJK ideographs
HAN_RUN = re.compile(f"[{HAN_CLASS}]+")
# One Han character with the punctuation before it (and, at the end, after it).
HAN_PIECE = re.compile(f"[^{HAN_CLASS}]*[{HAN_CLASS}](?:[^{HAN_CLASS}]*$)?")
PROJECT_WORDS = Path(__file__).with_name("words.txt")


_SEGMENTER_LOCK = threading.Lock()
_segmenter_ready = False


def _ready_segmenter() -> None:
    """Adds the project's words to rjieba's dictionary once per process (the process-wide one, so
    its dictionary is loaded once). Under a lock: the server's sessions are threads, and a word
    added while another thread cuts would fail rjieba's borrow check."""
    global _segmenter_ready
    with _SEGMENTER_LOCK:
        if _segmenter_ready:
            return
        for line in PROJECT_WORDS.read_text(encoding="utf-8").splitlines():
            word = line.split("#", 1)[0].strip()
            if word:
                rjieba.add_word(word, max(rjieba.suggest_freq(word), 100), None)
        _segmenter_ready = True


def words(value: str) -> list[str]:
    """A run of Han characters in words."""
    if not _segmenter_ready:
        _ready_segmenter()
    return list(rjieba.cut(value))


def display_units(value: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in value)


def widest(values: Iterable[str], measure: Callable[[str], float] = display_units) -> float:
    """The largest `measure` of `values` (0 for none), measured only for the values that could have
    it: a string of n characters is n to 2n units wide, so none shorter than half the longest can be
    the widest (a column of thousands of cells is measured a few times, not once per cell)."""
    distinct = set(values)
    if not distinct:
        return 0
    longest = max(map(len, distinct))
    return max(measure(value) for value in distinct if len(value) * 2 >= longest)


def _raw_tokens(value: str, keep: Iterable[str]) -> list[str]:
    """`value` in tokens; each phrase of `keep` that occurs in it is one token."""
    phrases = sorted({phrase for phrase in keep if phrase}, key=len, reverse=True)
    if not phrases:
        return _unkept_tokens(value)
    parts = re.split("(" + "|".join(re.escape(phrase) for phrase in phrases) + ")", value)
    # re.split with a group: the kept phrases are the odd parts.
    return [token for number, part in enumerate(parts) for token in ([part] if number % 2 else _unkept_tokens(part))]


def _unkept_tokens(value: str) -> list[str]:
    """Latin runs and single characters as _TOKEN finds them, Han runs in words."""
    tokens: list[str] = []
    end = 0
    for run in HAN_RUN.finditer(value):
        tokens += _TOKEN.findall(value[end : run.start()]) + words(run.group(0))
        end = run.end()
    return tokens + _TOKEN.findall(value[end:])


def _characters(token: str) -> list[str]:
    """A token wider than a line in pieces of one Han character each (the punctuation glued to it
    stays with the first or last piece); a token without Han characters stays whole."""
    pieces = HAN_PIECE.findall(token)
    return pieces if len(pieces) > 1 and "".join(pieces) == token else [token]


def _tokens(value: str, keep: Iterable[str] = ()) -> list[str]:
    """Tokens, with closing punctuation glued to the token before it and opening punctuation to
    the token after it, so that no break can fall between them. A straight quote (' or ") opens
    at the start, after a space or after an opening mark, and closes anywhere else."""
    tokens: list[str] = []
    pending_open = ""
    for token in _raw_tokens(value, keep):
        straight = token in STRAIGHT_QUOTES
        if token in NO_LINE_END or (straight and (pending_open or not tokens or tokens[-1].isspace())):
            pending_open += token
            continue
        closing = (token[0] in NO_LINE_START or straight) and not pending_open
        token = pending_open + token
        pending_open = ""
        if tokens and closing and not tokens[-1].isspace():
            tokens[-1] += token
        elif len(tokens) > 1 and closing:  # "China (national) · Ministries": the dot stays with the word before
            space = tokens.pop()
            tokens[-1] += space + token
        else:
            tokens.append(token)
    if pending_open:
        if tokens:
            tokens[-1] += pending_open
        else:
            tokens.append(pending_open)
    return tokens


def _text(line: list[str]) -> str:
    return "".join(line).strip()


@functools.lru_cache(maxsize=65536)
def _token_units(token: str) -> tuple[int, int, int, bool]:
    """A token's display units: in all, of its leading and of its trailing whitespace; whether it
    holds more than whitespace."""
    if not token.strip():
        return display_units(token), 0, 0, False
    lead = display_units(token[: len(token) - len(token.lstrip())])
    return display_units(token), lead, display_units(token[len(token.rstrip()) :]), True


def _greedy(tokens: list[str], max_units: int) -> list[list[str]]:
    """Tokens in lines, each filled as far as it fits (its text stripped). The width of a line is
    kept as tokens join it, not measured again per token: wrapping is quadratic otherwise."""
    lines: list[list[str]] = []
    current: list[str] = []
    total = lead = trail = 0  # units of the current line joined, of its leading and trailing whitespace
    has_text = False
    for token in tokens:
        units, token_lead, token_trail, token_text = _token_units(token)
        if has_text:
            ends = token_trail if token_text else trail + units
            if total + units - lead - ends > max_units:
                lines.append(current)
                current = [token] if token_text else []
                total, lead, trail, has_text = (
                    (units, token_lead, token_trail, True) if token_text else (0, 0, 0, False)
                )
                continue
            current.append(token)
            total, trail = total + units, ends
        else:
            current.append(token)
            if token_text:
                lead, trail, has_text = total + token_lead, token_trail, True
            total += units
    if has_text:
        lines.append(current)
    return lines


def _without_lone_characters(lines: list[list[str]], max_units: int) -> list[list[str]]:
    """A line of a single character takes the last token of the line before it, when both lines
    still fit and the line before keeps more than one character."""
    lines = [list(line) for line in lines]
    for number in range(1, len(lines)):
        if len(_text(lines[number])) != 1:
            continue
        before = lines[number - 1]
        gap = []
        while before and not before[-1].strip():
            gap.insert(0, before.pop())
        moved = [before[-1], *gap, *lines[number]] if len(before) > 1 else None
        if moved and len(_text(before[:-1])) > 1 and display_units(_text(moved)) <= max_units:
            lines[number - 1], lines[number] = before[:-1], moved
        else:
            lines[number - 1] = before + gap
    return lines


@functools.lru_cache(maxsize=8192)  # the same labels are wrapped on every chart of every view
def _wrapped(value: str, max_units: int, balance: bool, keep: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_wrap(value, max_units, balance, keep))


def wrap(value: str, max_units: int, balance: bool = True, keep: Iterable[str] = ()) -> list[str]:
    """`value` in lines of at most `max_units` display units (a longer unbreakable token stands
    alone). With `balance`, lines are made about equally long (the fewest lines the text needs),
    so a title never ends with one lonely character. Phrases of `keep` (names) are never broken."""
    return list(_wrapped(value, max_units, balance, tuple(keep)))


def _wrap(value: str, max_units: int, balance: bool, keep: tuple[str, ...]) -> list[str]:
    value = " ".join(value.split()) if not re.search(r"[\u3000-\u9fff]", value) else value.replace("\n", "")
    if not value.strip():
        return []
    kept = keep + tuple(match.group(0) for match in QUOTED_NAME.finditer(value))
    tokens = _tokens(value, kept)
    # A word wider than the line is broken between its characters (a kept name is not).
    tokens = [
        piece
        for token in tokens
        for piece in (
            _characters(token)
            if display_units(token) > max_units and not any(name in token for name in kept)
            else [token]
        )
    ]
    lines = _greedy(tokens, max_units)
    if balance and len(lines) > 1:
        # The narrowest width that still gives the same number of lines: balanced lines.
        low, high = 1, max_units
        best = lines
        while low <= high:
            middle = (low + high) // 2
            attempt = _greedy(tokens, middle)
            if len(attempt) <= len(lines):
                best, high = attempt, middle - 1
            else:
                low = middle + 1
        lines = best
    return [_text(line) for line in _without_lone_characters(lines, max_units)]
