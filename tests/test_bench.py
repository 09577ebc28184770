"""Fast checks of the benchmark code paths (bench/): corpus copies, prep scaling, report tables."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from bench import common, load, prep_scale, speed
from cenfigures.charts import types
from cenfigures.prep import build as prep
from cenfigures.tables.dataset import load_dataset
from cenfigures.view.filters import state_of
from cenfigures.view.model import View, chart_specs

TABLES = load_dataset().all_tables()
PAGES = common.site_pages()
TABBED = [p for p in PAGES if p.charts and len(chart_specs(TABLES["charts"], p.charts)) > 1]

SEED_TOML = next(iter(prep.article_pairs(prep.SEEDS_DIR)))[
    1
]  # an article's annotation (seeds/ also holds corpus registries)


def test_copy_annotation_prefixes_every_id_and_reference():
    original = SEED_TOML.read_text(encoding="utf-8")
    copied = tomllib.loads(prep_scale.copy_annotation(original, "c0007-"))
    source = tomllib.loads(original)
    assert copied["source"]["id"] == "c0007-" + source["source"]["id"]
    assert copied["source"]["file"] == "c0007-" + source["source"]["file"]
    assert copied["region_notes"] == source["region_notes"]  # regions are the shared registry's
    for section in ("figure", "derived", "event"):
        assert [f["id"] for f in copied.get(section, [])] == ["c0007-" + f["id"] for f in source.get(section, [])]
        assert [f["region"] for f in copied.get(section, [])] == [f["region"] for f in source.get(section, [])]
        assert [f.get("indicator") for f in copied.get(section, [])] == [
            f.get("indicator") for f in source.get(section, [])
        ]
    for before, after in zip(source.get("derived", []), copied.get("derived", [])):
        assert after["inputs"] == {name: "c0007-" + ref for name, ref in before["inputs"].items()}
    # Text that is not an id (quotes, names) is untouched.
    assert [f["quote"] for f in copied["figure"]] == [f["quote"] for f in source["figure"]]


def test_prep_scales_to_copies_with_unique_ids(tmp_path: Path):
    one = prep_scale.time_prep(1, tmp_path)
    three = prep_scale.time_prep(3, tmp_path)
    assert (one.articles, three.articles) == (1, 3)
    assert three.figures == 3 * one.figures  # ids unique per copy: nothing collapsed or rejected
    assert one.total_s > 0 and three.per_article_ms > 0
    assert "| 3 |" in prep_scale.prep_table([one, three])
    assert prep_scale.linearity(one, three) == pytest.approx(three.per_article_ms / one.per_article_ms)


def test_page_targets_cover_every_page_with_its_url_and_a_filter_it_has():
    targets = common.page_targets()
    assert [t.key for t in targets] == [p.key for p in PAGES]
    assert {"overview", "digitization", "regions", "timeline", "indicators", "explorer", "source"} <= {
        t.key for t in targets
    }
    for target, page in zip(targets, PAGES):
        stem = Path(page.path).stem
        assert target.url_path == ("" if page.path == "dashboard.py" else stem.split("_", 1)[-1])
        if target.action in ("kind", "topic"):
            assert target.action in page.uses
        else:
            assert not {"kind", "topic"} & set(page.uses)
        for key, value in page.query.items():  # a topic served by the generic page keeps its ?id=
            assert f"{key}={value}" in target.query
        label, option = common.option_text(target)
        assert label and option


def test_the_topic_filter_is_changed_to_a_named_topic():
    target = next(t for t in common.page_targets() if t.action == "topic")
    label, option = common.option_text(target)
    assert option == TABLES["topics"].set_index("topic_id").loc["uhd_video", "name_zh"]


@pytest.mark.parametrize("page", TABBED, ids=lambda p: p.key)
def test_the_measured_tab_has_data_before_and_after_the_filter_change(page):
    target = next(t for t in common.page_targets() if t.key == page.key)
    tab = common.measured_tab(page, target.action)
    assert target.query.endswith(f"chart={tab}") and target.link == f"{target.url_path}{target.query}"
    spec = next(s for s in chart_specs(TABLES["charts"], page.charts) if s.id == tab)
    for state in (state_of(), common.filtered_state(target.action)):
        chart = types.build(View(TABLES, state.only(page.uses), page.uses), spec)
        assert not chart.rows.empty, (page.key, tab, state)


def test_pages_without_tabs_are_measured_on_their_one_chart():
    for page in PAGES:
        if page not in TABBED:
            assert common.measured_tab(page, "lang") == ""


def test_percentile_and_median():
    values = [5.0, 1.0, 4.0, 2.0, 3.0]
    assert common.median(values) == 3.0
    assert common.median([1.0, 2.0]) == 1.5
    assert common.percentile(values, 50) == 3.0
    assert common.percentile(values, 95) == 5.0
    assert common.percentile(list(range(1, 101)), 95) == 95


def require_chromium() -> None:
    if not Path(common.CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI: browser tests cannot run: {common.CHROMIUM} not found")
        pytest.skip(f"{common.CHROMIUM} not found")


def run_in_own_loop(coroutine):
    """Run `coroutine` in a thread of its own, so in an event loop of its own: the sync playwright
    of the browser tests may hold a running loop in this thread already."""
    import asyncio
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


DONE_PAGE = (
    """<div data-testid="stApp" data-test-script-state="notRunning" data-test-connection-state="CONNECTED"></div>"""
)


@pytest.mark.slow
@pytest.mark.parametrize(
    "states, start, last_mutation, expected",
    [
        ([[10, "initial"], [20, "running"], [30, "notRunning"], [50, "running"], [70, "notRunning"]], 0, 0, 70),
        ([[10, "initial"], [20, "running"], [30, "notRunning"], [50, "running"], [70, "notRunning"]], 40, 0, 70),
        (
            [[10, "initial"], [20, "running"], [30, "notRunning"], [50, "running"], [70, "notRunning"]],
            40,
            90,
            90,
        ),  # a repaint after the run
        ([[10, "initial"], [20, "running"], [30, "notRunning"]], 80, 0, None),  # no run after the start: keep waiting
        ([[10, "running"], [20, "notRunning"], [30, "running"]], 0, 0, None),  # still running
    ],
)
def test_done_needs_a_finished_run_after_the_start_and_a_quiet_page(states, start, last_mutation, expected):
    """DONE_JS, the in-page "done" check of bench.common.wait_done, on stopwatch states made up here."""
    require_chromium()
    from playwright.async_api import async_playwright

    async def go():
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=common.CHROMIUM, args=common.CHROMIUM_ARGS)
            try:
                page = await browser.new_page()
                await page.set_content(DONE_PAGE)
                await page.evaluate(
                    "([states, mut]) => { window.__bench = {states, lastMainMut: mut, firstMain: 5}; }",
                    [states, last_mutation],
                )
                return await page.evaluate(common.DONE_JS, ["", start, 0, True, "t"])
            finally:
                await browser.close()

    found = run_in_own_loop(go())
    if expected is None:
        assert found is None
    else:
        assert found["last"] == expected and found["finished"] == 70 and found["firstMain"] == 5


def _result(key, first, change, errors=()):
    run = {"first_ms": first, "done_ms": first + 100, "finished_ms": first - 100, "server_s": 0.5, "runs": 1}
    return {
        "key": key,
        "errors": list(errors),
        "cold": dict(run),
        "warm": [dict(run)] * 3,
        "change": [{"done_ms": change, "finished_ms": change, "server_s": 0.2, "runs": 1}] * 3,
    }


@pytest.mark.parametrize(
    "cold, expected",
    [
        (
            [{"first_ms": 3000.0}, {"first_ms": 1000.0}, {"first_ms": 2000.0}],
            2000.0,
        ),  # one per fresh server: the median
        ({"first_ms": 1500.0}, 1500.0),  # results saved before cold loads were repeated
        ([], None),
    ],
)
def test_cold_first_chart_is_the_median_of_the_cold_loads(cold, expected):
    assert speed.summary({"key": "p", "errors": [], "cold": cold})["cold_first_ms"] == expected


def test_speed_table_flags_pages_over_the_goals():
    results = [_result("floor", 1000, 400), _result("fast", 1500, 500), _result("slow", 2500, 700, ["Timeout"])]
    table, over = speed.speed_table(results)
    rows = {line.split("|")[1].strip(): line for line in table.splitlines()[2:]}
    assert set(rows) == {"floor", "fast", "slow"}
    assert "❌" not in rows["fast"] and "❌" not in rows["floor"]
    assert "2.5 ❌" in rows["slow"] and "1.8 ❌" in rows["slow"]
    assert any(o.startswith("slow: filter change 1.8") for o in over)
    assert any(o.startswith("slow: warm first chart 2.5") for o in over)
    assert any("error" in o for o in over) and not any(o.startswith("fast") for o in over)


def test_load_table_and_goals():
    sessions = [load.Session(i, "p", first_ms=1000.0 * (i + 1), change_ms=500.0, download_ms=100.0) for i in range(4)]
    good = load.LoadResult(4, sessions, 300.0, 290.0, 10.0, 8, 0.4, "1 1 1")
    assert good.ok and good.p("first_ms", 50) == 2.0
    bad = load.LoadResult(5, sessions + [load.Session(4, "p", error="Timeout")], 450.0, 440.0, 10.0, 8, 0.4, "1 1 1")
    assert not bad.ok and len(bad.errors) == 1
    table = load.load_table([good, bad])
    assert "| 4 | 0 |" in table and "| 5 | 1 |" in table and "missed" in table
    assert load.error_lines(bad) == ["1× p: Timeout"]


def test_csv_ok():
    from cenfigures.tables.schema import EVENTS, FIGURES

    for table in (FIGURES, EVENTS):
        header = ",".join(table.column_names)
        assert load.csv_ok(f"\ufeff{header}\n{','.join('x' * len(table.columns))}\n".encode())
    assert not load.csv_ok("\ufefffigure_id,source_id\na,b\n".encode("utf-8"))  # not a whole table's header
    figures = FIGURES
    labelled = ",".join(figures.column_names + ["类型", "单位"])  # the zh download's label columns follow the table's
    assert load.csv_ok(f"\ufeff{labelled}\n{','.join('x' * (len(figures.columns) + 2))}\n".encode())
    swapped = ",".join([figures.column_names[1], figures.column_names[0], *figures.column_names[2:]])
    assert not load.csv_ok(f"{swapped}\na\nb\n".encode())  # the table's columns, out of order
    assert not load.csv_ok(b"<html>\n</html>\n")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_csv_ok_reads_the_downloads_of_a_language(lang):
    """A chart's CSV in a language: Chinese headers in zh, the value as shown after the base-unit value."""
    from cenfigures.tables.dataset import load_dataset
    from cenfigures.view import downloads
    from cenfigures.view.model import names_of

    tables = load_dataset().all_tables()
    for name in ("figures", "events"):
        assert load.csv_ok(downloads.table_csv(tables[name].head(3), lang=lang, names=names_of(tables)))


