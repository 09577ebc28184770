"""The floor: a bare Streamlit page with one trivial plotly chart and one selectbox that changes it.

Nothing of the dashboard is imported, so its timings are what Streamlit + plotly + the browser cost
with the same server settings; the dashboard's pages are measured as ratios to it.
"""

import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="floor", layout="wide")
st.title("Floor")
choice = st.selectbox("Series", ["a", "b", "c"])
offset = {"a": 0, "b": 1, "c": 2}[choice]
figure = go.Figure(go.Bar(x=["x", "y", "z"], y=[1 + offset, 2 + offset, 3 + offset], name=choice))
figure.update_layout(title=f"Floor chart {choice}", height=380)
st.plotly_chart(figure, theme=None, key="chart-floor")
