"""python -m cenfigures.intake <file-or-url> [--name …] (see cenfigures.intake.command)."""

from __future__ import annotations

import sys

from cenfigures.intake.command import main

if __name__ == "__main__":
    sys.exit(main())
