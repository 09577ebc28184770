"""Fixtures shared by the tests: a copy of seeds/, a data folder built from the seed and the fixture
articles, and pointing the app (under AppTest) at another data folder."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A copy of seeds/: the article, its annotation and the corpus files."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


FIXTURE_ARTICLES = Path(__file__).resolve().parent / "fixtures" / "corpus"


@pytest.fixture(scope="session")
def corpus_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder built by `python -m cenfigures.prep` from seeds/ plus the two fixture articles
    (tests/fixtures/corpus/, written for tests; the first declares a topic with a chart, served by
    the generic page at /topic?id=smart_manufacturing)."""
    return built_with(tmp_path_factory.mktemp("corpus"), FIXTURE_ARTICLES)


def built_with(folder: Path, articles: Path) -> Path:
    """`folder`/data, built by `python -m cenfigures.prep` from a copy of seeds/ plus every file of
    `articles` (fixture articles and their annotations)."""
    seeds = folder / "seeds"
    shutil.copytree(SEEDS, seeds)
    for path in articles.iterdir():
        shutil.copy(path, seeds / path.name)
    out = folder / "data"
    done = subprocess.run(
        [sys.executable, "-m", "cenfigures.prep", "--seeds", str(seeds), "--out", str(out)],
        cwd=SEEDS.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return out


def _forget_cached_data() -> None:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def use_data(monkeypatch: pytest.MonkeyPatch):
    """`use_data(folder)`: the app (under AppTest, in this process) reads its tables and article
    copies from `folder` until the test ends, as it would with CENFIGURES_DATA_DIR=folder."""
    from cenfigures.app import context
    from cenfigures.view import source_text

    def point_at(folder: Path) -> Path:
        monkeypatch.setattr(context, "DATA_DIR", folder)
        monkeypatch.setattr(source_text, "ARTICLES_DIR", folder / "articles")
        _forget_cached_data()
        return folder

    yield point_at
    _forget_cached_data()
