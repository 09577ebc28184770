"""The source reader: the article cut into marked segments (figures, drafts apart, the time a figure
refers to, events), every text escaped, the checksum of the copy, the list of figures beside it, and
the page, for any article of the corpus (`?source=`)."""

from __future__ import annotations

import hashlib
import html
import re

import pandas as pd
import pytest
from apptest_pages import open_page, site

from cenfigures.tables.dataset import load_dataset
from cenfigures.tables.paths import ARTICLES_DIR
from cenfigures.view import source_text
from cenfigures.view.filters import state_of
from cenfigures.view.labels import LANGUAGES, text
from cenfigures.view.model import View
from cenfigures.view.translate import Translator
from cenfigures.view.words import indicator_name, value_label

DATASET = load_dataset()
TABLES = DATASET.all_tables()
FIGURES, MENTIONS, EVENTS = TABLES["figures"], TABLES["mentions"], TABLES["events"]
SOURCE = TABLES["sources"].iloc[0].to_dict()
SITE = site(TABLES)
SOURCE_USES = ("source", "region", "topic", "kind")


@pytest.fixture(scope="module")
def article() -> str:
    text_, error = source_text.article_error(SOURCE)
    assert error is None
    return text_


def view(lang: str = "zh", tables=TABLES, **values) -> View:
    return View(tables, state_of(lang, **values), SOURCE_USES)


def by_start(pieces: list[source_text.Segment]) -> dict[int, source_text.Segment]:
    starts, offset = {}, 0
    for piece in pieces:
        starts[offset] = piece
        offset += len(piece.text)
    return starts


