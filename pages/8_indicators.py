"""Indicators: one measure across every article that states it (`?indicator=<id>&region=...`),
with targets against outcomes, corroborations and conflicts computed from the figures."""

import streamlit as st

from cenfigures.app.page import page_header, setup_page
from cenfigures.app.widgets import md_escape, show_chart
from cenfigures.charts import indicator_series
from cenfigures.view.indicators import choice_label, indicator_choices, indicator_findings

ctx = setup_page("indicators")
page_header(ctx, "indicators")
t = ctx.t

choices = ctx.cached(indicator_choices)
if not choices:
    st.info(t("app.no_rows"), icon=":material/filter_alt_off:")
    st.stop()
ids = [c[0] for c in choices]
labels = {c[0]: choice_label(ctx.view, c) for c in choices}
chosen = ctx.state.indicator if ctx.state.indicator in ids else ids[0]


def _choose() -> None:
    st.query_params["indicator"] = st.session_state["indicator-choice"]


st.session_state["indicator-choice"] = chosen
st.selectbox(t("indicators.pick"), ids, format_func=labels.__getitem__, key="indicator-choice", on_change=_choose)

chart = ctx.cached_chart(indicator_series.build, chosen)
show_chart(ctx, chart)

st.subheader(t("indicators.findings"))
found = ctx.cached(indicator_findings, chosen)
if not found:
    st.caption(t("indicators.no_findings"))
for finding in found:
    icon = {
        "target_vs_outcome": ":material/flag:",
        "corroboration": ":material/check_circle:",
        "compatible": ":material/rule:",
        "conflict": ":material/warning:",
    }[finding.kind]
    box = st.warning if finding.kind == "conflict" else st.info
    box(md_escape(t.labelled(t(f"indicators.kind.{finding.kind}"), finding.sentence)), icon=icon)
