"""One step from a source to the text a reviewer confirms: size and type checked (sniffed from the
bytes), read by the reader of its kind, furniture dropped (restorable), and the guesses the draft
starts from (title, publisher, date, default region), each with where it came from: the source's own
metadata first, then what the drafter reads in the text."""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from cenfigures.draft.meta import guess_meta
from cenfigures.draft.registry import Registry, load_registry
from cenfigures.draft.text import MAX_CHARS, read_layout
from cenfigures.intake.document import Reading, furniture_blocks
from cenfigures.intake.encoding import decode_text
from cenfigures.intake.errors import IntakeError, size_text
from cenfigures.intake.pdf import read_pdf
from cenfigures.intake.sniff import EXTENSIONS, MEDIA_TYPES, sniff
from cenfigures.intake.webpage import read_webpage
from cenfigures.intake.word import read_docx

MAX_BYTES = 20 * 1024 * 1024  # an original file: a notice's PDF with its seals stays under a few MB
PASTED = "pasted text"
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


@dataclass(frozen=True)
class Source:
    """What the editor gave: a file's bytes (uploaded, pasted or fetched) and where it came from."""

    data: bytes
    name: str  # the file's name as given (never used as a path), the address, or "pasted text"
    media_type: str = ""  # the server's Content-Type for a fetched page
    charset: str = ""  # the server's charset
    url: str = ""  # the final address of a fetched page
    requested_url: str = ""
    retrieved: str = ""  # UTC, ISO 8601, to the second

    @property
    def is_pasted(self) -> bool:
        return self.name == PASTED and not self.url


def now_utc() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Guesses:
    """What the draft starts from, editable before drafting; `cues` says where each came from."""

    title: str = ""
    publisher: str = ""
    published: str = ""
    region: str = ""
    region_names: tuple[str, str] = ("", "")  # the region's names (zh, en): a city may be new to the corpus
    authors: str = ""
    cues: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what was seen and not taken, and why


@dataclass
class Extraction:
    source: Source
    kind: str  # text, html, pdf, docx
    reading: Reading
    sha256: str
    guesses: Guesses

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.kind]

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.kind]

    @property
    def dropped(self) -> list[tuple[int, str, str]]:
        """(block index, text, why) of each block left out of the text."""
        return [(index, block.text, block.reason) for index, block in enumerate(self.reading.blocks) if not block.kept]

    def text(self, restored: Collection[int] = ()) -> str:
        """The article's text: the kept blocks and the restored ones, in reading order, one a line."""
        lines = [b.text for index, b in enumerate(self.reading.blocks) if b.kept or index in restored]
        return "\n".join(lines) + "\n" if lines else ""


def read_source(source: Source) -> tuple[str, Reading]:
    """(kind, reading) of a source; IntakeError for anything the intake does not bring in."""
    name = source.name
    if len(source.data) > MAX_BYTES:
        raise IntakeError("too_large", name=name, size=size_text(len(source.data)), limit=size_text(MAX_BYTES))
    if not source.data.strip():
        raise IntakeError("empty", name=name)
    claimed_name = "" if source.url or source.is_pasted else name
    kind = sniff(source.data, claimed_name, source.media_type)
    if kind == "pdf":
        reading = read_pdf(source.data, name)
    elif kind == "docx":
        reading = read_docx(source.data, name)
    elif kind == "html":
        reading = read_webpage(source.data, name, source.charset, source.url)
    else:
        text, encoding = decode_text(source.data, name, source.charset)
        reading = Reading(furniture_blocks(text.split("\n")), encoding)
    if not any(block.text.strip() for block in reading.blocks):
        raise IntakeError("empty", name=name)
    if not any(block.kept for block in reading.blocks):
        raise IntakeError("only_furniture", name=name)
    chars = sum(len(block.text) + 1 for block in reading.blocks if block.kept)
    if chars > MAX_CHARS:
        raise IntakeError("too_long", name=name, chars=f"{chars:,}", limit=f"{MAX_CHARS:,}")
    return kind, reading


def guess(text: str, reading: Reading, registry: Registry) -> Guesses:
    """The page's own metadata where it has some, else what the drafter reads in the text."""
    meta = guess_meta(read_layout(text), registry, today_year=datetime.date.today().year)
    page = reading.guesses
    guesses = Guesses(notes=list(page.notes))
    # the drafter's guesses by what they guess ("2023年 -> published 2023": "published" -> "2023年")
    cue_of = {g.split(" -> ")[1].split()[0]: g.split(" -> ")[0] for g in meta.guesses if " -> " in g}

    def take(key: str, page_value: str, page_cue: str, text_value: str, text_cue: str) -> None:
        value, cue = (page_value, page_cue) if page_value else (text_value, text_cue)
        setattr(guesses, key, value)
        if value:
            guesses.cues[key] = cue

    take("title", page.title.value, page.title.cue, meta.title, "first heading of the text")
    text_publisher = "" if meta.publisher_zh == "未知" else meta.publisher_zh
    named_in_text = bool(text_publisher) and "no English" not in cue_of.get("publisher", "")
    # the page's publisher metadata, else a publisher the text names, else the repost's 来源 or the site's name
    from_metadata = page.publisher.cue.startswith("page metadata") and not page.publisher.cue.endswith("(site name)")
    if page.publisher.value and (from_metadata or not named_in_text):
        take("publisher", page.publisher.value, page.publisher.cue, "", "")
    else:
        take("publisher", "", "", text_publisher, cue_of.get("publisher", "the text"))
    text_published = meta.published if "no year in the text" != cue_of.get("published", "") else ""
    from_repost = page.published.value and "(no date in its metadata)" in page.published.cue
    if from_repost and text_published and not page.published.value.startswith(text_published[:4]):
        guesses.notes.append(
            f"{page.published.cue}: a repost's date, not the article's (the text says {text_published})"
        )
        take("published", "", "", text_published, cue_of.get("published", "the text"))
    else:
        take("published", page.published.value, page.published.cue, text_published, cue_of.get("published", "the text"))
    take("authors", page.authors.value, page.authors.cue, meta.authors, "byline of the text")
    guesses.region = meta.default_region
    entry = registry.regions.get(guesses.region) or registry.cities.get(guesses.region) or {}
    guesses.region_names = (entry.get("name_zh", guesses.region), entry.get("name_en", guesses.region))
    guesses.cues["region"] = cue_of.get("default", "most named region")
    return guesses


def extract(source: Source, seeds_dir: Path, registry: Registry | None = None) -> Extraction:
    """Read `source` and guess what the draft starts from; nothing is written."""
    kind, reading = read_source(source)
    registry = registry or load_registry(seeds_dir)
    extraction = Extraction(source, kind, reading, hashlib.sha256(source.data).hexdigest(), Guesses())
    extraction.guesses = guess(extraction.text(), reading, registry)
    return extraction


def valid_date(value: str) -> bool:
    return bool(_DATE.match(value))
