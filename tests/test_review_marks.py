"""Unreviewed drafts are marked in the view and chart layers, in both languages: citations, the
chart's source line, events (cards, hover, the source reader), the explorer and the CSV; reviewed
data reads as before. The data: the seed corpus with the yanzhao fixture (hand-written, with a
drafted figure and event) and one article drafted by the drafter, built by prep."""

from __future__ import annotations

import csv
import html
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest

from bench import draft_score
from cenfigures.charts.deck import deck_html, default_site
from cenfigures.charts.kit import source_line
from cenfigures.charts.types.timeline import event_hover
from cenfigures.draft.write import main as draft_main
from cenfigures.prep import build as prep
from cenfigures.tables.dataset import load_dataset
from cenfigures.tables.paths import SEEDS_DIR
from cenfigures.view import downloads, explorer, share
from cenfigures.view.downloads import table_csv
from cenfigures.view.filters import ViewState
from cenfigures.view.model import View
from cenfigures.view.source_text import segments
from cenfigures.view.timeline import event_cards
from cenfigures.view.words import unreviewed_ids

ROOT = Path(__file__).resolve().parent.parent
YANZHAO = ROOT / "tests" / "fixtures" / "corpus" / "yanzhao-2023-02-digital-transformation"
DRAFTED = "jiangsu-industry-2023"
LANGS = ("zh", "en")


class Tables(dict):
    """The loaded tables, and the data folder they came from (its articles/)."""

    def __init__(self, tables: dict[str, pd.DataFrame], data_dir: Path):
        super().__init__(tables)
        self.data_dir = data_dir


@pytest.fixture(scope="module")
def tables(tmp_path_factory) -> Tables:
    folder = tmp_path_factory.mktemp("marks")
    seeds = folder / "seeds"
    seeds.mkdir()
    draft_score.copy_corpus(SEEDS_DIR, seeds)
    for suffix in (".txt", ".toml"):
        shutil.copy2(YANZHAO.with_suffix(suffix), seeds / YANZHAO.with_suffix(suffix).name)
    shutil.copy2(draft_score.FIXTURES / f"{DRAFTED}.txt", seeds / f"{DRAFTED}.txt")
    assert draft_main([str(seeds / f"{DRAFTED}.txt")]) == 0
    assert prep.main(["--seeds", str(seeds), "--out", str(folder / "data")]) == 0
    return Tables(load_dataset(folder / "data").all_tables(), data_dir=folder / "data")


def view_of(tables, lang: str) -> View:
    return View(tables, ViewState(lang=lang))


def of_source(frame: pd.DataFrame, source_id: str) -> pd.DataFrame:
    return frame[frame["source_id"] == source_id]


def test_unreviewed_ids_are_the_drafts_of_figures_and_of_events(tables) -> None:
    figures, events = tables["figures"], tables["events"]
    assert unreviewed_ids(figures) == frozenset(figures.loc[figures["reviewed"] == "false", "figure_id"])
    assert unreviewed_ids(of_source(figures, DRAFTED)) == frozenset(of_source(figures, DRAFTED)["figure_id"])
    assert unreviewed_ids(of_source(figures, "cen-2022-01-local-it")) == frozenset()
    assert unreviewed_ids(events) and unreviewed_ids(events) <= set(events["event_id"])


@pytest.mark.parametrize("lang", LANGS)
def test_citations_count_the_drafts_and_star_their_ids(tables, lang: str) -> None:
    view = view_of(tables, lang)
    rows = view.all_figures[view.all_figures["source_id"].isin([DRAFTED, "yanzhao-2023-02-digital"])]
    rows = pd.concat(
        [rows[rows["reviewed"] == "true"], rows[rows["reviewed"] == "false"].head(5)]
    )  # 2 reviewed, then drafts
    ids, drafts = tuple(rows["figure_id"]), unreviewed_ids(rows)
    sources = [view.source(s) for s in dict.fromkeys(rows["source_id"])]
    short = share.short_citation(sources, ids, view.t, drafts)
    assert view.t("cite.short_drafts", articles="", count=len(ids), drafts=len(drafts)) in short
    long = share.long_citation(sources, "chart", ids, view.t, "http://x/", drafts)
    assert view.t("cite.drafts", drafts=len(drafts)) in long
    for figure_id in ids:
        assert (f"{figure_id}*" in long) == (figure_id in drafts)
    # reviewed figures only: the citation reads as before drafts existed
    reviewed = of_source(view.all_figures, "cen-2022-01-local-it")
    seed = [view.source("cen-2022-01-local-it")]
    assert share.short_citation(seed, reviewed["figure_id"], view.t, unreviewed_ids(reviewed)) == share.short_citation(
        seed, reviewed["figure_id"], view.t
    )
    assert "*" not in share.long_citation(
        seed, "chart", reviewed["figure_id"], view.t, "http://x/", unreviewed_ids(reviewed)
    )


