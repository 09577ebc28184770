"""`python -m cenfigures.serve`: start the dashboard (see cenfigures.app.serve)."""

import sys

from cenfigures.app.serve import APP, main, preload  # noqa: F401  (the command's interface)

if __name__ == "__main__":
    sys.exit(main())
