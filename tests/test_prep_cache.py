"""Prep that rebuilds only what changed (cenfigures/prep/cache.py, build.build): an article is parsed
and checked again only when its text or annotation, or the registries it is checked against,
changed; the data folder it writes is byte for byte the one a build from scratch writes; the cache
lives beside the data folder, never in it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURE_ARTICLES
from test_prep import snapshot

from cenfigures.prep import build as prep
from cenfigures.prep import cache as cache_module
from cenfigures.prep.cache import Cache, cache_dir_for

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of seeds/ and the two fixture articles (written for tests)."""
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    for path in FIXTURE_ARTICLES.iterdir():
        shutil.copy(path, seeds / path.name)
    return seeds


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The articles each build parses and checks (by annotation file name), in the order asked."""
    names: list[str] = []
    real = prep.article_entry

    def counting(article, registry, fingerprint, key):
        names.append(article.annotation_path.name)
        return real(article, registry, fingerprint, key)

    monkeypatch.setattr(prep, "article_entry", counting)
    monkeypatch.setattr(prep, "PARALLEL_FROM", 10_000)  # in this process, where the count is kept
    return names


def from_scratch(seeds: Path, out: Path) -> dict[str, bytes]:
    """The data folder `python -m cenfigures.prep --no-cache` writes, as files and bytes."""
    done = subprocess.run(
        [sys.executable, "-m", "cenfigures.prep", "--seeds", str(seeds), "--out", str(out), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert not cache_dir_for(out).exists(), "a build from scratch neither reads nor fills the cache"
    return snapshot(out)


ANNOTATION = "yanzhao-2023-02-digital-transformation.toml"


def test_the_cache_gives_the_bytes_of_a_build_from_scratch(corpus: Path, tmp_path: Path, parsed: list[str]) -> None:
    out = tmp_path / "data"
    prep.build(corpus, out)
    assert sorted(parsed) == sorted(p.name for p in corpus.glob("*.toml") if "-" in p.stem), (
        "the first build parses all"
    )
    first = snapshot(out)
    assert first == from_scratch(corpus, tmp_path / "scratch")
    assert cache_dir_for(out).is_dir() and not any(p.name.startswith(".") for p in out.iterdir())
    assert "cache" not in (out / "datapackage.json").read_text(encoding="utf-8")
    parsed.clear()
    prep.build(corpus, out)
    assert parsed == [], "nothing changed: nothing parsed"
    assert snapshot(out) == first


def test_an_edited_annotation_is_the_only_article_parsed(corpus: Path, tmp_path: Path, parsed: list[str]) -> None:
    out = tmp_path / "data"
    prep.build(corpus, out)
    annotation = corpus / ANNOTATION
    text = annotation.read_text(encoding="utf-8")
    edited = text.replace("[[figure]]\n", '[[figure]]\nnote_en = "a note of the reviewer"\n', 1)
    assert edited != text
    annotation.write_text(edited, encoding="utf-8")
    parsed.clear()
    prep.rebuild_after(annotation, out)
    assert parsed == [ANNOTATION]
    assert snapshot(out) == from_scratch(corpus, tmp_path / "scratch")
    assert "a note of the reviewer" in (out / "figures.csv").read_text(encoding="utf-8-sig")


def test_an_edited_text_is_parsed_again(corpus: Path, tmp_path: Path, parsed: list[str]) -> None:
    out = tmp_path / "data"
    prep.build(corpus, out)
    article = corpus / "zhujiang-2024-03-uhd-video.txt"
    article.write_bytes(article.read_bytes() + "\n（本文仅供测试。）\n".encode())
    parsed.clear()
    prep.rebuild_after(article, out)
    assert parsed == ["zhujiang-2024-03-uhd-video.toml"]
    assert snapshot(out) == from_scratch(corpus, tmp_path / "scratch")


def test_a_changed_registry_parses_every_article_again(corpus: Path, tmp_path: Path, parsed: list[str]) -> None:
    out = tmp_path / "data"
    prep.build(corpus, out)
    indicators = corpus / "indicators.toml"
    indicators.write_text(
        indicators.read_text(encoding="utf-8") + '\n[test_only]\nname_zh = "测"\nname_en = "T"\nunit = "count"\n',
        encoding="utf-8",
    )
    parsed.clear()
    prep.build(corpus, out)
    assert len(parsed) == 3, "every article is checked against the registries again"
    assert snapshot(out) == from_scratch(corpus, tmp_path / "scratch")


def test_a_deleted_article_leaves_the_tables_and_the_cache(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "data"
    prep.build(corpus, out)
    entries = len(list((cache_dir_for(out) / "articles").glob("*.pickle")))
    for path in corpus.glob("zhujiang-2024-03-uhd-video.*"):
        path.unlink()
    prep.build(corpus, out)
    assert "zhujiang" not in (out / "sources.csv").read_text(encoding="utf-8-sig")
    assert len(list((cache_dir_for(out) / "articles").glob("*.pickle"))) == entries - 1
    assert snapshot(out) == from_scratch(corpus, tmp_path / "scratch")


def test_a_damaged_entry_is_parsed_again(corpus: Path, tmp_path: Path, parsed: list[str]) -> None:
    out = tmp_path / "data"
    prep.build(corpus, out)
    first = snapshot(out)
    last_build = cache_dir_for(out) / "last-build.pickle"
    for entry in [*(cache_dir_for(out) / "articles").glob("*.pickle"), last_build]:
        entry.write_bytes(entry.read_bytes()[:40])  # cut short, as a crash might leave it
    parsed.clear()
    prep.build(corpus, out)
    assert len(parsed) == 3 and snapshot(out) == first


def test_a_problem_is_named_as_a_build_from_scratch_names_it(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "data"
    prep.build(corpus, out)
    before = snapshot(out)
    annotation = corpus / ANNOTATION
    annotation.write_text(
        annotation.read_text(encoding="utf-8").replace('region = "hebei"', 'region = "atlantis"', 1), encoding="utf-8"
    )
    with pytest.raises(prep.PrepError) as cached:
        prep.build(corpus, out)
    with pytest.raises(prep.PrepError) as scratch:
        prep.build_tables(corpus)
    assert [str(p) for p in cached.value.problems] == [str(p) for p in scratch.value.problems]
    assert any("atlantis" in str(p) for p in cached.value.problems)
    assert snapshot(out) == before, "a failed build leaves the data folder as it was"


def test_many_articles_are_parsed_by_a_process_per_core(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prep, "PARALLEL_FROM", 2)
    out = tmp_path / "data"
    prep.build(corpus, out)
    assert snapshot(out) == from_scratch(corpus, tmp_path / "scratch")


def test_a_declaration_the_build_did_not_expect_checks_every_article_again(
    corpus: Path, tmp_path: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The articles not in the cache are checked in one go against what they are taken to declare
    (a guess made on their bytes); when the guess is wrong (here: every annotation taken to declare
    nothing, while the fixtures declare regions), every article is checked again and the bytes
    are still those of a build from scratch."""
    monkeypatch.setattr(prep, "_MAY_DECLARE", re.compile(rb"(?!)"))
    out = tmp_path / "data"
    prep.build(corpus, out)
    articles = sorted(p.name for p in corpus.glob("*.toml") if "-" in p.stem)
    assert sorted(parsed) == sorted(articles * 2), "checked against the guess, then against the true registries"
    assert snapshot(out) == from_scratch(corpus, tmp_path / "scratch")


