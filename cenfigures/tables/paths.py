"""Where the corpus and the tables live, and how the tables are written: shared by prep and the app."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS_DIR = ROOT / "seeds"
DATA_DIR = ROOT / "data"
CSV_ENCODING = "utf-8-sig"  # Excel opens Chinese text correctly only with the BOM
REBUILD_COMMAND = "python -m cenfigures.prep"
