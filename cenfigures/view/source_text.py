"""The source article with every claimed number marked, built from data/mentions.csv.

`segments` cuts the article into plain runs and marks (concatenated, they are the article again);
`escaped_article_html` turns them into HTML, escaping every piece of text, so the article and the data
can hold anything (`<script>`, quotes) and still show as text.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cenfigures.tables.paths import ARTICLES_DIR
from cenfigures.view import filters
from cenfigures.view.filters import ViewState
from cenfigures.view.formatting import format_figure
from cenfigures.view.labels import column, text
from cenfigures.view.overview import PAGE_TOPICS
from cenfigures.view.site import PAGES_BY_KEY, Page

# Which page charts a topic (the inverse of the overview's page -> topic map).
TOPIC_PAGES: dict[str, str] = {topic: page for page, topic in PAGE_TOPICS.items()}
EVENT_PAGE = "timeline"

# How a mention is marked: figure values strongly, the time a figure refers to lightly, event
# dates in another colour, figures outside the filters faintly; non-statistics are left plain.
STYLES: dict[str, str] = {
    "figure": "background:#FFE08A;color:#262730;border-bottom:2px solid #E69F00;padding:0 1px;border-radius:2px",
    "context": "background:#FFF4D1;color:#262730;padding:0 1px;border-radius:2px",
    "event": "background:#D6ECFA;color:#262730;border-bottom:2px solid #0072B2;padding:0 1px;border-radius:2px",
    "off": "background:transparent;color:inherit;border-bottom:1px dotted #9A9A9A",
}
LEGEND_ORDER = ("figure", "context", "event", "off")


@dataclass(frozen=True)
class Segment:
    text: str
    style: str = ""  # "" for plain text, else a key of STYLES
    ids: tuple[str, ...] = ()  # figure or event ids of a mark
    title: str = ""  # "figure-id · value · page", one entry per id


def topic_page(topic: str) -> Page | None:
    key = TOPIC_PAGES.get(topic)
    return PAGES_BY_KEY.get(key) if key else None


def _figure_title(row: Mapping, lang: str) -> str:
    page = topic_page(str(row["topic"]))
    parts = [str(row["figure_id"]), format_figure(row, lang)]
    if page:
        parts.append(text(f"page.{page.key}", lang))
    return " · ".join(parts)


def _event_title(row: Mapping, lang: str) -> str:
    date = str(row["date"]) + (f"–{row['date_end']}" if row.get("date_end") else "")
    return " · ".join((str(row["event_id"]), date, text(f"page.{EVENT_PAGE}", lang)))


def _ids(ref: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in str(ref).split(",") if part.strip())


def segments(
    article: str,
    mentions: pd.DataFrame,
    figures: pd.DataFrame,
    lang: str = "zh",
    events: pd.DataFrame | None = None,
    known_figures: Collection[str] = (),
) -> list[Segment]:
    """The article as plain runs and marks. `figures` are the figures the filters let through:
    their mentions are marked; mentions of other figures (`known_figures`, or any figure id when
    that is empty) are marked faintly. `events` (already filtered) marks their dates."""
    by_id = {str(row["figure_id"]): row for _, row in figures.iterrows()}
    event_rows = {} if events is None else {str(row["event_id"]): row for _, row in events.iterrows()}
    result: list[Segment] = []
    cursor = 0
    ordered = mentions.sort_values(["start", "end"]) if not mentions.empty else mentions
    for _, mention in ordered.iterrows():
        start, end = int(mention["start"]), int(mention["end"])
        # A mention outside the text or overlapping the previous mark cannot be placed: leave it.
        if start < cursor or end > len(article) or start >= end:
            continue
        kind, ids = str(mention["claimed_by"]), _ids(mention["ref"])
        if kind in ("figure", "restatement", "figure_context"):
            shown = [i for i in ids if i in by_id]
            if shown:
                # A year that restates a figure ("2025年" of a 2025 target) marks its time, not its value.
                is_time = kind == "figure_context" or str(mention.get("mention_kind", "")) == "date"
                style = "context" if is_time else "figure"
                segment = Segment(article[start:end], style, tuple(shown), "; ".join(_figure_title(by_id[i], lang) for i in shown))
            elif kind != "figure_context" and (not known_figures or any(i in known_figures for i in ids)):
                segment = Segment(article[start:end], "off", ids, "; ".join(ids))
            else:
                continue
        elif kind == "event" and ids and ids[0] in event_rows:
            segment = Segment(article[start:end], "event", ids, "; ".join(_event_title(event_rows[i], lang) for i in ids if i in event_rows))
        else:
            continue
        if start > cursor:
            result.append(Segment(article[cursor:start]))
        result.append(segment)
        cursor = end
    if cursor < len(article):
        result.append(Segment(article[cursor:]))
    return result


def events_passing(events: pd.DataFrame, state: ViewState) -> pd.DataFrame:
    """The events the region and topic filters let through (events have no kind: that filter
    is for figures only)."""
    if events.empty:
        return events
    return filters.apply(events.assign(kind=""), state, ("region", "topic")).drop(columns="kind")


def _mark(style: str, body: str, title: str) -> str:
    return f'<mark style="{STYLES[style]}" title="{html.escape(title, quote=True)}">{html.escape(body, quote=True)}</mark>'


def escaped_article_html(pieces: list[Segment]) -> str:
    """The marked article as HTML; every piece of text and every title is escaped (quote=True).
    Paragraphs keep their blank lines (pre-wrap); long ids wrap on narrow screens."""
    body = "".join(
        _mark(piece.style, piece.text, piece.title) if piece.style else html.escape(piece.text, quote=True)
        for piece in pieces
    )
    return (
        '<div style="white-space:pre-wrap;overflow-wrap:anywhere;line-height:1.9;font-size:1.05rem;max-width:46em">'
        f"{body.strip()}</div>"
    )


def escaped_legend_html(lang: str) -> str:
    """One sample mark per style with its meaning; labels escaped like the article. Each sample
    stays on one line (nowrap) so a narrow screen wraps between samples, not inside one."""
    items = " ".join(
        f'<span style="white-space:nowrap;margin-right:0.6em">{_mark(style, text(f"source.legend.{style}", lang), text(f"source.legend.{style}", lang))}</span>'
        for style in LEGEND_ORDER
    )
    label = html.escape(text("source.legend", lang), quote=True)
    colon = ": " if lang == "en" else "："
    return f'<div style="line-height:2;font-size:0.85rem;margin-bottom:1.2rem;color:#555">{label}{colon}{items}</div>'


def article_error(source: Mapping, articles_dir: Path | None = None) -> tuple[str, str | None]:
    """(article text, None), or ("", error key) when the file named in sources.csv is missing from
    data/articles/, not UTF-8, or differs from its recorded sha256 (then the offsets of mentions.csv
    may be wrong)."""
    path = (articles_dir or ARTICLES_DIR) / Path(str(source.get("file", ""))).name  # a name only: never leave the folder
    try:
        raw = path.read_bytes()
    except OSError:
        return "", "source.error.missing"
    if hashlib.sha256(raw).hexdigest() != str(source.get("sha256", "")):
        return "", "source.error.sha256"
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        return "", "source.error.encoding"


@dataclass(frozen=True)
class Listed:
    figure_id: str
    indicator: str
    value: str


def figure_links(figures: pd.DataFrame, lang: str) -> list[tuple[Page, list[Listed]]]:
    """The figures grouped by the page that charts their topic, in the order of the data."""
    groups: dict[str, list[Listed]] = {}
    for _, row in figures.iterrows():
        page = topic_page(str(row["topic"]))
        if page is None:
            continue
        value = format_figure(row, lang)
        groups.setdefault(page.key, []).append(Listed(str(row["figure_id"]), str(row[column("indicator", lang)]), value))
    return [(PAGES_BY_KEY[key], listed) for key, listed in groups.items()]
