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

Hence: the download popovers are filled only while they are open (opening one is one short rerun),
and files that take a while to make (the SVG and the pictures of a slide, by kaleido; the decks and
the workbook) are made away from the page's run (`FileMaker`: in a process of its own, at a lower
priority; the explorer's large table on a thread), once per view and data version, and
handed over with the page by a download button registered to this session: one click per file, and
nothing made by a callable. The popover does not wait for them beyond WAIT_SECONDS: a file not made
yet shows as a disabled button, and its row (a fragment) looks again until it is there.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from cenfigures.app.chrome import md_escape
from cenfigures.app.context import cached_slides, full_zip_bytes, server_base_url, view_slides, view_url
from cenfigures.charts import catalog, export, filejobs, office
from cenfigures.tables.dataset import data_fingerprint
from cenfigures.tables.paths import DATA_DIR
from cenfigures.view import downloads
from cenfigures.view.filters import slide_id

LARGE = {"deck", "pptx-deck", "xlsx-deck", "csv-large"}  # a whole view's files, a large corpus's table
KEEP = {"small": 48, "large": 6}  # files kept per group: a deck embeds plotly.js (about 5 MB) or pictures
MADE_PREFIX = "_made_"  # session_state: the content version a session asked to have made
WAIT_SECONDS = 0.3  # an opening popover waits this long for its files (alone: 0.1-0.3 s), then shows them as being made
POLL_SECONDS = 0.5  # then how often the popover's files look again, until every one is made


@dataclass(frozen=True)
class Made:
    """A file made when its popover opens: `kind` (svg, pptx, deck...), the version of what it shows,
    how to make it and how it is handed over."""

    kind: str
    version: str
    make: Callable[[], bytes]
    label: str
    file_name: str
    mime: str
    icon: str


class FileMaker:
    """Files made away from the page's run, kept per kind and content version and shared by every
    session (bytes are immutable, never copied). A `filejobs.FileJob` is made in a process of its own
    (charts/filejobs.py: a workbook or a deck is seconds of Python at 500 articles, which on a thread
    held the interpreter lock every session's rerun needs); any other `make` on a thread. A popover
    that opens asks for its files and is drawn without waiting for the slow ones. A file that
    failed is made again when next asked for; a process that died is started again."""

    def __init__(self, workers: int = 2, keep: dict[str, int] = KEEP):
        self._threads = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="cenfigures-files")
        self._process: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._keep = dict(keep)
        self._files: dict[str, OrderedDict[tuple[str, str], Future]] = {group: OrderedDict() for group in keep}

    def _submit(self, make: Callable[[], bytes]) -> Future:
        if not isinstance(make, filejobs.FileJob):
            return self._threads.submit(make)
        try:
            return self._processes().submit(filejobs.make, make)
        except BrokenProcessPool:  # its process died (killed, out of memory): a new one
            self._process = None
            return self._processes().submit(filejobs.make, make)

    def _processes(self) -> ProcessPoolExecutor:
        if self._process is None:  # spawned, not forked: the server has threads of its own
            self._process = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=filejobs.lower_priority
            )
        return self._process

    def start(self, made: Made) -> Future:
        """The file being made (or made already) for `made`'s kind and version."""
        group = "large" if made.kind in LARGE else "small"
        key = (made.kind, made.version)
        with self._lock:
            kept = self._files[group]
            future = kept.get(key)
            if future is None or (future.done() and future.exception() is not None):
                future = kept[key] = self._submit(made.make)
            kept.move_to_end(key)
            while len(kept) > self._keep[group]:  # a file still being made stays with those who asked
                kept.popitem(last=False)
        return future


MAKER = FileMaker()


def made_downloads(where, files: Sequence[tuple[Made, str]], making: str) -> None:
    """Each file of `files` ((made, widget key) pairs) behind one download button, in a row of
    `where`: made now, or taken from those made already. A file not made within WAIT_SECONDS shows as
    a disabled button (`making`: its tooltip) and the row looks again every POLL_SECONDS, then reruns
    the page once every file is there (which stops the looking); so the page answers at once and
    each file is still one click."""
    futures = [MAKER.start(made) for made, _ in files]
    with st.spinner(making):
        wait(futures, timeout=WAIT_SECONDS)
    polling = not all(future.done() for future in futures)

    def row() -> None:
        shown = st.container(horizontal=True, gap="small")
        ready = True
        for (made, key), future in zip(files, futures):
            if not future.done():
                ready = False
                shown.button(
                    made.label, key=f"making-{key}", disabled=True, icon=":material/hourglass_top:", help=making
                )
                continue
            shown.download_button(
                made.label,
                future.result(),  # a failure is the page's exception, as any other; asked again, it is made again
                file_name=made.file_name,
                mime=made.mime,
                key=key,
                on_click="ignore",
                icon=made.icon,
            )
        if polling and ready:
            st.rerun()  # a full run draws the row without the polling

    with where if where is not st else contextlib.nullcontext():  # `st`: the page's main area
        st.fragment(row, run_every=POLL_SECONDS if polling else None)()


