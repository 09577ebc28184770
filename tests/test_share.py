"""Share links and citations (cenfigures/view/share.py), and their place in the app (AppTest)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from cenfigures.tables.dataset import load_dataset
from cenfigures.view import filters, share
from cenfigures.view.filters import FilterOptions, ViewState
from cenfigures.view.site import PAGES, PAGES_BY_KEY

ROOT = Path(__file__).resolve().parents[1]
DATASET = load_dataset()
FIGURES = DATASET.tables["figures"]
SOURCE = DATASET.tables["sources"].iloc[0].to_dict()
OPTIONS = FilterOptions.from_figures(FIGURES)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.key)
def test_page_url_path_is_the_file_name_without_number(page):
    path = share.page_url_path(page)
    if page.path == "dashboard.py":
        assert path == ""
    else:
        assert path and page.path.endswith(f"_{path}.py") and not path[0].isdigit()


@pytest.mark.parametrize(
    ("context_url", "headers", "expected"),
    [
        ("http://127.0.0.1:8501/uhd_video?lang=en", {}, "http://127.0.0.1:8501"),
        ("https://example.org/sub?x=1", {"Host": "other"}, "https://example.org"),
        (None, {"Host": "dash.local:8080"}, "http://dash.local:8080"),
        ("", {"host": "dash.local", "X-Forwarded-Proto": "https"}, "https://dash.local"),
        (None, {"Host": "evil.com/<script>"}, ""),
        (None, {}, ""),
        ("javascript:alert(1)", {}, ""),
    ],
)
def test_base_url(context_url, headers, expected):
    assert share.base_url(context_url, headers) == expected


STATES = [
    ViewState(),
    ViewState(lang="en"),
    ViewState(lang="en", regions=("hebei",), kinds=("target", "observed"), years=(2016, 2020)),
    ViewState(lang="zh", topics=("uhd_video",), search="超高清 & ?=#"),
]


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("page", [PAGES_BY_KEY["overview"], PAGES_BY_KEY["regions"]], ids=lambda p: p.key)
def test_view_url_round_trips_the_state(state, page):
    url = share.view_url("http://127.0.0.1:8501", page, filters.to_query(state, OPTIONS))
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == "http://127.0.0.1:8501"
    assert parts.path == "/" + share.page_url_path(page)
    parsed = filters.parse_query(parse_qs(parts.query, keep_blank_values=True), OPTIONS)
    assert not parsed.has_notice
    assert parsed.state == state


def test_plain_title_unescapes_and_strips_tags():
    assert share.plain_title("<b>A &amp; B</b>") == "A & B"
    assert share.plain_title(None) == ""


IDS = tuple(FIGURES["figure_id"].head(3))


@pytest.mark.parametrize(
    ("lang", "publisher", "title"),
    [("zh", "publisher", "title"), ("en", "publisher_en", "title_en")],
)
def test_short_citation_names_publisher_date_title_and_ids(lang, publisher, title):
    cite = share.short_citation(SOURCE, IDS, lang)
    for part in (SOURCE[publisher], SOURCE["published"], SOURCE[title], *IDS):
        assert part in cite
    other = "publisher_en" if lang == "zh" else "publisher"
    assert SOURCE[other] not in cite


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_long_citation_has_authors_title_chart_ids_and_url(lang):
    url = "http://127.0.0.1:8501/digitization?lang=en&kind=target"
    cite = share.long_citation(SOURCE, "河北2025年目标" if lang == "zh" else "Hebei's targets", IDS, lang, url)
    assert SOURCE["authors"] in cite and SOURCE["title"] in cite and SOURCE["published"] in cite
    assert ("河北2025年目标" if lang == "zh" else "Hebei's targets") in cite
    assert all(figure_id in cite for figure_id in IDS)
    assert cite.endswith(url)
    if lang == "en":
        assert SOURCE["title_en"] in cite and "Chart:" in cite
    else:
        assert "图表" in cite and SOURCE["title_en"] not in cite


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_app_shows_share_link_and_citations(lang):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/1_digitization.py")
    at.query_params["kind"] = "target"
    at.run()
    assert not at.exception
    codes = [code.value for code in at.code]
    share_links = [c for c in codes if c.startswith("/digitization")]
    assert share_links, codes  # AppTest has no browser URL: the link is relative there
    query = parse_qs(urlsplit(share_links[0]).query)
    assert query.get("kind") == ["target"]
    assert query.get("lang", ["zh"]) == [lang]
    charts = at.get("plotly_chart")
    assert charts
    long_citations = [c for c in codes if share_links[0] in c and c != share_links[0]]
    assert len(long_citations) == len(charts)  # one citation block per chart
    assert all(SOURCE["authors"] in c for c in long_citations)
