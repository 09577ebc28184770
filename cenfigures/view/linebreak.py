"""Breaking Chinese and English text into lines by display width, for chart titles, labels and
source lines (plotly does not wrap text itself).

The rules of Chinese typesetting (禁则, as in Unicode UAX #14 and the W3C's clreq): a line never
starts with closing punctuation (”，。、）…) nor ends with opening punctuation (“（《); a run of
Latin letters, digits and their joiners ("CC/TV-16", "department's", "4K/8K") is never split; and
no line is left with a single character when the text can be balanced. A CJK character counts as
two display units, a Latin one as one.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Characters a line must not start with (closing marks, and what belongs to the word before).
NO_LINE_START = set("”’」』）》〉】〕］｝，。、；：！？…—‰％%)]}>,.;:!?·～")
# Characters a line must not end with (opening marks).
NO_LINE_END = set("“‘「『（《〈【〔［｛([{<")
# One token: a run of Latin letters/digits with their joiners, or any other single character.
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.,'’/+\-&]*[A-Za-z0-9%]?|\s+|.", re.S)


def display_units(value: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in value)


def _tokens(value: str) -> list[str]:
    """Tokens, with closing punctuation glued to the token before it and opening punctuation to
    the token after it, so that no break can fall between them."""
    raw = _TOKEN.findall(value)
    tokens: list[str] = []
    pending_open = ""
    for token in raw:
        if token in NO_LINE_END and not token.isspace():
            pending_open += token
            continue
        token = pending_open + token
        pending_open = ""
        if tokens and (token[0] in NO_LINE_START) and not tokens[-1].isspace():
            tokens[-1] += token
        else:
            tokens.append(token)
    if pending_open:
        if tokens:
            tokens[-1] += pending_open
        else:
            tokens.append(pending_open)
    return tokens


def _greedy(tokens: list[str], max_units: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for token in tokens:
        candidate = current + token
        if current.strip() and display_units(candidate.rstrip()) > max_units:
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current = candidate
    if current.strip():
        lines.append(current.rstrip())
    return lines


@functools.lru_cache(maxsize=8192)  # the same labels are wrapped on every chart of every view
def _wrapped(value: str, max_units: int, balance: bool) -> tuple[str, ...]:
    return tuple(_wrap(value, max_units, balance))


def wrap(value: str, max_units: int, balance: bool = True) -> list[str]:
    """`value` in lines of at most `max_units` display units (a longer unbreakable token stands
    alone). With `balance`, lines are made about equally long (the fewest lines the text needs),
    so a title never ends with one lonely character."""
    return list(_wrapped(value, max_units, balance))


def _wrap(value: str, max_units: int, balance: bool = True) -> list[str]:
    """`value` in lines of at most `max_units` display units (a longer unbreakable token stands
    alone). With `balance`, lines are made about equally long (the fewest lines the text needs),
    so a title never ends with one lonely character."""
    value = " ".join(value.split()) if not re.search(r"[\u3000-\u9fff]", value) else value.replace("\n", "")
    if not value.strip():
        return []
    tokens = _tokens(value)
    lines = _greedy(tokens, max_units)
    if not balance or len(lines) < 2:
        return lines
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
    return best
