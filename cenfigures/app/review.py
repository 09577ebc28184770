"""The /review page (editors only): one article's draft reviewed beside its text.

The article with every numeric mention marked by its state (cenfigures/app/review_article.py), its
entries as an editable table, the entry picked (from the table, the list or a mark) with its quote,
the drafter's guess, prep's message when it breaks a rule and the choices the corpus offers; the
progress always in view; save, and the article's history with a restore.

The one module of the app that reaches seeds/ besides /add (tests/test_layers.py): it calls the
review engine (cenfigures.review), which asks prep for every verdict. Corrections live in this
session until saved; every save and restore asks the server again who the session is
(cenfigures.app.editors), whatever the page showed.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from cenfigures.app import editors
from cenfigures.app.context import PageContext
from cenfigures.app.review_article import escaped_article_html, escaped_legend_html, show_article
from cenfigures.app.widgets import md_escape
from cenfigures.review import history
from cenfigures.review.changes import Change, entry_changes
from cenfigures.review.check import STATES, Checked, annotation_of, check, progress, registry, unit_refusal
from cenfigures.review.corrections import Corrections, apply
from cenfigures.review.entries import EDITABLE, SOURCE, Entry, entries_of
from cenfigures.review.save import Conflict, Refused, Saved, Version, read_version, recover_now, restore, save
from cenfigures.tables.paths import DATA_DIR, SEEDS_DIR
from cenfigures.tables.vocab import KINDS, MEASURES, UNITS

_SESSIONS = "_cenfigures_review"  # annotation name -> Session, kept while the browser tab lives
FIGURE_KINDS = tuple(k for k in KINDS if k != "derived")
SHOW = ("all", "unreviewed", "problems")
ROW_KINDS = ("any", *FIGURE_KINDS, "event", "not_statistic", "derived", "mention")
ACCEPT_NEXT, NEXT, PREVIOUS = "Alt+A", "Alt+N", "Alt+P"
# a cell with no region, indicator or topic: the grid draws None and "" alike as the word "None"
NOTHING = "—"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass
class Session:
    """One article under review in this browser tab: the version read and the corrections made."""

    name: str
    base: Version
    corrections: Corrections = field(default_factory=Corrections)
    current: str = ""
    generation: int = 0  # changes whenever the corrections change: widgets are drawn again from them
    scroll: int = 0  # asks the article to bring something into view, once per change
    where: str = ""  # article (the mark of the entry picked) or entry (its panel)
    note: tuple[str, str] = ("", "")  # (kind, words) shown once: info, success, error
    refusal: tuple[str, str] = ("", "")  # (entry key, prep's words): a choice refused at once
    conflict: Conflict | None = None
    refused: list[str] = field(default_factory=list)
    saved: Saved | None = None
    units: dict[str, str] = field(default_factory=dict)  # from the last check: a figure's unit
    keys: list[str] = field(default_factory=list)  # the table's rows, in order, as last drawn
    raw: dict[str, Any] = field(default_factory=dict)  # the corrected annotation, as last checked
    left: dict[str, list[str]] = field(default_factory=dict)  # prep's words -> entries Accept the rest left

    def changed(self, where: str = "") -> None:
        self.generation += 1
        self.saved = None  # the last save's message stays until the next correction
        if where:
            self.scroll += 1
            self.where = where


def _sessions() -> dict[str, Session]:
    return st.session_state.setdefault(_SESSIONS, {})


def _session(name: str) -> Session:
    sessions = _sessions()
    session = sessions.get(name)
    if session is None:
        session = sessions[name] = Session(name, read_version(SEEDS_DIR, name))
    elif session.corrections.empty and session.conflict is None:
        current = read_version(SEEDS_DIR, name)
        if current.sha256 != session.base.sha256:  # saved elsewhere meanwhile: nothing of ours to keep
            session.base = current
            session.changed()
    return session


def _pending(session: Session, editor: str) -> str:
    return apply(session.base.text, session.corrections, editor, "")


# ------------------------------------------------------------------ what the corrections do


def _new_entry(session: Session, key: str) -> dict[str, Any] | None:
    """The fields of an entry this review adds (a figure from a not-statistic or a mention, a derived
    figure), which corrections to it change directly."""
    section, _, item_id = key.partition(":")
    if section == "figure":
        return next((f for f in session.corrections.figures.values() if f.get("id") == item_id), None)
    if section == "derived":
        return session.corrections.derived.get(item_id)
    return None


def _edit(session: Session, key: str, name: str, value: Any) -> None:
    """One correction of one field; an indicator whose unit is not the figure's is refused at once,
    in prep's words, and not kept."""
    value = value.strip() if isinstance(value, str) else value
    if name == "indicator" and value and key in session.units:
        reason = unit_refusal(SEEDS_DIR, session.name, session.raw, value, session.units[key])
        if reason:
            session.refusal = (key, reason)
            session.changed()
            return
    added = _new_entry(session, key)
    if added is not None:
        added[name] = value
    else:
        original = next((e for e in entries_of(tomllib.loads(session.base.text)) if e.key == key), None)
        before = original.fields.get(name, "") if original else ""
        changes = session.corrections.changes
        if (value or "") == (before or ""):
            changes.get(key, {}).pop(name, None)
            if key in changes and not changes[key]:
                del changes[key]
        else:
            session.corrections.change(key, name, value)
    session.refusal = ("", "")
    session.current = key
    session.changed()


def _on_field(name: str, key: str, field_name: str, widget: str) -> None:
    session = _sessions()[name]
    _edit(session, key, field_name, st.session_state.get(widget))


