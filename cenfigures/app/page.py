"""`setup_page("digitization")`: what every page calls first. It sets the page up (title, access
gate, language, translated menu, the filters that apply, notices for bad links, presentation mode)
and returns a PageContext with the state and the data."""

from __future__ import annotations

import streamlit as st

from cenfigures.app import auth, present, signin
from cenfigures.app.context import (
    PageContext,
    current_dataset,
    fallback_options,
    raw_query,
)
from cenfigures.app.widgets import (
    filter_widgets,
    language_switch,
    menu,
    notice,
    share_bar,
)
from cenfigures.charts import catalog
from cenfigures.view import filters
from cenfigures.view.filters import FilterOptions
from cenfigures.view.labels import (
    text,
)
from cenfigures.view.site import PAGES_BY_KEY


def setup_page(page_key: str) -> PageContext:
    """Set up the page `page_key` and return its context. Call first on every page."""
    page = PAGES_BY_KEY[page_key]
    dataset = current_dataset()
    figures = dataset.tables.get("figures")
    charts = catalog.tab_names(page.key)
    options = FilterOptions.from_figures(figures, charts) if figures is not None else fallback_options(charts)
    parsed = filters.parse_query(raw_query(), options)
    state = parsed.state
    lang = state.lang
    st.set_page_config(
        page_title=f"{text(f'page.{page.key}', lang)} · {text('app.title', lang)}",
        page_icon="📊",  # an emoji: a material icon here is fetched from the internet as the favicon
        layout="wide",
        initial_sidebar_state="collapsed" if state.present else "auto",
    )
    clean = filters.to_query(state, options)
    ours = {k: v for k, v in raw_query().items() if k not in filters.STREAMLIT_KEYS}
    if ours != {k: (v if isinstance(v, list) else [v]) for k, v in clean.items()}:
        st.query_params.from_dict(clean)  # a copied link then holds only the clean state

    ctx = PageContext(page=page, state=state, options=options, dataset=dataset)
    language_switch(state)
    signin.require(lang)  # proxy mode: only sessions that came through nginx, with its user (cenfigures/app/signin.py)
    auth.gate(lang)  # stops the page here until admitted, when a password is configured
    menu(ctx)
    filter_widgets(ctx)
    notice(parsed, lang)
    share_bar(ctx)
    if state.present:  # presentation mode replaces the page: one chart per screen (cenfigures/app/present.py)
        present.show(ctx)
        st.stop()
    return ctx


