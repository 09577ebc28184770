"""Work in progress: filled in by the page's own commit."""

import streamlit as st

from cenfigures.ui import setup_page

ctx = setup_page("regions")
st.title(ctx.t("page.regions"))