def _accept(session: Session, keys: list[str], editor: str) -> list[str]:
    """Accept `keys` that prep finds nothing against once reviewed; the ones accepted."""
    trial = session.corrections.copy()
    trial.accepted |= set(keys)
    checked = check(SEEDS_DIR, session.name, apply(session.base.text, trial, editor, ""))
    good = [key for key in keys if not checked.of(key)]
    session.corrections.accepted |= set(good)
    session.left = {}
    for key in keys:
        for reason in checked.of(key)[:1]:  # the first of an entry's problems names why it was left
            session.left.setdefault(reason, []).append(key)
    return good


def _select(session: Session, key: str, where: str) -> None:
    session.current = key
    session.refusal = ("", "")
    session.scroll += 1
    session.where = where


def _on_pick(name: str, component_key: str) -> None:
    session = _sessions()[name]
    state = st.session_state.get(component_key)
    picked = getattr(state, "picked", None) if state is not None else None
    if picked is None and isinstance(state, dict):
        picked = state.get("picked")
    if isinstance(picked, str) and picked:
        _select(session, picked, "entry")
        session.generation += 1


def _on_choose(name: str, widget: str) -> None:
    session = _sessions()[name]
    _select(session, str(st.session_state.get(widget) or ""), "article")


def _neighbour(session: Session, step: int, unreviewed_only: bool = False) -> str:
    keys = session.keys
    if not keys:
        return ""
    start = keys.index(session.current) if session.current in keys else -1
    reviewed = {e.key: e.reviewed for e in entries_of(session.raw)}
    for offset in range(1, len(keys) + 1):
        key = keys[(start + step * offset) % len(keys)]
        if not unreviewed_only or not reviewed.get(key, False):
            return key
    return ""


def _on_move(name: str, step: int) -> None:
    session = _sessions()[name]
    key = _neighbour(session, step)
    if key:
        _select(session, key, "article")
        session.generation += 1


def _on_accept_next(name: str) -> None:
    session = _sessions()[name]
    editor = editors.current_editor()
    if editor is None or not session.current:
        return
    key = session.current
    if key.startswith("mention:") or _new_entry(session, key) is not None:
        good = [key]
    else:
        good = _accept(session, [key], editor)
    if not good:
        session.note = ("error", "rv.accept_refused")
        session.changed()
        return
    following = _neighbour(session, 1, unreviewed_only=True)
    session.changed()
    if following and following != key:
        _select(session, following, "article")


def _on_accept_rest(name: str, keys: list[str]) -> None:
    session = _sessions()[name]
    editor = editors.current_editor()
    if editor is None:
        return
    reviewed = {e.key: e.reviewed for e in entries_of(session.raw)}
    candidates = [k for k in keys if not reviewed.get(k, True) and not k.startswith("mention:")]
    good = _accept(session, candidates, editor)
    session.note = ("accepted", f"{len(good)}/{len(candidates)}")
    session.changed()


def _on_undo(name: str, key: str) -> None:
    session = _sessions()[name]
    corrections = session.corrections
    corrections.changes.pop(key, None)
    corrections.accepted.discard(key)
    corrections.not_statistics.pop(key, None)
    corrections.figures.pop(key, None)
    if key.startswith("mention:"):
        corrections.new_not_statistics.pop(key, None)
    session.changed()


def _on_not_statistic(name: str, key: str, widget: str) -> None:
    session = _sessions()[name]
    reason = str(st.session_state.get(widget) or "").strip()
    if not reason:
        session.note = ("error", "rv.reason_needed")
        return
    if key.startswith("mention:"):
        start = int(key.split(":", 1)[1])
        mark = next((m for m in _marks_of(session) if m.start == start), None)
        if mark is not None:
            session.corrections.new_not_statistics[mark.text] = reason
            session.current = f"not_statistic:{mark.text}"
    else:
        session.corrections.not_statistics[key] = reason
        entry = next((e for e in entries_of(session.raw) if e.key == key), None)
        session.current = f"not_statistic:{entry.fields.get('number', '')}" if entry else ""
    session.changed("article")


def _marks_of(session: Session):
    return check(SEEDS_DIR, session.name, _pending(session, "")).marks


def _on_to_figure(name: str, key: str, prefix: str) -> None:
    session = _sessions()[name]
    values = {f: str(st.session_state.get(f"{prefix}{f}") or "").strip() for f in _NEW_FIGURE_FIELDS}
    values = {f: v for f, v in values.items() if v}
    if not values.get("id") or not _ID.match(values["id"]):
        session.note = ("error", "rv.id_needed")
        return
    session.corrections.figures[key] = values
    session.current = f"figure:{values['id']}"
    session.changed("article")


_NEW_FIGURE_FIELDS = (
    "id",
    "topic",
    "region",
    "indicator",
    "indicator_zh",
    "indicator_en",
    "period",
    "kind",
    "quote",
    "number",
)


def _on_declare(name: str, section: str, prefix: str, names: tuple[str, ...]) -> None:
    session = _sessions()[name]
    values: dict[str, Any] = {}
    for f in names:
        value = st.session_state.get(f"{prefix}{f}")
        if isinstance(value, str):
            value = value.strip()
        if value not in (None, ""):
            values[f] = value
    item_id = str(values.pop("id", ""))
    if not item_id:
        session.note = ("error", "rv.id_needed")
        return
    if section == "regions":
        values["level"] = "city"
    session.corrections.declare(section, item_id, values)
    session.note = ("declared", item_id)
    session.changed()


def _on_derived(name: str, prefix: str) -> None:
    session = _sessions()[name]
    get = lambda f: str(st.session_state.get(f"{prefix}{f}") or "").strip()  # noqa: E731
    item_id = get("id")
    if not item_id or not _ID.match(item_id):
        session.note = ("error", "rv.id_needed")
        return
    inputs = {}
    for number in range(1, 4):
        input_name, figure = get(f"input{number}_name"), get(f"input{number}_figure")
        if input_name and figure:
            inputs[input_name] = figure
    fields = {
        f: get(f) for f in ("topic", "region", "indicator", "indicator_zh", "indicator_en", "period", "unit", "formula")
    }
    session.corrections.derived[item_id] = {k: v for k, v in fields.items() if v} | {"inputs": inputs}
    session.current = f"derived:{item_id}"
    session.changed("article")