def made_on_request(where, make_label: str, made: Made, key: str, making: str) -> None:
    """A file too large to make for every visitor (a large corpus's table: tens of MB): a
    `make_label` button, then, in the rerun its click causes and while the view stays the same, the
    file behind one download button (made_downloads)."""
    asked = st.session_state.get(MADE_PREFIX + key) == made.version
    if not asked and where.button(make_label, key=f"prepare-{key}", icon=made.icon):
        st.session_state[MADE_PREFIX + key] = made.version  # the click's rerun: make it now
        asked = True
    if asked:
        made_downloads(where, [(made, key)], making)


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
    slide: catalog.Slide | None = None,
) -> None:
    """The download popover of a chart or table, filled only while it is open: the displayed rows
    (CSV), the full data (zip) and, for a chart (`slide`: its page, chart and declaration), an SVG of
    `figure`, a PowerPoint slide and an Excel workbook of it. `key` is the chart's page-and-name slug.
    Its entries wrap in rows, so the open popover fits a 1280x900 window and a phone."""
    popover = bar.popover(ctx.t("download.button"), icon=":material/download:", key=f"dl-{key}", on_change="rerun")
    with popover:
        if not popover.open:
            return
        files = st.container(horizontal=True, gap="small", key=f"dl-files-{key}")
        files.download_button(
            ctx.t("download.csv"),
            downloads.table_csv(rows() if callable(rows) else rows, lang=ctx.lang, names=ctx.view.names),
            file_name=f"{stem}.csv",
            mime="text/csv",
            key=f"csv-{key}",
            on_click="ignore",
            icon=":material/table:",
        )
        if events is not None and not events.empty:  # events.csv's columns: an event id is never in a figure_id column
            files.download_button(
                ctx.t("download.csv_events"),
                downloads.table_csv(events, lang=ctx.lang, names=ctx.view.names),
                file_name=f"{events_stem or stem}.csv",
                mime="text/csv",
                key=f"csv-events-{key}",
                on_click="ignore",
                icon=":material/event:",
            )
        files.download_button(
            ctx.t("download.zip"),
            full_zip_bytes(ctx.lang),
            file_name=f"{downloads.file_stem('cenfigures', 'data', ctx.lang)}.zip",
            mime="application/zip",
            key=f"zip-{key}",
            on_click="ignore",
            icon=":material/folder_zip:",
        )
        if slide is not None:
            version = view_version(key, ctx.lang, sorted(ctx.link_query().items()), server_base_url())
            office_files = [
                Made(
                    "pptx",
                    version,
                    _slide_file(ctx, "pptx", slide),
                    ctx.t("download.pptx"),
                    f"{stem}.pptx",
                    PPTX_MIME,
                    ":material/slideshow:",
                ),
                Made(
                    "xlsx",
                    version,
                    _slide_file(ctx, "xlsx", slide),
                    ctx.t("download.xlsx"),
                    f"{stem}.xlsx",
                    XLSX_MIME,
                    ":material/grid_on:",
                ),
            ]
            made = [(m, f"{m.kind}-{key}") for m in office_files]
        else:
            made = []
        if figure is not None and export.svg_available():
            svg = Made(
                "svg",
                view_version(key, ctx.lang, sorted(ctx.link_query().items())),
                # Drawn by the file process's own Chromium, at its lower priority (a picture of a
                # chart of 500 articles kept a core busy under load).
                filejobs.FileJob("svg", str(DATA_DIR), ctx.state, figure_json=figure.to_json()),
                ctx.t("download.svg"),
                f"{stem}.svg",
                "image/svg+xml",
                ":material/image:",
            )
            made.append((svg, f"svg-{key}"))
        if made:
            made_downloads(st.container(), made, ctx.t("download.making"))
        if figure is None:
            return
        if not export.svg_available():
            st.caption(ctx.t("download.svg_unavailable"))
        st.caption(ctx.t("download.png_hint"))


PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _job(ctx, kind: str, pages: tuple, chart: str = "") -> filejobs.FileJob:
    """What a file of this view shows (made in another process): its charts under its filters, named
    by its page, with the link that reopens it."""
    return filejobs.FileJob(
        kind,
        str(DATA_DIR),
        ctx.state.with_(present=False, slide=1),
        tuple(pages),
        chart,
        ctx.page.label(ctx.t),
        view_url(ctx, present=False, slide=1, chart=""),
        server_base_url(),
    )


def _slide_file(ctx, kind: str, slide: catalog.Slide) -> Callable[[], bytes]:
    """How the `kind` file (pptx, xlsx) of one chart is made: by the file process from the chart's
    declaration, or, for a chart no declaration makes (the Indicators page's), here from the slide."""
    job = _job(ctx, kind, (slide.page,), slide.chart.name)
    if slide.spec is not None:
        return job
    deck = job.deck(ctx.dataset.all_tables())
    if kind == "pptx":
        return lambda: office.pptx_bytes(deck, [slide], title_slide=False)
    return lambda: office.xlsx_bytes(deck, [slide])


def _slide_picker(ctx, place: str) -> None:
    """A tick box per chart of the view, all ticked by default; the ticked ones (`?slides=`, so a
    link reproduces the choice) make the decks, the workbook and presentation mode. The last ticked
    one cannot be unticked: a deck has at least one slide."""
    every = view_slides(ctx)
    ids = [slide_id(s.page.key, s.chart.name) for s in every]
    ticked = set(ctx.state.slides) & set(ids) or set(ids)
    several_pages = len({s.page.key for s in every}) > 1
    st.caption(ctx.t("present.pick"))
    picker = st.container(key=f"slide-picker-{place}", height=min(44 * len(every), 220), border=False)
    for slide, sid in zip(every, ids):
        label = ctx.t("present.pick_label", page=slide.page.label(ctx.t), title=slide.chart.title)
        picker.checkbox(
            md_escape(label if several_pages else slide.chart.title),
            value=sid in ticked,
            key=f"pick-{place}-{sid}",
            disabled=ticked == {sid},
            on_change=_tick_slide,
            args=(sid, tuple(ids), frozenset(ticked)),
        )


def _tick_slide(sid: str, ids: tuple[str, ...], ticked: frozenset[str]) -> None:
    """Tick box callback: the slide in or out of `?slides=` (left out when every slide is ticked)."""
    now = ticked ^ {sid}
    kept = [i for i in ids if i in now]
    if len(kept) == len(ids):
        st.query_params.pop("slides", None)
    else:
        st.query_params["slides"] = kept


def deck_popover(ctx, where) -> None:
    """The view's files for a talk or a hand-out, in a popover filled while it is open: every chart
    of the view (catalog.view_pages: the page's, or every page's from a page without charts) as a
    PowerPoint deck, an Excel workbook and the offline HTML deck, each made once per view and handed
    over by one click."""
    place = "sidebar" if where is st.sidebar else "main"
    popover = where.popover(
        ctx.t("present.files"), icon=":material/co_present:", key=f"deck-files-{place}", on_change="rerun"
    )
    with popover:
        if not popover.open:
            return
        _slide_picker(ctx, place)
        base_url = server_base_url()
        slides = cached_slides(ctx)
        pages = catalog.view_pages(ctx.site, ctx.page)
        version = view_version(
            ctx.page.key, ctx.lang, sorted(ctx.link_query(chart="", present=False, slide=1).items()), base_url
        )
        stem = downloads.file_stem(ctx.page.key, "deck", ctx.lang)
        st.caption(ctx.t("present.files_help", count=ctx.t("count.charts", count=len(slides))))  # our words and a count
        files = [
            Made(
                "pptx-deck",
                version,
                _job(ctx, "pptx", pages),
                ctx.t("present.pptx"),
                f"{stem}.pptx",
                PPTX_MIME,
                ":material/slideshow:",
            ),
            Made(
                "xlsx-deck",
                version,
                _job(ctx, "xlsx", pages),
                ctx.t("present.xlsx"),
                f"{downloads.file_stem(ctx.page.key, 'data', ctx.lang)}.xlsx",
                XLSX_MIME,
                ":material/grid_on:",
            ),
            Made(
                "deck",
                version,
                _job(ctx, "html", pages),
                ctx.t("present.deck"),
                f"{stem}.html",
                "text/html",
                ":material/co_present:",
            ),
        ]
        made_downloads(st.container(), [(made, f"{made.kind}-{place}") for made in files], ctx.t("download.making"))
