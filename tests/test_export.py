"""Downloads (cenfigures/view/downloads.py): displayed rows as CSV, full data as zip, SVG via kaleido."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest

from cenfigures.charts import catalog, export
from cenfigures.tables.dataset import load_dataset, parse_table
from cenfigures.tables.paths import DATA_DIR
from cenfigures.tables.schema import FIGURES, TABLES
from cenfigures.view import downloads
from cenfigures.view.site import PAGES

DATASET = load_dataset()
ALL_FIGURES = DATASET.tables["figures"]
SOURCE = DATASET.tables["sources"].iloc[0].to_dict()


# Builders are listed at collection, called in the test: a broken builder fails only its own test.
BUILDERS = [(page.key, builder) for page in PAGES for builder in catalog.builders(page.key)]


@pytest.mark.parametrize(("page_key", "builder"), BUILDERS, ids=[f"{p}-{b.__name__}" for p, b in BUILDERS])
def test_displayed_csv_is_exactly_the_chart_rows(page_key, builder):
    chart = catalog.build(builder, ALL_FIGURES, "en", SOURCE, DATASET.tables)
    assert not chart.rows.empty
    raw = downloads.table_csv(chart.rows)
    assert raw.startswith(b"\xef\xbb\xbf")  # utf-8-sig: Excel reads the Chinese
    table = downloads.table_of(chart.rows)
    assert table is not None, "a chart's rows are rows of a data table (figures, or events for the timeline)"
    parsed = parse_table(table, raw)  # also checks columns and every value against the schema
    assert list(parsed.columns) == table.column_names
    expected = chart.rows[table.column_names].reset_index(drop=True)
    pd.testing.assert_frame_equal(parsed, expected, check_dtype=False)


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
    ("parts", "expected"),
    [(("digitization", "hebei-targets", "zh", "202201"), "digitization_hebei-targets_zh_202201"),
     (("a b", "河北", "", "x/y"), "a-b_--_x-y")],
)
def test_file_stem_is_safe(parts, expected):
    assert downloads.file_stem(*parts) == expected


def test_browser_path_honours_browser_path(monkeypatch, tmp_path):
    export.browser_path.cache_clear()
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "none"))
    assert export.browser_path() is None and not export.svg_available()
    export.browser_path.cache_clear()
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("BROWSER_PATH")
    assert export.browser_path() is None
    export.browser_path.cache_clear()


@pytest.mark.skipif(not export.svg_available(), reason="no Chromium for kaleido")
def test_svg_has_the_chinese_title_and_source_line():
    page_key, builder = BUILDERS[0]
    chart = catalog.build(builder, ALL_FIGURES, "zh", SOURCE, DATASET.tables)
    svg = export.figure_svg(chart.figure.to_json()).decode("utf-8")
    assert svg.lstrip().startswith("<svg") or "<svg" in svg[:200]
    title = chart.figure.layout.title.text
    assert title in svg  # Chinese title as text in the SVG
    assert SOURCE["publisher"] in svg  # the source line is part of the image
