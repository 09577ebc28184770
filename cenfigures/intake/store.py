"""Write a confirmed article into the corpus: seeds/<name>.txt (the text the editor confirmed, UTF-8),
seeds/originals/<name>.<ext> (the original bytes as they came) and seeds/<name>.toml (the drafter's
annotation, every entry unreviewed, whose [source] records where it came from); then, when asked,
rebuild data/ (prep: all of it or nothing). A draft that does not build leaves no file behind.

One writer at a time (a lock file in the corpus folder): two editors adding at once each get a
whole corpus. Every write lands whole or not at all (cenfigures.tables.atomic).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import re
import tomllib
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from cenfigures.draft.assemble import draft_article
from cenfigures.draft.registry import UNTRANSLATED, load_registry
from cenfigures.draft.text import DraftInputError, decode_article
from cenfigures.draft.write import render_draft, source_id_for
from cenfigures.intake.errors import IntakeError
from cenfigures.intake.extract import Extraction, valid_date
from cenfigures.prep.build import PrepError, build_tables, write_tables
from cenfigures.prep.corpus import CORPUS_FILES
from cenfigures.tables.atomic import write_bytes_atomically, write_text_atomically
from cenfigures.tables.paths import ORIGINALS_FOLDER

NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
LOCK_FILE = ".intake.lock"


@dataclass(frozen=True)
class Confirmed:
    """What the editor confirmed: the name, the dropped blocks restored, the guesses as edited."""

    name: str
    title: str
    publisher: str
    published: str
    region: str
    restored: Collection[int] = ()
    topic: str = ""
    added_by: str = ""


@dataclass(frozen=True)
class Added:
    source_id: str
    text_path: Path
    annotation_path: Path
    original_path: Path
    figures: int
    events: int
    not_statistics: int
    built: bool


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")


def suggest_name(extraction: Extraction, seeds_dir: Path) -> str:
    """A free name from the file's name or the address (letters and digits only), else from the date
    and the original's digest: `hebei-it-2023`, `example-org-news-2023-03-15`, `article-2023-1a2b3c4d`."""
    source = extraction.source
    if source.url:
        parts = urlsplit(source.url)
        host = (parts.hostname or "").removeprefix("www.")
        stem = slug(PurePosixPath(parts.path).stem)
        base = slug(
            f"{host.split('.')[0]} {stem if re.search('[a-z]{3}', stem) else ''} {extraction.guesses.published}"
        )
    elif not source.is_pasted:
        base = slug(PurePosixPath(source.name.replace("\\", "/")).stem)  # the name only: never a path
        base = base if re.search("[a-z]{2}", base) else ""
    else:
        base = ""
    base = base or f"article-{extraction.guesses.published or 'undated'}-{extraction.sha256[:8]}"
    name, number = base, 2
    while taken(seeds_dir, name):
        name, number = f"{base}-{number}"[:60], number + 1
    return name


def taken(seeds_dir: Path, name: str) -> bool:
    return (
        any((seeds_dir / f"{name}{suffix}").exists() for suffix in (".txt", ".toml")) or f"{name}.toml" in CORPUS_FILES
    )


def holder_of(extraction: Extraction, seeds_dir: Path) -> tuple[str, str] | None:
    """(source id, file) of the article that already holds this original: the same SHA-256 of the
    original (or of an article's text), or the same final address."""
    urls = {u for u in (extraction.source.url, extraction.source.requested_url) if u}
    for path in sorted(seeds_dir.glob("*.toml")):
        if path.name in CORPUS_FILES:
            continue
        try:
            source = tomllib.loads(path.read_text(encoding="utf-8")).get("source", {})
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        if not isinstance(source, dict):
            continue
        if source.get("original_sha256") == extraction.sha256 or (urls and source.get("url") in urls):
            return str(source.get("id", path.stem)), str(source.get("file", path.with_suffix(".txt").name))
    for path in sorted(seeds_dir.glob("*.txt")):
        if hashlib.sha256(path.read_bytes()).hexdigest() == extraction.sha256:
            return source_id_for(path), path.name
    return None


