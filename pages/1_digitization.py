"""Industrial digitization (Hebei): 2025 targets, national ranks, indices, counts, R&D tools."""

import streamlit as st

from cenfigures.app.page import setup_page
from cenfigures.app.widgets import show_chart_tabs, show_data_errors
from cenfigures.charts import digitization as charts

ctx = setup_page("digitization")
st.title(ctx.t("page.digitization"))
show_data_errors(ctx.dataset.missing("figures", "sources"), ctx.lang)

show_chart_tabs(ctx, charts.BUILDERS)
