"""Home page: the headline figures, the articles the dashboard holds, and a way into every page."""

import streamlit as st

from cenfigures.app.editors import review_link
from cenfigures.app.page import setup_page
from cenfigures.app.widgets import md_escape, pager, show_data_errors
from cenfigures.view import overview

ctx = setup_page("overview")
st.title(ctx.t("app.title"))
st.caption(ctx.t("app.subtitle"))
show_data_errors(ctx.dataset.missing("figures", "sources", "topics", "charts"), ctx.t)  # cards, articles, the pages

cards = ctx.cached(overview.headline_cards_of, "overview")
for first in range(0, len(cards), 3):
    for column, card in zip(st.columns(3), cards[first : first + 3]):
        with column.container(border=True):
            # Label and value as text that wraps: a metric cuts a long value ("more than 250 bi…").
            st.caption(md_escape(card.label), help=md_escape(card.help))
            st.markdown(f"### {md_escape(card.value)}")
            if card.delta:
                st.badge(
                    card.delta,
                    icon=":material/trending_up:" if not card.delta.startswith("-") else ":material/trending_down:",
                    color="green" if not card.delta.startswith("-") else "orange",
                )
            if card.note:
                st.caption(md_escape(card.note))

st.subheader(ctx.t("overview.articles"))
page = pager(ctx, ctx.cached(overview.article_pages), "pager.articles")
for article in ctx.cached(overview.articles, page):
    with st.container(border=True):
        st.markdown(f"**{md_escape(article.title)}**  \n{md_escape(article.line)}")
        st.page_link(
            "pages/7_source.py",
            label=ctx.t("page.source"),
            icon=":material/article:",
            query_params={**ctx.query_for(ctx.page_named("source")), "source": article.source_id},
        )
        review_link(ctx, article.source_id)

st.subheader(ctx.t("overview.pages"))
for page, blurb in overview.page_blurbs(ctx.view, ctx.site):
    # The link is the page's name (one line, never cut); what it holds is a caption that wraps.
    st.page_link(page.path, label=page.label(ctx.t), icon=page.icon, query_params=ctx.query_for(page))
    st.caption(md_escape(blurb))
