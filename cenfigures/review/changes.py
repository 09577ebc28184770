"""What changed between two versions of an annotation, entry by entry, field by field: the "diff in
words" the review screen shows for each version in an article's history, the list a refused save
names, and the message of the commit a save makes (English, as prep's messages: a record for git)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cenfigures.review.entries import REVIEW_FIELDS, declared_of, entries_of


@dataclass(frozen=True)
class Change:
    key: str  # the entry's key (cenfigures.review.entries)
    label: str  # its id or words
    section: str  # source, figure, derived, event, not_statistic, regions, indicators
    what: str  # added, removed, changed, reviewed (only the review fields changed)
    fields: tuple[tuple[str, Any, Any], ...] = ()  # (field, before, after); None where absent

    @property
    def reviewer(self) -> str:
        return next((str(after) for name, _, after in self.fields if name == "reviewed_by" and after), "")


def _keyed(raw: Mapping[str, Any]) -> dict[str, tuple[str, str, Mapping[str, Any]]]:
    found: dict[str, tuple[str, str, Mapping[str, Any]]] = {
        entry.key: (entry.section, entry.label, entry.fields) for entry in entries_of(raw)
    }
    for section, item_id, fields in declared_of(raw):
        found[f"{section}:{item_id}"] = (section, item_id, fields)
    return found


def entry_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Change]:
    """Every entry added, removed or changed from `before` to `after` (parsed annotations), in the
    order of `after` and then the removed ones."""
    old, new = _keyed(before), _keyed(after)
    found = []
    for key, (section, label, fields) in new.items():
        if key not in old:
            found.append(Change(key, label, section, "added", tuple((n, None, v) for n, v in fields.items())))
            continue
        previous = old[key][2]
        differ = tuple(
            (name, previous.get(name), fields.get(name))
            for name in dict.fromkeys([*previous, *fields])
            if previous.get(name) != fields.get(name)
        )
        if differ:
            only_review = all(name in REVIEW_FIELDS for name, _, _ in differ)
            found.append(Change(key, label, section, "reviewed" if only_review else "changed", differ))
    for key, (section, label, fields) in old.items():
        if key not in new:
            found.append(Change(key, label, section, "removed", tuple((n, v, None) for n, v in fields.items())))
    return found


def _value(value: Any) -> str:
    return "(none)" if value is None else str(value).lower() if isinstance(value, bool) else str(value)


def sentence(change: Change) -> str:
    """One change in English words: `fig-1: kind observed -> target; period 2024 -> 2025`."""
    if change.what == "added":
        detail = {"not_statistic": "listed as no statistic"}.get(change.section, f"{change.section} added")
        reason = dict((n, a) for n, _, a in change.fields).get("reason")
        return f"{change.label}: {detail}" + (f" ({reason})" if reason else "")
    if change.what == "removed":
        return f"{change.label}: {change.section} removed"
    if change.what == "reviewed":
        return f"{change.label}: accepted"
    parts = [f"{name} {_value(old)} -> {_value(new)}" for name, old, new in change.fields if name not in REVIEW_FIELDS]
    return f"{change.label}: " + "; ".join(parts)


def commit_message(file_name: str, changes: Iterable[Change], verb: str = "Review") -> str:
    """`Review <file>: 3 accepted, 2 corrected, 1 added, 1 removed`, then one line per change."""
    changes = list(changes)
    counts = {
        "accepted": sum(c.what == "reviewed" for c in changes),
        "corrected": sum(c.what == "changed" for c in changes),
        "added": sum(c.what == "added" for c in changes),
        "removed": sum(c.what == "removed" for c in changes),
    }
    summary = ", ".join(f"{count} {word}" for word, count in counts.items() if count) or "no change"
    lines = [sentence(change) for change in changes]
    return f"{verb} {file_name}: {summary}\n\n" + "\n".join(lines) + ("\n" if lines else "")
