"""Data explorer: every figure, filtered and searched, with a CSV of exactly the rows shown.
Its search and filters are on the page itself, where a phone shows them."""

import pandas as pd
import streamlit as st

from cenfigures.app.page import page_header, setup_page
from cenfigures.app.widgets import cite_popover, md_escape, sort_control
from cenfigures.view import downloads, explorer, filters
from cenfigures.view.model import View


def _table_and_csv(view: View) -> tuple[pd.DataFrame, bytes]:
    """The rows shown, in the link's order, as the table and as the CSV; kept once per view
    (ctx.cached), shared and only read."""
    rows = explorer.sorted_figures(view.figures, view.state.sort)
    return explorer.display_table(view, rows), explorer.csv_bytes(view, rows)


ctx = setup_page("explorer")
page_header(ctx)

shown, t = ctx.figures, ctx.t
st.markdown(md_escape(filters.describe(ctx.state, len(shown), len(ctx.all_figures), ctx.view.names, ctx.page.uses)))

if shown.empty:
    st.info(t("app.no_rows"), icon=":material/filter_alt_off:")
else:
    sort_control(ctx)
    table, csv = ctx.cached(_table_and_csv)
    st.dataframe(
        # Every row in view (the page scrolls, not a box inside it: a 1200 px cap showed 33 of 54
        # rows); only a very long table gets an inner scroll.
        table,
        hide_index=True,
        width="stretch",
        height=38 + explorer.ROW_HEIGHT * min(len(table), explorer.ROWS_IN_VIEW),
        row_height=explorer.ROW_HEIGHT,  # three lines a row: long names wrap instead of being cut
        column_config={
            name: st.column_config.TextColumn(name, **layout)
            for name, layout in explorer.column_layout(t, table).items()
        },
    )
    st.download_button(
        t("explorer.download"),
        data=csv,
        file_name=f"{downloads.file_stem('explorer', 'figures', ctx.lang)}.csv",
        mime="text/csv",
        help=t("explorer.download.help", count=len(shown)),
        icon=":material/download:",
    )
    cite_popover(st, ctx, t("page.explorer"), shown, "cite-explorer-figures")
