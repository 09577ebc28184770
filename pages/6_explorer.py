"""Data explorer: every figure, filtered and searched, with a CSV of exactly the rows shown.
Its search and filters are on the page itself, where a phone shows them. A long table is shown a
page of rows at a time (`?page=`); the CSV holds every row the filters let through."""

import pandas as pd
import streamlit as st

from cenfigures.app.downloads import Made, made_on_request, view_version
from cenfigures.app.page import page_header, setup_page
from cenfigures.app.widgets import cite_popover, md_escape, pager, sort_control
from cenfigures.view import downloads, explorer, filters
from cenfigures.view.model import View


def _sorted(view: View) -> pd.DataFrame:
    """Every row the filters let through, in the link's order (`sort`)."""
    return explorer.sorted_figures(view.figures, view.state.sort)


def _table(view: View, page: int) -> pd.DataFrame:
    """The rows of one page, as the table shows them; kept once per view (ctx.cached), shared and only read."""
    return explorer.display_table(view, explorer.page_of(_sorted(view), page))


def _csv(view: View) -> bytes:
    """Every row the filters let through, in the link's order, as CSV; kept once per view and shared."""
    return explorer.csv_bytes(view, _sorted(view))


ctx = setup_page("explorer")
page_header(ctx)

shown, t = ctx.figures, ctx.t
st.markdown(md_escape(filters.describe(ctx.state, len(shown), len(ctx.all_figures), ctx.view.names, ctx.page.uses)))

if shown.empty:
    st.info(t("app.no_rows"), icon=":material/filter_alt_off:")
else:
    sort_control(ctx)
    page = pager(ctx, explorer.page_count(len(shown)), "pager.rows")
    table = ctx.cached(_table, page)
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
    file_name = f"{downloads.file_stem('explorer', 'figures', ctx.lang)}.csv"
    if len(shown) <= explorer.CSV_WITH_THE_PAGE:
        st.download_button(
            t("explorer.download"),
            data=ctx.cached(_csv),
            file_name=file_name,
            mime="text/csv",
            help=t("explorer.download.help", count=len(shown)),
            icon=":material/download:",
        )
    else:  # tens of megabytes: made when somebody asks, not for every visitor of the page
        made_on_request(
            st,
            t("explorer.download_make", count=f"{len(shown):,}"),
            Made(
                kind="csv-large",
                version=view_version("explorer", ctx.lang, sorted(ctx.link_query(page=1).items())),
                make=lambda: explorer.csv_bytes(ctx.view, ctx.view.figures),  # kept by made_on_request
                label=t("explorer.download"),
                file_name=file_name,
                mime="text/csv",
                icon=":material/download:",
            ),
            "csv-explorer",
            t("download.making"),
        )
    cite_popover(st, ctx, t("page.explorer"), shown, "cite-explorer-figures")
