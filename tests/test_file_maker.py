"""The popovers' files are made on threads of their own (cenfigures/app/downloads.py FileMaker): once
per kind and version, shared by every session, a failure made again when asked again, and only so
many kept."""

from __future__ import annotations

import threading

import pytest

from cenfigures.app.downloads import FileMaker, Made


def made(kind: str, version: str, make) -> Made:
    return Made(kind, version, make, "label", "file", "text/plain", ":material/image:")


def test_a_file_is_made_once_per_kind_and_version():
    calls = []
    maker = FileMaker()

    def make():
        calls.append(1)
        return b"svg"

    first = maker.start(made("svg", "v1", make))
    assert maker.start(made("svg", "v1", make)) is first and first.result(5) == b"svg"
    assert maker.start(made("svg", "v2", make)).result(5) == b"svg"
    assert maker.start(made("pptx", "v1", make)).result(5) == b"svg"
    assert len(calls) == 3


def test_a_failed_file_is_made_again_when_asked_again():
    attempts = []

    def make():
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("renderer gone")
        return b"ok"

    maker = FileMaker()
    with pytest.raises(RuntimeError):
        maker.start(made("svg", "v", make)).result(5)
    assert maker.start(made("svg", "v", make)).result(5) == b"ok" and len(attempts) == 2


def test_the_oldest_files_go_past_the_limit_and_one_being_made_still_arrives():
    release = threading.Event()
    maker = FileMaker(keep={"small": 2, "large": 1})
    slow = maker.start(made("svg", "slow", lambda: release.wait(5) and b"slow"))
    for version in ("a", "b"):
        maker.start(made("svg", version, lambda: b"x")).result(5)
    assert ("svg", "slow") not in maker._files["small"] and list(maker._files["small"]) == [("svg", "a"), ("svg", "b")]
    release.set()
    assert slow.result(5) == b"slow"  # whoever asked for it still gets it
    assert maker.start(made("deck", "1", lambda: b"1")).result(5) == b"1"
    assert maker.start(made("deck", "2", lambda: b"2")).result(5) == b"2"
    assert list(maker._files["large"]) == [("deck", "2")]


def test_a_views_workbook_and_slide_are_made_in_another_process_as_the_page_would_make_them():
    # A FileJob is a few picklable values; the process reads the data folder itself. What it makes
    # holds what the same file made in this process holds.
    import io

    from openpyxl import load_workbook
    from pptx import Presentation

    from cenfigures.charts import catalog, filejobs, office
    from cenfigures.charts.deck import default_site
    from cenfigures.tables.dataset import load_dataset
    from cenfigures.tables.paths import DATA_DIR
    from cenfigures.view.filters import state_of

    tables = dict(load_dataset(DATA_DIR).all_tables())
    page = next(p for p in default_site(tables) if p.key == "digitization")
    state = state_of("en")
    here = catalog.slides(tables, state, (page,))
    chart = here[0].chart.name
    deck = office.DeckView(tables, state, (page,), "Digitization", "http://x/digitization", "http://x")
    maker = FileMaker()

    def job(kind: str, one: str = "") -> bytes:
        spec = filejobs.FileJob(
            kind, str(DATA_DIR), state, (page,), one, "Digitization", "http://x/digitization", "http://x"
        )
        return maker.start(made(kind, kind + one, spec)).result(180)

    def sheet_rows(data: bytes) -> list[tuple]:
        return [tuple(r) for r in load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True)]

    assert maker._process is None
    assert sheet_rows(job("xlsx", chart)) == sheet_rows(office.xlsx_bytes(deck, here[:1]))
    assert maker._process is not None  # made there, not on a thread here

    def slide_texts(data: bytes) -> list[list[str]]:
        shown = Presentation(io.BytesIO(data)).slides
        return [[s.text_frame.text for s in slide.shapes if s.has_text_frame] for slide in shown]

    assert slide_texts(job("pptx", chart)) == slide_texts(office.pptx_bytes(deck, here[:1], title_slide=False))
    assert len(Presentation(io.BytesIO(job("pptx"))).slides) == len(here) + 1  # the view's deck: a title slide first
    assert job("html").startswith(b"<!DOCTYPE html")


def _open_popover_until_made(at, key: str, limit: float = 180.0) -> None:
    """Open the download popover `key` and rerun (as its fragment's timer would) until no file of it
    is still being made."""
    import time

    at.session_state[key] = True
    at.run()
    deadline = time.monotonic() + limit
    while [b for b in at.button if b.key and b.key.startswith("making-")] and time.monotonic() < deadline:
        time.sleep(0.5)
        at.run()


@pytest.mark.parametrize("page_key", ["digitization", "indicators"])
def test_a_charts_popover_hands_over_its_slide_and_workbook(page_key):
    # A declared chart's files come from the file process; the Indicators page's chart has no
    # declaration and is made from its slide here (a job naming it failed in the process).
    from apptest_pages import open_site_page, site

    page = next(p for p in site() if p.key == page_key)
    at = open_site_page(page, lang="en", **({"chart": "targets"} if page_key == "digitization" else {}))
    name = at.selectbox(key="indicator-choice").value if page_key == "indicators" else "targets"
    _open_popover_until_made(at, f"dl-{page.key}-{name}")
    assert not at.exception
    kinds = {b.key.split("-")[0] for b in at.get("download_button") if b.key}
    assert {"csv", "zip", "pptx", "xlsx"} <= kinds
