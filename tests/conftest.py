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
# A chart for the topic the first fixture article declares (smart_manufacturing): with it the topic
# gets a page, served by the generic page file at /topic?id=smart_manufacturing.
FIXTURE_TOPIC_CHART = (
    '\n[[topic.chart]]\nid = "factories"\ntype = "counts"\ntab_zh = "示范工厂"\ntab_en = "Factories"\n'
    'title_zh = "{region}智能制造示范工厂"\ntitle_en = "Demonstration factories in {region}"\n'
    'select = { topic = "smart_manufacturing", not_kind = ["target", "derived"] }\n'
)


@pytest.fixture(scope="session")
def corpus_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder built by `python -m cenfigures.prep` from seeds/ plus the two fixture articles
    (tests/fixtures/corpus/, written for tests), the first with a chart of its new topic."""
    seeds = tmp_path_factory.mktemp("corpus") / "seeds"
    shutil.copytree(SEEDS, seeds)
    for path in FIXTURE_ARTICLES.iterdir():
        shutil.copy(path, seeds / path.name)
    hebei = seeds / "yanzhao-2023-02-digital-transformation.toml"
    hebei.write_text(hebei.read_text(encoding="utf-8") + FIXTURE_TOPIC_CHART, encoding="utf-8")
    out = seeds.parent / "data"
    done = subprocess.run([sys.executable, "-m", "cenfigures.prep", "--seeds", str(seeds), "--out", str(out)],
                          cwd=SEEDS.parent, capture_output=True, text=True, timeout=120)
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
