"""The home page's content, computed from the data: headline cards, the source, the pages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from cenfigures.view.formatting import format_change, format_figure, format_value
from cenfigures.view.labels import column, text
from cenfigures.view.rows import row_of, value_of
from cenfigures.view.site import PAGES, Page

PAGE_TOPICS = {"digitization": "digitization", "uhd_video": "uhd_video", "olympics_5g": "olympics_5g", "regions": "study_meetings"}


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    delta: str | None
    delta_color: str
    help: str


def _card(figures: pd.DataFrame, figure_id: str, lang: str, delta: str | None = None, delta_color: str = "normal") -> Card | None:
    row = row_of(figures, figure_id)
    if row is None:
        return None
    label = f"{row[column('indicator', lang)]} · {row['region_en'] if lang == 'en' else row['region']} · {row['period']}"
    value = format_figure(row, lang)
    return Card(label, value, delta, delta_color, f"“{row['quote']}” ({row['figure_id']})")


def headline_cards(figures: pd.DataFrame, lang: str) -> list[Card]:
    """Headline figures with honest deltas: only where the data has the earlier value."""
    if figures.empty:
        return []
    en = lang == "en"
    cards = []
    start, end = value_of(figures, "tv-4k-penetration-2015"), value_of(figures, "tv-4k-penetration-2020")
    if start is not None and end is not None:
        since = f"{format_change(end - start, 'percentage_point', lang)} " + ("since 2015" if en else "（较2015年）")
        cards.append(_card(figures, "tv-4k-penetration-2020", lang, since))
    rank_2015, rank_2020 = value_of(figures, "hebei-integration-rank-2015"), value_of(figures, "hebei-integration-rank-2020")
    if rank_2015 is not None and rank_2020 is not None:
        gain = f"{format_change(rank_2015 - rank_2020, 'rank', lang)} " + (f"since 2015 ({format_value(rank_2015, 'rank', lang)})" if en else f"（2015年{format_value(rank_2015, 'rank', lang)}）")
        cards.append(_card(figures, "hebei-integration-rank-2020", lang, gain))
    hebei, national = value_of(figures, "hebei-ii-growth-index-2020"), value_of(figures, "national-ii-growth-index-2020")
    if hebei is not None and national is not None:
        versus = f"{format_change(hebei - national, 'index', lang)} " + (f"vs national {format_value(national, 'index', lang)}" if en else f"（全国平均{format_value(national, 'index', lang)}）")
        cards.append(_card(figures, "hebei-ii-growth-index-2020", lang, versus))
    rate, need = value_of(figures, "olympics-venue-5g-rate"), value_of(figures, "olympics-4k-uplink-required")
    if rate is not None and need is not None:
        streams = format_value(rate / need, "multiple", lang)
        cards.append(_card(figures, "olympics-venue-5g-rate", lang, (f"{streams} a 4K stream's ~40 Mbps" if en else f"约为4K直播所需的{streams}"), "off"))
    cards.append(_card(figures, "guangzhou-uhd-display-output-2023", lang, ("target for 2023" if en else "2023年目标"), "off"))
    return [card for card in cards if card is not None]


def source_sentence(source: Mapping, figures: pd.DataFrame, events: pd.DataFrame, lang: str) -> str:
    if not source:
        return ""
    derived = int((figures["kind"] == "derived").sum()) if not figures.empty else 0
    stated = len(figures) - derived
    if lang == "en":
        return (
            f"{source['publisher_en']}, {source['published']}: “{source['title_en']}” ({source['title']}). "
            f"This dashboard holds its {stated} stated figures, {derived} figures derived from them by recorded formulas, "
            f"and {len(events)} dated events; every stated figure links to the words of the article."
        )
    return (
        f"{source['publisher']}，{source['published']}：《{source['title']}》。"
        f"本看板收录该文明确给出的{stated}个数字、据此按公式推算的{derived}个数字和{len(events)}个有日期的事件；每个数字都对应原文语句。"
    )


def page_blurbs(figures: pd.DataFrame, lang: str) -> list[tuple[Page, str]]:
    """Each page but this one, with how many figures it charts."""
    blurbs = []
    for page in PAGES[1:]:
        topic = PAGE_TOPICS.get(page.key)
        if topic:
            count = int((figures["topic"] == topic).sum()) if not figures.empty else 0
            blurb = f"{count} figures" if lang == "en" else f"{count}个数字"
        else:
            blurb = text(f"overview.blurb.{page.key}", lang)
        blurbs.append((page, blurb))
    return blurbs
