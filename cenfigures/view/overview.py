"""The home page's content, computed from the data: headline cards, the articles, the pages.

Which figures make the headline cards is declared (seeds/topics.toml, `[[page]] id = "overview"`,
charts of type `headline` with a selector); a card shows the latest figure its selector picks. A
delta is shown only for a change over time (an earlier value of the same indicator and region);
a target or a comparison with the national value is said in words, never drawn as an arrow.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cenfigures.view.facts import series_keys
from cenfigures.view.model import ChartSpec, View, chart_specs, fact_columns, select
from cenfigures.view.site import Page
from cenfigures.view.words import indicator_name, is_unreviewed, series_key, text_column, unreviewed, value_label

NATIONAL = "national"


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    delta: str | None  # a change over time, signed; None when the data has no earlier value
    note: str  # words: "target for 2023", "national average 48.8"
    help: str  # the quote and the article


def _same_series(view: View, row: pd.Series) -> pd.DataFrame:
    """Every figure of the row's measure (its series: facts.series_keys, kept once per table)."""
    figures = view.all_figures
    if figures.empty:
        return figures
    keys = fact_columns(figures)
    series = keys["series"] if "series" in keys else series_keys(figures)
    return figures[series == series_key(row)]


def headline_card(view: View, spec: ChartSpec) -> Card | None:
    t = view.t
    figures = view.all_figures
    rows = select(figures, spec.select)
    if rows.empty:
        return None
    row = rows.sort_values(["period_end", "period_start"], kind="stable").iloc[-1]
    series = _same_series(view, row)
    label = t(
        "overview.card.label",
        indicator=indicator_name(view, row),
        region=view.region_name(row["region_id"]),
        period=row["period"],
    )
    delta, notes = None, []
    if row["kind"] == "target":
        notes.append(t("overview.card.target", year=int(row["period_end"])))
    else:
        earlier = series[
            (series["region_id"] == row["region_id"])
            & (series["kind"] == row["kind"])
            & (series["period_end"] < row["period_end"])
        ]
        if not earlier.empty:
            before = earlier.sort_values("period_end").iloc[0]
            # A rank rises when its number falls: the change is read as places gained.
            change = before["value"] - row["value"] if row["unit"] == "rank" else row["value"] - before["value"]
            unit = "percentage_point" if row["unit"] == "percent" else row["unit"]
            delta = t("overview.card.since", change=t.change(change, unit), year=int(before["period_end"]))
        national = series[(series["region_id"] == NATIONAL) & (series["period"] == row["period"])]
        if row["region_id"] != NATIONAL and not national.empty:
            notes.append(t("overview.card.national", value=value_label(view, national.iloc[0])))
    if is_unreviewed(row):
        notes.append(t("review.unreviewed"))
    help_text = t(
        "overview.card.help",
        quote=row.get("quote") or row.get("formula", ""),
        source=view.source_name(row["source_id"]),
        id=row["figure_id"],
    )
    return Card(label, value_label(view, row), delta, t.listing(notes), help_text)


def headline_cards_of(view: View, page_id: str) -> list[Card]:
    """The headline cards a page declares (charts of type `headline`)."""
    return headline_cards(view, chart_specs(view.table("charts"), page_id))


def headline_cards(view: View, specs: list[ChartSpec]) -> list[Card]:
    cards = [headline_card(view, spec) for spec in specs if spec.type == "headline"]
    return [card for card in cards if card is not None]


@dataclass(frozen=True)
class Article:
    source_id: str
    title: str
    line: str  # publisher, date, and what the dashboard holds of it


ARTICLES_PER_PAGE = 20  # the overview lists the articles a page at a time: a corpus may hold thousands


def articles(view: View, page: int = 1) -> list[Article]:
    """The articles of one page of the list (`page`, from 1; ARTICLES_PER_PAGE each), with their
    figures, derived figures, events and unreviewed drafts counted, a column at a time."""
    t = view.t
    sources = view.table("sources")
    if sources.empty:
        return []
    first = (max(page, 1) - 1) * ARTICLES_PER_PAGE
    shown = sources.iloc[first : first + ARTICLES_PER_PAGE]
    figures, events = view.all_figures, view.table("events")
    ids = shown["source_id"].astype(str)

    def per_article(mask: pd.Series | None, frame: pd.DataFrame) -> pd.Series:
        if frame.empty or "source_id" not in frame:
            return pd.Series(0, index=ids.index)
        counted = frame.loc[mask, "source_id"] if mask is not None else frame["source_id"]
        return ids.map(counted.astype(str).value_counts()).fillna(0).astype(int)

    stated = per_article(figures["kind"] != "derived", figures) if not figures.empty else per_article(None, figures)
    derived = per_article(figures["kind"] == "derived", figures) if not figures.empty else stated * 0
    drafts = per_article(unreviewed(figures), figures) if not figures.empty else stated * 0
    event_count = per_article(None, events)
    publisher, titles = text_column(shown, "publisher", t.lang), text_column(shown, "title", t.lang)
    published = text_column(shown, "published", "zh")
    result = []
    for source_id, title, who, when, n_stated, n_derived, n_events, n_drafts in zip(
        ids, titles, publisher, published, stated, derived, event_count, drafts
    ):  # one line per article of the page shown
        line = t(
            "overview.article",
            publisher=who,
            published=when,
            stated=t("count.stated", count=int(n_stated)),
            derived=t("count.derived", count=int(n_derived)),
            events=t("count.events", count=int(n_events)),
        )
        if n_drafts:
            line += t("overview.article.drafts", count=int(n_drafts))
        result.append(Article(source_id, title, line))
    return result


def article_pages(view: View) -> int:
    """How many pages the overview's list of articles takes."""
    return max(1, -(-len(view.table("sources")) // ARTICLES_PER_PAGE))


def page_blurbs(view: View, site: tuple[Page, ...]) -> list[tuple[Page, str]]:
    """Each page but the overview, with how many figures it charts (topic pages) or what it is."""
    figures = view.all_figures
    blurbs = []
    for page in site:
        if page.key == "overview":
            continue
        if page.is_topic:
            count = int((figures["topic"] == page.key).sum()) if not figures.empty else 0
            blurbs.append((page, view.t("overview.blurb.topic", count=count)))
        else:
            blurbs.append((page, view.t(f"overview.blurb.{page.key}")))
    return blurbs
