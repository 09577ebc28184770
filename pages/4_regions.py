"""Regions: the article's provinces and cities on a map of China, the study-meeting figures, and
one card per region with its headline, summary and main figures."""

import streamlit as st

from cenfigures.app.page import setup_page
from cenfigures.app.widgets import md_escape, show_chart_tabs, show_data_errors
from cenfigures.charts import regions as charts

ctx = setup_page("regions")
st.title(ctx.t("page.regions"))
show_data_errors(ctx.dataset.missing("figures", "regions", "sources"), ctx.lang)

lang = ctx.lang
show_chart_tabs(ctx, charts.BUILDERS, notes={charts.region_map.__name__: ctx.t("regions.map_note")})

st.subheader(ctx.t("regions.cards"))
cards = ctx.cached(charts.region_cards)
for start in range(0, len(cards), 2):
    for column, card in zip(st.columns(2), cards[start:start + 2]):
        with column.container(border=True):
            st.markdown(f"#### {md_escape(card.name)}")
            st.markdown(f"**{md_escape(card.headline)}**")
            if lang == "en":
                st.caption(md_escape(card.headline_en))
            st.markdown(f"“{md_escape(card.summary)}”")
            if lang == "en":
                st.caption(md_escape(card.summary_en))
            st.markdown(f"**{md_escape(ctx.t('regions.figure_count', count=card.figure_count))}**")
            if card.top_figures:
                st.markdown("\n".join(f"- {md_escape(line)}" for line in card.top_figures))
            else:
                st.caption(ctx.t("regions.no_figures"))
