"""Adding an article is data only (issue 12): the seed plus the two fixture articles written for
tests, built into a temporary corpus by prep, land on the charts their attributes match, each point
citing its own article, and are filtered, cited, highlighted and compared across articles by the
same code that draws the seed alone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from cenfigures.charts import types
from cenfigures.charts.kit import hover_text
from cenfigures.prep import build as prep
from cenfigures.tables.dataset import load_dataset
from cenfigures.view import filters, share
from cenfigures.view.filters import state_of
from cenfigures.view.indicators import findings, indicator_figures
from cenfigures.view.model import View, chart_specs, pages_with_charts, topic_specs
from cenfigures.view.site import GENERIC_TOPIC_FILE, site_pages
from cenfigures.view.source_text import article_error, segments
from cenfigures.view.translate import Translator

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "corpus"
HEBEI = "yanzhao-2023-02-digital"
UHD = "zhujiang-2024-03-uhd"
SEED = "cen-2022-01-local-it"
PAGE_FILES = tuple(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[dict[str, pd.DataFrame], Path]:
    seeds = tmp_path_factory.mktemp("seeds")
    for path in (ROOT / "seeds").iterdir():
        shutil.copy(path, seeds / path.name)
    for path in FIXTURES.iterdir():
        shutil.copy(path, seeds / path.name)
    out = tmp_path_factory.mktemp("data")
    prep.write_tables(prep.build_tables(seeds), out)
    return load_dataset(out).all_tables(), out


def view(tables, lang: str = "zh", **chosen) -> View:
    return View(tables, state_of(lang, **chosen))


def spec(tables, page: str, chart_id: str):
    return next(s for s in chart_specs(tables["charts"], page) if s.id == chart_id)


def test_every_article_is_a_source(corpus):
    tables, _ = corpus
    assert set(tables["sources"]["source_id"]) == {SEED, HEBEI, UHD}
    assert {HEBEI, UHD} <= set(tables["figures"]["source_id"])


@pytest.mark.parametrize(
    "page, chart_id, figure_id",
    [
        ("digitization", "targets", "yanzhao-hebei-nc-rate-2022"),  # a 2022 outcome beside the 2025 target
        ("digitization", "ranks", "yanzhao-hebei-integration-rank-2022"),  # the 2022 rank on the ranks line
        ("uhd_video", "penetration_4k", "zhujiang-tv-4k-penetration-2020"),
        ("uhd_video", "guangzhou_targets", "zhujiang-guangzhou-uhd-display-output-2023"),
    ],
)
def test_another_articles_figure_is_charted_with_its_own_source(corpus, page, chart_id, figure_id):
    tables, _ = corpus
    v = view(tables)
    chart = types.build(v, spec(tables, page, chart_id))
    assert figure_id in chart.figure_ids
    row = tables["figures"].set_index("figure_id").loc[figure_id]
    publisher = tables["sources"].set_index("source_id").loc[row["source_id"], "publisher"]
    assert publisher in hover_text(v, {**row.to_dict(), "figure_id": figure_id})  # the point's hover names its article
    source_line = chart.figure.layout.annotations[-1].text
    assert publisher in source_line and "中国电子报" in source_line  # the source line names every article
    assert "2篇报道" in chart.takeaway  # and the takeaway says the points come from several


def test_a_new_topic_gets_a_page_and_its_charts_without_code(corpus):
    tables, _ = corpus
    charts = chart_specs(tables["charts"])
    site = site_pages(topic_specs(tables["topics"]), pages_with_charts(charts), PAGE_FILES)
    page = next(p for p in site if p.key == "smart_manufacturing")
    assert page.path == GENERIC_TOPIC_FILE and page.query == {"id": "smart_manufacturing"}
    chart = types.build(view(tables, "en"), spec(tables, "smart_manufacturing", "factories"))
    assert chart.figure_ids == ("yanzhao-suzhou-smart-demo-factories-2022",)
    assert "Smart-manufacturing demonstration factories" in chart.title


def test_a_new_city_is_on_the_map_as_a_marker(corpus):
    tables, _ = corpus
    chart = types.build(view(tables, "en"), spec(tables, "regions", "region_map"))
    markers = next(trace for trace in chart.figure.data if trace.type == "scattergeo" and trace.name == "places")
    assert "Suzhou" in list(markers.text)
    regions = tables["regions"].set_index("region_id")
    assert regions.loc["suzhou", "parent"] == "jiangsu"


def test_the_source_filter_narrows_every_chart_to_one_article(corpus):
    tables, _ = corpus
    chart = types.build(view(tables, source=(HEBEI,)), spec(tables, "digitization", "ranks"))
    assert set(chart.rows["source_id"]) == {HEBEI}
    names = View(tables).names
    sentence = filters.describe(state_of("en", source=(HEBEI,)), 3, 60, names)
    assert "the article is" in sentence and "Yanzhao" in sentence or "燕赵" in sentence


def test_citations_name_each_article_of_the_rows(corpus):
    tables, _ = corpus
    v = view(tables, "en")
    chart = types.build(v, spec(tables, "digitization", "targets"))
    text = share.long_citation(
        [v.source(s) for s in chart.sources], chart.title, chart.figure_ids, Translator("en"), "http://x/"
    )
    assert "China Electronics News" in text and v.source(HEBEI)["publisher_en"] in text


def test_the_source_reader_highlights_another_articles_numbers(corpus):
    tables, out = corpus
    v = View(tables, state_of("zh", source=(HEBEI,)))
    article, error = article_error(v.source(HEBEI), out / "articles")
    assert error is None
    mentions = tables["mentions"][tables["mentions"]["source_id"] == HEBEI]
    marked = [piece for piece in segments(article, mentions, v) if piece.style in ("figure", "draft")]
    stated = set(v.figures.loc[v.figures["kind"] != "derived", "figure_id"])
    assert stated == {i for piece in marked for i in piece.ids}  # every figure of the article is marked
    assert {"61.2%", "12", "46"} <= {piece.text for piece in marked}
    drafts = {
        piece.text for piece in marked if piece.style == "draft"
    }  # the fixture's unreviewed figure is marked apart
    assert drafts == {"46"}


@pytest.mark.parametrize(
    "indicator, kind, words",
    [
        ("tv_4k_penetration", "conflict", ("30.8%", "31.2%")),  # 2015: the two articles disagree
        ("tv_4k_penetration", "corroboration", ("71%",)),  # 2020: they agree
        ("uhd_display_chain_output", "target_vs_outcome", ("超过2500亿元", "2650亿元", "超出")),
    ],
)
def test_indicators_linked_across_articles(corpus, indicator, kind, words):
    tables, _ = corpus
    v = view(tables)
    found = [f for f in findings(v, indicator_figures(v, indicator)) if f.kind == kind]
    assert found, f"no {kind} for {indicator}"
    assert all(word in found[0].sentence for word in words)
    assert len(set(found[0].source_ids)) == 2
