"""Share links and citations (cenfigures/view/share.py), and their place in the app (AppTest):
a link restores the view; a citation names each article behind the rows, counts the figures and
lists at most a dozen ids."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from apptest_pages import open_page, open_site_page, site

from cenfigures.tables.dataset import load_dataset
from cenfigures.view import filters, share
from cenfigures.view.filters import FilterOptions, state_of
from cenfigures.view.labels import text
from cenfigures.view.site import GENERIC_TOPIC_FILE
from cenfigures.view.translate import Translator

TABLES = load_dataset().all_tables()
FIGURES = TABLES["figures"]
SOURCE = TABLES["sources"].iloc[0].to_dict()
SITE = site(TABLES)
OPTIONS = FilterOptions.from_frame(
    FIGURES,
    ids=tuple(p.key for p in SITE if p.is_topic),
    indicators=tuple(TABLES["indicators"]["indicator_id"]),
)


@pytest.mark.parametrize("page", SITE, ids=lambda p: p.key)
def test_page_url_path_is_the_file_name_without_number(page):
    if page.path == "dashboard.py":
        assert page.url_path == ""
    elif page.path == GENERIC_TOPIC_FILE:
        assert page.url_path == "topic" and page.query == {"id": page.key}
    else:
        assert page.url_path and page.path.endswith(f"_{page.url_path}.py") and not page.url_path[0].isdigit()


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
    state_of(),
    state_of("en"),
    state_of("en", region=("hebei",), kind=("target", "observed"), years=(2016, 2020)),
    state_of("zh", topic=("uhd_video",), q="超高清 & ?=#"),
    state_of("en", source=(SOURCE["source_id"],), region=("guangzhou",)),
    state_of("en", region=("hebei",)).with_(indicator="nc_rate"),
    state_of("zh").with_(id="uhd_video", chart="plans"),
]


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("page", [SITE[0], next(p for p in SITE if p.key == "regions")], ids=lambda p: p.key)
def test_view_url_round_trips_the_state(state, page):
    options = FilterOptions(
        values=OPTIONS.values, charts=("targets", "plans"), ids=OPTIONS.ids, indicators=OPTIONS.indicators
    )
    url = share.view_url("http://127.0.0.1:8501", page.url_path, filters.to_query(state, options))
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == "http://127.0.0.1:8501"
    assert parts.path == "/" + page.url_path
    parsed = filters.parse_query(parse_qs(parts.query, keep_blank_values=True), options)
    assert not parsed.has_notice
    assert parsed.state == state


def test_plain_title_unescapes_and_strips_tags():
    assert share.plain_title("<b>A &amp; B</b><br>C") == "A & B C"
    assert share.plain_title(None) == ""


IDS = tuple(FIGURES["figure_id"].head(3))
ARTICLE_B = {
    **SOURCE,
    "source_id": "b",
    "publisher": "燕赵工信报",
    "publisher_en": "Yanzhao News",
    "published": "2023-02",
    "title": "标题乙",
    "title_en": "Title B",
    "authors": "赵晓燕",
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_short_citation_names_each_article_and_counts_the_figures(lang):
    t = Translator(lang)
    publisher, title = ("publisher", "title") if lang == "zh" else ("publisher_en", "title_en")
    cite = share.short_citation([SOURCE, ARTICLE_B], IDS, t)
    for article in (SOURCE, ARTICLE_B):
        for part in (article[publisher], article["published"], article[title]):
            assert part in cite
    assert cite.index(SOURCE[publisher]) < cite.index(ARTICLE_B[publisher])  # in the order of the rows
    assert not any(i in cite for i in IDS)  # ids are in the CSV and the long citation
    other = "publisher_en" if lang == "zh" else "publisher"
    assert SOURCE[other] not in cite


def test_a_citation_counts_exactly_the_figures():
    for lang in ("zh", "en"):
        cite = share.short_citation([SOURCE], IDS, Translator(lang))
        assert cite.endswith(text("cite.short", lang, articles="", count=len(IDS)))


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("count", [3, 12, 13, 40])
def test_long_citation_lists_at_most_twelve_ids_and_counts_them_all(lang, count):
    ids = [f"figure-{n:03d}" for n in range(count)]
    url = "http://127.0.0.1:8501/digitization?lang=en&kind=target"
    chart = "河北2025年目标" if lang == "zh" else "Hebei's targets"
    cite = share.long_citation([SOURCE], chart, ids, Translator(lang), url)
    listed = re.findall(r"figure-\d{3}", cite)
    assert listed == ids[: share.MAX_IDS]
    assert str(count) in cite
    if count > share.MAX_IDS:
        assert text("cite.more_ids", lang, ids="", more=count - share.MAX_IDS) in cite
    assert SOURCE["authors"] in cite and SOURCE["title"] in cite and SOURCE["published"] in cite
    assert chart in cite
    assert cite.endswith(url)
    if lang == "en":
        assert SOURCE["title_en"] in cite and "Chart:" in cite
        assert not re.search(
            r"[a-z][,:.][A-Za-z]", cite.replace(url, "").replace("e.g.", "")
        )  # no lost spaces (issue 15 item 10)
    else:
        assert "图表" in cite and SOURCE["title_en"] not in cite
        words = cite.replace(url, "").replace(SOURCE["authors"], "")
        for figure_id in listed:
            words = words.replace(figure_id, "")
        assert not re.search(r"[:,]", words), words  # Chinese punctuation in a Chinese citation


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_long_citation_names_every_article_with_its_authors(lang):
    cite = share.long_citation([SOURCE, ARTICLE_B], "chart", IDS, Translator(lang), "http://x/")
    assert SOURCE["authors"] in cite and ARTICLE_B["authors"] in cite
    assert cite.index(SOURCE["authors"]) < cite.index(ARTICLE_B["authors"])


def test_an_article_sources_csv_cannot_tell_is_left_out():
    assert share.short_citation([{}], IDS, Translator("en")) == text("cite.short", "en", articles="", count=3)


def _code_blocks(at) -> list[str]:
    return [code.value for code in at.code]


def _open_citation(at, key: str) -> None:
    """Open a chart's citation popover (it is filled by the rerun its opening causes)."""
    at.session_state[key] = True
    at.run()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_app_shows_the_share_link_and_a_citation_for_the_open_chart(lang):
    page = next(p for p in SITE if p.key == "digitization")
    at = open_site_page(page, lang=lang, kind="rank", chart="ranks")
    assert not at.exception
    assert len(_code_blocks(at)) == 1  # only the share link: a closed citation popover holds nothing
    _open_citation(at, "cite-digitization-ranks")
    share_link = at.sidebar.code[0].value
    assert share_link.startswith("/digitization")  # AppTest has no browser URL: the link is relative there
    query = parse_qs(urlsplit(share_link).query)
    assert query.get("kind") == ["rank"] and query.get("chart") == ["ranks"]
    assert query.get("lang", ["zh"]) == [lang]
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    codes = [c for c in _code_blocks(at) if c != share_link]
    long_citations = [c for c in codes if c.endswith(share_link)]
    assert len(long_citations) == 1  # one citation block for the one chart drawn
    assert SOURCE["authors"] in long_citations[0]
    publisher = SOURCE["publisher" if lang == "zh" else "publisher_en"]
    assert any(publisher in c and c not in long_citations for c in codes)  # the short one


