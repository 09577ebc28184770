"""An editor's corrections to one annotation, kept apart from the file until saved, and how they
are written into it: in place, with tomlkit, so that comments, `guess` lines, blank lines and the
order of entries and fields stay as they were; a field the entry lacks goes where the input
contract (cenfigures/tables/contract.py) orders it.

tomlkit (pinned in requirements.txt) is the TOML library that keeps a file's layout when it changes
a value: tomllib only reads, and writing the parsed tables back out (as the drafter does for a new
file) would drop every comment and the drafter's `# guess:` lines. The one private call,
`Container._insert_after`, puts a new field beside its neighbours; tomlkit has no public way to.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import tomlkit
from tomlkit.items import AoT, Table

from cenfigures.review.entries import DECLARED_SECTIONS, EDITABLE, SOURCE, section_key
from cenfigures.tables.contract import (
    DERIVED,
    EVENT,
    FIGURE,
    INDICATOR,
    NOT_STATISTIC,
    REGION,
)
from cenfigures.tables.contract import (
    SOURCE as SOURCE_SECTION,
)

SECTIONS = {
    SOURCE: SOURCE_SECTION,
    "figure": FIGURE,
    "derived": DERIVED,
    "event": EVENT,
    "not_statistic": NOT_STATISTIC,
    "regions": REGION,
    "indicators": INDICATOR,
}


@dataclass
class Corrections:
    """What an editor changed and accepted, not yet saved. Keys are entry keys (cenfigures.review.entries)."""

    changes: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> field -> value ("" removes it)
    accepted: set[str] = field(default_factory=set)  # checked and right as they are
    not_statistics: dict[str, str] = field(default_factory=dict)  # a figure's key -> why it is no statistic
    figures: dict[str, dict[str, Any]] = field(
        default_factory=dict
    )  # a not-statistic's or a mention's key -> the figure
    new_not_statistics: dict[str, str] = field(default_factory=dict)  # words of a mention nothing accounts for -> why
    derived: dict[str, dict[str, Any]] = field(default_factory=dict)  # new derived figures by id
    declared: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # regions|indicators -> id -> fields

    def copy(self) -> Corrections:
        return copy.deepcopy(self)

    @property
    def empty(self) -> bool:
        return not (
            self.changes
            or self.accepted
            or self.not_statistics
            or self.figures
            or self.new_not_statistics
            or self.derived
            or any(self.declared.values())
        )

    def touched(self) -> set[str]:
        """The keys (in the version read) of every entry this review changes, accepts, converts or adds."""
        return (
            set(self.changes)
            | self.accepted
            | set(self.not_statistics)
            | set(self.figures)
            | {f"not_statistic:{text}" for text in self.new_not_statistics}
            | {f"derived:{item_id}" for item_id in self.derived}
            | {f"{section}:{item_id}" for section, items in self.declared.items() for item_id in items}
        )

    def change(self, key: str, name: str, value: Any) -> None:
        self.changes.setdefault(key, {})[name] = value

    def declare(self, section: str, item_id: str, fields: Mapping[str, Any]) -> None:
        if section not in DECLARED_SECTIONS:
            raise ValueError(f"only {', '.join(DECLARED_SECTIONS)} are declared from the review screen")
        self.declared.setdefault(section, {})[item_id] = dict(fields)


def _plain(value: Any) -> Any:
    return value.unwrap() if hasattr(value, "unwrap") else value


def set_field(table: Table, section: str, name: str, value: Any) -> None:
    """Set `name` in `table` where it stands, or where the contract orders it when absent; a value of
    "" or None removes it."""
    if value is None or value == "":
        if name in table:
            del table[name]
        return
    if name in table:
        table[name] = value
        return
    order = SECTIONS[section].names
    before = [other for other in order[: order.index(name)] if other in table] if name in order else []
    container = table.value
    if before:
        container._insert_after(before[-1], name, value)  # tomlkit has no public insert
    else:
        container._insert_at(0, name, value)


def _stamp(table: Table, section: str, reviewer: str, at: str) -> None:
    set_field(table, section, "reviewed", True)
    set_field(table, section, "reviewed_by", reviewer)
    set_field(table, section, "reviewed_at", at)


def _new_table(section: str, fields: Mapping[str, Any]) -> Table:
    table = tomlkit.table()
    for name, value in SECTIONS[section].ordered({k: v for k, v in fields.items() if v not in ("", None)}).items():
        if isinstance(value, Mapping):  # a derived figure's inputs: inline, or the fields after it would join it
            inline = tomlkit.inline_table()
            inline.update(value)
            value = inline
        table.add(name, value)
    return table


def _append(doc: tomlkit.TOMLDocument, section: str, table: Table) -> None:
    """Append an entry to the array of tables `section` (made when absent), after a blank line."""
    listed = doc.get(section)
    if isinstance(listed, AoT) and len(listed):
        last = listed[-1]
        if not last.as_string().endswith("\n\n"):
            table.trivia.indent = "\n"
        listed.append(table)
        return
    aot = tomlkit.aot()
    aot.append(table)
    doc.append(section, aot)


def _entries(doc: tomlkit.TOMLDocument, section: str) -> list[tuple[str, int, Any]]:
    listed = doc.get(section)
    if not isinstance(listed, AoT):
        return []
    seen: dict[str, int] = {}
    return [(section_key(section, _plain(entry), index, seen), index, entry) for index, entry in enumerate(listed)]


def apply(text: str, corrections: Corrections, reviewer: str, at: str) -> str:
    """The annotation `text` with the corrections written in: changed fields set in place, every
    entry changed, accepted or added stamped `reviewed = true`, `reviewed_by`, `reviewed_at`;
    figures turned into not-statistics and back; new derived figures, regions and indicators added.
    Keys that name no entry of the text are left out (the file changed under them: the caller
    compares versions first)."""
    doc = tomlkit.parse(text)
    stamped: set[int] = set()

    def stamp(table: Table, section: str) -> None:
        if id(table) not in stamped:
            stamped.add(id(table))
            _stamp(table, section, reviewer, at)

    source = doc.get(SOURCE)
    if isinstance(source, Table):
        for name, value in corrections.changes.get(SOURCE, {}).items():
            if name in EDITABLE[SOURCE]:
                set_field(source, SOURCE, name, value)
        if SOURCE in corrections.changes or (SOURCE in corrections.accepted and source.get("reviewed", True) is False):
            stamp(source, SOURCE)

    removed: dict[str, list[int]] = {}
    figure_words: dict[str, str] = {}  # a figure turned into a not-statistic: its number words
    for section in ("figure", "derived", "event", "not_statistic"):
        for key, index, entry in _entries(doc, section):
            if key in corrections.not_statistics and section == "figure":
                figure_words[key] = str(entry.get("number", ""))
                removed.setdefault(section, []).append(index)
                continue
            if key in corrections.figures and section == "not_statistic":
                removed.setdefault(section, []).append(index)
                continue
            for name, value in corrections.changes.get(key, {}).items():
                if name in EDITABLE[section]:
                    set_field(entry, section, name, value)
            if key in corrections.changes or (key in corrections.accepted and entry.get("reviewed", True) is False):
                stamp(entry, section)  # accepting what someone already reviewed keeps their stamp
    turned_ids = {key.split(":", 1)[1] for key in figure_words}
    for section, indexes in removed.items():
        listed = doc[section]
        for index in sorted(indexes, reverse=True):
            del listed[index]
    # a not-statistic that restates a figure no longer stated goes with it
    for _key, index, entry in reversed(_entries(doc, "not_statistic")):
        if entry.get("restates") in turned_ids:
            del doc["not_statistic"][index]

    # a not-statistic made on the screen and then made a figure again is not written at all
    refigured = {key.split(":", 1)[1] for key in corrections.figures if key.startswith("not_statistic:")}
    for key, words in figure_words.items():
        if words not in refigured:
            _append(doc, "not_statistic", _new_ns(words, corrections.not_statistics[key], reviewer, at))
    for text_, reason in corrections.new_not_statistics.items():
        if text_ not in refigured:
            _append(doc, "not_statistic", _new_ns(text_, reason, reviewer, at))
    for fields in corrections.figures.values():
        table = _new_table("figure", fields)
        _stamp(table, "figure", reviewer, at)
        _append(doc, "figure", table)
    for item_id, fields in corrections.derived.items():
        table = _new_table("derived", {**fields, "id": item_id})
        _stamp(table, "derived", reviewer, at)
        _append(doc, "derived", table)
    for section in DECLARED_SECTIONS:
        for item_id, fields in corrections.declared.get(section, {}).items():
            _declare(doc, section, item_id, fields, reviewer)
    return tomlkit.dumps(doc)


def _new_ns(text: str, reason: str, reviewer: str, at: str) -> Table:
    table = _new_table("not_statistic", {"text": text, "reason": reason})
    _stamp(table, "not_statistic", reviewer, at)
    return table


def _declare(doc: tomlkit.TOMLDocument, section: str, item_id: str, fields: Mapping[str, Any], reviewer: str) -> None:
    """A region or indicator the article declares, as [<section>.<id>], with a comment naming who."""
    table = _new_table(section, fields)
    table.comment(f"declared on the review screen by {reviewer}")
    holder = doc.get(section)
    if not isinstance(holder, Table):
        holder = tomlkit.table(is_super_table=True)
        doc.append(section, holder)
    holder.append(item_id, table)


def changed_keys(corrections: Corrections, keys: Iterable[str]) -> list[str]:
    """Of `keys`, the ones the corrections touch (for telling an editor which of theirs differ)."""
    touched = corrections.touched()
    return [key for key in keys if key in touched]
