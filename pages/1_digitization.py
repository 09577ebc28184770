"""Industrial digitization (Hebei): 2025 targets, national ranks, indices, counts, R&D tools."""

import streamlit as st

from cenfigures import charts_digitization as charts
from cenfigures.ui import setup_page, show_chart, show_data_errors

ctx = setup_page("digitization")
st.title(ctx.t("page.digitization"))
show_data_errors(ctx.dataset.missing("figures", "sources"), ctx.lang)

for build in charts.BUILDERS:
    show_chart(ctx, ctx.chart(build))