def test_a_chart_of_two_articles_cites_both(corpus_data, use_data):
    use_data(corpus_data)
    tables = load_dataset(corpus_data).all_tables()
    publishers = tables["sources"].set_index("source_id")["publisher_en"]
    figures = tables["figures"].set_index("figure_id")
    at = open_page("pages/1_digitization.py", lang="en", chart="ranks")
    _open_citation(at, "cite-digitization-ranks")
    assert not at.exception
    [spec] = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    drawn = {i for trace in spec["data"] for i in (trace.get("customdata") or [])}
    articles = list(dict.fromkeys(figures.loc[sorted(drawn), "source_id"]))
    assert len(articles) == 2, "the ranks chart has points from the seed and the 2023 fixture"
    share_link = at.sidebar.code[0].value
    citations = [c for c in _code_blocks(at) if c != share_link and (c.endswith(share_link) or c.endswith(" figures)"))]
    assert len(citations) == 2, _code_blocks(at)  # the short and the long one
    for citation in citations:
        assert all(publishers[article] in citation for article in articles), citation


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("目标", "目标"),  # Chinese stays readable (it read %E7%9B%AE%E6%A0%87)
        ("“百城千屏”", "“百城千屏”"),  # CJK punctuation is visible
        ("a b&c=d#e%f+g", "a%20b%26c%3Dd%23e%25f%2Bg"),  # ASCII as urllib encodes it
        ("超\u3000高清", "超%E3%80%80高清"),  # an ideographic space would hide in the link
        ("5G\u202e", "5G%E2%80%AE"),  # a direction override would reorder it
        ("\u200b", "%E2%80%8B"),  # zero-width space
    ],
)
def test_view_url_is_readable_and_reads_back_the_same(value, shown):
    url = share.view_url("http://127.0.0.1:8501", "explorer", {"q": value})
    assert url == f"http://127.0.0.1:8501/explorer?q={shown}"
    assert parse_qs(urlsplit(url).query)["q"] == [value]  # the server reads either form the same
