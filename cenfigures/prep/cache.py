"""What prep keeps between builds, so that a build parses and checks only the articles that changed.

One entry per article, keyed by the SHA-256 of its text and annotation (and their file names) and of
prep's own code: its rows of every table as CSV lines, the keys and references the corpus-wide
checks need, and the registry entries it declares. An entry also records the fingerprint of the
registries it was checked against (the corpus files and every article's declarations): when any of
them changes, the entry's rows are made again. A build writes the same bytes with or without the
cache (tests/test_prep_cache.py).

Where: beside the data folder, never in it (data/ is swapped in whole and described by its
datapackage): `<parent>/.<data folder>-cache/` (for data/, `.data-cache/`, ignored by git),
`articles/<key>.pickle` per article; `seen.pickle`, the key each article file had at its size, time
and inode (with the code version that made the keys); `last-build.pickle`, what the last build read
and the state of the folder it wrote (a build finding both as they were has nothing to do). Entries
are written without fsync (a lost or damaged entry is a miss, its article parsed again) and entries
no build used are removed after each build. Pickles are read only from this folder, which prep
alone writes.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cenfigures.tables.paths import ARTICLES_FOLDER, cache_dir_for

__all__ = ["ArticleEntry", "Cache", "LastBuild", "article_key", "cache_dir_for", "code_version", "folder_state"]

PREP_PACKAGES = ("prep", "tables")  # the code whose change makes every entry stale
ENTRY_VERSION = 2


@functools.cache
def code_version() -> str:
    """A fingerprint of prep's code (cenfigures/prep and cenfigures/tables): an entry made by other
    code is never used."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(str(ENTRY_VERSION).encode())
    for package in PREP_PACKAGES:
        for path in sorted((root / package).glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def article_key(text_name: str, text: bytes, annotation_name: str, annotation: bytes) -> str:
    """The key of an article's entry: its files' names and bytes, and prep's code."""
    digest = hashlib.sha256(code_version().encode())
    for part in (text_name.encode(), text, annotation_name.encode(), annotation):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


@dataclass
class ArticleEntry:
    """One article as prep made it: what a build needs of it without parsing it again."""

    key: str
    registry: str  # fingerprint of the registries its rows were checked against
    source_id: str
    item_ids: tuple[str, ...]  # figure, derived and event ids: one namespace across the corpus
    declared: dict  # its [regions.*], [indicators.*] and [[topic]] tables, as read
    csv: dict[str, bytes] = field(default_factory=dict)  # table -> its rows as CSV lines, UTF-8
    keys: dict[str, str] = field(default_factory=dict)  # table -> primary keys of its rows, one a line
    references: dict[str, list[str]] = field(default_factory=dict)  # "table.column" -> distinct values
    counts: dict[str, int] = field(default_factory=dict)  # table -> rows
    source_row: dict[str, str] = field(default_factory=dict)  # its row of sources.csv (the datapackage)


@dataclass(frozen=True)
class LastBuild:
    """What the last build read and wrote: when the articles (their names and keys), the corpus
    files and the data folder are as it left them, a build has nothing to do."""

    sources: tuple  # ((annotation file name, key) of every article, in order), the corpus files' digest
    folder: dict[str, tuple[int, ...]]  # folder_state of the data folder it wrote
    counts: dict[str, int]  # rows per table


def folder_state(folder: Path) -> dict[str, tuple[int, ...]] | None:
    """The size, time, inode and mode of every file of a data folder and of its articles/ (and of the
    two folders): any change to the folder changes it. None when it cannot be read."""
    state: dict[str, tuple[int, ...]] = {}
    try:
        for sub in (Path(folder), Path(folder) / ARTICLES_FOLDER):
            own = sub.stat()
            state[str(sub)] = (own.st_ino, own.st_mtime_ns, own.st_mode)
            with os.scandir(sub) as entries:
                for entry in entries:
                    stat = entry.stat(follow_symlinks=False)
                    state[entry.path] = (stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_mode)
    except OSError:
        return None
    return state


class Cache:
    """The entries of one cache folder; `None` for none (a build from scratch). It also remembers, per
    article file, the size, time and inode the file had when its key was made (`seen`), so that an
    unchanged file is not read and hashed again (as git's index does); any change to them, and the
    file is read and its key made from its bytes."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.used: set[str] = set()
        self.seen: dict[str, tuple] = {}
        self._seen_before: dict[str, tuple] = {}
        if folder is not None:
            try:
                code, seen = pickle.loads((folder / "seen.pickle").read_bytes())
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError):
                code, seen = None, {}
            # A key remembered by other code is not this code's key for the same bytes.
            self._seen_before = seen if code == code_version() and isinstance(seen, dict) else {}

    def known_key(self, paths: tuple[Path, Path]) -> tuple[str, tuple] | None:
        """The key made from these files' bytes when they last had the size, time and inode they have
        now (None: read them), and those stats."""
        try:
            stats = tuple((s.st_size, s.st_mtime_ns, s.st_ino) for s in (path.stat() for path in paths))
        except OSError:
            return None
        before = self._seen_before.get(str(paths[0]))
        return (before[1], stats) if before is not None and before[0] == stats else (None, stats)

    def remember(self, paths: tuple[Path, Path], stats: tuple, key: str) -> None:
        self.seen[str(paths[0])] = (stats, key)

    def save_seen(self) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        seen = (code_version(), self.seen)
        _write(self.folder / "seen.pickle", pickle.dumps(seen, protocol=pickle.HIGHEST_PROTOCOL))

    def last_build(self) -> LastBuild | None:
        if self.folder is None:
            return None
        try:
            last = pickle.loads((self.folder / "last-build.pickle").read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError):
            return None
        return last if isinstance(last, LastBuild) and last.folder is not None else None

    def save_last_build(self, last: LastBuild) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        _write(self.folder / "last-build.pickle", pickle.dumps(last, protocol=pickle.HIGHEST_PROTOCOL))

    def _path(self, key: str) -> Path:
        return self.folder / "articles" / f"{key}.pickle"

    def get(self, key: str) -> ArticleEntry | None:
        if self.folder is None:
            return None
        try:
            entry = pickle.loads(self._path(key).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError):
            return None  # missing or damaged: the article is parsed again
        if not isinstance(entry, ArticleEntry) or entry.key != key:
            return None
        self.used.add(key)
        return entry

    def put(self, entry: ArticleEntry, pickled: bytes | None = None) -> None:
        """Keep `entry` (`pickled`: the entry already pickled, as a worker process sends it)."""
        if self.folder is None:
            return
        path = self._path(entry.key)
        path.parent.mkdir(parents=True, exist_ok=True)
        _write(path, pickled if pickled is not None else pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))
        self.used.add(entry.key)

    def prune(self, keep: Iterable[str] = ()) -> None:
        """Remove the entries no build of this run used (articles deleted or changed)."""
        if self.folder is None:
            return
        keep = set(keep) | self.used
        for path in (self.folder / "articles").glob("*.pickle"):
            if path.stem not in keep:
                path.unlink(missing_ok=True)


def _write(path: Path, data: bytes) -> None:
    """A temporary file renamed into place (not flushed: a lost entry is a miss, not a wrong row)."""
    handle, temporary = tempfile.mkstemp(prefix=".entry-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
