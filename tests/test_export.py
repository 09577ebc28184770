"""Files a reader takes away (cenfigures/view/downloads.py, cenfigures/charts/export.py): the rows of
every declared chart as CSV (exactly its rows, as prep writes them, with labels in the page's
language when asked), all data as a zip with a README, one rule for file names, and the chart as
SVG through a local Chromium (CI has one: there it never skips)."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import os
import re
import zipfile

import pandas as pd
import pytest
from chart_reading import LANGS, build, declared, spec_id, view_of

from cenfigures.charts import export
from cenfigures.charts.kit import title_lines, title_units
from cenfigures.tables.dataset import load_dataset, parse_table
from cenfigures.tables.paths import DATA_DIR
from cenfigures.tables.schema import EVENTS, FIGURES, TABLES
from cenfigures.view import downloads
from cenfigures.view.linebreak import display_units
from cenfigures.view.translate import Translator

DATASET = load_dataset()
ALL_FIGURES = DATASET.tables["figures"]
SPECS = declared()
# A label column follows each code column: (code column, header key, how the screen reads it).
LABELLED = {
    "kind": "download.col.kind",
    "unit": "download.col.unit",
    "topic": "download.col.topic",
    "region_id": "download.col.region",
    "source_id": "download.col.source",
}


@pytest.mark.parametrize("spec", SPECS, ids=spec_id)
def test_displayed_csv_is_exactly_the_chart_rows(spec):
    chart = build(spec, "en")
    assert not chart.rows.empty
    raw = downloads.table_csv(chart.rows)
    assert raw.startswith(b"\xef\xbb\xbf")  # utf-8-sig: Excel reads the Chinese
    table = downloads.table_of(chart.rows)
    assert table is (EVENTS if spec.type == "timeline" else FIGURES), "a chart's rows are rows of a data table"
    parsed = parse_table(table, raw)  # also checks columns and every value against the schema
    assert list(parsed.columns) == table.column_names
    expected = chart.rows[table.column_names].reset_index(drop=True)
    pd.testing.assert_frame_equal(parsed, expected, check_dtype=False)
    key = "event_id" if spec.type == "timeline" else "figure_id"
    assert list(parsed[key]) == [i for i in chart.figure_ids if i in set(parsed[key])], (
        "the chart's own rows, in its order"
    )


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", SPECS, ids=spec_id)
def test_displayed_csv_in_a_language_adds_the_labels_the_screen_shows(spec, lang):
    """Issue 25 item 6: in Chinese every header is Chinese; the value as the screen shows it stands
    beside the value in base units; the label columns follow. In English the data file's names."""
    view = view_of(lang=lang)
    chart = build(spec, lang)
    raw = downloads.table_csv(chart.rows, lang=lang, names=view.names)
    table = downloads.table_of(chart.rows)
    header, *rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    codes = [column for column in LABELLED if column in table.column_names]
    own = list(table.column_names)
    if "value" in own:
        own.insert(own.index("value") + 1, "value_shown")
    assert header == [downloads.column_header(n, view.t) for n in own] + [view.t(LABELLED[c]) for c in codes]
    if lang == "zh":
        assert not [h for h in header if re.fullmatch(r"[A-Za-z_ ]+", h)], f"English headers: {header}"
    else:
        assert header[: len(own)] == own  # the data file's own names, and value_shown
    assert len(rows) == len(chart.rows)
    readers = {
        "kind": view.t.kind,
        "unit": view.t.unit,
        "topic": view.topic_name,
        "region_id": view.region_name,
        "source_id": view.source_name,
    }
    for cells, row in zip(rows, chart.rows.to_dict("records")):
        labels = dict(zip(codes, cells[len(own) :]))
        for column, label in labels.items():
            assert label == readers[column](row[column]), (column, label)
        if "value_shown" in own:
            shown = cells[own.index("value_shown")]
            assert shown == view.t.value(row), shown  # "超2500亿元" beside 250000000000
            assert float(cells[own.index("value")]) == row["value"]
    # the table's own columns are as without labels
    plain = list(csv.reader(io.StringIO(downloads.table_csv(chart.rows).decode("utf-8-sig"))))
    keep = [i for i, n in enumerate(own) if n != "value_shown"]
    assert [[cells[i] for i in keep] for cells in rows] == plain[1:]


def test_displayed_csv_lines_equal_the_lines_of_figures_csv():
    """Cell by cell as prep wrote them: numbers are not reformatted (23000, not 23000.0)."""
    lines = (DATA_DIR / "figures.csv").read_text(encoding="utf-8-sig").splitlines()
    ours = downloads.table_csv(ALL_FIGURES).decode("utf-8-sig").splitlines()
    assert ours == lines


