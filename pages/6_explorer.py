"""Data explorer: every figure, filtered and searched, with a CSV of exactly the rows shown."""

import datetime as dt

import streamlit as st

from cenfigures.app.page import setup_page
from cenfigures.app.widgets import cite_block, md_escape, show_data_errors
from cenfigures.view import explorer, filters

ctx = setup_page("explorer")
st.title(ctx.t("page.explorer"))
show_data_errors(ctx.dataset.missing("figures"), ctx.lang)

shown, lang = ctx.figures, ctx.lang
st.markdown(md_escape(filters.describe(ctx.state, len(shown), len(ctx.all_figures), ctx.region_names(), ctx.page.uses)))

if shown.empty:
    st.info(ctx.t("app.no_rows"), icon=":material/filter_alt_off:")
else:
    table = explorer.display_table(shown, lang)
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={name: st.column_config.TextColumn(name, **layout) for name, layout in explorer.column_layout(lang).items()},
    )
    st.download_button(
        ctx.t("explorer.download"),
        data=explorer.csv_bytes(shown),
        file_name=explorer.file_name(lang, dt.date.today(), filtered=len(shown) < len(ctx.all_figures)),
        mime="text/csv",
        help=ctx.t("explorer.download.help", count=len(shown)),
        icon=":material/download:",
    )
    with st.popover(ctx.t("cite.button"), icon=":material/format_quote:"):
        cite_block(ctx, ctx.t("page.explorer"), tuple(shown["figure_id"]))
