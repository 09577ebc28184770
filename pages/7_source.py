"""Source reader: an article (`?source=<id>`, else the first) with every claimed number marked;
tap or hover a number for its figure, value and page. Unreviewed drafts are marked apart with
what the drafter guessed, for a reviewer who reads the article and the draft side by side."""

import pandas as pd
import streamlit as st

from cenfigures.app.context import current_site
from cenfigures.app.editors import review_link
from cenfigures.app.page import page_header, setup_page
from cenfigures.app.widgets import md_escape
from cenfigures.tables.paths import REBUILD_COMMAND
from cenfigures.view.model import View
from cenfigures.view.source_text import (
    article_caption,
    article_error,
    escaped_article_html,
    escaped_figure_list_html,
    escaped_legend_html,
    segments,
)


def _marked(page_view: View, chosen: str, article: str) -> tuple[str, str]:
    """The article with its numbers marked and the list of its figures beside it, as escaped HTML,
    under the page's other filters; kept once per view (ctx.cached): they were most of a rerun here."""
    view = View(page_view.tables, page_view.state.with_filter("source", (chosen,)), page_view.uses)
    mentions = view.table("mentions")
    mentions = mentions[mentions["source_id"] == chosen] if not mentions.empty else mentions
    known = pd.Index(view.all_figures.get("figure_id", ()))  # looked up by hash, not walked in Python
    site = current_site()
    article_html = escaped_article_html(segments(article, mentions, view, site, known)) if article else ""
    return article_html, "" if view.figures.empty else escaped_figure_list_html(view, site)


ctx = setup_page("source")
page_header(ctx, "mentions", "events")

chosen = ctx.state.sources[0] if ctx.state.sources else next(iter(ctx.view.sources), "")
source = ctx.view.source(chosen)
if source:
    t = ctx.t
    st.caption(md_escape(article_caption(source, t)))
    review_link(ctx, chosen)
    article, error = article_error(source)
    if error:
        st.error(md_escape(t(error, file=source["file"], command=REBUILD_COMMAND)), icon=":material/error:")

    def escaped_reader(chosen: str, article: str) -> tuple[str, str]:
        """_marked's escaped HTML for this view, kept once per view (ctx.cached)."""
        return ctx.cached(_marked, chosen, article)

    text_column, list_column = st.columns([2, 1], gap="large")
    with text_column:
        if article:
            st.html(escaped_legend_html(t) + escaped_reader(chosen, article)[0])  # every piece of text escaped
    with list_column:
        st.markdown(f"#### {md_escape(t('source.figures'))}")
        if not escaped_reader(chosen, article)[1]:  # this article's figures, under the page's other filters
            st.info(t("app.no_rows"), icon=":material/filter_alt_off:")
        else:
            st.html(escaped_reader(chosen, article)[1])  # every piece of text escaped
