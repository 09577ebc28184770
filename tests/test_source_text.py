"""The source page: the article cut into marked segments, escaped HTML, checksum, and the page."""

from __future__ import annotations

import hashlib
import html
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from cenfigures.tables.dataset import load_dataset
from cenfigures.tables.paths import ROOT, SEEDS_DIR
from cenfigures.view import filters, source_text
from cenfigures.view.filters import ViewState
from cenfigures.view.formatting import format_figure
from cenfigures.view.labels import LANGUAGES, text


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


@pytest.fixture(scope="module")
def article(dataset) -> str:
    text_, error = source_text.article_error(dataset.tables["sources"].iloc[0].to_dict())
    assert error is None
    return text_


def _figure_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    return mentions[mentions["claimed_by"].isin(["figure", "restatement"])]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_segments_reproduce_the_article(dataset, article, lang):
    pieces = source_text.segments(article, dataset.tables["mentions"], dataset.tables["figures"], lang, dataset.tables["events"])
    assert "".join(piece.text for piece in pieces) == article
    assert any(piece.style == "event" for piece in pieces)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_claimed_number_is_marked_with_its_figure(dataset, article, lang):
    figures, mentions = dataset.tables["figures"], dataset.tables["mentions"]
    pieces = source_text.segments(article, mentions, figures, lang)
    starts, offset = {}, 0
    for piece in pieces:
        starts[offset] = piece
        offset += len(piece.text)
    claimed = _figure_mentions(mentions)
    assert len(claimed) > 10 and (claimed["mention_kind"] != "date").sum() > 10
    by_id = figures.set_index("figure_id")
    for _, mention in claimed.iterrows():
        piece = starts[int(mention["start"])]
        ids = tuple(mention["ref"].split(","))
        style = "context" if mention["mention_kind"] == "date" else "figure"
        assert piece.style == style and piece.ids == ids and piece.text == mention["text"]
        for figure_id in ids:
            row = by_id.loc[figure_id]
            assert f"{figure_id} · {format_figure(row, lang)}" in piece.title
        page = source_text.topic_page(by_id.loc[ids[0], "topic"])
        assert text(f"page.{page.key}", lang) in piece.title


def test_filters_decide_which_figures_are_marked(dataset, article):
    figures, mentions = dataset.tables["figures"], dataset.tables["mentions"]
    shown = filters.apply(figures, ViewState(regions=("hebei",)))
    pieces = source_text.segments(article, mentions, shown, "en", known_figures=set(figures["figure_id"]))
    marked = {i for piece in pieces if piece.style == "figure" for i in piece.ids}
    faint = {i for piece in pieces if piece.style == "off" for i in piece.ids}
    assert marked and faint
    assert marked <= set(shown["figure_id"])
    assert faint.isdisjoint(shown["figure_id"])
    assert "".join(piece.text for piece in pieces) == article


@pytest.mark.parametrize("state", [ViewState(), ViewState(regions=("beijing",)), ViewState(topics=("olympics_5g",), kinds=("target",))])
def test_events_follow_region_and_topic_filters(dataset, state):
    events = dataset.tables["events"]
    passing = source_text.events_passing(events, state)
    keep = pd.Series(True, index=events.index)
    if state.regions:
        keep &= events["region_id"].isin(state.regions)
    if state.topics:
        keep &= events["topic"].isin(state.topics)
    expected = events[keep]
    assert list(passing["event_id"]) == list(expected["event_id"]) and len(passing)
    assert list(passing.columns) == list(events.columns)


def test_non_statistics_stay_plain(dataset, article):
    mentions = dataset.tables["mentions"]
    pieces = source_text.segments(article, mentions, dataset.tables["figures"], "zh", dataset.tables["events"])
    marked_at, offset = set(), 0
    for piece in pieces:
        if piece.style:
            marked_at.add(offset)
        offset += len(piece.text)
    plain = mentions[mentions["claimed_by"] == "not_statistic"]
    assert len(plain) and marked_at.isdisjoint(plain["start"].astype(int))


HOSTILE_ARTICLE = 'Intro <script>alert(1)</script> & "x" 42 then 7.\n\nSecond <b>para</b>.'


def _hostile():
    figure_id = 'evil"><img src=x onerror=alert(1)>'
    figures = pd.DataFrame(
        [{"figure_id": figure_id, "topic": "digitization", "value": 42.0, "unit": "count", "qualifier": "exact"}]
    )
    start = HOSTILE_ARTICLE.index("42")
    mentions = pd.DataFrame(
        [
            {"start": start, "end": start + 2, "text": "42", "claimed_by": "figure", "ref": figure_id},
            {"start": HOSTILE_ARTICLE.index("7."), "end": HOSTILE_ARTICLE.index("7.") + 1, "text": "7", "claimed_by": "not_statistic", "ref": "<i>"},
        ]
    )
    return figure_id, figures, mentions


