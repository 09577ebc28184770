"""Start the dashboard: `streamlit run dashboard.py` with the app's imports done and the tables' fast
copies made before the first visitor.

    python -m cenfigures.serve [streamlit run flags, e.g. --server.port 8501]

Streamlit imports a page's modules when the first session runs it, so the first visitor after every
start (each deploy, restart and replica) waited for pandas, plotly and this package to import:
about 0.9 s of a 1.4 s first run (docs/benchmarks.md). Run from the repository root, like
`streamlit run dashboard.py`, which it otherwise is: every flag is passed on unchanged.
"""

from __future__ import annotations

import logging
import sys

APP = "dashboard.py"


def preload() -> None:
    """Import what every page imports (pandas, plotly and the app's modules, through the shared setup)
    and make what every process makes once (the map's outlines)."""
    # st.cache_data checks its parameters when a module defines a cached function, and warns that no
    # runtime exists yet. Expected here: the caches themselves are made on first use, in the runtime.
    import streamlit.runtime.caching.cache_data_api  # noqa: F401  (it sets its logger's level when imported)

    checker = logging.getLogger("streamlit.runtime.caching.cache_data_api")
    level = checker.level
    checker.setLevel(logging.ERROR)
    try:
        import cenfigures.app.page  # noqa: F401
    finally:
        checker.setLevel(level)
    from cenfigures.charts.geo_shapes import load_provinces

    load_provinces()  # the map's province outlines, simplified once per process: about a second


def warm_tables() -> None:
    """Read every table of the data folder once before the first visitor: a table's first read
    keeps its Arrow copy beside the data (tables/dataset.py), which every later read of it, in any
    process, loads instead of parsing the CSV. At 5,000 articles the mentions' CSV alone (150 MB)
    took the source reader's first visitor 7 s; its copy reads in a fraction of one."""
    from cenfigures.tables.dataset import load_dataset

    load_dataset().tables  # noqa: B018  (read for its side effect: the copies on disk)


def main(argv: list[str] | None = None) -> int:
    preload()
    warm_tables()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", APP, *(sys.argv[1:] if argv is None else argv)]
    return cli.main()  # click exits the process itself


if __name__ == "__main__":
    sys.exit(main())