def _on_table(name: str, widget: str) -> None:
    """The table's edits: each cell a correction of its entry's field (the table is drawn again)."""
    session = _sessions()[name]
    state = st.session_state.get(widget) or {}
    for row, edits in (state.get("edited_rows") or {}).items():
        if int(row) >= len(session.keys):
            continue
        key = session.keys[int(row)]
        section = key.split(":", 1)[0].split("#", 1)[0]
        for column, value in edits.items():
            if column == "accept":
                if value and not key.startswith("mention:"):
                    editor = editors.current_editor()
                    if editor and not _accept(session, [key], editor):
                        session.note = ("error", "rv.accept_refused")
                elif not value:
                    session.corrections.accepted.discard(key)
                session.current = key
                continue
            field_name = _TABLE_FIELDS.get(section, {}).get(column)
            if field_name:
                _edit(session, key, field_name, "" if value in (None, NOTHING) else value)
        session.current = key
    session.changed("article")


# the table's columns -> the field of each section they correct
_TABLE_FIELDS: dict[str, dict[str, str]] = {
    "figure": {
        "kind": "kind",
        "when": "period",
        "region": "region",
        "indicator": "indicator",
        "topic": "topic",
        "label_zh": "indicator_zh",
        "label_en": "indicator_en",
    },
    "derived": {
        "when": "period",
        "region": "region",
        "indicator": "indicator",
        "topic": "topic",
        "label_zh": "indicator_zh",
        "label_en": "indicator_en",
    },
    "event": {"when": "date", "region": "region", "topic": "topic", "label_zh": "title_zh", "label_en": "title_en"},
    "not_statistic": {"label_zh": "reason"},
}


def _write(name: str, write) -> None:
    """A write of the article by the signed-in editor (`write(session, editor)`: a save or a restore):
    its outcome (saved, refused by prep, refused for a newer version) kept for the page to show."""
    session = _sessions()[name]
    editor = editors.current_editor()  # the write asks again, whatever the page showed
    if editor is None:
        session.note = ("error", "rv.not_editor")
        return
    session.conflict, session.refused, session.saved = None, [], None
    try:
        saved = write(session, editor)
    except Conflict as conflict:
        session.conflict = conflict
        return
    except Refused as refused:
        session.refused = refused.lines
        return
    session.changed()
    if saved is not None:
        session.base = saved.version
        session.corrections = Corrections()
        session.saved = saved


def _on_save(name: str) -> None:
    _write(name, lambda session, editor: save(SEEDS_DIR, DATA_DIR, name, session.base, session.corrections, editor))


def _on_reload(name: str) -> None:
    """After a refused save: read the new version, keep the corrections to apply again."""
    session = _sessions()[name]
    if session.conflict is not None:
        session.base = session.conflict.current
    session.conflict = None
    session.changed()


def _on_restore(name: str, commit: str) -> None:
    _write(name, lambda session, editor: restore(SEEDS_DIR, DATA_DIR, name, session.base, commit, editor))


# ------------------------------------------------------------------ drawing


@dataclass(frozen=True)
class Choices:
    """What the corpus offers: ids and how each is shown."""

    regions: dict[str, str]
    indicators: dict[str, str]
    indicator_units: dict[str, str]
    topics: dict[str, str]
    provinces: dict[str, str]


def _choices(ctx: PageContext, session: Session) -> Choices:
    t = ctx.t
    found = registry(SEEDS_DIR, session.name, session.raw)
    lang = ctx.state.lang
    regions = {rid: str(f.get(f"name_{lang}") or f.get("name_zh") or rid) for rid, f in found.regions.items()}
    units = {iid: str(f.get("unit", "")) for iid, f in found.indicators.items()}
    indicators = {
        iid: f"{f.get(f'name_{lang}') or f.get('name_zh') or iid} · {t.unit(units[iid]) if units[iid] else ''}"
        for iid, f in found.indicators.items()
    }
    topics_table = ctx.dataset.table("topics")
    names = dict(zip(topics_table.get("topic_id", ()), topics_table.get(f"name_{lang}", ()), strict=False))
    topics = {topic: str(names.get(topic, topic)) for topic in found.topics}
    provinces = {rid: name for rid, name in regions.items() if found.regions[rid].get("level") == "province"}
    return Choices(regions, indicators, units, topics, provinces)


def _state_of(entry: Entry | None, key: str, checked: Checked) -> str:
    if key.startswith("mention:") or checked.of(key):
        return "problem"
    if entry is None:
        return "problem"
    if entry.section == "event":
        return "event" if entry.reviewed else "draft_event"
    if entry.section == "not_statistic":
        return "not_statistic"
    return "figure" if entry.reviewed else "draft"


