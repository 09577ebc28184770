"""5G and the Winter Olympics: uplink capacity for 4K, streams stated vs computed, the train studio."""

import streamlit as st

from cenfigures.app.page import setup_page
from cenfigures.app.widgets import show_chart_tabs, show_data_errors
from cenfigures.charts import olympics_5g as charts

ctx = setup_page("olympics_5g")
st.title(ctx.t("page.olympics_5g"))
show_data_errors(ctx.dataset.missing("figures", "sources", "events"), ctx.lang)

show_chart_tabs(ctx, charts.BUILDERS)
