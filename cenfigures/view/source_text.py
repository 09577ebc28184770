"""The source reader: an article with every claimed number marked, built from data/mentions.csv.

`segments` cuts the article into plain runs and marks (concatenated, they are the article again);
`escaped_article_html` turns them into HTML, escaping every piece of text, so the article and the data
can hold anything (`<script>`, quotes) and still show as text. A mark is a link to its figure in the
list beside the article, so a tap shows on a phone what a hover shows on a desktop; unreviewed
drafts are marked apart, with what the drafter guessed.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cenfigures.tables.paths import ARTICLES_DIR
from cenfigures.view.model import View, records
from cenfigures.view.site import Page
from cenfigures.view.translate import Translator
from cenfigures.view.words import indicator_name, is_unreviewed, marked, value_label

EVENT_PAGE = "timeline"

# How a mention is marked: figure values strongly, the time a figure refers to lightly, event
# dates in another colour, figures outside the filters faintly; non-statistics are left plain.
STYLES: dict[str, str] = {
    "figure": "background:#FFE08A;color:#262730;border-bottom:2px solid #E69F00;padding:0 1px;border-radius:2px",
    "context": "background:#FFF4D1;color:#262730;padding:0 1px;border-radius:2px",
    "event": "background:#D6ECFA;color:#262730;border-bottom:2px solid #0072B2;padding:0 1px;border-radius:2px",
    "draft": "background:#FBE3EC;color:#262730;border-bottom:2px dashed #CC3366;padding:0 1px;border-radius:2px",
    "off": "background:transparent;color:inherit;border-bottom:1px dotted #9A9A9A",
}
LEGEND_ORDER = ("figure", "draft", "context", "event", "off")


@dataclass(frozen=True)
class Segment:
    text: str
    style: str = ""  # "" for plain text, else a key of STYLES
    ids: tuple[str, ...] = ()  # figure or event ids of a mark
    title: str = ""  # "figure-id · value · page", one entry per id


def page_for(site: tuple[Page, ...], charts: pd.DataFrame, topic: str) -> Page | None:
    """The page that charts a topic: its own topic page, else a fixed page whose declared charts
    select it (the Regions page for the study meetings), else None."""
    own = next((p for p in site if p.is_topic and p.key == topic), None)
    if own is not None or charts is None or charts.empty:
        return own
    selecting = charts[charts["spec"].astype(str).str.contains(f'"{topic}"', regex=False)]
    if selecting.empty:
        return None
    return next((p for p in site if p.charts == selecting["page_id"].iloc[0]), None)


def article_caption(source: Mapping, t: Translator) -> str:
    """ "publisher · date · authors · title" of the article, of the parts it has: no "· ·" for an
    article without authors (or any other part)."""
    raw = [
        source.get(t.column("publisher", source.keys())),
        source.get("published"),
        source.get("authors"),
        source.get(t.column("title", source.keys())),
    ]
    parts = (
        "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip() for value in raw
    )
    return " · ".join(part for part in parts if part)


def _figure_title(view: View, row: Mapping, page: Page | None) -> str:
    parts = [str(row["figure_id"]), f"{indicator_name(view, row)} {value_label(view, row)}"]
    if page:
        parts.append(page.label(view.t))
    if is_unreviewed(row):
        parts.append(view.t("review.unreviewed"))
        if row.get("guess"):
            parts.append(view.t.labelled(view.t("review.guess"), str(row["guess"])))
    return " · ".join(parts)


def _event_title(row: Mapping, view: View) -> str:
    date = str(row["date"]) + (f"–{row['date_end']}" if row.get("date_end") else "")
    parts = [str(row["event_id"]), marked(view, row, date), view.t(f"page.{EVENT_PAGE}")]
    if is_unreviewed(row):
        parts.append(view.t("review.unreviewed_event"))
        if row.get("guess"):
            parts.append(view.t.labelled(view.t("review.guess"), str(row["guess"])))
    return " · ".join(parts)


def _ids(ref: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in str(ref).split(",") if part.strip())


def segments(
    article: str,
    mentions: pd.DataFrame,
    view: View,
    site: tuple[Page, ...] = (),
    known_figures: Collection[str] = (),
) -> list[Segment]:
    """The article as plain runs and marks. The view's figures (those its filters let through) are
    marked, unreviewed drafts apart; mentions of other figures (`known_figures`, or any figure id
    when that is empty) are marked faintly; the view's events mark their dates."""
    figures, events = view.figures, view.events
    charts = view.table("charts")
    by_id = {str(row["figure_id"]): row for row in records(figures)}  # one article's figures
    pages = {topic: page_for(site, charts, topic) for topic in set(figures.get("topic", ()))}
    event_rows = {str(row["event_id"]): row for row in records(events)}
    result: list[Segment] = []
    cursor = 0
    ordered = mentions.sort_values(["start", "end"]) if not mentions.empty else mentions
    kinds = ordered["mention_kind"] if "mention_kind" in ordered else pd.Series("", index=ordered.index)
    spans = zip(ordered["start"], ordered["end"], ordered["claimed_by"], ordered["ref"], kinds)
    for start, end, claimed_by, ref, mention_kind in spans:  # the text walked once, mark by mark
        start, end = int(start), int(end)
        # A mention outside the text or overlapping the previous mark cannot be placed: leave it.
        if start < cursor or end > len(article) or start >= end:
            continue
        kind, ids = str(claimed_by), _ids(ref)
        if kind in ("figure", "restatement", "figure_context"):
            shown = [i for i in ids if i in by_id]
            if shown:
                # A year that restates a figure ("2025年" of a 2025 target) marks its time, not its value.
                is_time = kind == "figure_context" or str(mention_kind) == "date"
                draft = any(is_unreviewed(by_id[i]) for i in shown)
                style = "context" if is_time else "draft" if draft else "figure"
                title = "; ".join(_figure_title(view, by_id[i], pages.get(str(by_id[i]["topic"]))) for i in shown)
                segment = Segment(article[start:end], style, tuple(shown), title)
            elif kind != "figure_context" and (len(known_figures) == 0 or any(i in known_figures for i in ids)):
                segment = Segment(article[start:end], "off", ids, "; ".join(ids))
            else:
                continue
        elif kind == "event" and ids and ids[0] in event_rows:
            segment = Segment(
                article[start:end],
                "event",
                ids,
                "; ".join(_event_title(event_rows[i], view) for i in ids if i in event_rows),
            )
        else:
            continue
        if start > cursor:
            result.append(Segment(article[cursor:start]))
        result.append(segment)
        cursor = end
    if cursor < len(article):
        result.append(Segment(article[cursor:]))
    return result