def _rows(ctx: PageContext, checked: Checked, entries: list[Entry]) -> list[dict[str, Any]]:
    """One row per entry (figure, derived, event, not-statistic) and per mention nothing accounts for."""
    t = ctx.t
    rows = []
    source_id = next((str(e.fields.get("id", "")) for e in entries if e.section == SOURCE), "")
    for entry in entries:
        if entry.section == SOURCE:
            continue
        f = entry.fields
        section = entry.section
        label = entry.label
        rows.append(
            {
                "key": entry.key,
                "accept": entry.reviewed,
                # an id without the article's id before it: "007", not "jiangsu-…-2024-007"
                "entry": label.removeprefix(f"{source_id}-") if source_id and section != "not_statistic" else label,
                "number": str(f.get("number") or f.get("text") or f.get("formula") or f.get("quote", ""))[:40],
                "kind": f.get("kind") if section == "figure" else section,
                "when": str(f.get("period") or f.get("date") or ""),
                "region": f.get("region") or NOTHING,
                "indicator": f.get("indicator") or NOTHING,
                "topic": f.get("topic") or NOTHING,
                "label_zh": str(f.get("indicator_zh") or f.get("title_zh") or f.get("reason") or ""),
                "label_en": str(f.get("indicator_en") or f.get("title_en") or ""),
                "problem": "; ".join(checked.of(entry.key)),
                "state": _state_of(entry, entry.key, checked),
            }
        )
    for mark in checked.marks:
        if mark.key.startswith("mention:"):
            rows.append(
                {
                    "key": mark.key,
                    "accept": False,
                    "entry": t("rv.mention", text=mark.text),
                    "number": mark.text,
                    "kind": "mention",
                    "when": "",
                    "region": NOTHING,
                    "indicator": NOTHING,
                    "topic": NOTHING,
                    "label_zh": "",
                    "label_en": "",
                    "problem": "; ".join(checked.of(mark.key)),
                    "state": "problem",
                }
            )
    return rows


def _shown(rows: list[dict[str, Any]], show: str, kind: str) -> list[dict[str, Any]]:
    if show == "unreviewed":
        rows = [r for r in rows if not r["accept"]]
    elif show == "problems":
        rows = [r for r in rows if r["state"] == "problem"]
    if kind != "any":
        rows = [r for r in rows if r["kind"] == kind]
    return rows


def _progress(ctx: PageContext, session: Session, checked: Checked, editor: str) -> None:
    """Always in view (a sticky bar): how many entries are reviewed, the problems, save."""
    t = ctx.t
    done, total = progress(checked.raw)
    problems = len(checked.lines)
    with st.container(key="rv-progress", border=True):
        left, right = st.columns([3, 2], vertical_alignment="center")
        with left:
            st.progress(done / total if total else 1.0, text=t("rv.progress", done=done, total=total))
            parts = [t("rv.problems", count=problems) if problems else t("rv.no_problems")]
            if not session.corrections.empty:
                parts.append(t("rv.unsaved"))
            st.caption(md_escape(t.listing(parts)))
        with right:
            st.button(
                t("rv.save"),
                type="primary",
                icon=":material/save:",
                disabled=session.corrections.empty or problems > 0,
                on_click=_on_save,
                args=(session.name,),
                key=f"_rv_save_{session.name}",
                width="stretch",
                help=t("rv.save_help", editor=editor),
            )
        _messages(ctx, session)  # in the bar: a save's outcome is seen wherever the page was scrolled to
    # Sticky: the container's wrapper is as tall as the container itself, so the wrapper sticks.
    st.html(
        '<style>[data-testid="stLayoutWrapper"]:has(> .st-key-rv-progress){position:sticky;top:3.75rem;'
        "z-index:20}.st-key-rv-progress{background:var(--st-background-color,#fff)}</style>"
    )


def _messages(ctx: PageContext, session: Session) -> None:
    t = ctx.t
    kind, words = session.note
    session.note = ("", "")
    if kind == "error":
        st.error(t(words), icon=":material/error:")
    elif kind == "accepted":
        done, candidates = words.split("/")
        st.info(t("rv.accepted_rest", done=int(done), left=int(candidates) - int(done)), icon=":material/done_all:")
    elif kind == "declared":
        st.success(t("rv.declared", id=words), icon=":material/add_circle:")
    if kind == "accepted" or words == "rv.accept_refused":  # why prep would not let them be accepted
        labels = {entry.key: entry.label for entry in entries_of(session.raw)}
        source_id = str(session.raw.get("source", {}).get("id", ""))
        for reason, keys in session.left.items():
            named = [labels.get(key, key).removeprefix(f"{source_id}-") for key in keys]
            st.caption(md_escape(t("rv.accepted_rest.left", entries=t.join(named), reason=reason)))
    if session.saved is not None:
        saved = session.saved
        st.success(
            md_escape(
                t(
                    "rv.saved",
                    commit=saved.commit[:10],
                    count=len(saved.changes),
                    seconds=f"{saved.rebuild_seconds:.1f}",
                )
            ),
            icon=":material/task_alt:",
        )
    if session.conflict is not None:
        conflict = session.conflict
        mine = set(session.corrections.touched())
        listed = [c.label + (t("rv.conflict.also_yours") if c.key in mine else "") for c in conflict.changes]
        st.error(
            md_escape(t("rv.conflict", who=t.join(conflict.authors), entries=t.join(listed) or "-")),
            icon=":material/sync_problem:",
        )
        st.button(
            t("rv.conflict.reload"),
            on_click=_on_reload,
            args=(session.name,),
            icon=":material/sync:",
            key=f"_rv_reload_{session.name}",
        )
    if session.refused:
        st.error(t("rv.refused"), icon=":material/block:")
        with st.expander(t("rv.refused.lines", count=len(session.refused))):
            st.code("\n".join(session.refused), language=None, wrap_lines=True)


def _legend(t) -> str:
    return escaped_legend_html(t("rv.legend"), [(state, t(f"rv.state.{state}")) for state in STATES])


def _article(ctx: PageContext, session: Session, checked: Checked, article: str) -> None:
    t = ctx.t

    def title(mark) -> str:
        return f"{mark.key} · {t(f'rv.state.{mark.state}')}"

    component_key = f"_rv_article_{session.name}"
    show_article(
        component_key,
        article_html=escaped_article_html(article, checked.marks, title),
        legend_html=_legend(t),
        version=f"{session.generation}-{ctx.state.lang}",
        label=t("rv.article"),
        current=session.current,
        scroll=session.scroll,
        where=session.where,
        on_pick=functools.partial(_on_pick, session.name, component_key),
    )


