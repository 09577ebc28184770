"""`python -m cenfigures.report deck.html`: write the offline slide deck (see cenfigures.charts.deck)."""

import sys

from cenfigures.charts.deck import main

if __name__ == "__main__":
    sys.exit(main())
