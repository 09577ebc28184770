"""Save an editor's corrections, or restore an earlier version: one writer of the corpus at a time
(the intake's lock), refused when the file changed since the editor read it (naming who changed it
and which entries differ) or when prep finds any problem in the result (nothing half-valid is
written); else the TOML is rewritten in place and atomically, data/ rebuilt, and the change
committed to the corpus folder's own git repository with the editor as its author.

A save that is killed part-way leaves each file whole (cenfigures.tables.atomic) and a journal
(`.review-save.json`) saying what it was doing; the next save, restore or opening of the review
screen finishes it (data/ rebuilt from the new TOML, the commit made) or forgets it when the TOML
was still the old one, so the TOML, data/ and the history agree again.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from cenfigures.intake.store import corpus_lock
from cenfigures.prep.build import PrepError, rebuild_after
from cenfigures.review import history
from cenfigures.review.changes import Change, commit_message, entry_changes
from cenfigures.review.check import check
from cenfigures.review.corrections import Corrections, apply
from cenfigures.tables.atomic import write_text_atomically
from cenfigures.tables.paths import ORIGINALS_FOLDER

JOURNAL = ".review-save.json"


def digest(text: str | bytes) -> str:
    return hashlib.sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest()


def now_utc() -> str:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class Version:
    """The annotation as an editor read it: its text, its digest and the last commit that changed it."""

    text: str
    sha256: str
    commit: str


def read_version(seeds_dir: Path, name: str) -> Version:
    text = (seeds_dir / name).read_text(encoding="utf-8")
    return Version(text, digest(text), history.last_commit_of(seeds_dir, name))


class Conflict(Exception):
    """The file changed since the editor read it: who changed it, which entries differ."""

    def __init__(self, authors: list[str], changes: list[Change], current: Version):
        self.authors = authors
        self.changes = changes
        self.current = current
        super().__init__(f"changed since it was read, by {', '.join(authors)}: {', '.join(c.label for c in changes)}")


class Refused(Exception):
    """Prep finds problems in the result: nothing was written. `lines` as prep prints them."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class Saved:
    commit: str
    changes: list[Change]
    rebuild_seconds: float
    version: Version
    recovered: list[str] = field(default_factory=list)


def rebuild(seeds_dir: Path, data_dir: Path, name: str) -> float:
    """Rebuild data/ after the annotation `name` was written (prep: all of it or nothing; only the
    article that changed is parsed again, the others come from prep's cache); the seconds it took."""
    started = time.perf_counter()
    rebuild_after(seeds_dir / name, data_dir, seeds_dir)
    return time.perf_counter() - started


def _article_files(seeds_dir: Path, name: str, raw: dict) -> list[str]:
    """The annotation and the files it names (text, original) that exist, relative to the corpus."""
    source = raw.get("source", {}) if isinstance(raw.get("source"), dict) else {}
    names = [name, str(source.get("file", ""))]
    original = str(source.get("original", ""))
    if original.startswith(f"{ORIGINALS_FOLDER}/"):
        names.append(original)
    return [n for n in names if n and (seeds_dir / n).is_file()]


def _record_outside_changes(seeds_dir: Path, name: str, raw: dict) -> None:
    """Commit what was written to the article's files without a save (by hand, by the intake, by the
    drafter) before the editor's commit, under its own author: an article the intake added under
    `added_by`, anything else as made outside the review screen."""
    history.ensure_repository(seeds_dir)
    changed = history.uncommitted(seeds_dir, _article_files(seeds_dir, name, raw))
    if not changed:
        return
    added_by = str(raw.get("source", {}).get("added_by", "")) if isinstance(raw.get("source"), dict) else ""
    new = not history.last_commit_of(seeds_dir, name)
    author = added_by if new and added_by else history.OUTSIDE
    subject = f"Add {name}" if new else f"Changes to {name} made outside the review screen"
    history.commit(seeds_dir, changed, author, subject + "\n")


def recover(seeds_dir: Path, data_dir: Path) -> list[str]:
    """Finish or forget a save that was interrupted (a journal is left); what was done, in words."""
    journal = seeds_dir / JOURNAL
    try:
        record = json.loads(journal.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError):
        journal.unlink(missing_ok=True)
        return ["an unreadable journal of a save was removed"]
    path = seeds_dir / str(record.get("file", ""))
    current = digest(path.read_bytes()) if path.is_file() else ""
    done: list[str] = []
    if current == record.get("after"):
        try:
            rebuild(seeds_dir, data_dir, path.name)
            done.append(f"the interrupted save of {path.name} was finished")
        except PrepError:
            write_text_atomically(path, record["before_text"])
            rebuild(seeds_dir, data_dir, path.name)
            done.append(f"the interrupted save of {path.name} was undone")
        if history.is_repository(seeds_dir) and history.uncommitted(seeds_dir, [path.name]):
            history.commit(seeds_dir, [path.name], record["author"], record["message"])
    else:
        done.append(f"the interrupted save of {path.name} had not written it: nothing to finish")
    journal.unlink(missing_ok=True)
    return done