def _table(ctx: PageContext, session: Session, rows: list[dict[str, Any]], choices: Choices) -> None:
    t = ctx.t
    widget = f"_rv_table_{session.name}_{session.generation}"
    session.keys = [row["key"] for row in rows]
    frame = pd.DataFrame(rows, columns=list(_COLUMNS)) if rows else pd.DataFrame(columns=list(_COLUMNS))
    kinds = [*FIGURE_KINDS, "event", "not_statistic", "derived", "mention"]
    st.data_editor(
        frame,
        key=widget,
        hide_index=True,
        width="stretch",
        height=min(420, 38 + 35 * max(1, len(rows))),
        column_order=[c for c in _COLUMNS if c not in ("key", "state")],
        disabled=["entry", "number", "problem"],
        on_change=_on_table,
        args=(session.name, widget),
        column_config={
            "accept": st.column_config.CheckboxColumn(t("rv.col.accept"), help=t("rv.col.accept.help"), pinned=True),
            "entry": st.column_config.TextColumn(t("rv.col.entry"), pinned=True, width="small"),
            "number": st.column_config.TextColumn(t("rv.col.number"), width="small"),
            "kind": st.column_config.SelectboxColumn(
                t("rv.col.kind"), options=kinds, format_func=lambda k: _kind_label(t, k), width="small"
            ),
            "when": st.column_config.TextColumn(
                t("rv.col.when"), help=t("rv.col.when.help"), validate=r"^\d{4}(-\d{2}(-\d{2})?|-\d{4})?$"
            ),
            "region": st.column_config.SelectboxColumn(
                t("rv.col.region"), options=list(choices.regions), format_func=lambda r: choices.regions.get(r, r)
            ),
            "indicator": st.column_config.SelectboxColumn(
                t("rv.col.indicator"),
                options=[NOTHING, *choices.indicators],
                format_func=lambda i: choices.indicators.get(i, i),
                width="medium",
            ),
            "topic": st.column_config.SelectboxColumn(
                t("rv.col.topic"), options=list(choices.topics), format_func=lambda i: choices.topics.get(i, i)
            ),
            "label_zh": st.column_config.TextColumn(t("rv.col.label_zh"), help=t("rv.col.label.help")),
            "label_en": st.column_config.TextColumn(t("rv.col.label_en")),
            "problem": st.column_config.TextColumn(t("rv.col.problem"), width="medium"),
        },
    )


_COLUMNS = (
    "key",
    "accept",
    "entry",
    "number",
    "kind",
    "when",
    "region",
    "indicator",
    "topic",
    "label_zh",
    "label_en",
    "problem",
    "state",
)


def _kind_label(t, kind: str) -> str:
    return t.kind(kind) if kind in KINDS else t(f"rv.kind.{kind}")


def _select_box(label: str, options: dict[str, str], value: Any, key: str, on_change, args, *, blank: bool = False):
    ids = ([""] if blank else []) + list(options)
    if value not in ids:
        ids = [*ids, value] if value else ids
    index = ids.index(value) if value in ids else None
    st.selectbox(
        label,
        ids,
        index=index,
        key=key,
        format_func=lambda i: options.get(i, i) if i else "—",
        on_change=on_change,
        args=args,
    )


def _entry_panel(
    ctx: PageContext, session: Session, checked: Checked, entry: Entry | None, choices: Choices, article: str
) -> None:
    """The entry picked: its words, the drafter's guess, prep's message, its fields, the actions."""
    t = ctx.t
    key = session.current
    name, generation = session.name, session.generation
    prefix = f"_rv_{name}_{generation}_{key}_"
    with st.container(key="rv-entry", border=True):
        if key.startswith("mention:"):
            start = int(key.split(":", 1)[1])
            mark = next((m for m in checked.marks if m.start == start), None)
            text = mark.text if mark else ""
            st.markdown(f"**{md_escape(t('rv.mention', text=text))}**")
            st.caption(md_escape(article[max(0, start - 30) : start + len(text) + 30].replace("\n", " ")))
            for reason in checked.of(key):
                st.error(md_escape(reason), icon=":material/error:")
            _not_statistic_form(ctx, session, key, prefix)
            _figure_form(ctx, session, key, prefix, choices, text, article, start)
            return
        if entry is None:
            st.info(t("rv.pick"), icon=":material/touch_app:")
            return
        f = entry.fields
        badge = t(f"rv.state.{_state_of(entry, key, checked)}")
        st.markdown(f"**{md_escape(entry.label)}** · {md_escape(badge)}")
        quote = str(f.get("quote", ""))
        if quote:
            st.markdown(f"> {md_escape(quote)}")
        if key in checked.values:
            st.caption(md_escape(t("rv.value", value=checked.values[key], unit=t.unit(checked.units.get(key, "")))))
        if f.get("guess"):
            st.caption(md_escape(t.labelled(t("review.guess"), str(f["guess"]))))
        for reason in checked.of(key):
            st.error(md_escape(reason), icon=":material/error:")
        if session.refusal[0] == key:
            st.error(md_escape(t("rv.unit_refused", reason=session.refusal[1])), icon=":material/block:")
        section = entry.section
        for field_name in EDITABLE.get(section, ()):
            widget = f"{prefix}{field_name}"
            value = f.get(field_name, "")
            label = t(f"rv.field.{field_name}")
            args = (name, key, field_name, widget)
            if field_name == "kind":
                st.segmented_control(
                    label,
                    FIGURE_KINDS,
                    default=value if value in FIGURE_KINDS else None,
                    format_func=t.kind,
                    key=widget,
                    on_change=_on_field,
                    args=args,
                )
            elif field_name == "region":
                _select_box(label, choices.regions, value, widget, _on_field, args)
            elif field_name == "topic":
                _select_box(label, choices.topics, value, widget, _on_field, args)
            elif field_name == "indicator":
                _select_box(label, choices.indicators, value, widget, _on_field, args, blank=True)
            else:
                st.text_input(
                    label,
                    value=str(value),
                    key=widget,
                    on_change=_on_field,
                    args=args,
                    help=t("rv.field.period.help") if field_name == "period" else None,
                )
        if section == "figure":
            _not_statistic_form(ctx, session, key, prefix)
        elif section == "not_statistic" and not f.get("restates"):
            start = next((m.start for m in checked.marks if m.key == key), 0)
            _figure_form(ctx, session, key, prefix, choices, str(f.get("text", "")), article, start)


