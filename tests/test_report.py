"""The offline slide deck (cenfigures/charts/deck.py) and the chart catalog it iterates."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cenfigures.charts import catalog
from cenfigures.charts import deck as report
from cenfigures.tables.dataset import load_dataset
from cenfigures.view import filters, share
from cenfigures.view.filters import FilterOptions, ViewState
from cenfigures.view.labels import text

ROOT = Path(__file__).resolve().parents[1]
DATASET = load_dataset()
SOURCE = DATASET.tables["sources"].iloc[0].to_dict()
OPTIONS = FilterOptions.from_figures(DATASET.tables["figures"])


class _Structure(HTMLParser):
    """Collects script tags and checks that sections open and close in order."""

    VOID = {"meta", "br", "img", "input", "link", "hr"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.scripts: list[dict] = []
        self.sections = 0
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))
        if tag == "section":
            self.sections += 1
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unbalanced </{tag}> (open: {self.stack[-3:]})")
            return
        self.stack.pop()


@pytest.fixture(scope="module", params=["zh", "en"])
def deck(request, tmp_path_factory):
    """The deck written by the command line, in each language."""
    out = tmp_path_factory.mktemp("deck") / f"deck-{request.param}.html"
    result = subprocess.run(
        [sys.executable, "-m", "cenfigures.report", str(out), "--lang", request.param],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return request.param, out.read_text(encoding="utf-8")


def test_deck_is_offline_plotly_inlined_once(deck):
    lang, page = deck
    parser = _Structure()
    parser.feed(page)
    assert [s for s in parser.scripts if s.get("src")] == []  # no script loaded from anywhere, CDN or not
    assert not re.search(r"""src=["']https?://""", page)
    assert page.count("window.PlotlyConfig") == 1  # plotly.js embedded with the first chart only


def test_deck_parses_and_has_every_chart_title_takeaway_and_citation(deck):
    lang, page = deck
    parser = _Structure()
    parser.feed(page)
    parser.close()
    assert parser.errors == []
    assert parser.stack == []
    slides = catalog.slides(DATASET.tables, ViewState(lang=lang), SOURCE)
    assert slides
    assert parser.sections == len(slides) + 1  # title page + one per chart
    for slide in slides:
        chart_title = share.plain_title(slide.chart.figure.layout.title.text)
        assert html.escape(chart_title) in page or chart_title in page, chart_title
        assert html.escape(slide.chart.takeaway) in page
        url = share.view_url(report.DEFAULT_BASE_URL, slide.page, filters.to_query(ViewState(lang=lang), OPTIONS))
        assert html.escape(share.long_citation(SOURCE, chart_title, slide.chart.figure_ids, lang, url)) in page
    assert html.escape(text("app.title", lang)) in page
    assert html.escape(SOURCE["title"]) in page and html.escape(SOURCE["authors"]) in page


def test_deck_escapes_data_text(monkeypatch):
    hostile = dict(SOURCE, authors="<script>alert(1)</script>", title="<img src=x onerror=alert(1)>")
    page = report.deck_html(DATASET.tables, ViewState(lang="en"), hostile)
    assert "<script>alert(1)</script>" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_deck_respects_filters():
    state = ViewState(lang="en", kinds=("target",))
    filtered = catalog.slides(DATASET.tables, state, SOURCE)
    everything = catalog.slides(DATASET.tables, ViewState(lang="en"), SOURCE)
    assert 0 < len(filtered) < len(everything)
    for slide in filtered:
        if "kind" in slide.page.uses and "kind" in slide.chart.rows:
            assert set(slide.chart.rows["kind"]) <= {"target"}
    page = report.deck_html(DATASET.tables, state, SOURCE)
    assert "kind=target" in page  # the citations link to the filtered view


def test_catalog_skips_modules_not_written_yet(monkeypatch):
    monkeypatch.setitem(catalog.CHART_MODULES, "timeline", "cenfigures.charts_not_there")
    assert catalog.builders("timeline") == ()
    assert catalog.builders("overview") == ()
    assert catalog.builders("digitization")  # the model page has charts


def test_catalog_passes_extra_tables_by_name():
    seen = {}

    def builder(figures, lang, source, events):
        seen["events"] = events
        return catalog.builders("digitization")[0](figures, lang, source)

    catalog.build(builder, DATASET.tables["figures"], "zh", SOURCE, DATASET.tables)
    assert seen["events"] is DATASET.tables["events"]


def test_catalog_narrows_other_tables_as_the_page_does():
    """The timeline page filters events by topic; its slide must too."""
    timeline = next(p for p in catalog.PAGES if p.key == "timeline")
    if not catalog.builders("timeline"):
        pytest.skip("timeline charts not written yet")
    state = ViewState(topics=("uhd_video",))
    events = catalog.page_tables(timeline, DATASET.tables, state)["events"]
    assert 0 < len(events) < len(DATASET.tables["events"])
    assert set(events["topic"]) == {"uhd_video"}
