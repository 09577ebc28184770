"""The entries of an article's annotation as the review screen names them.

Every entry has a key that stays the same while it is corrected and across versions of the file:
`source`, `figure:<id>`, `derived:<id>`, `event:<id>`, `not_statistic:<text>` (`#2`, `#3` after
the text for a second and third entry of the same words), `regions:<id>` and `indicators:<id>` for
the registry entries the article declares. An entry without a readable id is `figure#<n>` (from 1).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

SOURCE = "source"
# The sections of an article whose entries are reviewed one by one, in the order of the file.
REVIEWED_SECTIONS = ("figure", "derived", "event", "not_statistic")
DECLARED_SECTIONS = ("regions", "indicators")
# What a reviewer may correct in each section (the rest is the article's words or the drafter's record).
EDITABLE: dict[str, tuple[str, ...]] = {
    SOURCE: ("title_zh", "title_en", "publisher_zh", "publisher_en", "published"),
    "figure": ("kind", "period", "region", "indicator", "indicator_zh", "indicator_en", "topic", "note_zh", "note_en"),
    "derived": ("period", "region", "indicator", "indicator_zh", "indicator_en", "topic", "note_zh", "note_en"),
    "event": ("date", "date_end", "title_zh", "title_en", "topic", "region"),
    "not_statistic": ("reason",),
}
REVIEW_FIELDS = ("reviewed", "reviewed_by", "reviewed_at")


@dataclass(frozen=True)
class Entry:
    key: str
    section: str  # source, figure, derived, event, not_statistic
    index: int  # its place among the entries of its section
    fields: Mapping[str, Any]

    @property
    def label(self) -> str:
        """How the entry is named to a person: its id, or a not-statistic's words."""
        if self.section == "not_statistic":
            return str(self.fields.get("text", ""))
        return self.key.split(":", 1)[-1]

    @property
    def reviewed(self) -> bool:
        """Absent means reviewed (hand-written annotations predate the drafter)."""
        return self.fields.get("reviewed", True) is not False


def section_key(section: str, entry: Any, index: int, seen: dict[str, int]) -> str:
    """The key of the `index`-th entry of `section`; `seen` counts not-statistic texts so far."""
    if not isinstance(entry, Mapping):
        return f"{section}#{index + 1}"
    if section == "not_statistic":
        text = str(entry.get("text", ""))
        seen[text] = seen.get(text, 0) + 1
        return f"not_statistic:{text}" + (f"#{seen[text]}" if seen[text] > 1 else "")
    item_id = entry.get("id")
    return f"{section}:{item_id}" if isinstance(item_id, str) and item_id else f"{section}#{index + 1}"


def _listed(raw: Mapping[str, Any], section: str) -> list[Any]:
    entries = raw.get(section, [])
    return entries if isinstance(entries, list) else [entries]


def entries_of(raw: Mapping[str, Any]) -> list[Entry]:
    """The source, then every figure, derived figure, event and not-statistic, in the file's order."""
    found = []
    source = raw.get(SOURCE)
    if isinstance(source, Mapping):
        found.append(Entry(SOURCE, SOURCE, 0, dict(source)))
    for section in REVIEWED_SECTIONS:
        seen: dict[str, int] = {}
        for index, entry in enumerate(_listed(raw, section)):
            fields = dict(entry) if isinstance(entry, Mapping) else {}
            found.append(Entry(section_key(section, entry, index, seen), section, index, fields))
    return found


def declared_of(raw: Mapping[str, Any]) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    """(section, id, fields) of every region and indicator the article declares."""
    for section in DECLARED_SECTIONS:
        table = raw.get(section, {})
        for item_id, fields in table.items() if isinstance(table, Mapping) else ():
            yield section, str(item_id), fields if isinstance(fields, Mapping) else {}


def by_key(raw: Mapping[str, Any]) -> dict[str, Entry]:
    return {entry.key: entry for entry in entries_of(raw)}


def key_of_item(raw: Mapping[str, Any], item_id: str) -> str:
    """The entry key of a problem's item as prep names it (`hebei-nc-2025`, `not_statistic '十九届'`,
    `figure #3`, `regions.suzhou`, `source`); "" for the file as a whole (`-`)."""
    if item_id in ("", "-"):
        return ""
    if item_id == SOURCE:
        return SOURCE
    for section in DECLARED_SECTIONS:
        if item_id.startswith(f"{section}."):
            return f"{section}:{item_id.split('.', 1)[1]}"
    if item_id.startswith("not_statistic "):
        words = item_id.removeprefix("not_statistic ").strip()
        text = words[1:-1] if len(words) >= 2 and words[0] == words[-1] and words[0] in "'\"" else words
        return f"not_statistic:{text}" if not text.startswith("#") else f"not_statistic{text.replace(' ', '')}"
    for section in ("figure", "derived", "event"):
        if item_id.startswith(f"{section} #"):
            return f"{section}#{item_id.split('#', 1)[1]}"
    for entry in entries_of(raw):
        if entry.section in ("figure", "derived", "event") and entry.fields.get("id") == item_id:
            return entry.key
    return ""