def _not_statistic_form(ctx: PageContext, session: Session, key: str, prefix: str) -> None:
    t = ctx.t
    with st.popover(t("rv.to_not_statistic"), icon=":material/block:"):
        widget = f"{prefix}reason_new"
        st.text_input(t("rv.field.reason"), key=widget, placeholder=t("rv.reason_placeholder"))
        st.button(
            t("rv.to_not_statistic.do"),
            on_click=_on_not_statistic,
            args=(session.name, key, widget),
            key=f"{prefix}to_ns",
        )


def _sentence_around(article: str, start: int, length: int) -> str:
    """The words of the sentence holding a mention: a quote to start a new figure from."""
    stops = "。；！？\n"
    left = max((article.rfind(ch, 0, start) for ch in stops), default=-1) + 1
    ends = [i for i in (article.find(ch, start + length) for ch in stops) if i >= 0]
    right = min(ends) if ends else len(article)
    return article[left:right].strip()


def _figure_form(
    ctx: PageContext, session: Session, key: str, prefix: str, choices: Choices, text: str, article: str, start: int
) -> None:
    t = ctx.t
    source_id = str(session.raw.get("source", {}).get("id", "figure"))
    defaults = {
        "id": f"{source_id}-{start}",
        "quote": _sentence_around(article, start, len(text)),
        "number": text,
        "period": "",
        "indicator_zh": "",
        "indicator_en": "",
    }
    with st.popover(t("rv.to_figure"), icon=":material/add_chart:"):
        for name in ("id", "quote", "number", "period", "indicator_zh", "indicator_en"):
            st.session_state.setdefault(f"{prefix}new_{name}", defaults[name])
            st.text_input(t(f"rv.field.{name}"), key=f"{prefix}new_{name}")
        st.selectbox(t("rv.field.kind"), FIGURE_KINDS, format_func=t.kind, key=f"{prefix}new_kind")
        st.selectbox(
            t("rv.field.region"), list(choices.regions), format_func=choices.regions.get, key=f"{prefix}new_region"
        )
        st.selectbox(
            t("rv.field.topic"), list(choices.topics), format_func=choices.topics.get, key=f"{prefix}new_topic"
        )
        st.selectbox(
            t("rv.field.indicator"),
            ["", *choices.indicators],
            format_func=lambda i: choices.indicators.get(i, "—"),
            key=f"{prefix}new_indicator",
        )
        st.button(
            t("rv.to_figure.do"),
            on_click=_on_to_figure,
            args=(session.name, key, f"{prefix}new_"),
            key=f"{prefix}to_figure",
        )


def _declare_forms(ctx: PageContext, session: Session, checked: Checked, choices: Choices) -> None:
    t = ctx.t
    name = session.name
    prefix = f"_rv_{name}_declare_"
    indicator, city, derived = st.columns(3)
    with indicator.popover(t("rv.declare_indicator"), icon=":material/add:", width="stretch"):
        st.text_input(t("rv.field.new_indicator_id"), key=f"{prefix}i_id", help=t("rv.field.indicator_id.help"))
        st.text_input(t("rv.field.name_zh"), key=f"{prefix}i_name_zh")
        st.text_input(t("rv.field.name_en"), key=f"{prefix}i_name_en")
        st.selectbox(t("rv.field.unit"), UNITS, format_func=t.unit, key=f"{prefix}i_unit")
        st.selectbox(
            t("rv.field.measure"),
            ["", *MEASURES],
            format_func=lambda m: t(f"rv.measure.{m}") if m else "—",
            key=f"{prefix}i_measure",
        )
        st.button(
            t("rv.declare"),
            on_click=_on_declare,
            args=(name, "indicators", f"{prefix}i_", ("id", "name_zh", "name_en", "unit", "measure")),
            key=f"{prefix}i_do",
        )
    with city.popover(t("rv.declare_city"), icon=":material/add_location:", width="stretch"):
        st.text_input(t("rv.field.new_region_id"), key=f"{prefix}c_id", help=t("rv.field.region_id.help"))
        st.text_input(t("rv.field.name_zh"), key=f"{prefix}c_name_zh")
        st.text_input(t("rv.field.name_en"), key=f"{prefix}c_name_en")
        st.text_input(t("rv.field.short_zh"), key=f"{prefix}c_short_zh")
        st.selectbox(
            t("rv.field.parent"), list(choices.provinces), format_func=choices.provinces.get, key=f"{prefix}c_parent"
        )
        st.number_input(t("rv.field.lon"), min_value=73.0, max_value=136.0, value=None, key=f"{prefix}c_lon")
        st.number_input(t("rv.field.lat"), min_value=3.0, max_value=54.0, value=None, key=f"{prefix}c_lat")
        st.button(
            t("rv.declare"),
            on_click=_on_declare,
            args=(name, "regions", f"{prefix}c_", ("id", "name_zh", "name_en", "short_zh", "parent", "lon", "lat")),
            key=f"{prefix}c_do",
        )
    figure_ids = [
        str(e.fields.get("id")) for e in entries_of(checked.raw) if e.section == "figure" and e.fields.get("id")
    ]
    with derived.popover(t("rv.add_derived"), icon=":material/functions:", width="stretch"):
        d = f"{prefix}d_"
        st.text_input(t("rv.field.id"), key=f"{d}id")
        st.text_input(t("rv.field.formula"), key=f"{d}formula", placeholder="end - start")
        for number in range(1, 4):
            left, right = st.columns([1, 2])
            left.text_input(t("rv.field.input_name", n=number), key=f"{d}input{number}_name")
            right.selectbox(t("rv.field.input_figure", n=number), ["", *figure_ids], key=f"{d}input{number}_figure")
        st.text_input(t("rv.field.period"), key=f"{d}period")
        st.selectbox(t("rv.field.region"), list(choices.regions), format_func=choices.regions.get, key=f"{d}region")
        st.selectbox(t("rv.field.topic"), list(choices.topics), format_func=choices.topics.get, key=f"{d}topic")
        st.selectbox(
            t("rv.field.indicator"),
            ["", *choices.indicators],
            format_func=lambda i: choices.indicators.get(i, "—"),
            key=f"{d}indicator",
        )
        st.text_input(t("rv.field.indicator_zh"), key=f"{d}indicator_zh")
        st.text_input(t("rv.field.indicator_en"), key=f"{d}indicator_en")
        st.selectbox(t("rv.field.unit"), ["", *UNITS], format_func=lambda u: t.unit(u) if u else "—", key=f"{d}unit")
        st.button(t("rv.add_derived.do"), on_click=_on_derived, args=(name, d), key=f"{d}do")
    declared = [
        (section, item_id, checked.of(f"{section}:{item_id}"))
        for section, items in session.corrections.declared.items()
        for item_id in items
    ]
    for section, item_id, reasons in declared:
        st.caption(md_escape(t(f"rv.declared.{section}", id=item_id)))
        for reason in reasons:
            st.error(md_escape(reason), icon=":material/error:")


