"""`streamlit run` with the server-side time of every script run logged to a file.

Usage: BENCH_TIMING_LOG=/tmp/runs.jsonl python -m bench.timed_run <app.py> [streamlit options]

How (Streamlit 1.67, no app code changed): before the CLI starts, two methods are wrapped.
- `ScriptRunner._run_script` (streamlit/runtime/scriptrunner/script_runner.py) runs one rerun
  request on the session's script thread, from "script started" to "script finished" (it loops
  internally when a rerun is requested mid-run; that counts as one entry with its total time).
- `StreamlitPage.run` (streamlit/navigation/page.py) executes the page's file inside it; wrapping
  it gives which page ran and the time of the page body alone (`page_seconds`).
Each finished run appends one JSON line: {"t", "seconds", "page", "page_seconds", "thread"}.
Both are private APIs: if a Streamlit upgrade renames them this module fails loudly at start.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time

from streamlit.navigation.page import StreamlitPage
from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

_LOG_PATH = os.environ.get("BENCH_TIMING_LOG", "")
_local = threading.local()
_lock = threading.Lock()
_original_run_script = ScriptRunner._run_script
_original_page_run = StreamlitPage.run


def _write(entry: dict) -> None:
    if not _LOG_PATH:
        return
    line = json.dumps(entry) + "\n"
    with _lock, open(_LOG_PATH, "a", encoding="utf-8") as handle:
        handle.write(line)


def _timed_run_script(self, rerun_data):  # noqa: ANN001 - Streamlit's private signature
    _local.page, _local.page_seconds = None, 0.0
    started = time.perf_counter()
    try:
        return _original_run_script(self, rerun_data)
    finally:
        _write(
            {
                "t": time.time(),
                "seconds": time.perf_counter() - started,
                "page": getattr(_local, "page", None),
                "page_seconds": getattr(_local, "page_seconds", 0.0),
                "thread": threading.get_ident(),
            }
        )


def _timed_page_run(self) -> None:
    started = time.perf_counter()
    try:
        return _original_page_run(self)
    finally:
        page = getattr(self, "_page", None)
        _local.page = os.path.basename(str(page)) if page is not None else None
        _local.page_seconds = getattr(_local, "page_seconds", 0.0) + time.perf_counter() - started


def install() -> None:
    ScriptRunner._run_script = _timed_run_script
    StreamlitPage.run = _timed_page_run


def main(argv: list[str]) -> int:
    install()
    if os.environ.get("BENCH_SWITCH_INTERVAL"):  # experiments with the GIL's switch interval (docs/benchmarks.md)
        sys.setswitchinterval(float(os.environ["BENCH_SWITCH_INTERVAL"]))
    from cenfigures import serve  # light: its heavy imports are inside preload()

    if argv and argv[0] == serve.APP:  # the dashboard starts as in production (python -m cenfigures.serve)
        serve.preload()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", *argv]
    return cli.main()  # click exits the process itself


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