def anchor(figure_id: str) -> str:
    """The id of a figure's entry in the list beside the article."""
    return "fig-" + "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in figure_id)


def _mark(style: str, body: str, title: str, target: str = "") -> str:
    mark = (
        f'<mark style="{STYLES[style]}" title="{html.escape(title, quote=True)}">{html.escape(body, quote=True)}</mark>'
    )
    if not target:
        return mark
    return f'<a href="#{html.escape(target, quote=True)}" style="color:inherit;text-decoration:none">{mark}</a>'


def escaped_article_html(pieces: list[Segment]) -> str:
    """The marked article as HTML; every piece of text and every title is escaped (quote=True).
    Paragraphs keep their blank lines (pre-wrap); long ids wrap on narrow screens."""
    body = "".join(
        _mark(piece.style, piece.text, piece.title, anchor(piece.ids[0]) if piece.style in ("figure", "draft") else "")
        if piece.style
        else html.escape(piece.text, quote=True)
        for piece in pieces
    )
    return (
        '<div style="white-space:pre-wrap;overflow-wrap:anywhere;line-height:1.9;font-size:1.05rem;max-width:46em">'
        f"{body.strip()}</div>"
    )


def escaped_legend_html(t: Translator) -> str:
    """One sample mark per style with its meaning; labels escaped like the article. Each sample
    stays on one line (nowrap) so a narrow screen wraps between samples, not inside one."""
    items = " ".join(
        '<span style="white-space:nowrap;margin-right:0.6em">'
        f"{_mark(style, t(f'source.legend.{style}'), t(f'source.legend.{style}'))}</span>"
        for style in LEGEND_ORDER
    )
    label = html.escape(t("source.legend"), quote=True)
    return (
        '<div style="line-height:2;font-size:0.85rem;margin-bottom:1.2rem;color:#555">'
        f"{label}{html.escape(t('word.colon'))}{items}</div>"
    )


def article_error(source: Mapping, articles_dir: Path | None = None) -> tuple[str, str | None]:
    """(article text, None), or ("", error key) when the copy named in sources.csv is missing from
    data/articles, not UTF-8, or differs from its recorded sha256 (then the offsets of mentions.csv
    may be wrong)."""
    path = (articles_dir or ARTICLES_DIR) / Path(
        str(source.get("file", ""))
    ).name  # a name only: never leave the folder
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


def escaped_figure_list_html(view: View, site: tuple[Page, ...]) -> str:
    """The view's figures beside the article, grouped by the page that charts them; each entry is
    the target of its marks (a tap on a number in the article scrolls here). Every text escaped."""
    charts = view.table("charts")
    groups: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    for row in records(view.figures):  # one article's figures, each an entry of the list
        page = page_for(site, charts, str(row["topic"]))
        key = page.key if page else ""
        labels[key] = page.label(view.t) if page else view.t("page.explorer")
        draft = (
            f' <span style="color:#CC3366">{html.escape(view.t("review.unreviewed"))}</span>'
            if is_unreviewed(row)
            else ""
        )
        guess = (
            '<br><span style="color:#777;font-size:0.8rem">'
            f"{html.escape(view.t.labelled(view.t('review.guess'), str(row['guess'])))}</span>"
            if is_unreviewed(row) and row.get("guess")
            else ""
        )
        groups.setdefault(key, []).append(
            f'<li id="{html.escape(anchor(str(row["figure_id"])), quote=True)}" '
            'style="margin-bottom:0.4rem;scroll-margin-top:4rem">'
            f"{html.escape(indicator_name(view, row))}{html.escape(view.t('word.colon'))}"
            f'<b style="white-space:nowrap">{html.escape(value_label(view, row))}</b>{draft}'
            f'<br><span style="color:#777;font-size:0.8rem">{html.escape(str(row["figure_id"]))}</span>{guess}</li>'
        )
    parts = [
        f'<h4 style="margin:0.8rem 0 0.3rem">{html.escape(labels[key])}</h4><ul '
        f'style="padding-left:1.1rem">{"".join(items)}</ul>'
        for key, items in groups.items()
    ]
    return "<div>" + "".join(parts) + "</div>"