def _change_words(t, change: Change) -> str:
    """A change of one entry in the page's language."""
    if change.what == "added":
        return t(f"rv.change.added.{change.section}", entry=change.label)
    if change.what == "removed":
        return t(f"rv.change.removed.{change.section}", entry=change.label)
    if change.what == "reviewed":
        return t("rv.change.accepted", entry=change.label)
    parts = [
        t(
            "rv.change.field",
            field=t(f"rv.field.{name}") if t.has(f"rv.field.{name}") else name,
            before=_v(b),
            after=_v(a),
        )
        for name, b, a in change.fields
        if name not in ("reviewed", "reviewed_by", "reviewed_at")
    ]
    return t("rv.change.changed", entry=change.label, changes=t.listing(parts))


def _v(value: Any) -> str:
    return "—" if value in (None, "") else str(value)


@st.cache_data(max_entries=64, show_spinner=False)
def _version_changes(seeds: str, name: str, commit: str) -> list[Change]:
    """What a commit changed in the annotation (its parent's version against its own)."""
    from pathlib import Path

    folder = Path(seeds)
    after = history.text_at(folder, commit, name)
    parent = history.parent(folder, commit)
    before = history.text_at(folder, parent, name) if parent else None
    try:
        return entry_changes(tomllib.loads(before or ""), tomllib.loads(after or ""))
    except tomllib.TOMLDecodeError:
        return []


def _history(ctx: PageContext, session: Session) -> None:
    t = ctx.t
    versions = history.versions(SEEDS_DIR, session.name)
    with st.expander(t("rv.history", count=len(versions)), icon=":material/history:", expanded=False):
        if not versions:
            st.caption(t("rv.history.none"))
        for number, version in enumerate(versions):
            with st.container(border=True, key=f"rv-version-{number}"):
                when = version.date[:16].replace("T", " ") + " UTC" if version.date.endswith("+00:00") else version.date
                st.markdown(
                    md_escape(t("rv.history.version", author=version.author, date=when, commit=version.commit[:10]))
                )
                st.caption(md_escape(version.subject))
                if history.parent(SEEDS_DIR, version.commit) is None:
                    st.caption(t("rv.history.first"))
                    changes = []
                else:
                    changes = _version_changes(str(SEEDS_DIR), session.name, version.commit)
                for change in changes[:40]:
                    st.markdown("- " + md_escape(_change_words(t, change)))
                if len(changes) > 40:
                    st.caption(t("rv.history.more", count=len(changes) - 40))
                if number > 0:
                    st.button(
                        t("rv.restore"),
                        icon=":material/restore:",
                        on_click=_on_restore,
                        args=(session.name, version.commit),
                        key=f"_rv_restore_{session.name}_{version.commit}",
                        help=t("rv.restore.help"),
                    )


def _article_list(ctx: PageContext) -> None:
    """Without `?source=`: the articles of the corpus, drafts first, each with its progress."""
    t = ctx.t
    st.caption(t("rv.intro"))
    found = []
    for path in sorted(SEEDS_DIR.glob("*.toml")):
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        source = raw.get("source")
        if not isinstance(source, dict) or not source.get("id"):
            continue
        done, total = progress(raw)
        found.append((done - total, str(source["id"]), str(source.get("title_zh", "")), done, total))
    for _, source_id, title, done, total in sorted(found):
        with st.container(border=True):
            st.markdown(f"**{md_escape(title)}**  \n{md_escape(t('rv.progress', done=done, total=total))}")
            st.page_link(
                "pages/10_review.py",
                label=t("rv.open"),
                icon=":material/fact_check:",
                query_params={"source": source_id, "lang": ctx.state.lang},
            )


