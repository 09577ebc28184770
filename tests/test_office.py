"""The office files of a view (issue 24): the PowerPoint deck (cenfigures/charts/office.py) and the
Excel workbook (cenfigures/view/workbook.py), written by `python -m cenfigures.report` as a person
without a browser would, then opened as their users open them: read back by python-pptx and
openpyxl, and converted headlessly by LibreOffice (Debian's libreoffice-impress and -calc, installed
by scripts/test.sh) to PDF and CSV. Both languages."""

from __future__ import annotations

import csv
import html
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from apptest_pages import site
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn

from cenfigures.charts import catalog, office
from cenfigures.tables.dataset import load_dataset
from cenfigures.view import downloads
from cenfigures.view.filters import ViewState
from cenfigures.view.labels import text
from cenfigures.view.linebreak import display_units
from cenfigures.view.magnitude import scale_for
from cenfigures.view.model import View
from cenfigures.view.translate import Translator
from cenfigures.view.workbook import FIGURE_COLUMNS, MAX_WIDTH

ROOT = Path(__file__).resolve().parents[1]
TABLES = load_dataset().all_tables()
SITE = site(TABLES)
LANGS = ("zh", "en")


def _soffice() -> str:
    """LibreOffice, which CI has (scripts/test.sh installs it): there a missing one fails the test."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("CI: LibreOffice not installed (scripts/test.sh installs libreoffice-impress/-calc)", pytrace=False)
    pytest.skip("LibreOffice not installed")


def convert(path: Path, to: str, out: Path) -> list[Path]:
    """`path` converted by LibreOffice as a user's machine would open it, headless; the files made."""
    profile = out / "lo-profile"
    result = subprocess.run(
        [_soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", to, "--outdir", str(out)]
        + [str(path)],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr
    made = sorted(p for p in out.iterdir() if p.is_file() and p.stem.startswith(path.stem) and p != path)
    assert made, f"LibreOffice made nothing: {result.stdout} {result.stderr}"
    return made


def run_report(out: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "cenfigures.report", str(out), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert out.is_file() and f"wrote {out}" in result.stdout
    return result


@pytest.fixture(scope="module", params=LANGS)
def deck(request, tmp_path_factory):
    """The PowerPoint deck of every chart, written by the command line."""
    out = tmp_path_factory.mktemp("pptx") / f"deck-{request.param}.pptx"
    run_report(out, "--lang", request.param)
    return request.param, out


@pytest.fixture(scope="module", params=LANGS)
def workbook(request, tmp_path_factory):
    """The Excel workbook of the digitization page, written by the command line."""
    out = tmp_path_factory.mktemp("xlsx") / f"digitization-{request.param}.xlsx"
    run_report(out, "--lang", request.param, "--page", "digitization")
    return request.param, out


def slides_of(lang: str, pages=SITE) -> list[catalog.Slide]:
    return catalog.slides(TABLES, ViewState(lang=lang), pages)


def _texts(shapes) -> str:
    return "\n".join(shape.text_frame.text for shape in shapes if shape.has_text_frame)


def test_the_deck_is_a_title_slide_and_one_slide_per_chart(deck):
    lang, path = deck
    presentation = Presentation(str(path))
    slides = slides_of(lang)
    assert len(presentation.slides) == len(slides) + 1
    assert (presentation.slide_width, presentation.slide_height) == (office.SLIDE_WIDTH, office.SLIDE_HEIGHT)
    assert round(presentation.slide_width / presentation.slide_height, 2) == round(16 / 9, 2)
    t = Translator(lang)
    first = _texts(presentation.slides[0].shapes)
    assert t("deck.every_chart") in first and t("deck.no_filters") in first
    assert "http://localhost:8501/" in first  # the link that reopens the view
    assert t("count.charts", count=len(slides)) in first


def test_each_slide_has_its_title_takeaway_source_and_full_citation_in_the_notes(deck):
    lang, path = deck
    presentation = Presentation(str(path))
    for drawn, slide in zip(list(presentation.slides)[1:], slides_of(lang)):
        chart = slide.chart
        words = _texts(drawn.shapes)
        assert chart.title in words
        assert chart.takeaway in words
        assert chart.figure.layout.meta["finish"]["source"] in words  # the source line
        notes = drawn.notes_slide.notes_text_frame.text
        for source_id in chart.sources:
            assert TABLES["sources"].set_index("source_id").loc[source_id, "title"] in notes  # the article's title
        ids = chart.figure_ids or chart.event_ids
        for figure_id in ids:
            assert f"[{figure_id}]" in notes, figure_id  # every id, with its quote beside it
        if "quote" in chart.rows:
            for quote in chart.rows["quote"].dropna():
                assert str(quote) in notes
        assert not re.search(r"\bhebei-[a-z0-9-]+\b", words), "ids belong in the notes, not on the slide"


def test_native_charts_hold_the_figures_and_pictures_stand_for_the_rest(deck):
    """A chart of a native type is a PowerPoint chart whose series are the figures' values at the
    scale its axis names; the map, the timeline and the capacity marks are pictures."""
    lang, path = deck
    presentation = Presentation(str(path))
    natives = 0
    for drawn, slide in zip(list(presentation.slides)[1:], slides_of(lang)):
        charts = [shape.chart for shape in drawn.shapes if shape.has_chart]
        pictures = [shape for shape in drawn.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
        if slide.spec.type in office.PICTURE_TYPES:
            assert pictures and not charts, slide.chart.name
            assert pictures[0].image.content_type == "image/png"
            continue
        view = View(TABLES, ViewState(lang=lang).only(slide.page.uses), slide.page.uses)
        expected, single = office.native_charts(view, slide.chart.rows, slide.spec.type)
        assert len(charts) == len(expected), slide.chart.name
        rows = slide.chart.rows
        for chart, spec in zip(charts, expected):
            natives += 1
            kind = XL_CHART_TYPE.LINE_MARKERS if spec.line else XL_CHART_TYPE.BAR_CLUSTERED
            assert chart.chart_type == kind
            assert [series.name for series in chart.plots[0].series] == [series.name for series in spec.series]
            assert [list(series.values) for series in chart.plots[0].series] == [list(s.values) for s in spec.series]
            assert chart.value_axis.axis_title.text_frame.text == spec.unit_label
        # the series hold every figure not listed in the table, at the scale its axis names
        held = sorted(v for spec in expected for series in spec.series for v in series.values if v is not None)
        figures = []
        plotted = rows[~rows["figure_id"].isin(single["figure_id"])]
        for unit, group in plotted.groupby("unit"):
            assert len(group) >= 2, "a unit with one value is a row of the table"
            scale = scale_for(group["value"], unit, lang)
            figures += [scale.of(v) for v in group["value"]]
        assert held == pytest.approx(sorted(figures)), slide.chart.name
        if not single.empty:  # values alone in their unit: a table of them, not bars
            tables = [shape.table for shape in drawn.shapes if shape.has_table]
            assert tables and len(tables[0].rows) == len(single) + 1
    assert natives >= 8


def test_targets_and_derived_values_are_told_apart(deck):
    """A target is a hollow series named Target, a derived value a hatched one named Derived."""
    lang, path = deck
    t = Translator(lang)
    presentation = Presentation(str(path))
    fills = {}
    for drawn in list(presentation.slides)[1:]:
        for shape in drawn.shapes:
            if shape.has_chart and shape.chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED:
                for series in shape.chart.plots[0].series:
                    properties = series._element.find(qn("c:spPr"))
                    fills.setdefault(series.name, set()).add(properties[0].tag.split("}")[1])
    assert fills[t.kind("target")] == {"noFill"}
    assert fills[t.kind("derived")] == {"pattFill"}
    assert fills[t.kind("observed")] == {"solidFill"}


def test_chinese_text_names_an_east_asian_font(deck):
    lang, path = deck
    presentation = Presentation(str(path))
    runs = [
        run
        for slide in presentation.slides
        for shape in slide.shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
        for run in paragraph.runs
    ]
    assert runs
    for run in runs:
        east = run._r.find(qn("a:rPr")).find(qn("a:ea"))
        assert east is not None and east.get("typeface") == office.EAST_ASIAN_FONT
    assert all(run._r.find(qn("a:rPr")).get("lang") == ("zh-CN" if lang == "zh" else "en-US") for run in runs)


def test_libreoffice_opens_the_deck_one_page_per_slide(deck, tmp_path):
    lang, path = deck
    (pdf,) = convert(path, "pdf", tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) == len(slides_of(lang)) + 1
    words = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", words)
    for slide in slides_of(lang):
        assert re.sub(r"\s+", "", slide.chart.title) in flat, slide.chart.title


def test_the_workbook_has_figures_sources_and_what_each_column_means(workbook):
    lang, path = workbook
    t = Translator(lang)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [t("xlsx.sheet.figures"), t("xlsx.sheet.sources"), t("xlsx.sheet.about")]
    sheet = book[t("xlsx.sheet.figures")]
    header = [cell.value for cell in sheet[1]]
    assert header[: len(FIGURE_COLUMNS)] == [
        t(f"xlsx.col.{c}") if t.has(f"xlsx.col.{c}") else downloads.column_header(c, t) for c in FIGURE_COLUMNS
    ]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == sheet.dimensions
    rows = [dict(zip(FIGURE_COLUMNS, (cell.value for cell in row))) for row in sheet.iter_rows(min_row=2)]
    slides = slides_of(lang, catalog.view_pages(SITE, next(p for p in SITE if p.key == "digitization")))
    expected = [(s.chart.title, r) for s in slides for r in s.chart.rows.to_dict("records")]
    assert len(rows) == len(expected)
    for row, (title, figure) in zip(rows, expected):
        assert row["chart"] == title and row["figure_id"] == figure["figure_id"]
        assert isinstance(row["value"], float | int) and row["value"] == pytest.approx(figure["value"])
        assert isinstance(row["period"], str) and row["period"] == str(figure["period"])  # periods as text
        assert row["unit_name"] == t.unit(figure["unit"]) and row["kind_name"] == t.kind(figure["kind"])
        assert row["value_shown"].rstrip("*") == t.value(figure)
    # widths fit the text, a Chinese character counted twice; longer text wraps in its cell
    measure = FIGURE_COLUMNS.index("measure") + 1
    widest = max(display_units(r["measure"]) for r in rows)
    assert sheet.column_dimensions[openpyxl.utils.get_column_letter(measure)].width >= min(widest, MAX_WIDTH)
    if widest > MAX_WIDTH:
        assert sheet.cell(row=2, column=measure).alignment.wrap_text
    sources = book[t("xlsx.sheet.sources")]
    source = TABLES["sources"].iloc[0]
    cells = [cell.value for cell in sources[2]]
    assert source["sha256"] in cells and f"data/articles/{source['file']}" in cells and source["published"] in cells
    about = "\n".join(str(cell.value) for row in book[t("xlsx.sheet.about")].iter_rows() for cell in row)
    assert t("deck.no_filters") in about and "http://localhost:8501/digitization" in about
    for column in FIGURE_COLUMNS:
        assert t(f"xlsx.means.{column}") in about


def test_libreoffice_reads_the_workbooks_values_and_labels(workbook, tmp_path):
    lang, path = workbook
    t = Translator(lang)
    (made,) = convert(path, "csv:Text - txt - csv (StarCalc):44,34,76,1", tmp_path)
    header, *rows = list(csv.reader(io.StringIO(made.read_text(encoding="utf-8"))))
    assert header[0] == t("xlsx.col.chart")
    book = openpyxl.load_workbook(path)
    ours = [[cell.value for cell in row] for row in book[t("xlsx.sheet.figures")].iter_rows(min_row=2)]
    assert len(rows) == len(ours)
    value = FIGURE_COLUMNS.index("value")
    for theirs, mine in zip(rows, ours):
        assert float(theirs[value]) == pytest.approx(mine[value])  # a number LibreOffice reads as one
        assert theirs[FIGURE_COLUMNS.index("measure")] == mine[FIGURE_COLUMNS.index("measure")]


def test_a_filtered_view_names_its_filters_and_keeps_only_its_figures(tmp_path):
    out = tmp_path / "targets.pptx"
    run_report(out, "--lang", "en", "--query", "kind=target", "--page", "digitization", "--format", "pptx")
    presentation = Presentation(str(out))
    state = ViewState(lang="en").with_filter("kind", ("target",))
    page = next(p for p in SITE if p.key == "digitization")
    slides = catalog.slides(TABLES, state, (page,))
    assert len(presentation.slides) == len(slides) + 1
    first = _texts(presentation.slides[0].shapes)
    assert page.label(Translator("en")) in first
    assert text("kind.target", "en") in first  # the filter in words
    assert "kind=target" in first


@pytest.mark.parametrize("fmt", ["pptx", "html"])
def test_the_slides_ticked_in_the_picker_make_the_deck(tmp_path, fmt):
    """Issue 24: `?slides=` (the picker's ticks, repeated keys) chooses the deck's slides, in the
    view's order; an id not of this view is ignored with a warning."""
    out = tmp_path / f"picked.{fmt}"
    query = "slides=uhd_video.plans&slides=uhd_video.penetration_4k&slides=digitization.targets&slides=<b>"
    done = run_report(out, "--lang", "en", "--page", "uhd_video", "--format", fmt, "--query", query)
    assert "ignored" in done.stderr and "slides" in done.stderr
    page = next(p for p in SITE if p.key == "uhd_video")
    every = catalog.slides(TABLES, ViewState(lang="en"), (page,))
    picked = [s for s in every if s.chart.name in ("plans", "penetration_4k")]
    assert len(picked) == 2 < len(every)
    if fmt == "pptx":
        presentation = Presentation(str(out))
        assert len(presentation.slides) == 3  # the title slide and the two ticked
        texts = [_texts(slide.shapes) for slide in list(presentation.slides)[1:]]
        assert [s.chart.title in t for s, t in zip(picked, texts)] == [True, True]
        assert "slides=uhd_video.penetration_4k" in _texts(presentation.slides[0].shapes)  # the link reopens the choice
    else:
        written = out.read_text(encoding="utf-8")
        assert written.count('<section class="slide"') == 2
        assert written.index(html.escape(picked[0].chart.title)) < written.index(html.escape(picked[1].chart.title))


def test_a_picture_leaves_the_title_to_its_slide_and_lone_values_make_a_table(tmp_path):
    """Issue 24: the map's picture does not repeat the slide's title; a chart whose values are each
    alone in their unit (8K retail: a rate and a multiple) is a table slide, not an empty chart."""
    state = ViewState(lang="zh")
    slides = {s.chart.name: s for s in catalog.slides(TABLES, state, SITE)}
    region_map = slides["region_map"].chart
    assert region_map.figure.layout.title.text
    assert not office.picture_figure(region_map.figure, 960).layout.title.text
    alone = slides["retail_8k"]
    page = alone.page
    view = office.DeckView(TABLES, state, (page,), page.label(Translator("zh")), "http://localhost/uhd_video", "")
    shown = Presentation(io.BytesIO(office.pptx_bytes(view, [alone], title_slide=False))).slides[0]
    assert not any(shape.has_chart for shape in shown.shapes)
    tables = [shape.table for shape in shown.shapes if shape.has_table]
    assert len(tables) == 1 and len(tables[0].rows) == len(alone.chart.rows) + 1
