"""`setup_page("regions")`: what every page calls first. It sets the page up (title, access gate,
language, translated menu, the filters that apply, notices for bad links, presentation mode) and
returns a PageContext with the state and the data. `topic_page(...)` draws a declared topic."""

from __future__ import annotations

from urllib.parse import urlsplit

import streamlit as st

from cenfigures.app import auth, editors, present, signin
from cenfigures.app.chrome import show_chrome
from cenfigures.app.context import (
    PageContext,
    current_dataset,
    current_options,
    current_site,
    data_version,
    raw_query,
)
from cenfigures.app.widgets import (
    chart_tabs,
    filter_widgets,
    language_switch,
    md_escape,
    menu,
    notice,
    share_bar,
    show_data_errors,
)
from cenfigures.view import filters
from cenfigures.view.site import EDITOR_PAGES, OVERVIEW, Page, find
from cenfigures.view.translate import Translator

# Tables every page needs; a page names the others it reads.
BASE_TABLES = ("figures", "sources")


def _requested_topic(site: tuple[Page, ...]) -> Page | None:
    """The topic the generic page is asked for (`?id=`), if it is one of the site's (a topic with a
    page file of its own opens here too, so a link made from its id never breaks)."""
    values = st.query_params.get_all("id")
    page = find(site, values[0]) if len(values) == 1 else None
    return page if page is not None and page.is_topic else None


def requested_path() -> str:
    """The path the browser asked for, without the server's base path: "" for the main page."""
    try:
        path = urlsplit(st.context.url or "").path.strip("/")
    except Exception:  # no browser session (AppTest)
        return ""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    if base and (path == base or path.startswith(base + "/")):
        path = path[len(base) :].strip("/")
    return path


def setup_page(page_key: str | None = None) -> PageContext:
    """Set up the page `page_key` (None: the generic topic page, whose topic is in `?id=`) and
    return its context. Call first on every page."""
    version = data_version()  # the data files are looked at once per rerun
    dataset = current_dataset(version)
    site = current_site(version)
    page = (find(site, page_key) or find(EDITOR_PAGES, page_key)) if page_key else _requested_topic(site)
    unknown_topic = page is None
    page = page or OVERVIEW
    options = current_options(page, version)
    parsed = filters.parse_query(raw_query(), options)
    state = parsed.state
    t = Translator(state.lang)
    st.set_page_config(
        page_title=f"{page.label(t)} · {t('app.title')}",
        page_icon="📊",  # an emoji: a material icon here is fetched from the internet as the favicon
        layout="wide",
        initial_sidebar_state="collapsed" if state.present else "auto",
    )
    ours = {k: v for k, v in raw_query().items() if k not in filters.STREAMLIT_KEYS}
    kept = {k: ours[k] for k in page.keeps if k in ours}  # read by the page itself, as hostile as any
    clean = {**filters.to_query(state, options), **page.query, **kept}
    if not unknown_topic and ours != {k: (v if isinstance(v, list) else [v]) for k, v in clean.items()}:
        st.query_params.from_dict(clean)  # a copied link then holds only the clean state

    ctx = PageContext(
        page=page, state=state, options=options, dataset=dataset, site=site, parsed=parsed, version=version
    )
    language_switch(ctx)
    show_chrome(t)  # Streamlit's own chrome in the page's language, the password gate's page too
    signin.require(
        state.lang
    )  # proxy mode: only sessions that came through nginx, with its user (cenfigures/app/signin.py)
    auth.gate(state.lang)  # stops the page here until admitted, when a password is configured
    menu(ctx, EDITOR_PAGES if editors.current_editor() else ())  # a viewer never sees /add
    if not page.filters_on_page:
        filter_widgets(ctx)
    if not page.editors_only:  # an editor's page has no view to share, present or put in a deck
        share_bar(ctx)
    if unknown_topic:  # a bad ?id=, or a topic page whose declaration cannot be read
        st.title(t("page.topic_unknown"))
        show_data_errors(dataset.missing("topics", "charts"), t)  # the topics and their pages come from these files
        st.info(t("page.topic_unknown.help"), icon=":material/link_off:")
        st.stop()
    if page_key == OVERVIEW.key and requested_path():
        # Streamlit answers a path that is no page with the main page and a modal "Page not found"
        # dialog of its own, in English whatever the language: the main page closes it (the app opens
        # no dialog) and says it in the reader's language. The script is constant: no data in it.
        st.html(
            """<script>
        (() => {
          const close = () => {
            // "Close", or its translation with Streamlit's word kept aside (cenfigures/app/chrome.py)
            const dialog = '[data-testid="stDialog"] [role="dialog"]';
            const button = document.querySelector(
              dialog + ' :is(button[aria-label="Close"], button[data-cenfigures-en="Close"])'
            );
            if (button) button.click();
            return Boolean(button);
          };
          if (close()) return;
          const watch = new MutationObserver(() => { if (close()) watch.disconnect(); });
          watch.observe(document.body, {childList: true, subtree: true});
          setTimeout(() => watch.disconnect(), 10000);
        })();
        </script>""",
            unsafe_allow_javascript=True,
        )
        st.warning(t("page.not_found"), icon=":material/link_off:")
    notice(ctx, parsed)
    if state.present:  # presentation mode replaces the page: one chart per screen (cenfigures/app/present.py)
        present.show(ctx)
        st.stop()
    return ctx


def page_header(ctx: PageContext, *tables: str) -> None:
    """The page's title, a message per data file it needs that is broken, and the filters when
    the page draws them itself."""
    st.title(ctx.page.label(ctx.t))
    show_data_errors(ctx.dataset.missing(*BASE_TABLES, *tables), ctx.t)
    if ctx.page.filters_on_page:
        filter_widgets(ctx)


def topic_page(topic_id: str | None = None) -> None:
    """A declared topic's page: its charts as tabs, from seeds/topics.toml. `topic_id` None: the
    generic page (/topic?id=...), which serves topics that have no page file of their own."""
    ctx = setup_page(topic_id)
    page_header(ctx, "events", "charts")
    chart_tabs(ctx, ctx.specs)


def caption(ctx: PageContext, key: str, **values: object) -> None:
    st.caption(md_escape(ctx.t(key, **values)))
