"""Render a draft as the project's annotation TOML and write it safely; the draft command.

A draft never overwrites reviewed work: when `<name>.toml` exists and any entry in it is reviewed
(`reviewed = true`, or no `reviewed` field, as in hand-written annotations), the draft goes to
`<name>.draft.toml` beside it (prep ignores that file) for the reviewer to merge by hand. An
annotation whose entries are all still unreviewed is a previous draft and is replaced.
Files are written whole or not at all (cenfigures.tables.atomic).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import re
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

from cenfigures.draft.assemble import Draft, draft_article
from cenfigures.draft.registry import RegistryError, load_registry
from cenfigures.draft.text import DraftInputError, decode_article
from cenfigures.prep.corpus import CORPUS_FILES, read_corpus_files
from cenfigures.tables.atomic import write_text_atomically
from cenfigures.tables.contract import EVENT, FIGURE, NOT_STATISTIC, REGION, REGION_NOTE, SOURCE, Section
from cenfigures.tables.paths import SEEDS_DIR

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def toml_string(value: str) -> str:
    escaped = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    )
    escaped = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", lambda m: f"\\u{ord(m.group(0)):04x}", escaped)
    return f'"{escaped}"'


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return toml_string(str(value))


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else toml_string(key)


def _table(lines: list[str], header: str, section: Section, fields: dict[str, Any]) -> None:
    """One TOML table: the fields the contract declares for `section`, in its order (a field it does
    not declare is a bug of the drafter: prep would refuse it)."""
    lines.append(header)
    for key, value in section.ordered(fields).items():
        if value == "" and key not in ("date_end",):
            continue
        if key == "date_end" and not value:
            continue
        lines.append(f"{_key(key)} = {toml_value(value)}")
    lines.append("")


def render_draft(draft: Draft) -> str:
    """The annotation TOML of a draft, in the format of docs/authoring.md."""
    lines = [
        f"# Draft annotation of seeds/{draft.source['file']}, written by `python -m cenfigures.draft`.",
        "# Every entry is a guess: `guess` says what was read from which words. Check each one against the",
        "# article, edit what is wrong, then set `reviewed = true` (or delete the line). Rebuild with",
        "# `python -m cenfigures.prep`. Values are parsed from `number`; never type a value here.",
        f"# {draft.mention_count} numeric mentions: {len(draft.figures)} figures, {len(draft.events)} events, "
        f"{len(draft.not_statistics)} not-statistic entries.",
        "",
    ]
    # [source] has no guess field (docs/authoring.md): what was guessed is a comment above it
    lines += [f"# guess: {line}" for line in draft.source_guess.splitlines()]
    _table(lines, "[source]", SOURCE, dict(draft.source) | {"reviewed": False})
    for region_id, fields in draft.new_regions.items():
        lines.append("# A city the region registry lacks, declared by this article.")
        _table(lines, f"[regions.{region_id}]", REGION, fields)
    for region_id, fields in draft.region_notes.items():
        _table(lines, f"[region_notes.{region_id}]", REGION_NOTE, fields)
    for figure in draft.figures:
        _table(
            lines,
            "[[figure]]",
            FIGURE,
            {
                "id": figure.id,
                "topic": figure.topic,
                "region": figure.region,
                "indicator": figure.indicator,
                "indicator_zh": figure.indicator_zh,
                "indicator_en": figure.indicator_en,
                "period": figure.period,
                "kind": figure.kind,
                "quote": figure.quote,
                "number": figure.number,
                "reviewed": False,
                "guess": figure.guess,
            },
        )
    for event in draft.events:
        _table(
            lines,
            "[[event]]",
            EVENT,
            {
                "id": event.id,
                "date": event.date,
                "date_end": event.date_end,
                "title_zh": event.title_zh,
                "title_en": event.title_en,
                "topic": event.topic,
                "region": event.region,
                "quote": event.quote,
                "reviewed": False,
                "guess": event.guess,
            },
        )
    for entry in draft.not_statistics:
        fields: dict[str, Any] = {"text": entry.text}
        if entry.restates:
            fields["restates"] = entry.restates
        else:
            fields["reason"] = entry.reason
        fields["reviewed"] = False
        _table(lines, "[[not_statistic]]", NOT_STATISTIC, fields)
    return "\n".join(lines).rstrip() + "\n"


def has_reviewed_entries(path: Path) -> bool:
    """True when the annotation holds any reviewed entry (or cannot be read: then it is kept, too)."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return True
    entries: list[dict[str, Any]] = [raw.get("source", {})]
    for key in ("figure", "derived", "event", "not_statistic"):
        entries += raw.get(key, [])
    return any(isinstance(entry, dict) and entry.get("reviewed", True) is not False for entry in entries if entry)