def test_an_article_added_is_the_only_article_parsed(corpus: Path, tmp_path: Path, parsed: list[str]) -> None:
    """An article that declares nothing changes no other article's rows: adding one parses it alone."""
    added = next(p for p in corpus.glob("*.toml") if "-" in p.stem and not prep._MAY_DECLARE.search(p.read_bytes()))
    for path in (added, added.with_suffix(".txt")):
        path.rename(tmp_path / path.name)
    out = tmp_path / "data"
    prep.build(corpus, out)
    for path in (added, added.with_suffix(".txt")):
        (tmp_path / path.name).rename(path)
    parsed.clear()
    prep.build(corpus, out)
    assert parsed == [added.name]
    assert snapshot(out) == from_scratch(corpus, tmp_path / "scratch")


def test_a_table_the_edit_leaves_as_it_was_is_linked_not_written_again(corpus: Path, tmp_path: Path) -> None:
    """An edit of an article's English title changes sources.csv alone: the other tables are the
    previous folder's files (the same inode, nothing written or flushed again), and the folder is
    still byte for byte the one a build from scratch writes."""
    out = tmp_path / "data"
    prep.build(corpus, out)
    inodes = {path.name: path.stat().st_ino for path in out.iterdir() if path.is_file()}
    annotation = corpus / ANNOTATION
    annotation.write_text(
        annotation.read_text(encoding="utf-8").replace('title_en = "', 'title_en = "Edited: ', 1), encoding="utf-8"
    )
    prep.rebuild_after(annotation, out)
    changed = sorted(name for name, inode in inodes.items() if (out / name).stat().st_ino != inode)
    assert changed == ["sources.csv"], changed
    assert "Edited: " in (out / "sources.csv").read_text(encoding="utf-8-sig")
    assert snapshot(out) == from_scratch(corpus, tmp_path / "scratch")


def test_a_build_with_nothing_changed_reads_no_entry_and_writes_nothing(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the articles, the corpus files and the data folder are as the last build left them,
    the build has nothing to do: it reads no entry of the cache and leaves the folder alone. Any
    change to the folder (a table edited by hand, a file added) and it builds again."""
    out = tmp_path / "data"
    first = prep.build(corpus, out)
    before = {path: path.stat().st_ino for path in out.rglob("*")}
    read: list[str] = []
    real = Cache.get
    monkeypatch.setattr(Cache, "get", lambda self, key: read.append(key) or real(self, key))
    assert prep.build(corpus, out) == first
    assert read == [] and {path: path.stat().st_ino for path in out.rglob("*")} == before
    (out / "figures.csv").write_text("edited by hand\n", encoding="utf-8")
    assert prep.build(corpus, out) == first
    assert len(read) == 3 and snapshot(out) == from_scratch(corpus, tmp_path / "scratch")
    read.clear()
    (out / "articles" / "stray.txt").write_text("a file nobody asked for\n", encoding="utf-8")
    prep.build(corpus, out)
    assert len(read) == 3 and snapshot(out) == from_scratch(corpus, tmp_path / "scratch")


def test_other_code_parses_every_article_again(
    corpus: Path, tmp_path: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry, a key remembered for a file's stats and the record of the last build are the work
    of prep's code: with other code (a new version of prep), every article is parsed again."""
    out = tmp_path / "data"
    prep.build(corpus, out)
    parsed.clear()
    monkeypatch.setattr(cache_module, "code_version", lambda: "other code")
    prep.build(corpus, out)
    assert sorted(parsed) == sorted(p.name for p in corpus.glob("*.toml") if "-" in p.stem)
