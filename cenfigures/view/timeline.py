"""The timeline page's list of events: one card per event (however many articles report it), in
time order, in the page's language."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cenfigures.view.dates import event_spans, stated_spans
from cenfigures.view.facts import event_facts
from cenfigures.view.model import View
from cenfigures.view.words import articles_named, each, region_names, text_column, unreviewed


@dataclass(frozen=True)
class EventCard:
    event_id: str
    date: str  # as precisely as stated
    precision: str
    title: str
    where: str  # region · topic
    quote: str  # verbatim
    quote_gloss: str  # the quote in the page's language when it is not Chinese (as region cards), else ''
    cite: str  # article · id (the articles that report it · the first one's id)


CARDS_PER_PAGE = 24  # event cards a page: 500 articles date a hundred events, each card 7 elements a rerun


def event_cards(view: View) -> list[EventCard]:
    t = view.t
    spans = event_spans(event_facts(view.events))
    if spans.empty:
        return []
    drafts = unreviewed(spans)
    dates = stated_spans(spans, t)
    topics = spans["topic"].astype(str).map(lambda topic: view.topic_name(topic))
    articles = pd.Series(
        [articles_named(view, first, count) for first, count in zip(spans["first_sources"], spans["articles"])],
        index=spans.index,
    )
    cite = articles + " · " + spans["event_id"].astype(str)
    cite = cite.where(~drafts, cite + " · " + t("review.unreviewed_event"))
    quotes = spans["quote"].astype(str)
    # The translation under a verbatim quote: none where it is the quote itself (Chinese) or missing
    # (a draft has no translation; CSV reads an empty cell as NaN).
    glosses = text_column(spans, "quote", t.lang)
    columns = zip(
        spans["event_id"].astype(str),
        dates.where(~drafts, each(view, "review.marked", dates)),
        spans["precision"].astype(str).map(t.precision),
        text_column(spans, "title", t.lang),
        region_names(view, spans["region_id"]) + " · " + topics,
        quotes,
        glosses.where(~glosses.isin(["", "nan"]) & (glosses != quotes), ""),
        cite,
    )
    return [EventCard(*values) for values in columns]
