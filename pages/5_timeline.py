"""Timeline: every dated event of the articles, drawn as precisely as it is dated, and the list."""

import streamlit as st

from cenfigures.app.page import page_header, setup_page
from cenfigures.app.widgets import chart_tabs, data_actions, md_escape, paged
from cenfigures.view.timeline import CARDS_PER_PAGE, event_cards

ctx = setup_page("timeline")
page_header(ctx, "events", "charts")
chart_tabs(ctx, ctx.specs)
st.caption(ctx.t("timeline.legend_note"))

st.subheader(ctx.t("timeline.events"))
cards = ctx.cached(event_cards)
if not cards:
    st.info(ctx.t("timeline.no_events"), icon=":material/filter_alt_off:")
else:  # a card per event: it reads on a phone as on a desktop, with the whole quote
    shown = paged(ctx, cards, CARDS_PER_PAGE, "pager.events")
    for start in range(0, len(shown), 2):
        for column, card in zip(st.columns(2), shown[start : start + 2]):
            with column.container(border=True):
                st.markdown(f"**{md_escape(card.date)}** · {md_escape(card.precision)}")
                st.markdown(md_escape(card.title))
                st.caption(md_escape(card.where))
                st.markdown(f"“{md_escape(card.quote)}”")
                if card.quote_gloss:
                    st.caption(md_escape(card.quote_gloss))
                st.caption(md_escape(card.cite))
    data_actions(ctx, ctx.view.events, "events", ctx.t("timeline.events"))
