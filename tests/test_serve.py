"""python -m cenfigures.serve: streamlit run dashboard.py with the flags passed on, imports done first."""

import subprocess
import sys

import pytest

from cenfigures.app import serve


@pytest.mark.parametrize(
    "flags",
    [
        [],
        ["--server.port", "8502", "--server.headless", "true"],
        ["--server.baseUrlPath", "dashboard"],
    ],
)
def test_main_runs_the_dashboard_with_the_flags_given(monkeypatch, flags):
    from streamlit.web import cli

    seen = {}
    monkeypatch.setattr(cli, "main", lambda: seen.setdefault("argv", list(sys.argv)) and 0)
    monkeypatch.setattr(sys, "argv", ["serve"])
    serve.main(flags)
    assert seen["argv"] == ["streamlit", "run", "dashboard.py", *flags]


def test_preload_imports_what_the_pages_need_without_warnings():
    code = (
        "import sys; from cenfigures import serve; serve.preload(); "
        "print(all(m in sys.modules for m in ('pandas', 'plotly.graph_objects', 'cenfigures.app.context', "
        "'cenfigures.charts.catalog')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"
    assert "No runtime found" not in done.stderr
