"""A view's files made away from the server's interpreter: a `FileJob` says what a file shows (its
kind, the view's state and pages, one chart or all of them) in a few small picklable values, and
`make(job)`, run in a process of its own, reads the data folder itself and makes the bytes.

Why a process: making a workbook or a deck is Python through and through (openpyxl, python-pptx,
plotly), and on a thread of the server it holds the one interpreter lock every session's rerun
needs. At 500 articles a chart's workbook cites thousands of figures (seconds; the map's cites every
figure of the corpus), and under the load test the reruns of every session waited behind it
(docs/benchmarks.md, "The knee at 500 articles against 1 article").
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cenfigures.charts import catalog, export, office
from cenfigures.view.filters import ViewState
from cenfigures.view.model import chart_specs
from cenfigures.view.site import Page


@dataclass(frozen=True)
class FileJob:
    """A file of a view: `kind` (pptx, xlsx, html: the offline deck; svg: `figure_json`'s picture),
    the view's `state` and `pages`, and `chart` (a page's chart name: that chart's slide alone, no
    title slide) or "" (every chart of the pages, as the state's `slides` choose). `heading` and `url`
    head the title slide and the workbook's about sheet; `base_url` makes the citations' links."""

    kind: str
    data_dir: str
    state: ViewState
    pages: tuple[Page, ...] = ()
    chart: str = ""
    heading: str = ""
    url: str = ""
    base_url: str = ""
    figure_json: str = ""

    def __call__(self) -> bytes:
        return make(self)

    def deck(self, tables: dict[str, pd.DataFrame]) -> office.DeckView:
        """What the file is of, over `tables`: the view's charts under its filters, named by its page."""
        return office.DeckView(
            tables, self.state.with_(present=False, slide=1), self.pages, self.heading, self.url, self.base_url
        )


_tables_lock = threading.Lock()
_tables: dict[str, tuple[object, dict[str, pd.DataFrame]]] = {}  # data dir -> (its fingerprint, its tables)


def tables_of(data_dir: str) -> tuple[object, dict[str, pd.DataFrame]]:
    """The tables of `data_dir` with the data files' sizes and times they were read at; read again
    only when a file of it changed (a review's edit)."""
    from cenfigures.tables.dataset import data_fingerprint, load_dataset

    print_now = data_fingerprint(Path(data_dir))
    with _tables_lock:
        kept = _tables.get(data_dir)
        if kept is None or kept[0] != print_now:
            kept = _tables[data_dir] = (print_now, dict(load_dataset(Path(data_dir)).all_tables()))
        return kept


def lower_priority() -> None:
    """The file process's initializer: a file is background work, a page's rerun is someone waiting;
    when both want a core the server's reruns get it first (nice 10)."""
    os.nice(10)


_charts_lock = threading.Lock()
_charts: OrderedDict[tuple, catalog.Slide] = OrderedDict()  # a chart's slide, for its pptx and then its xlsx
CHARTS_KEPT = 8


def _chart_slide(job: FileJob, version: object, tables: dict[str, pd.DataFrame], state: ViewState) -> catalog.Slide:
    """The slide of `job`'s chart, built once for the chart's PowerPoint slide and its workbook."""
    page = job.pages[0]
    key = (job.data_dir, version, repr(state.only(page.uses)), page.key, job.chart)
    with _charts_lock:
        kept = _charts.get(key)
    if kept is None:
        spec = next(s for s in chart_specs(tables.get("charts")) if s.page == page.charts and s.id == job.chart)
        kept = catalog.Slide(page, catalog.build(tables, state, page, spec), spec)
        with _charts_lock:
            _charts[key] = kept
            while len(_charts) > CHARTS_KEPT:
                _charts.popitem(last=False)
    return kept


def make(job: FileJob) -> bytes:
    """The bytes of `job`'s file."""
    if job.kind == "svg":
        return export.figure_svg(job.figure_json)
    from cenfigures.charts import deck as deck_module

    version, tables = tables_of(job.data_dir)
    deck = job.deck(tables)
    state = deck.state
    if job.kind == "html":
        return deck_module.deck_html(tables, state, job.pages, job.base_url, strict=False).encode("utf-8")
    if job.chart:
        slides = [_chart_slide(job, version, tables, state)]
    else:
        slides = catalog.chosen(catalog.slides(tables, state, job.pages, strict=False), state.slides)
    if job.kind == "pptx":
        return office.pptx_bytes(deck, slides, title_slide=not job.chart)
    return office.xlsx_bytes(deck, slides)
