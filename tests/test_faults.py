"""Faults and bad input: broken data files and fuzzed links never crash a page or echo input."""

from __future__ import annotations

import random
import re
import shutil
import string
from pathlib import Path

import apptest_pages
import pytest
from streamlit.testing.v1 import AppTest

from cenfigures.app import context as ui
from cenfigures.tables.dataset import load_dataset
from cenfigures.tables.paths import DATA_DIR, REBUILD_COMMAND
from cenfigures.view import filters
from cenfigures.view.labels import text
from cenfigures.view.site import PAGES

# Which data files each page cannot do without (the others it may lose and keep working).
NEEDS = {
    "overview": {"figures", "sources"},
    "digitization": {"figures", "sources"},
    "uhd_video": {"figures", "sources"},
    "olympics_5g": {"figures", "sources", "events"},
    "regions": {"figures", "sources", "regions"},
    "timeline": {"events", "sources"},
    "explorer": {"figures"},
    "source": {"sources", "mentions", "figures", "events"},
}

CORRUPTIONS = {
    "deleted": lambda path: path.unlink(),
    "empty": lambda path: path.write_bytes(b""),
    "truncated": lambda path: path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2]),
    "wrong columns": lambda path: path.write_text("a,b,c\n1,2,3\n", encoding="utf-8"),
    "not utf-8": lambda path: path.write_bytes("标题,数值\n河北,63\n".encode("gbk")),
}


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    """A private copy of data/ that the app reads instead of the real one."""
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    monkeypatch.setattr(ui, "DATA_DIR", copy)
    ui._dataset_for.clear()
    yield copy
    ui._dataset_for.clear()


def open_page(page_path: str, at: AppTest | None = None, **params: str) -> AppTest:
    if at is None:
        return apptest_pages.open_page(page_path, **params)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at


def shown_text(at: AppTest) -> str:
    parts = [e.value for kind in ("error", "warning", "info", "markdown", "caption") for e in at.get(kind)]
    return "\n".join(str(p) for p in parts)


BROKEN = [("figures", corruption) for corruption in CORRUPTIONS] + [("events", "truncated"), ("mentions", "deleted"), ("regions", "not utf-8")]


@pytest.mark.parametrize("table, corruption", BROKEN)
def test_a_broken_file_is_named_with_its_fix_and_other_pages_keep_working(data_copy, table, corruption):
    CORRUPTIONS[corruption](data_copy / f"{table}.csv")
    for page in PAGES:
        at = open_page(page.path, lang="en")
        assert not at.exception, (page.key, [e.value for e in at.exception])
        errors = " ".join(e.value for e in at.error).replace("\\", "")  # shown as escaped markdown
        if table in NEEDS[page.key]:
            assert f"{table}.csv" in errors and REBUILD_COMMAND in errors, (page.key, errors)
        else:
            assert f"{table}.csv" not in errors, (page.key, errors)


def test_repairing_the_file_recovers_without_a_restart(data_copy):
    good = (data_copy / "figures.csv").read_bytes()
    (data_copy / "figures.csv").write_bytes(good[:500])
    at = open_page("pages/1_digitization.py", lang="en")
    assert "figures.csv" in " ".join(e.value for e in at.error).replace("\\", "")
    assert not at.get("plotly_chart")
    (data_copy / "figures.csv").write_bytes(good)
    at.run()
    assert not at.error
    assert at.get("plotly_chart")


def test_the_data_error_message_is_translated(data_copy):
    (data_copy / "figures.csv").unlink()
    zh = " ".join(e.value for e in open_page("dashboard.py").error)
    en = " ".join(e.value for e in open_page("dashboard.py", lang="en").error)
    assert text("data.reason.missing", "zh") in zh and text("data.reason.missing", "en") in en


ALPHABET = string.printable + "河北省第十九届<>\"'&;{}[]%\u202e\u200b\x00\x07\x1b\U0001f600"
KEYS = ["lang", "region", "topic", "kind", "years", "q", "present", "slide", "embed", "x", "<b>", "region[]"]


def fuzz_cases(count: int, seed: int = 20220106) -> list[dict[str, list[str]]]:
    """Query strings mixing our keys with junk: unicode, control characters, 10 KB values,
    repeated keys, markup, and numbers where text is expected."""
    rng = random.Random(seed)
    makers = [
        lambda: "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40))),
        lambda: "A" * 10_240,
        lambda: "<script>alert(document.cookie)</script>",
        lambda: "<img src=x onerror=alert(1)>",
        lambda: str(rng.randint(-10**12, 10**12)),
        lambda: f"{rng.randint(1900, 2100)}-{rng.randint(1900, 2100)}",
        lambda: rng.choice(["hebei", "national", "target", "en", "zh", "1", "0", "uhd_video", "2016-2020"]),
        lambda: "[](javascript:alert(1)) **bold** $x^2$ :red[x]",
    ]
    cases = []
    for _ in range(count):
        case: dict[str, list[str]] = {}
        for _ in range(rng.randint(1, 4)):
            key = rng.choice(KEYS) if rng.random() < 0.85 else rng.choice(makers)()[:30]
            case.setdefault(key, []).extend(rng.choice(makers)() for _ in range(rng.randint(1, 3)))
        cases.append(case)
    return cases


FUZZ_PER_PAGE = 64  # 8 pages x 64 = 512 generated cases


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.key)
def test_fuzzed_links_never_raise_and_are_never_echoed(page):
    at = open_page(page.path)
    options = filters.FilterOptions.from_figures(load_dataset().tables["figures"])
    cases = fuzz_cases(FUZZ_PER_PAGE, seed=sum(map(ord, page.key)))  # fixed per page, across runs
    for case in cases:
        # A search the page accepts is meant to be shown back ("search: …"), as escaped text only.
        accepted = filters.parse_query(case, options).state.search if "q" in page.uses else ""
        at.query_params.clear()
        for key, values in case.items():
            at.query_params[key] = values
        at.run()
        assert not at.exception, (case, [e.value for e in at.exception])
        shown = shown_text(at)
        for values in case.values():
            for value in values:
                if value == accepted and not re.search(r"[<>&]", value):
                    continue
                if len(value) >= 6 and value not in ("hebei", "national", "target", "uhd_video", "2016-2020"):
                    assert value not in shown, (page.key, value[:60])
        assert "<script" not in shown and "<img" not in shown