@contextlib.contextmanager
def corpus_lock(seeds_dir: Path) -> Iterator[None]:
    """One writer of the corpus at a time (an advisory lock: this process's threads and other processes)."""
    with open(seeds_dir / LOCK_FILE, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _origin_fields(extraction: Extraction, confirmed: Confirmed) -> dict[str, str]:
    source = extraction.source
    fields = {
        "url": source.url,
        "original": f"{ORIGINALS_FOLDER}/{confirmed.name}.{extraction.extension}",
        "original_name": "" if source.url or source.is_pasted else PurePosixPath(source.name.replace("\\", "/")).name,
        "original_sha256": extraction.sha256,
        "media_type": extraction.media_type,
        "encoding": extraction.reading.encoding,
        "retrieved": source.retrieved,
        "added_by": confirmed.added_by,
    }
    return {key: value for key, value in fields.items() if value}


def add_article(extraction: Extraction, confirmed: Confirmed, seeds_dir: Path, data_dir: Path | None = None) -> Added:
    """Write the article's three files into `seeds_dir` and, with `data_dir`, rebuild it; IntakeError
    (and no file) when the name, a guess or the draft is refused."""
    name = confirmed.name
    if not NAME.match(name):
        raise IntakeError("name_bad", name=name)
    if confirmed.published and not valid_date(confirmed.published):
        raise IntakeError(
            "draft_failed", name=name, reason=f"the date {confirmed.published} is not YYYY, YYYY-MM or YYYY-MM-DD"
        )
    text = extraction.text(confirmed.restored)
    try:
        decode_article(text.encode("utf-8"), f"{name}.txt")
    except DraftInputError as error:
        raise IntakeError("draft_failed", name=name, reason=str(error).split(": ", 1)[-1]) from error
    with corpus_lock(seeds_dir):
        if taken(seeds_dir, name):
            raise IntakeError("name_taken", name=name)
        holder = holder_of(extraction, seeds_dir)
        if holder is not None:
            raise IntakeError("duplicate", name=extraction.source.name, source_id=holder[0], file=holder[1])
        registry = load_registry(seeds_dir)
        if confirmed.region and confirmed.region not in registry.regions and confirmed.region not in registry.cities:
            raise IntakeError("draft_failed", name=name, reason=f"{confirmed.region} is not a region of the corpus")
        if confirmed.topic and confirmed.topic not in registry.topics:
            raise IntakeError("draft_failed", name=name, reason=f"{confirmed.topic} is not a topic of the corpus")
        text_path = seeds_dir / f"{name}.txt"
        source_id = source_id_for(text_path)
        draft = draft_article(
            text,
            text_path.name,
            source_id,
            registry,
            registry.topics,
            publisher=confirmed.publisher.strip(),
            published=confirmed.published.strip(),
            region=confirmed.region,
            topic=confirmed.topic,
        )
        title = confirmed.title.strip() or draft.source["title_zh"]
        draft.source["title_zh"] = title
        draft.source["title_en"] = registry.pairs.get(title, UNTRANSLATED + title)
        if extraction.guesses.authors and "authors" not in draft.source:
            draft.source["authors"] = extraction.guesses.authors
        draft.source |= _origin_fields(extraction, confirmed)
        cues = [f"{cue} -> {key} {getattr(extraction.guesses, key)}" for key, cue in extraction.guesses.cues.items()]
        confirmed_by = f"confirmed by {confirmed.added_by}" if confirmed.added_by else "confirmed"
        draft.source_guess = "\n".join(
            [
                f"intake: {extraction.kind} read from {extraction.source.url or extraction.source.name}",
                *(f"intake: {cue}" for cue in cues),
                *(f"intake: not taken: {note}" for note in extraction.guesses.notes),
                f"intake: title, publisher, date and region {confirmed_by} before drafting",
                f"drafter: {draft.source_guess}",
            ]
        )
        originals = seeds_dir / ORIGINALS_FOLDER
        originals.mkdir(exist_ok=True)
        original_path = originals / f"{name}.{extraction.extension}"
        annotation_path = text_path.with_suffix(".toml")
        written: list[Path] = []
        try:
            for path, write in (
                (original_path, lambda p: write_bytes_atomically(p, extraction.source.data)),
                (text_path, lambda p: write_text_atomically(p, text)),
                (annotation_path, lambda p: write_text_atomically(p, render_draft(draft))),
            ):
                write(path)
                written.append(path)
            if data_dir is not None:
                try:
                    tables = build_tables(seeds_dir)
                except PrepError as error:
                    raise IntakeError("draft_failed", name=name, reason=str(error.problems[0])) from error
                write_tables(tables, data_dir)
        except BaseException:
            for path in written:  # nothing half-added: the corpus is as it was
                path.unlink(missing_ok=True)
            raise
    return Added(
        source_id,
        text_path,
        annotation_path,
        original_path,
        len(draft.figures),
        len(draft.events),
        len(draft.not_statistics),
        data_dir is not None,
    )
