"""Regions: the regions the articles report on, on a map of China, the charts declared for this
page, and one card per region with the article's headline, a sentence and its main figures."""

import streamlit as st

from cenfigures.app.page import page_header, setup_page
from cenfigures.app.widgets import chart_tabs, md_escape, paged
from cenfigures.view.regions import CARDS_PER_PAGE, region_cards

ctx = setup_page("regions")
page_header(ctx, "regions", "region_notes", "charts")
chart_tabs(ctx, ctx.specs, notes={"region_map": ctx.t("regions.map_note")})

st.subheader(ctx.t("regions.cards"))
cards = ctx.cached(region_cards)
shown = paged(ctx, cards, CARDS_PER_PAGE, "pager.regions")
for start in range(0, len(shown), 2):
    for column, card in zip(st.columns(2), shown[start : start + 2]):
        with column.container(border=True):
            st.markdown(f"#### {md_escape(card.name)}")
            st.markdown(f"**{md_escape(card.headline_zh)}**")
            if card.headline != card.headline_zh:
                st.caption(md_escape(card.headline))
            st.markdown(f"“{md_escape(card.summary_zh)}”")
            if card.summary != card.summary_zh:
                st.caption(md_escape(card.summary))
            st.markdown(f"**{md_escape(ctx.t('regions.figure_count', count=card.figure_count))}**")
            if card.top_figures:
                st.markdown("\n".join(f"- {md_escape(line)}" for line in card.top_figures))
            else:
                st.caption(ctx.t("regions.no_figures"))
