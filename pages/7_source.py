"""Source article: the text itself, every claimed number marked with its figure, value and page."""

import streamlit as st

from cenfigures.app.page import setup_page
from cenfigures.app.widgets import md_escape, show_data_errors
from cenfigures.tables.paths import REBUILD_COMMAND
from cenfigures.view import source_text
from cenfigures.view.source_text import escaped_article_html, escaped_legend_html

ctx = setup_page("source")
st.title(ctx.t("page.source"))
show_data_errors(ctx.dataset.missing("figures", "sources", "mentions", "events"), ctx.lang)

source, lang = ctx.source, ctx.lang
if source:
    title, publisher = (source["title_en"], source["publisher_en"]) if lang == "en" else (source["title"], source["publisher"])
    st.caption(md_escape(f"{publisher} · {source['published']} · {source['authors']} · {title}"))
    article, error = source_text.article_error(source)
    if error:
        st.error(md_escape(ctx.t(error, file=source["file"], command=REBUILD_COMMAND)), icon=":material/error:")

    events = source_text.events_passing(ctx.table("events"), ctx.state)
    text_column, list_column = st.columns([2, 1], gap="large")
    with text_column:
        if article:
            pieces = source_text.segments(article, ctx.table("mentions"), ctx.figures, lang, events, set(ctx.all_figures.get("figure_id", ())))
            st.html(escaped_legend_html(lang) + escaped_article_html(pieces))  # every piece of text escaped
    with list_column:
        st.markdown(f"#### {md_escape(ctx.t('source.figures'))}")
        links = source_text.figure_links(ctx.figures, lang)
        if not links:
            st.info(ctx.t("app.no_rows"), icon=":material/filter_alt_off:")
        for page, items in links:
            # The label stays short: a page link is one line and would cut a count off.
            st.page_link(page.path, label=ctx.t(f"page.{page.key}"), icon=page.icon, query_params=ctx.link_query())
            colon = ": " if lang == "en" else "："
            st.markdown("\n".join(f"- {md_escape(item.indicator)}{colon}**{md_escape(item.value)}**  \n  :gray[{md_escape(item.figure_id)}]" for item in items))
