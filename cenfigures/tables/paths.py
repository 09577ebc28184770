"""Where the corpus and the tables live, and how the tables are written: shared by prep and the app."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# CENFIGURES_SEEDS_DIR points prep's default --seeds, the drafter's default corpus and the intake
# (the command and the dashboard's /add page, which write articles into it) at another corpus
# folder; unset or empty, it is seeds/ of the repository.
SEEDS_DIR_VARIABLE = "CENFIGURES_SEEDS_DIR"
SEEDS_DIR = Path(os.environ.get(SEEDS_DIR_VARIABLE) or ROOT / "seeds").resolve()
ORIGINALS_FOLDER = "originals"  # seeds/originals/<name>.<ext>: an article's original file as it came in
# CENFIGURES_DATA_DIR points the app and prep's default --out at another data folder (e.g. a
# corpus built elsewhere); unset or empty, it is data/ of the repository.
DATA_DIR_VARIABLE = "CENFIGURES_DATA_DIR"
DATA_DIR = Path(os.environ.get(DATA_DIR_VARIABLE) or ROOT / "data").resolve()
ARTICLES_FOLDER = "articles"  # data/articles/<file>: prep's byte-identical copy of each article
ARTICLES_DIR = DATA_DIR / ARTICLES_FOLDER
CSV_ENCODING = "utf-8-sig"  # Excel opens Chinese text correctly only with the BOM
REBUILD_COMMAND = "python -m cenfigures.prep"


def cache_dir_for(data_dir: Path) -> Path:
    """What prep and the app keep to be fast, beside the data folder and never in it (data/ is
    swapped in whole and described by its datapackage): `<parent>/.<data folder>-cache/` (for data/,
    `.data-cache/`, ignored by git). Deleting it costs a slower build and a slower first page."""
    data_dir = Path(data_dir).resolve()
    return data_dir.parent / f".{data_dir.name}-cache"
