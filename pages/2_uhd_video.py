"""Ultra-HD video and TV: 4K penetration, 8K growth, Guangzhou's 2023 targets, plans, broadcast hours."""

import streamlit as st

from cenfigures import charts_uhd as charts
from cenfigures.ui import setup_page, show_chart, show_data_errors

ctx = setup_page("uhd_video")
st.title(ctx.t("page.uhd_video"))
show_data_errors(ctx.dataset.missing("figures", "sources"), ctx.lang)

figures, lang, source = ctx.figures, ctx.lang, ctx.source
left, right = st.columns(2)
with left:
    show_chart(ctx, charts.penetration_4k(figures, lang, source))
with right:
    show_chart(ctx, charts.retail_8k(figures, lang, source))
show_chart(ctx, charts.guangzhou_targets(figures, lang, source))
left, right = st.columns(2)
with left:
    show_chart(ctx, charts.plans(figures, lang, source))
with right:
    show_chart(ctx, charts.broadcast_hours(figures, lang, source))
