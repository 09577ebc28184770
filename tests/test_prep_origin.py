"""Prep and the fields of [source] that say where an article came in from (written by the intake):
accepted, carried into sources.csv, checked (text; the kept original's SHA-256), and the originals/
folder beside the articles is never read as articles."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from cenfigures.prep import build as prep

STEM = "cen-2022-01-local-it-study-meetings"
ORIGINAL = "<html><body><p>原始网页（为测试而写）</p></body></html>".encode("gb18030")


def add_origin(seeds: Path, **fields: str) -> None:
    """Put `fields` into the seed annotation's [source] table (after its first line)."""
    path = seeds / f"{STEM}.toml"
    text = path.read_text(encoding="utf-8")
    lines = "".join(f'{key} = "{value}"\n' for key, value in fields.items())
    path.write_text(re.sub(r"^\[source\]\n", lambda m: m.group(0) + lines, text, count=1, flags=re.M), encoding="utf-8")


def keep_original(seeds: Path, data: bytes = ORIGINAL) -> str:
    (seeds / "originals").mkdir(exist_ok=True)
    (seeds / "originals" / f"{STEM}.html").write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def test_origin_fields_reach_sources_csv(seeds_copy: Path) -> None:
    digest = keep_original(seeds_copy)
    add_origin(
        seeds_copy,
        url="https://example.org/news/1.html",
        original=f"originals/{STEM}.html",
        original_name="通知.html",
        original_sha256=digest,
        media_type="text/html",
        encoding="gb18030",
        retrieved="2026-12-06T10:00:00Z",
        added_by="alice",
    )
    (row,) = prep.build_tables(seeds_copy)["sources"]
    assert row["url"] == "https://example.org/news/1.html"
    assert (row["original_sha256"], row["media_type"], row["encoding"]) == (digest, "text/html", "gb18030")
    assert row["original_name"] == "通知.html" and row["retrieved"] == "2026-12-06T10:00:00Z"
    assert "added_by" not in row and "original" not in row  # kept in the TOML only


def test_hand_made_articles_leave_them_empty(seeds_copy: Path) -> None:
    (row,) = prep.build_tables(seeds_copy)["sources"]
    assert all(row[name] == "" for name in prep.SOURCE_COLUMNS_OF_ORIGIN)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"original": f"originals/{STEM}.html", "original_sha256": "0" * 64}, "has SHA-256"),
        ({"original": "originals/missing.pdf", "original_sha256": "0" * 64}, "is not a file of"),
        ({"original": f"../{STEM}.txt", "original_sha256": "0" * 64}, "is not a file of"),
        ({"url": "file:///etc/passwd"}, "url 'file:///etc/passwd' does not match"),
        ({"retrieved": "yesterday"}, "retrieved 'yesterday' does not match"),
        ({"media_type": "PDF"}, "media_type 'PDF' does not match"),
    ],
    ids=["wrong-digest", "missing-file", "outside-originals", "file-url", "bad-time", "bad-media-type"],
)
def test_bad_origin_is_refused(seeds_copy: Path, fields: dict[str, str], expected: str) -> None:
    keep_original(seeds_copy)
    add_origin(seeds_copy, **fields)
    with pytest.raises(prep.PrepError) as raised:
        prep.build_tables(seeds_copy)
    assert expected in str(raised.value)


def test_an_origin_field_must_be_text(seeds_copy: Path) -> None:
    path = seeds_copy / f"{STEM}.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("[source]\n", "[source]\nencoding = 936\n", 1), encoding="utf-8")
    with pytest.raises(prep.PrepError, match="encoding must be text"):
        prep.build_tables(seeds_copy)


def test_the_originals_folder_holds_no_articles(seeds_copy: Path) -> None:
    # An original kept as .txt (a pasted or uploaded text) and a stray TOML there are not read.
    (seeds_copy / "originals").mkdir()
    (seeds_copy / "originals" / "pasted.txt").write_text("２０２３年产值增长5%。", encoding="utf-8")
    (seeds_copy / "originals" / "pasted.toml").write_text("not = [toml", encoding="utf-8")
    tables = prep.build_tables(seeds_copy)
    assert [row["source_id"] for row in tables["sources"]] == ["cen-2022-01-local-it"]