def test_empty_rows_give_a_header_only_csv():
    raw = downloads.table_csv(ALL_FIGURES.iloc[0:0])
    assert raw.decode("utf-8-sig").strip() == ",".join(FIGURES.column_names)


def test_full_zip_holds_every_data_file_and_a_readme():
    files = downloads.read_data_files()
    archive = zipfile.ZipFile(io.BytesIO(downloads.full_zip(files, downloads.readme_text())))
    assert archive.testzip() is None
    names = set(archive.namelist())
    assert names == {table.path for table in TABLES} | {"datapackage.json", "README.txt"}
    for table in TABLES:
        content = archive.read(table.path)
        assert content == (DATA_DIR / table.path).read_bytes()
        parsed = parse_table(table, content)
        pd.testing.assert_frame_equal(parsed, DATASET.tables[table.name])
    readme = archive.read("README.txt").decode("utf-8")
    for table in TABLES:
        assert table.path in readme and table.description in readme
        for column in table.columns:
            assert f"{column.name} ({column.type}" in readme
            assert column.description in readme


@pytest.mark.parametrize(
    ("parts", "today", "expected"),
    [
        (("digitization", "targets", "zh"), dt.date(2026, 11, 30), "digitization_targets_zh_2026-11-30"),
        (("explorer", "en"), dt.date(2022, 1, 6), "explorer_en_2022-01-06"),
        (("a b", "河北", "", "x/y"), dt.date(2022, 1, 6), "a-b_--_x-y_2022-01-06"),
    ],
)
def test_file_stem_is_one_safe_rule_dated_the_day_of_download(parts, today, expected):
    assert downloads.file_stem(*parts, today=today) == expected


def test_file_stem_defaults_to_today():
    assert downloads.file_stem("x").endswith(dt.date.today().isoformat())


def test_browser_path_honours_browser_path(monkeypatch, tmp_path):
    export.browser_path.cache_clear()
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "none"))
    assert export.browser_path() is None and not export.svg_available()
    export.browser_path.cache_clear()
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("BROWSER_PATH")
    assert export.browser_path() is None
    export.browser_path.cache_clear()


def _need_svg() -> None:
    """Never a skip in CI ($CI set): there a missing Chromium fails the test."""
    if export.svg_available():
        return
    if os.environ.get("CI"):
        pytest.fail("CI: no Chromium for kaleido", pytrace=False)
    pytest.skip("no Chromium for kaleido")


@pytest.mark.parametrize("page, chart_id", [("digitization", "targets"), ("regions", "region_map")])
def test_svg_has_the_chinese_title_and_the_source_line(page, chart_id):
    _need_svg()
    chart = build(next(s for s in SPECS if s.page == page and s.id == chart_id), "zh")
    svg = export.figure_svg(chart.figure.to_json()).decode("utf-8")
    assert "<svg" in svg[:300]
    for line in chart.figure.layout.title.text.split("<br>"):  # Chinese title as text in the SVG
        assert html.unescape(line) in html.unescape(svg)
    assert "中国电子报" in svg, "the source line is part of the image"


CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_zips_readme_is_in_the_language_of_the_ui_with_the_same_content(lang):
    """The zh download's README is Chinese, the en one English (issue 15): the same files, keys and
    columns in the same order, each column described in the README's language."""
    from cenfigures.app.context import full_zip_bytes
    from cenfigures.tables.schema_zh import COLUMNS_ZH, TABLES_ZH

    assert set(TABLES_ZH) == {table.name for table in TABLES}
    assert set(COLUMNS_ZH) == {f"{table.name}.{column.name}" for table in TABLES for column in table.columns}
    readme = zipfile.ZipFile(io.BytesIO(full_zip_bytes(lang))).read("README.txt").decode("utf-8")
    t = Translator(lang)
    assert readme.startswith(t("app.title") + "\n")
    other = downloads.readme_text(title="x", t=Translator("en" if lang == "zh" else "zh"))
    ours = downloads.readme_text(title="x", t=t)
    assert len(ours.splitlines()) == len(other.splitlines())
    shape = re.compile(r"^(\S+\.csv) - |^    (\w+)[ （(]")  # a file's line, a column's line
    assert [m.groups() for line in ours.splitlines() if (m := shape.match(line))] == [
        m.groups() for line in other.splitlines() if (m := shape.match(line))
    ]
    described = {}
    table = None
    for line in readme.splitlines():
        if (m := shape.match(line)) and m.group(1):
            table = m.group(1)
        elif m and m.group(2):
            described[(table, m.group(2))] = line
    for table in TABLES:
        for column in table.columns:
            line = described[(table.path, column.name)]
            if lang == "zh":
                assert CJK.search(line) and column.description not in line, line
            else:
                assert column.description in line, line


