"""Honest numbers on screen (issue 25), where only a real browser shows them: what a reader sees
under each quote, sorting, the share link and its copy button, the map's click, the contrast of
chart text. Each test names the issue's item it would have caught."""

from __future__ import annotations

import pytest

from . import views
from .conftest import PageLog, guarded_page, problems

WAIT = 120
SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
EVENTS = views.TABLES["events"]


def open_page(browser, wait_for_app, base: str, path: str, size: str = "desktop", **options):
    log = PageLog()
    context, pg = guarded_page(browser, log, **SIZES[size], **options)
    pg.goto(base + path, timeout=WAIT * 1000)
    wait_for_app(pg, timeout=WAIT)
    return log, context, pg


def close(log: PageLog, context) -> None:
    context.close()
    found = problems(log)
    assert not found, "\n".join(found)


# ---------------------------------------------------------------- item 10: event cards in English


@pytest.mark.parametrize("lang", views.LANGUAGES)
def test_event_cards_gloss_the_chinese_quote_in_english(streamlit_server, browser, wait_for_app, lang):
    """English cards give each Chinese quote its English translation under it, as region cards do;
    Chinese cards show the quote alone."""
    log, context, pg = open_page(browser, wait_for_app, streamlit_server, f"/timeline?lang={lang}")
    try:
        # Each card's text: the bordered block around the paragraph that holds the quote.
        cards = pg.evaluate(
            """quotes => quotes.map(q => {
                const p = [...document.querySelectorAll('[data-testid=stMarkdownContainer] p')]
                    .find(e => e.textContent.includes(q));
                return p ? p.closest('[data-testid=stVerticalBlock]').innerText : null;
            })""",
            list(EVENTS["quote"]),
        )
        for card, (_, event) in zip(cards, EVENTS.iterrows()):
            assert card is not None, event["event_id"]
            assert (event["quote_en"] in card) is (lang == "en"), (lang, event["event_id"], card)
    finally:
        close(log, context)