@pytest.mark.parametrize("lang", LANGS)
def test_a_charts_source_line_says_what_the_star_means_only_when_it_draws_drafts(tables, lang: str) -> None:
    view = view_of(tables, lang)
    footnote = view.t("review.footnote")
    assert source_line(view, of_source(view.all_figures, DRAFTED)).endswith(footnote)
    assert footnote not in source_line(view, of_source(view.all_figures, "cen-2022-01-local-it"))
    assert footnote not in source_line(view, view.all_figures.iloc[0:0])


@pytest.mark.parametrize("lang", LANGS)
def test_draft_events_are_marked_on_cards_in_the_hover_and_in_the_source_reader(tables, lang: str) -> None:
    view = view_of(tables, lang)
    events = view.events
    drafts = unreviewed_ids(events)
    assert drafts and len(drafts) < len(events)
    cards = {card.event_id: card for card in event_cards(view)}
    for event_id, card in cards.items():
        draft = event_id in drafts
        assert card.date.endswith("*") == draft and (view.t("review.unreviewed_event") in card.cite) == draft
    for _, event in events.iterrows():
        assert (view.t("review.unreviewed_event") in event_hover(view, event)) == (event["event_id"] in drafts)
    for _, draft_event in events[events["event_id"].isin(drafts)].iterrows():  # the source reader's mark of its date
        source_id = draft_event["source_id"]
        article = (tables.data_dir / "articles" / view.source(source_id)["file"]).read_text(encoding="utf-8")
        mentions = tables["mentions"][tables["mentions"]["source_id"] == source_id]
        scoped = View(tables, ViewState(lang=lang).with_filter("source", (source_id,)))
        titles = [
            s.title
            for s in segments(article, mentions, scoped)
            if s.style == "event" and draft_event["event_id"] in s.ids
        ]
        assert titles and all(
            view.t("review.unreviewed_event") in title and draft_event["guess"] in title for title in titles
        )


@pytest.mark.parametrize("lang", LANGS)
def test_the_explorer_and_its_csv_say_which_figures_are_drafts(tables, lang: str) -> None:
    view = view_of(tables, lang)
    figures = view.all_figures
    shown = explorer.display_table(view, figures)
    reviewed = shown[view.t("explorer.col.reviewed")]
    assert list(reviewed) == [
        view.t("review.no") if r == "false" else view.t("review.yes") for r in figures["reviewed"]
    ]
    values = shown[view.t("explorer.col.value")]
    assert [v.endswith("*") for v in values] == list(figures["reviewed"] == "false")
    rows = list(csv.DictReader(io.StringIO(table_csv(figures, lang=lang, names=view.names).decode("utf-8-sig"))))
    reviewed, guess = (downloads.column_header(c, view.t) for c in ("reviewed", "guess"))
    assert [(r[reviewed], bool(r[guess])) for r in rows] == [(r, r == "false") for r in figures["reviewed"]]


@pytest.mark.parametrize("lang", LANGS)
def test_the_deck_cites_drafts_as_the_dashboard_does(tables, lang: str) -> None:
    page = deck_html(tables, ViewState(lang=lang), default_site(tables))
    view = view_of(tables, lang)
    drafts = unreviewed_ids(view.all_figures)
    said = html.escape(
        view.t("cite.short_drafts", articles="", count=len(view.all_figures), drafts=len(drafts)), quote=True
    )
    assert said in page  # the title slide: every figure, how many are drafts
    starred = {figure_id for figure_id in drafts if f"{html.escape(figure_id)}*" in page}
    assert starred  # the slides' long citations