def test_update_doc_section_replaces_only_its_block(tmp_path: Path):
    doc = tmp_path / "b.md"
    doc.write_text("# Benchmarks\n\nhand-written\n", encoding="utf-8")
    common.update_doc_section(doc, "speed", "one")
    common.update_doc_section(doc, "prep", "p")
    common.update_doc_section(doc, "speed", "two")
    text = doc.read_text(encoding="utf-8")
    assert "hand-written" in text and "two" in text and "one" not in text and text.count("<!-- bench:speed -->") == 1
    assert text.index("bench:speed") < text.index("bench:prep")


def test_timed_run_wraps_the_streamlit_1_67_methods():
    from streamlit.navigation.page import StreamlitPage
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    from bench import timed_run

    saved = ScriptRunner._run_script, StreamlitPage.run
    try:
        timed_run.install()
        assert ScriptRunner._run_script is timed_run._timed_run_script
        assert StreamlitPage.run is timed_run._timed_page_run
    finally:
        ScriptRunner._run_script, StreamlitPage.run = saved


@pytest.mark.slow
def test_floor_load_and_filter_change_are_timed_in_browser_and_server(tmp_path: Path):
    """End to end on the floor page: bench.timed_run logs the runs, the stopwatch sees load and change."""
    require_chromium()
    from playwright.async_api import async_playwright

    server = common.start_server(common.FLOOR_APP, tmp_path)

    async def go():
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=common.CHROMIUM, args=common.CHROMIUM_ARGS)
            try:
                context = await common.new_context(browser)
                page = await context.new_page()
                loaded = await common.load(page, server.url, common.FLOOR, timeout=120)
                changed = await common.change_filter(page, common.FLOOR, timeout=120)
                title = await page.evaluate("() => document.querySelector('.js-plotly-plot').layout.title.text")
                return loaded, changed, title
            finally:
                await browser.close()

    try:
        loaded, changed, title = run_in_own_loop(go())
        runs = server.runs()
    finally:
        server.stop()
    assert 0 < loaded.first_main_ms <= loaded.ms
    assert changed.ms > 0
    assert title == "Floor chart b"  # the selectbox change reached the chart
    # The server logged the load and the change. (The page's own "running" state can come and go
    # between two polls on a rerun this short, so it is not required: changed.saw_run reports it.)
    assert len(runs) >= 2 and all(r["seconds"] > 0 for r in runs)
