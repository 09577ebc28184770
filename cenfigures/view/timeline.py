"""The timeline page's list of events: one card per event, in time order, in the page's language."""

from __future__ import annotations

from dataclasses import dataclass

from cenfigures.view.dates import event_spans, stated_span
from cenfigures.view.model import View
from cenfigures.view.words import is_unreviewed, marked


@dataclass(frozen=True)
class EventCard:
    event_id: str
    date: str  # as precisely as stated
    precision: str
    title: str
    where: str  # region · topic
    quote: str  # verbatim
    quote_gloss: str  # the quote in the page's language when it is not Chinese (as region cards), else ''
    cite: str  # article · id


def _gloss(in_language: str, verbatim: str) -> str:
    """The translation shown under a verbatim quote: none where it is the quote itself (Chinese) or
    missing (a draft has no translation; CSV reads an empty cell as NaN)."""
    return "" if in_language in ("", "nan", verbatim) else in_language


def event_cards(view: View) -> list[EventCard]:
    t = view.t
    spans = event_spans(view.events)
    return [
        EventCard(
            event_id=str(e["event_id"]),
            date=marked(view, e, stated_span(e, t)),
            precision=t.precision(str(e["precision"])),
            title=t.field(e, "title"),
            where=f"{view.region_name(e['region_id'])} · {view.topic_name(e['topic'])}",
            quote=str(e["quote"]),
            quote_gloss=_gloss(t.field(e, "quote"), str(e["quote"])),
            cite=" · ".join(
                [view.source_name(e.get("source_id", "")), str(e["event_id"])]
                + ([t("review.unreviewed_event")] if is_unreviewed(e) else [])
            ),
        )
        for _, e in spans.iterrows()
    ]
