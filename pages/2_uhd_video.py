"""Ultra-HD video and TV: 4K penetration, 8K growth, Guangzhou's 2023 targets, plans, broadcast hours."""

import streamlit as st

from cenfigures.app.page import setup_page
from cenfigures.app.widgets import show_chart_tabs, show_data_errors
from cenfigures.charts import uhd_video as charts

ctx = setup_page("uhd_video")
st.title(ctx.t("page.uhd_video"))
show_data_errors(ctx.dataset.missing("figures", "sources"), ctx.lang)

show_chart_tabs(ctx, charts.BUILDERS)