# The server's way of making an SVG (figure_svg starts one kaleido server for the process), as a
# process of its own whose stderr is what the server log would show.
_RENDER_TWICE = """
from cenfigures.charts import export
import kaleido
import plotly.graph_objects as go
import plotly.io as pio
figure = go.Figure(go.Bar(x=[1], y=[2]))
{start}
try:
    for _ in range(2):
        assert {render}.startswith(b"<svg")
finally:
    export.stop_render_server()
"""


@pytest.mark.parametrize(
    "start, render, warned",
    [
        ("", "export.figure_svg(figure)", False),
        # kaleido's server started as before, plotly's to_image on it: the warning the server log
        # showed on every SVG
        ("kaleido.start_sync_server(silence_warnings=True)", 'pio.to_image(figure, format="svg")', True),
    ],
    ids=["ours", "bare-kaleido-server"],
)
def test_svgs_made_by_the_render_server_leave_no_kopts_warning(start, render, warned):
    _need_svg()
    import subprocess
    import sys

    code = _RENDER_TWICE.format(start=start, render=render)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert ("kopts argument is ignored" in done.stderr) is warned, done.stderr


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_zip_holds_the_figures_and_events_as_the_csv_downloads_name_them(lang):
    """Issue 25 item 6: the zip of a language also holds figures and events as the CSV downloads
    write them (Chinese headers in zh, the value as shown beside the base-unit value) under
    `<lang>/`; the data files and datapackage.json stay as they are, and the README says so."""
    from cenfigures.app.context import full_zip_bytes

    archive = zipfile.ZipFile(io.BytesIO(full_zip_bytes(lang)))
    t = Translator(lang)
    for table in (FIGURES, EVENTS):
        assert archive.read(table.path) == (DATA_DIR / table.path).read_bytes()
        header, *rows = list(csv.reader(io.StringIO(archive.read(f"{lang}/{table.path}").decode("utf-8-sig"))))
        assert len(rows) == len(DATASET.tables[table.name])
        assert header[0] == downloads.column_header(table.column_names[0], t)
        if lang == "zh":
            assert not [h for h in header if re.fullmatch(r"[A-Za-z_ ]+", h)], header
    header, *rows = list(csv.reader(io.StringIO(archive.read(f"{lang}/figures.csv").decode("utf-8-sig"))))
    shown = header.index(downloads.column_header("value_shown", t))
    assert header[shown - 1] == downloads.column_header("value", t)
    assert [r[shown] for r in rows] == [t.value(r) for r in ALL_FIGURES.to_dict("records")]
    assert archive.read("datapackage.json") == (DATA_DIR / "datapackage.json").read_bytes()
    assert f"{lang}/" in archive.read("README.txt").decode("utf-8")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", SPECS, ids=spec_id)
def test_an_image_lays_its_title_out_for_its_width(spec, lang):
    """Issue 25 item 9: a page lays a title out for a phone until the browser shows a wider chart;
    an image (the SVG, an office file's picture) knows its width and wraps its title for it: one
    line where it fits ("4K ultra-HD TV penetration, 2015 and 2020" at 960 px), not a phone's two."""
    chart = build(spec, lang)
    drawn = export.for_image(chart.figure)
    lines = html.unescape(drawn.layout.title.text).split("<br>")
    assert lines == title_lines(chart.title, 1.0, title_units(export.IMAGE_WIDTH_PX))
    if display_units(chart.title) <= title_units(export.IMAGE_WIDTH_PX):
        assert lines == [chart.title]


def test_the_svg_of_a_title_that_wraps_on_a_phone_has_it_on_one_line():
    _need_svg()
    spec = next(s for s in SPECS if s.page == "uhd_video" and s.id == "penetration_4k")
    chart = build(spec, "en")
    assert "<br>" in chart.figure.layout.title.text  # a phone's two lines on the page's first drawing
    svg = export.figure_svg(chart.figure.to_json()).decode("utf-8")
    assert html.escape(chart.title, quote=False) in svg or chart.title in html.unescape(svg)
    assert f'width="{export.IMAGE_WIDTH_PX}"' in svg[:400]


def test_images_made_at_once_by_several_threads_come_back_each_in_its_own_format():
    """The server's sessions make images in threads; kaleido's one Chromium answered two at once
    swapped (an SVG download held a PNG under the load test). export.render takes them in turn."""
    _need_svg()
    from concurrent.futures import ThreadPoolExecutor

    import plotly.graph_objects as go

    figure = go.Figure(go.Bar(x=[1, 2], y=[2, 3]))
    formats = ["svg", "png"] * 4
    with ThreadPoolExecutor(len(formats)) as pool:
        made = list(pool.map(lambda fmt: export.render(figure, format=fmt, width=300, height=200), formats))
    for fmt, data in zip(formats, made):
        assert data.startswith(b"<svg" if fmt == "svg" else b"\x89PNG"), (fmt, data[:8])