def test_hostile_text_is_escaped():
    figure_id, figures, mentions = _hostile()
    pieces = source_text.segments(HOSTILE_ARTICLE, mentions, figures, "en")
    assert "".join(piece.text for piece in pieces) == HOSTILE_ARTICLE
    out = source_text.escaped_article_html(pieces)
    assert "<script>" not in out and "<b>" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&quot;x&quot;" in out
    titles = re.findall(r'title="([^"]*)"', out)
    assert len(titles) == 1 and html.unescape(titles[0]).startswith(figure_id + " · 42")
    # The only tags are ours.
    assert set(re.findall(r"<(/?\w+)", out)) == {"div", "/div", "mark", "/mark"}


def test_legend_is_escaped_and_names_every_style():
    for lang in LANGUAGES:
        out = source_text.escaped_legend_html(lang)
        assert out.count("<mark") == len(source_text.LEGEND_ORDER)
        for style in source_text.LEGEND_ORDER:
            assert html.escape(text(f"source.legend.{style}", lang)) in out


def test_article_checksum_is_checked(tmp_path, dataset):
    source = dataset.tables["sources"].iloc[0].to_dict()
    original = (SEEDS_DIR / source["file"]).read_bytes()
    (tmp_path / source["file"]).write_bytes(original)
    assert source_text.article_error(source, tmp_path) == (original.decode("utf-8"), None)
    (tmp_path / source["file"]).write_bytes(original + b" ")
    assert source_text.article_error(source, tmp_path) == ("", "source.error.sha256")
    bad = b"\xff\xfe"
    (tmp_path / source["file"]).write_bytes(bad)
    assert source_text.article_error({**source, "sha256": hashlib.sha256(bad).hexdigest()}, tmp_path) == ("", "source.error.encoding")
    assert source_text.article_error({**source, "file": "missing.txt"}, tmp_path) == ("", "source.error.missing")
    # A file name cannot lead out of the articles' folder.
    assert source_text.article_error({**source, "file": "../" + source["file"]}, tmp_path / "sub")[1] == "source.error.missing"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_figure_links_group_the_filtered_figures_by_page(dataset, lang):
    figures = dataset.tables["figures"]
    links = source_text.figure_links(figures, lang)
    listed = [item for _, items in links for item in items]
    assert len(listed) == len(figures)
    by_id = figures.set_index("figure_id")
    for page, items in links:
        topic_rows = figures[figures["topic"].map(lambda t: source_text.TOPIC_PAGES.get(t)) == page.key]
        assert [item.figure_id for item in items] == list(topic_rows["figure_id"])
        for item in items:
            row = by_id.loc[item.figure_id]
            assert item.value == format_figure(row, lang)
            assert item.indicator == row["indicator_en" if lang == "en" else "indicator_zh"]


# --------------------------------------------------------------------------- the page

def _run(query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/7_source.py")
    at.run()
    assert not at.exception
    return at


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("query", [{}, {"region": "hebei"}, {"topic": "uhd_video", "kind": "target"}], ids=["all", "hebei", "uhd-target"])
def test_page_marks_the_filtered_figures(dataset, lang, query):
    at = _run({"lang": lang, **query})
    assert not at.error
    [article] = at.get("html")
    body = article.proto.body
    state = filters.parse_query({k: [v] for k, v in {"lang": lang, **query}.items()}, filters.FilterOptions.from_figures(dataset.tables["figures"])).state
    shown = filters.apply(dataset.tables["figures"], state, ("region", "topic", "kind"))
    titles = [html.unescape(title) for title in re.findall(r'title="([^"]*)"', body)]
    titled = {part.split(" · ")[0] for title in titles for part in title.split("; ")}
    claimed = set(_figure_mentions(dataset.tables["mentions"])["ref"].str.split(",").explode())
    assert claimed & set(shown["figure_id"]) <= titled
    # Links to the charting pages sit in the main area (the sidebar menu links every page).
    labels = [link.proto.label for link in at.main.get("page_link")]
    expected = [text(f"page.{page.key}", lang) for page, _ in source_text.figure_links(shown, lang)]
    assert expected and labels == expected


def test_page_with_a_changed_article_shows_an_error(monkeypatch, tmp_path):
    monkeypatch.setattr(source_text, "ARTICLES_DIR", tmp_path)
    at = _run({"lang": "en"})
    assert not at.get("html")
    assert any("missing" in error.value for error in at.error)
