"""Timeline: every dated event of the article, drawn as precisely as it is dated, and the list."""

import streamlit as st

from cenfigures import charts_timeline as charts
from cenfigures.ui import data_actions, setup_page, show_chart, show_data_errors

ctx = setup_page("timeline")
st.title(ctx.t("page.timeline"))
show_data_errors(ctx.dataset.missing("events", "sources"), ctx.lang)

events = charts.apply_events(ctx.table("events"), ctx.state, ctx.page.uses)
show_chart(ctx, ctx.chart(charts.timeline))
st.caption(ctx.t("timeline.legend_note"))

st.subheader(ctx.t("timeline.events"))
if events.empty:
    st.info(ctx.t("app.no_rows"), icon=":material/filter_alt_off:")
else:  # a static table: eight events read better with their quotes wrapped, and it redraws fast
    st.table(charts.events_table(events, ctx.lang), hide_index=True)
    data_actions(ctx, events, "events-table", ctx.t("timeline.events"))
