"""Account for every numeric mention of an article: nothing left out, nothing invented.

A mention is accounted for when it lies inside
- the words of a figure's value (claimed by that figure),
- a text listed as not a statistic (with its reason) or as a restatement of a figure,
- or, for dates and years only, the quote of a figure or event (the time the figure refers to,
  or the date of the event).
"""

from __future__ import annotations

import bisect
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


class Spans:
    """Spans of an article's text (start, end, what), in their order, found by where a mention is:
    only the spans that start at most their longest length before it are looked at, so an article
    of hundreds of mentions and spans costs their number, not their product."""

    def __init__(self, spans: list[tuple[int, int, str]]):
        self.spans = spans  # in their order: the first span holding a mention is the one named
        self.by_start = sorted(range(len(spans)), key=lambda i: spans[i][0])
        self.starts = [spans[i][0] for i in self.by_start]
        self.longest = max((end - start for start, end, _ in spans), default=0)

    def holding(self, mention: Mention) -> list[tuple[int, int, str]]:
        """The spans holding `mention`, in their order."""
        first = bisect.bisect_left(self.starts, mention.start - self.longest)
        last = bisect.bisect_right(self.starts, mention.start)
        found = sorted(i for i in self.by_start[first:last] if _inside(mention, *self.spans[i][:2]))
        return [self.spans[i] for i in found]


def account_for(mentions: list[Mention], annotations: Annotations) -> list[Accounting]:
    """How each mention is accounted for, in the order of the mentions."""
    value_spans = Spans(
        [(f.number_start, f.number_start + len(f.quantity.as_stated), f.id) for f in annotations.figures]
    )
    figure_quotes = Spans([(f.quote_start, f.quote_start + len(f.quote), f.id) for f in annotations.figures])
    event_quotes = Spans([(e.quote_start, e.quote_start + len(e.quote), e.id) for e in annotations.events])
    listed_spans = Spans(
        [
            (start, end, number)
            for number, listed in enumerate(annotations.not_statistics)
            for start, end in listed.spans
        ]
    )

    results = []
    for mention in mentions:
        found = None
        claimants = value_spans.holding(mention)
        if claimants:
            ids = ",".join(figure_id for _, _, figure_id in claimants)
            found = Accounting(mention, "figure", ids, "value of the figure")
        if found is None and mention.kind == "date":
            for _, _, event_id in event_quotes.holding(mention)[:1]:
                found = Accounting(mention, "event", event_id, "date of the event")
        if found is None and mention.kind == "date":
            for _, _, figure_id in figure_quotes.holding(mention)[:1]:
                found = Accounting(mention, "figure_context", figure_id, "time the figure refers to")
        if found is None:
            for _, _, number in listed_spans.holding(mention)[:1]:  # the first listed text holding it
                listed = annotations.not_statistics[number]
                claimed_by = "restatement" if listed.restates else "not_statistic"
                found = Accounting(mention, claimed_by, listed.restates or listed.text, listed.reason)
        results.append(found or Accounting(mention, "", "", ""))
    return results


def figures_without_mention(mentions: list[Mention], annotations: Annotations) -> list[str]:
    """Ids of figures whose value words hold no scanned mention: the scanner would miss them."""
    ordered = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in ordered]
    missing = []
    for figure in annotations.figures:
        end = figure.number_start + len(figure.quantity.as_stated)
        near = ordered[bisect.bisect_left(starts, figure.number_start) : bisect.bisect_left(starts, end)]
        if not any(_inside(m, figure.number_start, end) for m in near):
            missing.append(figure.id)
    return missing
