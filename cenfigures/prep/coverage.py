"""Account for every numeric mention of an article: nothing left out, nothing invented.

A mention is accounted for when it lies inside
- the words of a figure's value (claimed by that figure),
- a text listed as not a statistic (with its reason) or as a restatement of a figure,
- or, for dates and years only, the quote of a figure or event (the time the figure refers to,
  or the date of the event).
"""

from __future__ import annotations

from dataclasses import dataclass

from cenfigures.prep.annotations import Annotations
from cenfigures.prep.scan import Mention


@dataclass(frozen=True)
class Accounting:
    mention: Mention
    claimed_by: str  # figure, event, figure_context, not_statistic, restatement; "" when unaccounted
    ref: str  # figure or event id, or the listed text
    reason: str


def _inside(mention: Mention, start: int, end: int) -> bool:
    return start <= mention.start and mention.end <= end


def account_for(mentions: list[Mention], annotations: Annotations) -> list[Accounting]:
    """How each mention is accounted for, in the order of the mentions."""
    value_spans = [(f.number_start, f.number_start + len(f.quantity.as_stated), f.id) for f in annotations.figures]
    figure_quotes = [(f.quote_start, f.quote_start + len(f.quote), f.id) for f in annotations.figures]
    event_quotes = [(e.quote_start, e.quote_start + len(e.quote), e.id) for e in annotations.events]

    results = []
    for mention in mentions:
        found = None
        claimants = [s for s in value_spans if _inside(mention, s[0], s[1])]
        if claimants:
            ids = ",".join(figure_id for _, _, figure_id in claimants)
            found = Accounting(mention, "figure", ids, "value of the figure")
        if found is None and mention.kind == "date":
            for start, end, event_id in event_quotes:
                if _inside(mention, start, end):
                    found = Accounting(mention, "event", event_id, "date of the event")
                    break
        if found is None and mention.kind == "date":
            for start, end, figure_id in figure_quotes:
                if _inside(mention, start, end):
                    found = Accounting(mention, "figure_context", figure_id, "time the figure refers to")
                    break
        if found is None:
            for listed in annotations.not_statistics:
                if any(_inside(mention, start, end) for start, end in listed.spans):
                    claimed_by = "restatement" if listed.restates else "not_statistic"
                    found = Accounting(mention, claimed_by, listed.restates or listed.text, listed.reason)
                    break
        results.append(found or Accounting(mention, "", "", ""))
    return results


def figures_without_mention(mentions: list[Mention], annotations: Annotations) -> list[str]:
    """Ids of figures whose value words hold no scanned mention: the scanner would miss them."""
    missing = []
    for figure in annotations.figures:
        end = figure.number_start + len(figure.quantity.as_stated)
        if not any(_inside(m, figure.number_start, end) for m in mentions):
            missing.append(figure.id)
    return missing
