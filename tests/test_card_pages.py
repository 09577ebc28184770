"""The timeline's event cards and the regions page's cards come a page at a time (CARDS_PER_PAGE of
view/timeline.py and view/regions.py): a corpus of 500 articles dates about a hundred events and
covers every province, and every card is seven or eight elements a rerun. The page is in the link
(`?page=`), as the explorer's; one page of cards shows no pager."""

from __future__ import annotations

import pytest
from apptest_pages import open_page

from cenfigures.app.widgets import md_escape
from cenfigures.tables.dataset import load_dataset
from cenfigures.view import regions, timeline
from cenfigures.view.filters import state_of
from cenfigures.view.model import View


def _card_dates(at) -> list[str]:
    """The first line of every card shown (its date in bold, then its precision), in order."""
    return [m.value for m in at.markdown if m.value.startswith("**") and " · " in m.value and len(m.value) < 60]


def _titles(lang: str) -> list[str]:
    """Every card's title as the page writes it (Markdown-escaped), in order."""
    cards = timeline.event_cards(View(load_dataset().all_tables(), state_of(lang)))
    return [md_escape(card.title) for card in cards]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_one_page_of_cards_shows_every_card_and_no_pager(lang):
    at = open_page("pages/5_timeline.py", lang=lang)
    assert len(_card_dates(at)) == len(_titles(lang)) > 3
    assert not at.number_input


@pytest.mark.parametrize(
    "lang, page, shown", [("zh", "1", slice(0, 3)), ("en", "2", slice(3, 6)), ("zh", "99", slice(6, 9))]
)
def test_many_cards_come_a_page_at_a_time_from_the_link(monkeypatch, lang, page, shown):
    monkeypatch.setattr(timeline, "CARDS_PER_PAGE", 3)
    titles = _titles(lang)
    at = open_page("pages/5_timeline.py", lang=lang, page=page)
    markdown = [m.value for m in at.markdown if m.value in titles]  # the cards' title lines
    expected = titles[shown]  # a page past the end is the last
    assert markdown == expected and expected
    (box,) = at.number_input
    assert box.max == -(-len(titles) // 3) and box.value == min(int(page), box.max)


def _region_names(lang: str) -> list[str]:
    cards = regions.region_cards(View(load_dataset().all_tables(), state_of(lang)))
    return [f"#### {md_escape(card.name)}" for card in cards]


@pytest.mark.parametrize(
    "lang, page, shown", [("en", None, slice(0, 3)), ("zh", "2", slice(3, 6)), ("en", "99", slice(6, 9))]
)
def test_region_cards_come_a_page_at_a_time_too(monkeypatch, lang, page, shown):
    monkeypatch.setattr(regions, "CARDS_PER_PAGE", 3)
    names = _region_names(lang)
    at = open_page("pages/4_regions.py", lang=lang, **({"page": page} if page else {}))
    assert [m.value for m in at.markdown if m.value in names] == names[shown] and names[shown]
    (box,) = at.number_input
    assert box.max == -(-len(names) // 3)


def test_one_page_of_region_cards_shows_them_all():
    names = _region_names("zh")
    at = open_page("pages/4_regions.py", lang="zh")
    assert [m.value for m in at.markdown if m.value in names] == names and len(names) > 3
    assert not at.number_input
