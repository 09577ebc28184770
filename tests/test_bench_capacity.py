"""The protocol-level load test (bench.capacity, bench.stproto, bench.capacity_report): messages it
sends and reads, where it may send them, when a step counts, and that it stops by itself and exits
non-zero on an error. Nothing here is timed; the one end-to-end check runs a few sessions for a few
seconds against a throwaway server (in a subprocess, because Locust patches the standard library
for gevent when it is imported)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench import common, stproto
from bench.capacity_report import Sample, Step, actions_table, error_lines, exit_status, kinds_table, knee, steps_table

ROOT = Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------- what is sent


def test_rerun_request_carries_page_query_widgets_and_cached_messages():
    widgets = [
        stproto.string_widget("$$ID-1-url_chart", "全国排名"),
        stproto.string_array_widget("$$ID-2-url_kind", ["实测"]),
        stproto.bool_widget("$$ID-3-dl-x", True),
        stproto.trigger_widget("$$ID-4-prepare-svg-x"),
    ]
    msg = BackMsg()
    msg.ParseFromString(
        stproto.rerun_request(
            "?chart=ranks&lang=en",
            "digitization",
            "abc",
            widgets,
            url="http://127.0.0.1:1/digitization",
            cached=["h1", "h2"],
        )
    )
    state = msg.rerun_script
    assert (state.query_string, state.page_name, state.page_script_hash) == (
        "chart=ranks&lang=en",
        "digitization",
        "abc",
    )
    values = {w.id: w for w in state.widget_states.widgets}
    assert values["$$ID-1-url_chart"].string_value == "全国排名"
    assert list(values["$$ID-2-url_kind"].string_array_value.data) == ["实测"]
    assert values["$$ID-3-dl-x"].bool_value is True and values["$$ID-4-prepare-svg-x"].trigger_value is True
    assert list(state.cached_message_hashes) == ["h1", "h2"]
    assert state.context_info.url == "http://127.0.0.1:1/digitization" and state.context_info.locale == "zh-CN"


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8501", "http://localhost:8080/", "http://127.3.4.5:1", "http://[::1]:8501"]
)
def test_only_this_machine_is_a_target(url):
    assert stproto.require_local(url) == url
    assert stproto.stream_url(url).endswith("/_stcore/stream") and stproto.stream_url(url).startswith("ws://")


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.5:8501",
        "http://192.168.1.2",
        "http://172.16.0.1",
        "https://example.org",
        "http://8.8.8.8",
        "http://127.0.0.1.example.org",
        "",
    ],
)
def test_any_other_address_is_refused_before_anything_is_sent(url):
    with pytest.raises(stproto.NotLocal):
        stproto.require_local(url)
    with pytest.raises(stproto.NotLocal):
        stproto.stream_url(url)


# --------------------------------------------------------------------------- what is read


def _frames() -> list[bytes]:
    msgs = []
    m = ForwardMsg()
    m.new_session.page_script_hash = "first-guess"
    msgs.append(m)
    m = ForwardMsg()
    m.navigation.page_script_hash = "digitization-hash"
    msgs.append(m)
    m = ForwardMsg()
    m.page_info_changed.query_string = "kind=observed"
    msgs.append(m)
    m = ForwardMsg()
    m.delta.new_element.multiselect.id = "$$ID-aa-url_kind"
    m.delta.new_element.multiselect.label = "类型"
    m.delta.new_element.multiselect.options.extend(["实测", "目标"])
    msgs.append(m)
    m = ForwardMsg()
    m.delta.add_block.tab_container.id = "$$ID-bb-url_chart"
    msgs.append(m)
    for label in ("目标", "排名"):
        m = ForwardMsg()
        m.delta.add_block.tab.label = label
        msgs.append(m)
    m = ForwardMsg()
    m.delta.add_block.popover.id = "$$ID-cc-dl-digitization-ranks"
    m.delta.add_block.popover.label = "下载"
    msgs.append(m)
    m = ForwardMsg()
    m.delta.new_element.download_button.id = "$$ID-dd-csv-digitization-ranks"
    m.delta.new_element.download_button.url = "/media/abc.csv"
    msgs.append(m)
    m = ForwardMsg()
    m.delta.new_element.plotly_chart.spec = "{" + " " * 12000 + "}"
    m.hash = "chart-hash"
    m.metadata.cacheable = True
    msgs.append(m)
    m = ForwardMsg()
    m.ref_hash = "old-chart"
    msgs.append(m)
    m = ForwardMsg()
    m.delta.new_element.alert.body = "链接中有1个参数无效"
    msgs.append(m)
    m = ForwardMsg()
    m.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
    msgs.append(m)
    return [msg.SerializeToString() for msg in msgs]


def test_a_run_is_tallied_message_by_message():
    tally = stproto.RunTally()
    frames = _frames()
    for frame in frames[:-1]:
        tally.feed(frame)
        assert not tally.done
    tally.feed(frames[-1])
    assert tally.done and tally.ok and not tally.errors
    assert tally.messages == len(frames) and tally.bytes == sum(map(len, frames))
    assert tally.page_script_hash == "digitization-hash"  # the page that ran, not new_session's guess
    assert tally.query_string == "kind=observed"
    assert tally.widgets["url_kind"].options == ("实测", "目标") and tally.widgets["url_kind"].kind == "multiselect"
    assert tally.widgets["url_chart"].kind == "tabs" and tally.widgets["url_chart"].options == ("目标", "排名")
    assert tally.widgets["dl-digitization-ranks"].kind == "popover"
    assert tally.downloads()["csv-digitization-ranks"].url == "/media/abc.csv"
    assert tally.by_kind["delta:plotly_chart"][0] == 1 and tally.by_kind["delta:plotly_chart"][1] > 12000
    assert tally.cacheable == {"chart-hash"} and tally.cache_hits == {"old-chart"}
    assert tally.alerts == ["链接中有1个参数无效"]


def _finished(status) -> bytes:
    m = ForwardMsg()
    m.script_finished = status
    return m.SerializeToString()


def test_a_failed_run_is_an_error():
    exception = ForwardMsg()
    exception.delta.new_element.exception.type = "RuntimeError"
    tally = stproto.RunTally()
    tally.feed(exception.SerializeToString())
    tally.feed(_finished(ForwardMsg.FINISHED_SUCCESSFULLY))
    assert tally.done and not tally.ok and "exception" in tally.errors[0]

    missing = ForwardMsg()
    missing.page_not_found.page_name = "nope"
    tally = stproto.RunTally()
    tally.feed(missing.SerializeToString())
    tally.feed(_finished(ForwardMsg.FINISHED_SUCCESSFULLY))
    assert not tally.ok and "page not found" in tally.errors[0]

    tally = stproto.RunTally()
    tally.feed(_finished(ForwardMsg.FINISHED_WITH_COMPILE_ERROR))
    assert tally.done and not tally.ok


def test_a_run_cut_short_for_a_rerun_is_not_over():
    tally = stproto.RunTally()
    tally.feed(_finished(ForwardMsg.FINISHED_EARLY_FOR_RERUN))
    assert not tally.done and not tally.errors
    tally.feed(_finished(ForwardMsg.FINISHED_SUCCESSFULLY))
    assert tally.done and tally.ok


def test_the_message_cache_forgets_what_two_runs_did_not_use():
    cache = stproto.MessageCache(max_age=2)
    run = stproto.RunTally(cacheable={"map"})
    cache.finished(run)
    assert cache.hashes() == ["map"]
    cache.finished(stproto.RunTally())
    cache.finished(stproto.RunTally(cache_hits={"map"}))  # used again: renewed
    cache.finished(stproto.RunTally())
    cache.finished(stproto.RunTally())
    assert cache.hashes() == ["map"]
    cache.finished(stproto.RunTally())
    assert cache.hashes() == []


# --------------------------------------------------------------------------- verdicts


def _step(target: str, sessions: int, seconds: list[float], errors: int = 0, browser: dict | None = None) -> Step:
    samples = [Sample("filter", s, 1000, None) for s in seconds] + [Sample("csv", 0.01, 500, "csv: HTTP 404")] * errors
    return Step(
        target,
        sessions,
        60.0,
        samples,
        {"delta:plotly_chart": [3, 90000], "delta:markdown": [30, 3000]},
        0.5,
        180.0,
        200.0,
        "0.1 0.2 0.3",
        "0.4 0.5 0.6",
        browser,
    )


def test_the_knee_is_the_most_sessions_with_p95_under_a_second_and_no_error():
    steps = [
        _step("dashboard", 25, [0.1] * 20),
        _step("dashboard", 50, [0.2] * 19 + [0.9]),
        _step("dashboard", 75, [0.2] * 18 + [1.5, 1.6]),
        _step("dashboard", 100, [0.1] * 20, errors=1),
    ]
    assert [s.ok for s in steps] == [True, True, False, False]
    assert knee(steps) == 50
    assert knee([steps[2]]) == 0


def test_any_error_means_exit_status_one():
    clean = [_step("dashboard", 10, [0.1] * 5)]
    assert exit_status(clean) == 0
    assert exit_status(clean + [_step("floor", 10, [0.1] * 5, errors=1)]) == 1
    assert exit_status([_step("dashboard", 10, [0.1] * 5, browser={"errors": 1})]) == 1
    assert exit_status(clean, {"active_errors": 0, "churn_errors": 2}) == 1
    assert exit_status([], {"active_errors": 0, "churn_errors": 0}) == 0


def test_the_tables_report_what_was_measured():
    step = _step("dashboard", 50, [0.1] * 19 + [0.9], errors=2)
    table = steps_table([step])
    assert "| dashboard | 50 | 22 | 2 |" in table and "missed" in table and "0.1 0.2 0.3 → 0.4 0.5 0.6" in table
    assert "| 0.50 | 1500 | 180 → 200 | 0.00 |" in table  # 0.5 cores for 20 reruns in 60 s: 1.5 s of CPU per rerun
    assert "| csv | 2 | 2 |" in actions_table(step)
    assert "| delta:plotly_chart | 3 | 90 | 30.0 | 97% |" in kinds_table(step)
    assert error_lines(step) == ["2× csv: HTTP 404"]


# --------------------------------------------------------------------------- end to end, briefly


def _capacity(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [common.python(), "-m", "bench.capacity", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )


def test_a_target_elsewhere_is_refused_before_any_traffic():
    done = _capacity("--url", "http://10.1.2.3:8501", "--sessions", "1", "--no-doc")
    assert done.returncode == 2 and "only 127.0.0.1" in done.stderr


@pytest.mark.parametrize(
    "app, errors",
    [(common.FLOOR_APP, False), ("tests/fixtures/raising_app.py", True)],
    ids=["floor-ok", "raising-page"],
)
def test_a_short_run_stops_by_itself_and_exits_non_zero_on_errors(tmp_path, app, errors):
    server = common.start_server(app, tmp_path)
    try:
        done = _capacity(
            "--url",
            server.url,
            "--floor-page",
            "--sessions",
            "3",
            "--duration",
            "4",
            "--spawn-seconds",
            "1",
            "--think",
            "0.2,0.5",
            "--timeout",
            "20",
            "--no-doc",
        )
    finally:
        server.stop()
    output = done.stdout + done.stderr
    assert "floor: 3 sessions" in output, output[-2000:]
    assert done.returncode == (1 if errors else 0), output[-2000:]
    assert ("exception on the page" in output) == errors


def test_the_memory_table_compares_each_churn_round_with_the_filled_start():
    from bench.capacity_report import memory_table

    table = memory_table(
        {
            "start_mb": 180.0,
            "idle_mb_per_session": 0.25,
            "active_mb_per_session": 0.5,
            "steady_mb": 200.0,
            "after_churn_mb": [204.0, 230.0],
            "churn": 1000,
            "active_errors": 0,
            "churn_errors": 0,
            "load_before": "0.5 0.5 0.5",
            "load_after": "1.0 1.0 1.0",
        }
    )
    assert (
        "| memory after 1000 further sessions came and went | 204 MB (+2% of the check's start, +13% of the start"
        in table
    )
    assert "| memory after 2000 further sessions came and went | 230 MB (+15% of the check's start" in table
    assert "| growth per idle session (page open, no action) | 0.25 MB |" in table


def test_the_real_browser_sample_reports_what_bench_capacity_reads():
    from bench import load

    sessions = [
        load.Session(0, "digitization", first_ms=4000.0, change_ms=500.0),
        load.Session(1, "regions", first_ms=6000.0, change_ms=1500.0),
        load.Session(2, "timeline", error="BenchTimeout: not done"),
    ]
    result = load.LoadResult(3, sessions, 0.0, 0.0, 60.0, 0, 0.0, "1.0 1.0 1.0")
    summary = load.summary(result)
    assert summary["sessions"] == 3 and summary["errors"] == 1
    assert (summary["first_p50"], summary["first_p95"]) == (4.0, 6.0)
    assert (summary["change_p50"], summary["change_p95"]) == (0.5, 1.5)
    assert summary["error_lines"] == ["1× timeline: BenchTimeout: not done"]
    assert load.stproto_local("http://127.0.0.1:8080/") == "http://127.0.0.1:8080"
    with pytest.raises(stproto.NotLocal):
        load.stproto_local("http://192.168.0.10:8080")


def test_corpora_go_with_a_ramp():
    """`--corpora` compares the knee of data folders: without `--ramp` there is no knee to compare,
    and the command says so before starting any server."""
    done = _capacity("--sessions", "5", "--corpora", "1=data", "--no-doc")
    assert done.returncode == 2
    assert "--corpora goes with --ramp" in done.stderr


SESSION_CLOSES_THE_POPOVER = """
from bench import stproto
from bench.capacity import StreamlitSession

