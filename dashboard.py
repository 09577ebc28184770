"""Home page: what the article is, its headline figures, and a way into every page."""

import streamlit as st

from cenfigures.app.page import setup_page
from cenfigures.app.widgets import md_escape, show_data_errors
from cenfigures.view import overview

ctx = setup_page("overview")
st.title(ctx.t("app.title"))
st.caption(ctx.t("app.subtitle"))
show_data_errors(ctx.dataset.missing("figures", "sources"), ctx.lang)

cards = overview.headline_cards(ctx.all_figures, ctx.lang)
for first in range(0, len(cards), 3):
    for column, card in zip(st.columns(3), cards[first : first + 3]):
        with column.container(border=True):
            st.caption(md_escape(card.label))  # wraps, where a metric's own label would be cut
            st.metric(card.label, card.value, card.delta, delta_color=card.delta_color, help=md_escape(card.help), label_visibility="collapsed")

st.subheader(ctx.t("overview.source"))
st.markdown(md_escape(overview.source_sentence(ctx.source, ctx.all_figures, ctx.table("events"), ctx.lang)))

st.subheader(ctx.t("overview.pages"))
for page, blurb in overview.page_blurbs(ctx.all_figures, ctx.lang):
    st.page_link(page.path, label=f"{ctx.t(f'page.{page.key}')} — {blurb}", icon=page.icon, query_params=ctx.link_query())
