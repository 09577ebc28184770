"""Timeline: every dated event of the article, drawn as precisely as it is dated, and the list."""

import streamlit as st

from cenfigures.app.page import setup_page
from cenfigures.app.widgets import data_actions, show_chart, show_data_errors
from cenfigures.charts import timeline as charts

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