def _write(
    seeds_dir: Path, data_dir: Path, name: str, before: str, after: str, author: str, message: str
) -> tuple[str, float]:
    """Journal, TOML, data/, commit, in that order; the commit and the rebuild's seconds. Refused
    (and the TOML put back) when prep cannot build the corpus with it."""
    raw = tomllib.loads(before)
    _record_outside_changes(seeds_dir, name, raw)
    journal = seeds_dir / JOURNAL
    record = {"file": name, "before": digest(before), "after": digest(after), "author": author, "message": message}
    write_text_atomically(journal, json.dumps(record | {"before_text": before}, ensure_ascii=False))
    path = seeds_dir / name
    write_text_atomically(path, after)
    try:
        seconds = rebuild(seeds_dir, data_dir, name)
    except PrepError as error:
        write_text_atomically(path, before)
        journal.unlink(missing_ok=True)
        raise Refused([str(problem) for problem in error.problems]) from error
    commit = history.commit(seeds_dir, [name], author, message)
    journal.unlink(missing_ok=True)
    return commit, seconds


def _current(seeds_dir: Path, name: str, base: Version) -> Version:
    """The file as it is now; Conflict when it is not the version `base` the editor read."""
    current = read_version(seeds_dir, name)
    if current.sha256 != base.sha256:
        since = base.commit or history.commit_holding(seeds_dir, name, base.sha256, digest)
        authors = history.authors_since(seeds_dir, since, name) or [history.OUTSIDE]
        changes = entry_changes(tomllib.loads(base.text), tomllib.loads(current.text))
        raise Conflict(authors, changes, current)
    return current


def save(
    seeds_dir: Path, data_dir: Path, name: str, base: Version, corrections: Corrections, editor: str
) -> Saved | None:
    """Write the corrections an editor made to the version `base` of `seeds_dir/name`; None when they
    change nothing. Raises Conflict or Refused, having written nothing."""
    if not editor:
        raise PermissionError("a save needs the editor who makes it")
    with corpus_lock(seeds_dir):
        recovered = recover(seeds_dir, data_dir)
        current = _current(seeds_dir, name, base)
        after = apply(current.text, corrections, editor, now_utc())
        changes = entry_changes(tomllib.loads(current.text), tomllib.loads(after))
        if not changes:
            return None
        checked = check(seeds_dir, name, after)
        if not checked.ok:
            raise Refused(checked.lines)
        commit, seconds = _write(seeds_dir, data_dir, name, current.text, after, editor, commit_message(name, changes))
        return Saved(commit, changes, seconds, read_version(seeds_dir, name), recovered)


def restore(seeds_dir: Path, data_dir: Path, name: str, base: Version, commit_id: str, editor: str) -> Saved | None:
    """Make the version of `name` at `commit_id` the current one again, as a new commit by `editor`."""
    if not editor:
        raise PermissionError("a restore needs the editor who makes it")
    with corpus_lock(seeds_dir):
        recover(seeds_dir, data_dir)
        current = _current(seeds_dir, name, base)
        after = history.text_at(seeds_dir, commit_id, name)
        if after is None:
            raise Refused([f"{name}: -: no version at {commit_id[:10]}"])
        changes = entry_changes(tomllib.loads(current.text), tomllib.loads(after))
        if not changes:
            return None
        checked = check(seeds_dir, name, after)
        if not checked.ok:
            raise Refused(checked.lines)
        found = next((v for v in history.versions(seeds_dir, name, limit=500) if v.commit == commit_id), None)
        origin = f"{commit_id[:10]} ({found.date}, {found.author})" if found else commit_id[:10]
        message = commit_message(name, changes, verb="Restore").replace(
            f"Restore {name}:", f"Restore {name} to {origin}:", 1
        )
        commit, seconds = _write(seeds_dir, data_dir, name, current.text, after, editor, message)
        return Saved(commit, changes, seconds, read_version(seeds_dir, name))


def recover_now(seeds_dir: Path, data_dir: Path) -> list[str]:
    """`recover` under the writers' lock, when a journal is there (the review screen calls it on opening)."""
    if not (seeds_dir / JOURNAL).exists():
        return []
    with corpus_lock(seeds_dir):
        return recover(seeds_dir, data_dir)
