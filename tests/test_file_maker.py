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
