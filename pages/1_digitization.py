"""Industrial digitization (Hebei): 2025 targets, national ranks, indices, counts, R&D tools."""

import streamlit as st

from cenfigures import charts_digitization as charts
from cenfigures.ui import setup_page, show_chart, show_data_errors

ctx = setup_page("digitization")
st.title(ctx.t("page.digitization"))
show_data_errors(ctx.dataset.missing("figures", "sources"), ctx.lang)

figures, lang, source = ctx.figures, ctx.lang, ctx.source
left, right = st.columns(2)
with left:
    show_chart(ctx, charts.targets(figures, lang, source))
with right:
    show_chart(ctx, charts.ranks(figures, lang, source))
left, right = st.columns(2)
with left:
    show_chart(ctx, charts.indices(figures, lang, source))
with right:
    show_chart(ctx, charts.penetration(figures, lang, source))
show_chart(ctx, charts.counts(figures, lang, source))