def target_path(text_path: Path, out: Path | None) -> tuple[Path, str]:
    """Where the draft goes, and why there."""
    path = out or text_path.with_suffix(".toml")
    if path.exists() and has_reviewed_entries(path):
        draft_path = path.with_name(path.name.removesuffix(".toml") + ".draft.toml")
        return draft_path, f"{path.name} has reviewed entries: it is left as it is; the draft is {draft_path.name}"
    return path, ""


def source_id_for(text_path: Path) -> str:
    stem = text_path.stem.lower()
    slug = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")
    # hash() of a str differs from run to run (PYTHONHASHSEED): a digest keeps the id of a re-draft
    return (
        slug if slug and slug == stem.replace("_", "-") else f"article-{hashlib.sha256(stem.encode()).hexdigest()[:8]}"
    )


def corpus_folder(text_path: Path, seeds: Path | None) -> Path:
    """The corpus the draft belongs to: `--seeds`, else the article's own folder when it holds the
    corpus files, else seeds/."""
    if seeds is not None:
        return seeds
    if all((text_path.parent / name).is_file() for name in CORPUS_FILES):
        return text_path.parent
    return SEEDS_DIR


def _topics_of(seeds_dir: Path) -> str:
    """The topic ids of a corpus's topics.toml, for --help."""
    return ", ".join(read_corpus_files(seeds_dir).topics)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m cenfigures.draft",
        description="Draft the annotation of an article (seeds/<name>.txt -> seeds/<name>.toml).",
    )
    parser.add_argument("article", type=Path, help="the article's text, UTF-8 (seeds/<name>.txt)")
    parser.add_argument(
        "--publisher", default="", help="publisher in Chinese, when the text does not name it (e.g. 中国电子报)"
    )
    parser.add_argument("--published", default="", help="publication date YYYY, YYYY-MM or YYYY-MM-DD")
    parser.add_argument("--region", default="", help="default region id (e.g. hebei, national)")
    parser.add_argument("--source-id", default="", help="the article's id in the corpus (default: from the file name)")
    parser.add_argument(
        "--topic",
        default="",
        help=(
            f"topic of figures no keyword places: a topic of the corpus (seeds/topics.toml: {_topics_of(SEEDS_DIR)}; "
            "or one an article declares)"
        ),
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="where to write (default: the article's name with .toml)"
    )
    parser.add_argument(
        "--seeds",
        type=Path,
        default=None,
        help="the corpus folder (regions.toml, indicators.toml, topics.toml and its articles); "
        "default: the article's folder when it holds them, else seeds/",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    name = str(args.article)
    try:
        if args.published and not re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", args.published):
            raise DraftInputError(f"--published {args.published!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
        try:
            data = args.article.read_bytes()
        except OSError as error:
            raise DraftInputError(f"{name}: cannot read it ({error.strerror})") from error
        text = decode_article(data, name)
        seeds = corpus_folder(args.article, args.seeds)
        try:
            registry = load_registry(seeds, skip=args.article.with_suffix(".toml"))
        except RegistryError as error:
            raise DraftInputError(str(error)) from error
        if args.region and args.region not in registry.regions:
            raise DraftInputError(f"--region {args.region!r} is not a region of the corpus ({seeds})")
        if args.topic and args.topic not in registry.topics:
            raise DraftInputError(
                f"--topic {args.topic!r}: a topic of the corpus ({seeds}): {', '.join(registry.topics)}"
            )
        draft = draft_article(
            text,
            args.article.name,
            args.source_id or source_id_for(args.article),
            registry,
            registry.topics,
            publisher=args.publisher,
            published=args.published,
            region=args.region,
            topic=args.topic,
            today_year=datetime.date.today().year,
        )
        path, note = target_path(args.article, args.out)
        write_text_atomically(path, render_draft(draft))
    except DraftInputError as error:
        print(f"draft: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - one line, never a traceback, nothing half-written
        print(f"draft: {name}: could not draft it ({type(error).__name__}: {error})", file=sys.stderr)
        return 2
    if note:
        print(f"draft: {note}")
    summary = (
        f"wrote {path}: {len(draft.figures)} figures, {len(draft.events)} events, "
        f"{len(draft.not_statistics)} not-statistic entries for {draft.mention_count} numeric mentions, "
        f"all reviewed = false, in {time.perf_counter() - started:.2f} s"
    )
    if draft.mention_count == 0:
        summary += " (the text has no numbers: the draft holds its source only)"
    print(summary)
    return 0
