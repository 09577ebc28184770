"""One page's first visit, whole, in a fresh process: what a corpus costs the first visitor of a view.

    python -m bench.page_run <data folder> <page file> [key=value ...]

Run by bench.corpus_scale once per page and chart tab and corpus, each in a process of its own. The
process reads every table once and imports the app and runs the overview once under Streamlit's
AppTest (what a server does when it starts and warms up: cenfigures.serve imports, simplifies the
map's outlines and reads the tables, keeping their Arrow copies, before serving), then forgets every cached
table, chart and page computation, and times one run of the page with the link's parameters: the
dataset is read, the view's facts and the chart are built, the page is laid out, as for the first
visitor after a start. Prints one JSON line: seconds (wall clock) and CPU seconds of the run, the
marks each chart draws, exceptions, the process's peak memory.
"""

from __future__ import annotations

import base64
import json
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def _length(values) -> int:
    """How many entries a trace's data array has: a list (gaps, None, left out) or a typed array as
    plotly sends numbers ({"dtype": "f8", "bdata": base64})."""
    if isinstance(values, dict):
        return len(base64.b64decode(values.get("bdata", ""))) // np.dtype(values.get("dtype", "f8")).itemsize
    return sum(1 for value in values or () if value is not None)


def marks_of(spec: dict) -> int:
    """How many marks a plotly figure draws: the points and bars of its traces, and the text
    annotations it writes (a block's label, an event's title, a bar's value)."""
    count = 0
    for trace in spec.get("data", []):
        for axis in ("x", "y", "lon", "locations"):
            if trace.get(axis) is not None:
                count += _length(trace[axis])
                break
    return count + len(spec.get("layout", {}).get("annotations", []))


def main(argv: list[str]) -> int:
    data, page, params = Path(argv[0]), argv[1], dict(a.split("=", 1) for a in argv[2:])
    os.environ["CENFIGURES_DATA_DIR"] = str(data)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from cenfigures.app.serve import warm_tables
    from cenfigures.charts.geo_shapes import load_provinces

    # What cenfigures.serve does before serving: the tables' Arrow copies kept, the map's outlines
    # simplified. (Not the rest of its preload, imports outside Streamlit's runtime: in this
    # harness the timed run was then 0.1-0.3 s slower.)
    warm_tables()
    load_provinces()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
    at.run()  # the server's warm-up: imports, Streamlit's own first run
    st.cache_resource.clear()
    st.cache_data.clear()
    from cenfigures.charts import kit
    from cenfigures.view import filters

    kit._VIEW_FACTS.clear()  # what earlier runs of this process kept: the page is a first visit
    filters._SEARCH_INDEXES.clear()
    if page != "dashboard.py":
        at.switch_page(page)
    for key, value in params.items():
        at.query_params[key] = value
    started, cpu = time.perf_counter(), time.process_time()
    at.run()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    charts = [json.loads(element.proto.spec) for element in at.get("plotly_chart")]
    print(
        json.dumps(
            {
                "seconds": round(seconds, 3),
                "cpu": round(cpu, 3),  # the process's CPU time: what a busy machine's other work does not add
                "marks": [marks_of(spec) for spec in charts],
                "exceptions": [str(e.value)[:300] for e in at.exception],
                "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
