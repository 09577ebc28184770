"""`python -m cenfigures.prep`: build data/ from seeds/ (see cenfigures.prep.build)."""

import sys

from cenfigures.prep.build import main

sys.exit(main())
