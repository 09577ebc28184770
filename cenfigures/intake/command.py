"""python -m cenfigures.intake <file-or-url> [--name …]: bring an article into the corpus.

Writes seeds/<name>.txt, seeds/originals/<name>.<ext> and the draft seeds/<name>.toml (see
cenfigures.intake.store); `--build` also rebuilds data/. What was dropped as page furniture is
listed with its number: `--restore 3,5` keeps those blocks in the text.
"""

from __future__ import annotations

import argparse
import getpass
import sys
import time
from pathlib import Path

from cenfigures.intake.document import REASONS
from cenfigures.intake.errors import IntakeError
from cenfigures.intake.extract import PASTED, Source, extract, now_utc
from cenfigures.intake.fetch import fetch
from cenfigures.intake.store import Confirmed, add_article, holder_of, suggest_name
from cenfigures.tables.paths import DATA_DIR, SEEDS_DIR


def read_argument(argument: str) -> Source:
    """A Source from the command line's argument: an address (fetched), "-" (standard input), a file."""
    if argument.lower().startswith(("http://", "https://")) or "://" in argument:
        fetched = fetch(argument)
        return Source(
            fetched.data, fetched.url, fetched.media_type, fetched.charset, fetched.url, fetched.requested, now_utc()
        )
    if argument == "-":
        return Source(sys.stdin.buffer.read(), PASTED, retrieved=now_utc())
    path = Path(argument)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise IntakeError("url_failed", url=argument, reason=error.strerror or type(error).__name__) from error
    return Source(data, path.name, retrieved=now_utc())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m cenfigures.intake",
        description="Bring an article in (a web page's address, .html, .pdf, .docx or text) as seeds/<name>.txt, "
        "its original and a draft annotation.",
    )
    parser.add_argument("source", help="an http(s) address, a file, or - for text on standard input")
    parser.add_argument("--name", default="", help="the article's file name in seeds/ (default: from the source)")
    parser.add_argument("--title", default="", help="the title (default: the page's metadata, else the first heading)")
    parser.add_argument("--publisher", default="", help="the publisher in Chinese (default: guessed)")
    parser.add_argument(
        "--published", default="", help="publication date YYYY, YYYY-MM or YYYY-MM-DD (default: guessed)"
    )
    parser.add_argument("--region", default="", help="default region id (default: guessed)")
    parser.add_argument("--topic", default="", help="topic of figures no keyword places")
    parser.add_argument("--restore", default="", help="numbers of dropped blocks to keep in the text, e.g. 3,5")
    parser.add_argument("--seeds", type=Path, default=SEEDS_DIR, help="the corpus folder (default: seeds/)")
    parser.add_argument("--build", action="store_true", help="also rebuild the data folder (prep)")
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="the data folder --build writes (default: data/)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        extraction = extract(read_argument(args.source), args.seeds)
        holder = holder_of(extraction, args.seeds)
        if holder is not None:
            raise IntakeError("duplicate", name=extraction.source.name, source_id=holder[0], file=holder[1])
        guesses = extraction.guesses
        restored = {int(n) for n in args.restore.replace(" ", "").split(",") if n.isdigit()}
        confirmed = Confirmed(
            name=args.name or suggest_name(extraction, args.seeds),
            title=args.title or guesses.title,
            publisher=args.publisher or guesses.publisher,
            published=args.published or guesses.published,
            region=args.region or guesses.region,
            restored=restored,
            topic=args.topic,
            added_by=f"{getpass.getuser()} (command line)",
        )
        added = add_article(extraction, confirmed, args.seeds, args.out if args.build else None)
    except IntakeError as error:
        print(f"intake: {error}", file=sys.stderr)
        return 1
    for index, text, reason in extraction.dropped:
        mark = "restored" if index in restored else f"dropped ({REASONS[reason]})"
        print(f"  [{index}] {mark}: {text[:70]}")
    for note in extraction.guesses.notes:
        print(f"  not taken: {note}")
    print(
        f"wrote {added.text_path}, {added.original_path} and {added.annotation_path} "
        f"({extraction.kind}, {extraction.reading.encoding or 'no text encoding'}): {added.figures} figures, "
        f"{added.events} events, {added.not_statistics} not-statistic entries, all unreviewed"
        + (f"; rebuilt {args.out}" if added.built else "; next: python -m cenfigures.prep")
        + f" in {time.perf_counter() - started:.1f} s"
    )
    return 0
