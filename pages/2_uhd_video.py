"""Ultra-HD video and TV: 4K penetration, 8K growth, Guangzhou's 2023 targets, plans, broadcast hours."""

import streamlit as st

from cenfigures import charts_uhd as charts
from cenfigures.ui import setup_page, show_chart_tabs, show_data_errors

ctx = setup_page("uhd_video")
st.title(ctx.t("page.uhd_video"))
show_data_errors(ctx.dataset.missing("figures", "sources"), ctx.lang)

show_chart_tabs(ctx, charts.BUILDERS)
