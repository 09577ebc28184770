"""python -m cenfigures.draft seeds/<name>.txt: draft the article's annotation (see cenfigures.prep.draft_toml)."""

from __future__ import annotations

import sys

from cenfigures.prep.draft_toml import main

if __name__ == "__main__":
    sys.exit(main())
