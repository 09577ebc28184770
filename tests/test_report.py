"""The offline slide deck (cenfigures/charts/deck.py, `python -m cenfigures.report`) and the chart
catalog it iterates: self-contained, one section per chart, the filters in words on the first
slide, keys and swipes, one slide per printed page, every data text escaped."""

from __future__ import annotations

import html
import json
import logging
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from apptest_pages import site

from cenfigures.charts import catalog, deck, types
from cenfigures.charts.export import EMPTY_TOPOJSON_URL
from cenfigures.tables.dataset import load_dataset
from cenfigures.view import filters, share
from cenfigures.view.filters import state_of
from cenfigures.view.labels import text
from cenfigures.view.model import chart_specs
from cenfigures.view.translate import Translator

ROOT = Path(__file__).resolve().parents[1]
TABLES = load_dataset().all_tables()
SOURCE = TABLES["sources"].iloc[0].to_dict()
SITE = site(TABLES)


class _Structure(HTMLParser):
    """Collects script tags and sections (with the text of the first) and checks that tags nest."""

    VOID = {"meta", "br", "img", "input", "link", "hr"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.scripts: list[dict] = []
        self.sections: list[dict] = []
        self.errors: list[str] = []
        self.first_section_text: list[str] = []
        self.plots_per_section: list[int] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append(attrs)
        if tag == "section":
            self.sections.append(attrs)
            self.plots_per_section.append(0)
        if tag == "div" and "plotly-graph-div" in (attrs.get("class") or "") and self.plots_per_section:
            self.plots_per_section[-1] += 1
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_data(self, data):
        if len(self.sections) == 1 and "section" in self.stack:
            self.first_section_text.append(data)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unbalanced </{tag}> (open: {self.stack[-3:]})")
            return
        self.stack.pop()


def parsed(page: str) -> _Structure:
    parser = _Structure()
    parser.feed(page)
    parser.close()
    return parser


def run_report(out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cenfigures.report", str(out), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.fixture(scope="module", params=["zh", "en"])
def written(request, tmp_path_factory):
    """The deck written by the command line, in each language."""
    out = tmp_path_factory.mktemp("deck") / f"deck-{request.param}.html"
    result = run_report(out, "--lang", request.param)
    assert result.returncode == 0, result.stderr
    return request.param, out.read_text(encoding="utf-8")


def test_deck_is_self_contained_plotly_inlined_once(written):
    lang, page = written
    structure = parsed(page)
    assert [s for s in structure.scripts if s.get("src")] == []  # no script loaded from anywhere, CDN or not
    markup = re.sub(
        r"<script[^>]*>.*?</script>", "", page, flags=re.DOTALL
    )  # plotly.js itself names sites it never loads here
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", markup)
    assert (
        "<link" not in markup and "@import" not in markup and "url(" not in markup
    )  # no stylesheet or font fetched either
    plots = structure.plots_per_section.count(1)
    assert (
        page.count('"topojsonURL": ' + json.dumps(EMPTY_TOPOJSON_URL)) == page.count('"topojsonURL"') == plots
    )  # maps fetch no outlines
    assert page.count("window.PlotlyConfig") == 1  # plotly.js embedded with the first chart only
    assert f'<html lang="{text("html.lang", lang)}">' in page


def test_one_section_per_chart_with_its_title_takeaway_and_citation(written):
    lang, page = written
    structure = parsed(page)
    assert structure.errors == [] and structure.stack == []
    slides = catalog.slides(TABLES, state_of(lang), SITE)
    declared = [s for s in chart_specs(TABLES["charts"]) if s.type != "headline"]
    assert len(slides) == len(declared)  # with the seed data every declared chart has data
    assert len(structure.sections) == len(slides) + 1  # the title slide + one per chart
    assert structure.plots_per_section == [0] + [1] * len(slides)
    t = Translator(lang)
    for number, slide in enumerate(slides, start=1):
        chart = slide.chart
        section = page[page.index(f'id="slide-{number}"') :]
        section = section[: section.index("</section>")]
        assert html.escape(slide.page.label(t)) in section
        assert f"{number} / {len(slides)}" in section
        assert html.escape(chart.takeaway) in section
        query = filters.to_query(state_of(lang).with_(chart=chart.name))
        url = share.view_url(deck.DEFAULT_BASE_URL, slide.page.url_path, {**query, **slide.page.query})
        sources = [TABLES["sources"].set_index("source_id").loc[s].to_dict() | {"source_id": s} for s in chart.sources]
        assert (
            html.escape(share.long_citation(sources, chart.title, chart.figure_ids, t, url, event_ids=chart.event_ids))
            in section
        )
        assert (
            len(re.findall(r"[a-z0-9]+-[a-z0-9-]+-\d{4}", section.split('class="cite"')[1])) <= share.MAX_IDS
        )  # ids listed are capped
    assert html.escape(text("app.title", lang)) in page
    assert html.escape(SOURCE["title"]) in page and html.escape(SOURCE["authors"]) in page


def test_the_first_slide_states_the_filters_in_words(tmp_path):
    out = tmp_path / "deck.html"
    result = run_report(out, "--lang", "en", "--query", "kind=target&region=hebei")
    assert result.returncode == 0 and not result.stderr, result.stderr
    first = " ".join(parsed(out.read_text(encoding="utf-8")).first_section_text)
    conditions = [
        text("filter.sentence.region", "en", values="Hebei"),
        text("filter.sentence.kind", "en", values=text("kind.target", "en")),
    ]
    assert text("deck.filters", "en", conditions=text("filter.sentence.and", "en").join(conditions)) in first
    assert "kind=target" not in first and "%3D" not in first and "region=" not in first  # words, not a link
    unfiltered = " ".join(parsed(deck.deck_html(TABLES, state_of("zh"), SITE)).first_section_text)
    assert text("deck.no_filters", "zh") in unfiltered


def test_a_bad_query_is_reported_and_left_out(tmp_path):
    out = tmp_path / "deck.html"
    result = run_report(out, "--query", "kind=<script>&x=1")
    assert result.returncode == 0 and "ignored" in result.stderr and "<script>" not in result.stderr
    assert "&lt;script" not in out.read_text(encoding="utf-8").split("</section>")[0]


def test_keys_and_swipes_move_between_slides_and_print_one_slide_per_page():
    page = deck.deck_html(TABLES, state_of("en"), SITE)
    script = page[page.rindex("<script>") :]
    for needed in ("keydown", "ArrowRight", "ArrowLeft", "PageDown", "touchstart", "touchend", "scrollIntoView"):
        assert needed in script
    assert "scroll-snap-type: y mandatory" in page and "min-height: 100vh" in page  # one screen per slide
    media = page[page.index("@media print") :]
    media = media[: media.index("} }") + 3]
    assert "break-after: page" in media and "page-break-after: always" in media
    assert text("deck.hint", "en") in page


def test_deck_escapes_data_text():
    hostile = TABLES["sources"].assign(
        authors="<script>alert(1)</script>",
        title="<img src=x onerror=alert(1)>",
        title_en="<img src=x onerror=alert(1)>",
        publisher_en="<b>pub</b>",
    )
    page = deck.deck_html({**TABLES, "sources": hostile}, state_of("en"), SITE)
    assert "<script>alert(1)</script>" not in page
    assert "<img src=x" not in page and "<b>pub</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_deck_respects_filters():
    state = state_of("en", kind=("target",))
    filtered = catalog.slides(TABLES, state, SITE)
    everything = catalog.slides(TABLES, state_of("en"), SITE)
    assert 0 < len(filtered) < len(everything)
    for slide in filtered:
        if "kind" in slide.page.uses and "kind" in slide.chart.rows:
            assert set(slide.chart.rows["kind"].dropna()) <= {"target"}
    page = deck.deck_html(TABLES, state, SITE)
    assert page.count('<section class="slide"') == len(filtered)
    assert "kind=target" in page  # the citations link to the filtered view


def test_catalog_follows_the_menu_and_the_declarations():
    slides = catalog.slides(TABLES, state_of("zh"), SITE)
    order = [p.key for p in SITE]
    assert [order.index(s.page.key) for s in slides] == sorted(order.index(s.page.key) for s in slides)
    for slide in slides:
        spec = next(s for s in chart_specs(TABLES["charts"], slide.page.charts) if s.id == slide.chart.name)
        expected = types.build(catalog.View(TABLES, state_of("zh").only(slide.page.uses), slide.page.uses), spec)
        assert slide.chart.title == expected.title


def test_a_failing_chart_is_left_out_of_the_app_but_fails_the_command(monkeypatch, caplog):
    def broken(view, spec):
        raise RuntimeError("boom")

    monkeypatch.setitem(types.CHART_TYPES, "rank_over_time", broken)
    with pytest.raises(RuntimeError):
        catalog.slides(TABLES, state_of("zh"), SITE)
    with caplog.at_level(logging.ERROR):
        kept = catalog.slides(TABLES, state_of("zh"), SITE, strict=False)
    assert kept and "ranks" not in [s.chart.name for s in kept]
    assert "ranks" in caplog.text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_deck_toolbar_speaks_the_decks_language(lang):
    """Every chart of the deck passes plotly.js the locale dictionary of the deck's language (the
    inlined plotly.js registers none, so the zh deck's toolbar said "Download plot as a PNG"): the
    same config the app's charts get (charts.export.toolbar_config)."""
    page = deck.deck_html(TABLES, state_of(lang), SITE)
    configs = [json.loads(m) for m in re.findall(r'(\{"displaylogo".*?\})\s*\)', page)]
    assert len(configs) == page.count('<section class="slide"') > 0
    t = Translator(lang)
    for config in configs:
        assert config["locale"] == t("plotly.locale")
        words = config["locales"][t("plotly.locale")]["dictionary"]
        assert words[text("plotly.ui.download_png", "en")] == text("plotly.ui.download_png", lang)
        assert config["topojsonURL"] == EMPTY_TOPOJSON_URL