session = StreamlitSession.__new__(StreamlitSession)
session.widgets = {
    "dl-digitization-ranks": stproto.Widget("$$ID-cc-dl-digitization-ranks", "popover"),
    "csv-digitization-ranks": stproto.Widget("$$ID-dd-csv", "download_button", url="/media/abc.csv"),
}
session.values, session.make_timeout, runs, fetched = {}, 5.0, [], []


def run(name, payload_widgets=(), **_):
    runs.append((name, [w.bool_value for w in payload_widgets]))
    for w in payload_widgets:
        session.values[w.id] = w


session._run = run
session._download = lambda name, url, check: fetched.append(url)
session.download_csv()
assert runs == [("downloads", [True]), ("close", [False])] and fetched == ["/media/abc.csv"], (runs, fetched)
assert "$$ID-cc-dl-digitization-ranks" not in session.values  # later reruns carry no open popover
"""


def test_a_session_closes_the_download_popover_after_taking_its_file():
    # A browser closes the popover when the person clicks elsewhere (a rerun of its own); a session
    # that left it open filled it again on every later rerun, making that view's files each time.
    # In a process of its own: importing bench.capacity imports locust, which monkey-patches threads
    # with gevent, and the app's file threads then deadlocked a later test of this process.
    done = subprocess.run(
        [sys.executable, "-c", SESSION_CLOSES_THE_POPOVER], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]


def test_a_fragment_on_a_timer_is_noted_and_its_rerun_is_the_browsers():
    # A popover's files not made yet are a fragment with run_every: the session reruns it as the
    # browser's timer does (fragment_id, is_auto_rerun) until their links are there.
    m = ForwardMsg()
    m.auto_rerun.fragment_id, m.auto_rerun.interval = "frag-1", 0.5
    tally = stproto.RunTally()
    tally.feed(m.SerializeToString())
    assert tally.auto_rerun == {"frag-1": 0.5}
    msg = BackMsg()
    msg.ParseFromString(stproto.rerun_request("lang=en", "", "abc", fragment_id="frag-1"))
    assert (msg.rerun_script.fragment_id, msg.rerun_script.is_auto_rerun) == ("frag-1", True)
    msg.ParseFromString(stproto.rerun_request("lang=en", "", "abc"))
    assert (msg.rerun_script.fragment_id, msg.rerun_script.is_auto_rerun) == ("", False)
