"""The regions page's content: what each article says about each region (its headline and a
sentence, verbatim, from region_notes.csv), and one card per region with its main figures."""

from __future__ import annotations

from dataclasses import dataclass

from cenfigures.view import facts
from cenfigures.view.model import View
from cenfigures.view.words import items_of, text_column

TOP_FIGURES = 3
CARDS_PER_PAGE = 12  # region cards a page: a corpus on every province has 34 or more, each 8 elements a rerun


def region_notes(view: View) -> dict[str, dict[str, str]]:
    """region id -> the first article's notes on it (headline, summary, both languages), in the
    order the articles state them."""
    notes = view.table("region_notes")
    if notes.empty:  # before region_notes.csv: the notes lived in regions.csv
        notes = view.table("regions")
        if notes.empty or "headline" not in notes:
            return {}
    if "headline_start" in notes:
        # Offsets count within one article: order by article (as sources.csv lists them), then offset.
        articles = {source: number for number, source in enumerate(view.sources)}
        article = notes["source_id"].map(articles).fillna(len(articles)) if "source_id" in notes else 0
        notes = notes.assign(_article=article).sort_values(["_article", "headline_start"], kind="stable")
    first = notes.drop_duplicates("region_id")  # the first article's notes on each region
    columns = {
        "headline": text_column(first, "headline", view.t.lang),
        "summary": text_column(first, "summary", view.t.lang),
        "headline_zh": text_column(first, "headline", "zh"),
        "summary_zh": text_column(first, "summary", "zh"),
        "source_id": first["source_id"].astype(str) if "source_id" in first else text_column(first, "source_id", "zh"),
    }
    return {
        region: dict(zip(columns, values)) for region, *values in zip(first["region_id"].astype(str), *columns.values())
    }


@dataclass(frozen=True)
class RegionCard:
    """What one region's card shows, in the page's language (headline and summary verbatim too)."""

    region_id: str
    name: str
    headline_zh: str  # verbatim
    headline: str  # in the page's language
    summary_zh: str
    summary: str
    figure_count: int
    top_figures: tuple[str, ...]  # "indicator: value", formatted for the language


def region_cards(view: View, top: int = TOP_FIGURES) -> list[RegionCard]:
    """One card per region the articles write about, in article order, with its facts under the
    page's filters (a figure stated by many articles counted and listed once)."""
    notes = region_notes(view)
    figures = facts.facts(view.keyed_figures)
    ordered = figures.sort_values("quote_start", kind="stable") if "quote_start" in figures else figures
    if not ordered.empty:
        ordered = ordered.assign(item=items_of(view, ordered))
    # One grouping for all regions: a filter per region costs a rerun 0.1 s.
    by_region = {region: part for region, part in ordered.groupby("region_id", sort=False)} if not figures.empty else {}
    # A card lists a line once: the same words for other years (a report restated a year later) read
    # as one line said three times.
    listed = ordered.drop_duplicates(["region_id", "item"]) if "item" in ordered else ordered
    items = (
        {region: part["item"] for region, part in listed.groupby("region_id", sort=False)} if "item" in listed else {}
    )
    wanted = view.state.regions if "region" in view.uses else ()
    cards = []
    for region_id, note in notes.items():
        if wanted and region_id not in wanted:
            continue
        part = by_region.get(region_id, figures.iloc[0:0])
        cards.append(
            RegionCard(
                region_id=region_id,
                name=view.region_name(region_id),
                headline_zh=note["headline_zh"],
                headline=note["headline"],
                summary_zh=note["summary_zh"],
                summary=note["summary"],
                figure_count=len(part),
                top_figures=tuple(items[region_id].head(top)) if region_id in items else (),
            )
        )
    return cards
