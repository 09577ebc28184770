"""python -m cenfigures.draft seeds/<name>.txt: draft the article's annotation (see cenfigures.draft.write)."""

from __future__ import annotations

import sys

from cenfigures.draft.write import main

if __name__ == "__main__":
    sys.exit(main())
