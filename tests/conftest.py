"""Fixtures shared by the prep and corpus tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A copy of seeds/: the article, its annotation and the corpus files."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder
