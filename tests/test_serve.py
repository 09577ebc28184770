"""python -m cenfigures.serve: streamlit run dashboard.py with the flags passed on, imports done first."""

import os
import shutil
import subprocess
import sys

import pytest

from cenfigures.app import serve
from cenfigures.tables.paths import DATA_DIR, DATA_DIR_VARIABLE, cache_dir_for
from cenfigures.tables.schema import TABLES


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


def test_warm_tables_keeps_every_tables_fast_copy_before_the_first_visitor(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("articles"))
    copies = cache_dir_for(data) / "tables"
    assert not copies.exists()
    code = "from cenfigures.app import serve; serve.warm_tables()"
    environment = {**os.environ, DATA_DIR_VARIABLE: str(data)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=environment)
    assert done.returncode == 0, done.stderr
    kept = {path.name.split("-", 1)[0] for path in copies.glob("*.arrow")}
    assert kept == {table.name for table in TABLES if (data / table.path).exists()} and "mentions" in kept


def _listening_addresses(port: int) -> set[str]:
    """The local addresses of the sockets listening on `port` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table, encoding="ascii") as lines:
            next(lines)
            for line in lines:
                local, state = line.split()[1], line.split()[3]
                address, hex_port = local.split(":")
                if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                    found.add(address)
    return found


def test_the_run_command_listens_on_this_machine_only():
    """The README's run command, no --server.address: 127.0.0.1, never every interface (Streamlit's
    own default, which bound *:8501 while the README presented 0.0.0.0 as an opt-in)."""
    import os
    import signal
    import socket
    import time
    import urllib.request
    from pathlib import Path

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {key: value for key, value in os.environ.items() if key != "STREAMLIT_SERVER_ADDRESS"}
    command = [sys.executable, "-m", "cenfigures.serve", "--server.port", str(port), "--server.headless", "true"]
    root = Path(__file__).resolve().parents[1]
    server = subprocess.Popen(
        command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
                    if answer.read() == b"ok":
                        break
            except OSError:
                time.sleep(0.25)
        else:
            pytest.fail("the server did not answer on 127.0.0.1")
        assert _listening_addresses(port) == {"0100007F"}, "listening on other interfaces than 127.0.0.1"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