def _claimed(kinds: tuple[str, ...]) -> pd.DataFrame:
    return MENTIONS[MENTIONS["claimed_by"].isin(kinds)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_segments_reproduce_the_article(article, lang):
    pieces = source_text.segments(article, MENTIONS, view(lang), SITE)
    assert "".join(piece.text for piece in pieces) == article
    assert {piece.style for piece in pieces} >= {"", "figure", "context", "event"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_claimed_number_is_marked_with_its_figure_value_and_page(article, lang):
    v = view(lang)
    starts = by_start(source_text.segments(article, MENTIONS, v, SITE))
    claimed = _claimed(("figure", "restatement", "figure_context"))
    assert len(claimed) > 10 and (claimed["mention_kind"] != "date").sum() > 10
    figures = FIGURES.set_index("figure_id", drop=False)
    pages = {p.key: p for p in SITE}
    for _, mention in claimed.iterrows():
        piece = starts[int(mention["start"])]
        ids = tuple(mention["ref"].split(","))
        is_time = mention["claimed_by"] == "figure_context" or mention["mention_kind"] == "date"
        assert (piece.style, piece.ids, piece.text) == ("context" if is_time else "figure", ids, mention["text"])
        for figure_id in ids:
            row = figures.loc[figure_id]
            assert f"{figure_id} · {indicator_name(v, row)} {value_label(v, row)}" in piece.title
        topic = figures.loc[ids[0], "topic"]
        page = pages.get(topic) or pages["regions"]  # the study meetings are charted on the Regions page
        assert page.label(Translator(lang)) in piece.title
        if not is_time:
            assert f'href="#{source_text.anchor(ids[0])}"' in source_text.escaped_article_html(
                [piece]
            )  # a tap leads to the list


def test_the_page_of_a_topic_is_its_own_or_the_page_that_charts_it():
    pages = {p.key: p for p in SITE}
    charts = TABLES["charts"]
    assert source_text.page_for(SITE, charts, "digitization") is pages["digitization"]
    assert source_text.page_for(SITE, charts, "study_meetings") is pages["regions"]
    assert source_text.page_for(SITE, charts, "no_such_topic") is None


def test_filters_decide_which_figures_are_marked(article):
    v = view("en", region=("hebei",))
    pieces = source_text.segments(article, MENTIONS, v, SITE, set(FIGURES["figure_id"]))
    marked = {i for piece in pieces if piece.style == "figure" for i in piece.ids}
    faint = {i for piece in pieces if piece.style == "off" for i in piece.ids}
    assert marked and faint
    assert marked <= set(v.figures["figure_id"]) and set(v.figures["region_id"]) == {"hebei"}
    assert faint.isdisjoint(v.figures["figure_id"])
    assert "".join(piece.text for piece in pieces) == article


@pytest.mark.parametrize(
    "values",
    [{}, {"region": ("beijing",)}, {"topic": ("olympics_5g",), "kind": ("target",)}, {"topic": ("digitization",)}],
    ids=["all", "beijing", "olympics", "digitization"],
)
def test_events_are_marked_as_the_filters_let_them_through(article, values):
    v = view("en", **values)
    pieces = source_text.segments(article, MENTIONS, v, SITE)
    marked = {i for piece in pieces if piece.style == "event" for i in piece.ids}
    keep = pd.Series(True, index=EVENTS.index)
    if "region" in values:
        keep &= EVENTS["region_id"].isin(values["region"])
    if "topic" in values:
        keep &= EVENTS["topic"].isin(values["topic"])
    expected = set(EVENTS[keep]["event_id"]) & set(_claimed(("event",))["ref"])
    assert marked == expected
    for piece in pieces:
        if piece.style == "event":
            row = EVENTS.set_index("event_id").loc[piece.ids[0]]
            assert (
                piece.title.startswith(f"{piece.ids[0]} · {row['date']}") and text("page.timeline", "en") in piece.title
            )


def test_non_statistics_stay_plain(article):
    starts = by_start(source_text.segments(article, MENTIONS, view("zh"), SITE))
    plain = _claimed(("not_statistic",))
    assert len(plain) > 100
    marked_at = {start for start, piece in starts.items() if piece.style}
    assert marked_at.isdisjoint(plain["start"].astype(int))


def _with_a_draft(figure_id: str, guess: str) -> dict[str, pd.DataFrame]:
    figures = FIGURES.copy()
    figures.loc[figures["figure_id"] == figure_id, ["reviewed", "guess"]] = ["false", guess]
    return {**TABLES, "figures": figures}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_drafts_are_marked_apart_with_the_drafters_guess(article, lang):
    mention = _claimed(("figure",)).query("mention_kind != 'date'").iloc[0]
    draft_id = mention["ref"].split(",")[0]
    v = view(lang, _with_a_draft(draft_id, "到2025年 -> target"))
    piece = by_start(source_text.segments(article, MENTIONS, v, SITE))[int(mention["start"])]
    assert piece.style == "draft" and draft_id in piece.ids
    assert text("review.unreviewed", lang) in piece.title and "到2025年 -> target" in piece.title
    others = {p.style for p in source_text.segments(article, MENTIONS, v, SITE) if p.ids and draft_id not in p.ids}
    assert "draft" not in others and "figure" in others
    listing = source_text.escaped_figure_list_html(v, SITE)
    entry = re.search(rf'<li id="{source_text.anchor(draft_id)}".*?</li>', listing).group(0)
    assert html.escape(text("review.unreviewed", lang)) in entry and html.escape("到2025年 -> target") in entry
    assert (
        html.escape(
            text("review.marked", lang, value=Translator(lang).value(FIGURES.set_index("figure_id").loc[draft_id]))
        )
        in entry
    )


HOSTILE_ARTICLE = 'Intro <script>alert(1)</script> & "x" 42 then 7 on 2022-01-06.\n\nSecond <b>para</b>.'


def _hostile_tables() -> tuple[str, dict[str, pd.DataFrame], pd.DataFrame]:
    figure_id = 'evil"><img src=x onerror=alert(1)>'
    row = FIGURES.iloc[0].to_dict() | {
        "figure_id": figure_id,
        "topic": "digitization",
        "value": 42.0,
        "unit": "count",
        "qualifier": "exact",
        "kind": "observed",
        "indicator_zh": "<i>指标</i>",
        "indicator_en": "<i>indicator</i>",
        "indicator_id": "",
        "reviewed": "false",
        "guess": "<script>guess</script>",
    }
    event = EVENTS.iloc[0].to_dict() | {
        "event_id": "<u>event</u>",
        "date": "2022-01-06",
        "region_id": row["region_id"],
        "topic": "digitization",
    }
    start = HOSTILE_ARTICLE.index("42")
    when = HOSTILE_ARTICLE.index("2022-01-06")
    mentions = pd.DataFrame(
        [
            {
                "start": start,
                "end": start + 2,
                "text": "42",
                "claimed_by": "figure",
                "ref": figure_id,
                "mention_kind": "arabic",
            },
            {
                "start": HOSTILE_ARTICLE.index("7 "),
                "end": HOSTILE_ARTICLE.index("7 ") + 1,
                "text": "7",
                "claimed_by": "not_statistic",
                "ref": "<i>",
                "mention_kind": "arabic",
            },
            {
                "start": when,
                "end": when + 10,
                "text": "2022-01-06",
                "claimed_by": "event",
                "ref": event["event_id"],
                "mention_kind": "date",
            },
        ]
    )
    return figure_id, {**TABLES, "figures": pd.DataFrame([row]), "events": pd.DataFrame([event])}, mentions


def test_hostile_text_is_escaped_everywhere():
    figure_id, tables, mentions = _hostile_tables()
    v = view("en", tables)
    pieces = source_text.segments(HOSTILE_ARTICLE, mentions, v, SITE)
    assert "".join(piece.text for piece in pieces) == HOSTILE_ARTICLE
    assert [p.style for p in pieces if p.style] == ["draft", "event"]
    out = source_text.escaped_article_html(pieces) + source_text.escaped_figure_list_html(v, SITE)
    for raw in ("<script>", "<b>para", "<img", "<i>", "<u>"):
        assert raw not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out and "&quot;x&quot;" in out
    titles = [html.unescape(t) for t in re.findall(r'title="([^"]*)"', out)]
    assert (
        len(titles) == 2
        and titles[0].startswith(figure_id + " · <i>indicator</i> 42*")
        and "<script>guess</script>" in titles[0]
    )
    assert set(re.findall(r"<(/?\w+)", out)) <= {
        "div",
        "/div",
        "mark",
        "/mark",
        "a",
        "/a",
        "h4",
        "/h4",
        "ul",
        "/ul",
        "li",
        "/li",
        "b",
        "/b",
        "span",
        "/span",
        "br",
    }  # the only tags are ours


def test_legend_is_escaped_and_names_every_style():
    for lang in LANGUAGES:
        out = source_text.escaped_legend_html(Translator(lang))
        assert out.count("<mark") == len(source_text.LEGEND_ORDER)
        for style in source_text.LEGEND_ORDER:
            assert html.escape(text(f"source.legend.{style}", lang)) in out


def test_article_checksum_is_checked(tmp_path):
    original = (ARTICLES_DIR / SOURCE["file"]).read_bytes()
    (tmp_path / SOURCE["file"]).write_bytes(original)
    assert source_text.article_error(SOURCE, tmp_path) == (original.decode("utf-8"), None)
    (tmp_path / SOURCE["file"]).write_bytes(original + b" ")
    assert source_text.article_error(SOURCE, tmp_path) == ("", "source.error.sha256")
    bad = b"\xff\xfe"
    (tmp_path / SOURCE["file"]).write_bytes(bad)
    assert source_text.article_error({**SOURCE, "sha256": hashlib.sha256(bad).hexdigest()}, tmp_path) == (
        "",
        "source.error.encoding",
    )
    assert source_text.article_error({**SOURCE, "file": "missing.txt"}, tmp_path) == ("", "source.error.missing")
    # A file name cannot lead out of the articles' folder.
    assert (
        source_text.article_error({**SOURCE, "file": "../" + SOURCE["file"]}, tmp_path / "sub")[1]
        == "source.error.missing"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_list_groups_the_filtered_figures_by_the_page_that_charts_them(lang):
    v = view(lang, kind=("target", "observed"))
    listing = source_text.escaped_figure_list_html(v, SITE)
    items = re.findall(r'<li id="([^"]+)"', listing)
    assert items == [source_text.anchor(i) for i in _grouped(v)]
    headings = [html.unescape(h) for h in re.findall(r"<h4[^>]*>(.*?)</h4>", listing)]
    pages = {p.key: p for p in SITE}
    expected = list(
        dict.fromkeys((pages.get(t) or pages["regions"]).label(Translator(lang)) for t in v.figures["topic"])
    )
    assert headings == expected
    for _, row in v.figures.iterrows():
        assert html.escape(value_label(v, row)) in listing


def _grouped(v: View) -> list[str]:
    """Figure ids in the list's order: grouped by page, pages in order of their first figure."""
    groups: dict[str, list[str]] = {}
    for _, row in v.figures.iterrows():
        groups.setdefault("regions" if row["topic"] == "study_meetings" else row["topic"], []).append(row["figure_id"])
    return [i for ids in groups.values() for i in ids]


# --------------------------------------------------------------------------- the page


def _marked_ids(body: str) -> set[str]:
    titles = [html.unescape(title) for title in re.findall(r'title="([^"]*)"', body)]
    return {part.split(" · ")[0] for title in titles for part in title.split("; ")}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    "query", [{}, {"region": "hebei"}, {"topic": "uhd_video", "kind": "target"}], ids=["all", "hebei", "uhd-target"]
)
def test_page_marks_the_filtered_figures_and_lists_them(lang, query):
    at = open_page("pages/7_source.py", lang=lang, **query)
    assert not at.exception and not at.error and not at.warning
    article_html, listing = [h.proto.body for h in at.main.get("html")]
    shown = view(lang, **{k: (v,) for k, v in query.items()}).figures
    claimed = set(_claimed(("figure", "restatement")).ref.str.split(",").explode())
    assert claimed & set(shown["figure_id"]) <= _marked_ids(article_html)
    assert re.findall(r'<li id="([^"]+)"', listing) == [
        source_text.anchor(i)
        for i in _grouped(View(TABLES, state_of(lang, **{k: (v,) for k, v in query.items()}), SOURCE_USES))
    ]
    assert html.escape(text("source.legend", lang)) in article_html
    publisher = SOURCE["publisher" if lang == "zh" else "publisher_en"]
    assert any(publisher in str(c.value) for c in at.caption)


def test_any_article_opens_by_its_link(corpus_data, use_data):
    use_data(corpus_data)
    tables = load_dataset(corpus_data).all_tables()
    for _, source in tables["sources"].iterrows():
        at = open_page("pages/7_source.py", lang="en", source=source["source_id"])
        assert not at.exception and not at.error and not at.warning
        article_html, listing = [h.proto.body for h in at.main.get("html")]
        own = (corpus_data / "articles" / source["file"]).read_text(encoding="utf-8")
        first_line = own.strip().splitlines()[0]
        assert html.escape(first_line, quote=True) in article_html
        assert any(source["publisher_en"] in str(c.value).replace("\\", "") for c in at.caption)
        figures = tables["figures"][tables["figures"]["source_id"] == source["source_id"]]
        listed = set(re.findall(r'<li id="([^"]+)"', listing))
        assert listed == {source_text.anchor(i) for i in figures["figure_id"]}, "only this article's figures"
        mentions = tables["mentions"][
            (tables["mentions"]["source_id"] == source["source_id"]) & (tables["mentions"]["claimed_by"] == "figure")
        ]
        assert set(mentions["ref"].str.split(",").explode()) <= _marked_ids(article_html)
        drafts = figures[figures["reviewed"] == "false"]
        if not drafts.empty:  # the 2023 fixture has a drafted figure: marked apart
            assert (
                "border-bottom:2px dashed" in article_html and html.escape(text("review.unreviewed", "en")) in listing
            )


def test_an_unknown_article_in_the_link_is_dropped_with_a_notice():
    at = open_page("pages/7_source.py", lang="en", source="no-such-article")
    assert any("source" in w.value for w in at.warning)
    assert len(at.main.get("html")) == 2  # the first article instead


FULL_SOURCE = {
    "publisher": "中国电子报",
    "publisher_en": "CEN",
    "published": "2022-01",
    "authors": "甲乙",
    "title": "标题",
    "title_en": "Title",
}


@pytest.mark.parametrize(
    "lang, leave_out, expected",
    [
        ("zh", (), "中国电子报 · 2022-01 · 甲乙 · 标题"),
        ("en", (), "CEN · 2022-01 · 甲乙 · Title"),
        ("zh", ("authors",), "中国电子报 · 2022-01 · 标题"),
        ("en", ("authors",), "CEN · 2022-01 · Title"),
        ("en", ("authors", "published"), "CEN · Title"),
        ("zh", ("publisher", "authors"), "2022-01 · 标题"),
    ],
)
def test_the_readers_caption_has_only_the_parts_an_article_gives(lang, leave_out, expected):
    for empty in ("", None, float("nan"), "  "):
        source = {**FULL_SOURCE, **{key: empty for key in leave_out}}
        if "publisher" in leave_out:
            source["publisher_en"] = empty
        caption = source_text.article_caption(source, Translator(lang))
        assert caption == expected, (empty, caption)
        assert "· ·" not in caption and not caption.startswith("·") and not caption.endswith("·")
