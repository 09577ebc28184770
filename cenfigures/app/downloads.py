"""Downloads that a busy server does not lose, and that cost an ordinary rerun nothing.

Two facts of Streamlit 1.67's media files (streamlit/runtime/media_file_manager.py) shape this:

- A file handed over with the page (`st.download_button` with bytes) is registered to the session
  and kept while the session shows it. A file made on click (a callable) belongs to no session:
  the orphaned-file sweep, which runs after every script run of every session, marks it and then
  deletes it, which under load happens before the browser fetches it (a 404 and a failed
  download). So nothing here is made by a callable.
- Every registration, and the sweep itself, take one lock shared by the whole process. Under load
  a thread holding it is preempted for the GIL, and every other session's run queues behind it: at
  100 protocol sessions a fifth of every run's time was spent waiting for that lock
  (docs/benchmarks.md). So an ordinary rerun registers no file at all.

Hence: the download popover is filled only while it is open (opening it is one short rerun), and
files that take seconds to make (the SVG, by kaleido; the slide deck) are made on request: a
button makes them in a rerun of this session (kept per content in a small process cache), after
which a download button hands them over with the page, registered to this session.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from cenfigures.app.context import full_zip_bytes
from cenfigures.charts import deck, export
from cenfigures.tables.dataset import data_fingerprint
from cenfigures.tables.paths import DATA_DIR
from cenfigures.view import downloads

MADE_PREFIX = "_made_"  # session_state: the content version a session asked to have made


@st.cache_resource(show_spinner=False, max_entries=48)
def _made_svg(version: str, _make: Callable[[], bytes]) -> bytes:
    # Keyed by what the file shows (view and data version); `_make` is not hashed (leading "_").
    # Shared by sessions and never copied: bytes are immutable.
    _kaleido_server()
    return _make()


@st.cache_resource(show_spinner=False, max_entries=6)
def _made_deck(version: str, _make: Callable[[], bytes]) -> bytes:
    # A deck embeds plotly.js (about 5 MB): few are kept.
    return _make()


@st.cache_resource(show_spinner=False, max_entries=4)
def _made_csv(version: str, _make: Callable[[], bytes]) -> bytes:
    # A table of a large corpus: every row its filters let through (tens of MB): few are kept.
    return _make()


_MADE = {"svg": _made_svg, "deck": _made_deck, "csv": _made_csv}


@st.cache_resource(show_spinner=False)
def _kaleido_server() -> bool:
    """One Chromium for every SVG this process renders. Without it kaleido starts a browser per
    image (1-2 s and a few hundred MB each): a few SVGs at once under load took gigabytes."""
    import atexit

    export.start_render_server()
    atexit.register(export.stop_render_server)  # its Chromium leaves with the server
    return True


def made_on_request(
    where,
    make_label: str,
    download_label: str,
    key: str,
    version: str,
    make: Callable[[], bytes],
    file_name: str,
    mime: str,
    icon: str,
) -> None:
    """A file made when somebody asks: a `make_label` button, then (in the rerun its click causes,
    and while the view stays the same) a download button that hands the made file over with the page.
    `version` names the content (view and data); a new view shows the button again."""
    asked = st.session_state.get(MADE_PREFIX + key) == version
    if not asked and where.button(make_label, key=f"prepare-{key}", icon=icon):
        st.session_state[MADE_PREFIX + key] = version  # the click's rerun: make it now
        asked = True
    if asked:
        data = _MADE[key.split("-", 1)[0]](version, make)
        where.download_button(
            download_label,
            data,
            file_name=file_name,
            mime=mime,
            key=key,
            on_click="ignore",
            icon=":material/download:",
            type="primary",
        )


def view_version(*parts: object) -> str:
    """The content version of a made file: what it shows and the data files it comes from."""
    return "|".join(map(str, parts)) + f"|{data_fingerprint(DATA_DIR)}"


def chart_downloads(
    bar,
    ctx,
    rows: pd.DataFrame | Callable[[], pd.DataFrame],
    stem: str,
    key: str,
    figure=None,
    events: pd.DataFrame | None = None,
    events_stem: str = "",
) -> None:
    """The download popover of a chart or table: the displayed rows (CSV), the full data (zip) and an
    SVG of `figure`, filled only while the popover is open. `key` is the chart's page-and-name slug."""
    popover = bar.popover(ctx.t("download.button"), icon=":material/download:", key=f"dl-{key}", on_change="rerun")
    with popover:
        if not popover.open:
            return
        st.download_button(
            ctx.t("download.csv"),
            downloads.table_csv(rows() if callable(rows) else rows, lang=ctx.lang, names=ctx.view.names),
            file_name=f"{stem}.csv",
            mime="text/csv",
            key=f"csv-{key}",
            on_click="ignore",
            icon=":material/table:",
        )
        if events is not None and not events.empty:  # events.csv's columns: an event id is never in a figure_id column
            st.download_button(
                ctx.t("download.csv_events"),
                downloads.table_csv(events, lang=ctx.lang, names=ctx.view.names),
                file_name=f"{events_stem or stem}.csv",
                mime="text/csv",
                key=f"csv-events-{key}",
                on_click="ignore",
                icon=":material/event:",
            )
        st.download_button(
            ctx.t("download.zip"),
            full_zip_bytes(ctx.lang),
            file_name=f"{downloads.file_stem('cenfigures', 'data', ctx.lang)}.zip",
            mime="application/zip",
            key=f"zip-{key}",
            on_click="ignore",
            icon=":material/folder_zip:",
        )
        if figure is None:
            return
        if export.svg_available():
            made_on_request(
                st,
                ctx.t("download.svg_make"),
                ctx.t("download.svg"),
                f"svg-{key}",
                view_version(key, ctx.lang, sorted(ctx.link_query().items())),
                lambda: export.figure_svg(figure.to_json()),
                f"{stem}.svg",
                "image/svg+xml",
                ":material/image:",
            )
        else:
            st.caption(ctx.t("download.svg_unavailable"))
        st.caption(ctx.t("download.png_hint"))


def deck_download(ctx, where, base_url: str) -> None:
    """The offline slide deck of every chart with the current filters, made on request."""
    tables, state, site = ctx.dataset.all_tables(), ctx.state, ctx.site
    made_on_request(
        where,
        ctx.t("present.deck_make"),
        ctx.t("present.deck"),
        f"deck-{'sidebar' if where is st.sidebar else 'main'}",
        view_version(ctx.lang, sorted(ctx.link_query(chart="", present=False, slide=1).items()), base_url),
        lambda: deck.deck_html(tables, state, site, base_url, strict=False).encode("utf-8"),
        f"{downloads.file_stem('cenfigures', 'deck', ctx.lang)}.html",
        "text/html",
        ":material/co_present:",
    )