def show(ctx: PageContext) -> None:
    """The page: refused to anyone but an editor; the list of articles, or one article under review."""
    editor = editors.require_editor(ctx.state.lang)
    t = ctx.t
    st.title(ctx.page.label(t))
    for done in recover_now(SEEDS_DIR, DATA_DIR):
        st.info(md_escape(done), icon=":material/healing:")
    asked = st.query_params.get_all("source")
    path = annotation_of(SEEDS_DIR, asked[0]) if len(asked) == 1 else None
    if path is None:
        if asked:
            st.warning(t("rv.unknown"), icon=":material/link_off:")
        _article_list(ctx)
        return
    session = _session(path.name)
    pending = _pending(session, editor)
    checked = check(SEEDS_DIR, session.name, pending)
    session.raw, session.units = checked.raw, dict(checked.units)
    source = checked.raw.get("source", {}) if isinstance(checked.raw.get("source"), dict) else {}
    text_path = SEEDS_DIR / str(source.get("file", ""))
    article = text_path.read_text(encoding="utf-8") if text_path.is_file() else ""
    st.caption(md_escape(t("rv.caption", title=source.get("title_zh", ""), file=session.name, editor=editor)))
    _progress(ctx, session, checked, editor)
    entries = entries_of(checked.raw)
    by_key = {entry.key: entry for entry in entries}
    rows = _rows(ctx, checked, entries)
    if session.current not in {row["key"] for row in rows} and rows:
        first = next((row for row in rows if not row["accept"]), rows[0])
        session.current = first["key"]
    choices = _choices(ctx, session)
    text_column, list_column = st.columns([5, 6], gap="medium")
    with text_column:
        _article(ctx, session, checked, article)
        with st.expander(t("rv.source"), icon=":material/article:"):
            _entry_panel_source(ctx, session, checked, by_key.get(SOURCE))
    with list_column:
        show = st.segmented_control(
            t("rv.show"),
            SHOW,
            default="all",
            format_func=lambda s: t(f"rv.show.{s}"),
            key=f"_rv_show_{session.name}",
            required=True,
        )
        kind = st.selectbox(
            t("rv.kind"),
            ROW_KINDS,
            format_func=lambda k: _kind_label(t, k) if k != "any" else t("rv.kind.any"),
            key=f"_rv_kind_{session.name}",
        )
        shown = _shown(rows, show or "all", kind or "any")
        keys = [row["key"] for row in shown]
        if shown and session.current not in keys:
            session.current = keys[0]
        labels = {row["key"]: f"{row['entry']} · {row['number']}" for row in shown}
        chooser = f"_rv_choose_{session.name}_{session.generation}_{session.scroll}"
        st.selectbox(
            t("rv.entry"),
            keys,
            index=keys.index(session.current) if session.current in keys else None,
            format_func=lambda k: labels.get(k, k),
            key=chooser,
            on_change=_on_choose,
            args=(session.name, chooser),
        )
        buttons = st.container(horizontal=True)
        buttons.button(
            t("rv.accept_next"),
            type="primary",
            icon=":material/check:",
            shortcut=ACCEPT_NEXT,
            on_click=_on_accept_next,
            args=(session.name,),
            key=f"_rv_accept_next_{session.name}",
        )
        buttons.button(
            t("rv.previous"),
            icon=":material/arrow_upward:",
            shortcut=PREVIOUS,
            on_click=_on_move,
            args=(session.name, -1),
            key=f"_rv_previous_{session.name}",
        )
        buttons.button(
            t("rv.next"),
            icon=":material/arrow_downward:",
            shortcut=NEXT,
            on_click=_on_move,
            args=(session.name, 1),
            key=f"_rv_next_{session.name}",
        )
        buttons.button(
            t("rv.undo"),
            icon=":material/undo:",
            on_click=_on_undo,
            args=(session.name, session.current),
            key=f"_rv_undo_{session.name}",
            disabled=session.current not in session.corrections.touched(),
        )
        _entry_panel(ctx, session, checked, by_key.get(session.current), choices, article)
        session.keys = keys
        with st.container(horizontal=True):
            st.button(
                t("rv.accept_rest"),
                icon=":material/done_all:",
                on_click=_on_accept_rest,
                args=(session.name, keys),
                key=f"_rv_accept_rest_{session.name}",
                help=t("rv.accept_rest.help"),
            )
    st.subheader(t("rv.entries"))
    st.caption(t("rv.entries.help", accept=ACCEPT_NEXT, next=NEXT, previous=PREVIOUS))
    _table(ctx, session, shown, choices)
    session.keys = keys
    _declare_forms(ctx, session, checked, choices)
    _history(ctx, session)


def _entry_panel_source(ctx: PageContext, session: Session, checked: Checked, entry: Entry | None) -> None:
    """The article's metadata: its fields as the drafter guessed them, correctable, and accepted."""
    t = ctx.t
    if entry is None:
        return
    prefix = f"_rv_{session.name}_{session.generation}_source_"
    for field_name in EDITABLE[SOURCE]:
        widget = f"{prefix}{field_name}"
        st.text_input(
            t(f"rv.field.{field_name}"),
            value=str(entry.fields.get(field_name, "")),
            key=widget,
            on_change=_on_field,
            args=(session.name, SOURCE, field_name, widget),
        )
    for reason in checked.of(SOURCE):
        st.error(md_escape(reason), icon=":material/error:")
    if not entry.reviewed:
        st.button(
            t("rv.accept_source"),
            icon=":material/check:",
            on_click=_on_accept_source,
            args=(session.name,),
            key=f"{prefix}accept",
        )


def _on_accept_source(name: str) -> None:
    session = _sessions()[name]
    session.corrections.accepted.add(SOURCE)
    session.changed()
