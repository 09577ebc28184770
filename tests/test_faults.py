"""Faults and bad input: broken data files are named per file with the command that rebuilds them,
pages recover once a file is repaired, and fuzzed links never crash a page or echo input."""

from __future__ import annotations

import random
import re
import shutil
import string
from dataclasses import replace
from pathlib import Path

import apptest_pages
import pytest
from streamlit.testing.v1 import AppTest

from cenfigures.app.chrome import escaped_chrome_html
from cenfigures.app.widgets import COPY_SCRIPT
from cenfigures.tables.dataset import load_dataset
from cenfigures.tables.paths import DATA_DIR, REBUILD_COMMAND
from cenfigures.view import filters
from cenfigures.view.labels import LANGUAGES, text
from cenfigures.view.site import GENERIC_TOPIC_FILE
from cenfigures.view.translate import Translator

SITE = apptest_pages.site()
GENERIC = replace(
    next(p for p in SITE if p.key == "digitization"), path=GENERIC_TOPIC_FILE, query={"id": "digitization"}
)
PAGES = [*SITE, GENERIC]
PAGE_IDS = [page.key for page in SITE] + ["topic?id=digitization"]

# Which data files each page cannot do without: it names these when they are broken, and no others.
TOPIC_NEEDS = {"figures", "sources", "events", "charts", "topics"}  # charts as tabs; the page itself is declared
NEEDS = {
    "overview": {"figures", "sources", "topics", "charts"},  # headline cards are declared in charts.csv
    "regions": {"figures", "sources", "regions", "region_notes", "charts"},
    "timeline": {"figures", "sources", "events", "charts"},
    "indicators": {"figures", "sources", "indicators"},
    "explorer": {"figures", "sources"},
    "source": {"figures", "sources", "mentions", "events"},
}


def needs(page) -> set[str]:
    return TOPIC_NEEDS if page.is_topic else NEEDS[page.key]


CORRUPTIONS = {
    "deleted": lambda path: path.unlink(),
    "empty": lambda path: path.write_bytes(b""),
    "truncated": lambda path: path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2]),
    "wrong columns": lambda path: path.write_text("a,b,c\n1,2,3\n", encoding="utf-8"),
    "not utf-8": lambda path: path.write_bytes("标题,数值\n河北,63\n".encode("gbk")),
}


@pytest.fixture
def data_copy(tmp_path, use_data) -> Path:
    """A private copy of data/ that the app reads instead of the real one."""
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    return use_data(copy)


def open_page(page, at: AppTest | None = None, **params: str) -> AppTest:
    if at is None:
        return apptest_pages.open_site_page(page, **params)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at


def errors_of(at: AppTest) -> str:
    return " ".join(e.value for e in at.error).replace("\\", "")  # shown as escaped markdown


CHROME_HTML = {escaped_chrome_html(Translator(lang)) for lang in LANGUAGES}


def shown_text(at: AppTest) -> str:
    parts = [e.value for kind in ("error", "warning", "info", "markdown", "caption", "title") for e in at.get(kind)]
    # Streamlit's chrome in the page's language is a constant script of every page (no link text in it),
    # and so is the share link's copy script (the link itself sits escaped in the button's attribute).
    parts += [h.proto.body.replace(COPY_SCRIPT, "") for h in at.get("html") if h.proto.body not in CHROME_HTML]
    return "\n".join(str(p) for p in parts)


BROKEN = [("figures", corruption) for corruption in CORRUPTIONS] + [
    ("sources", "deleted"),
    ("events", "truncated"),
    ("mentions", "deleted"),
    ("regions", "not utf-8"),
    ("region_notes", "truncated"),
    ("indicators", "empty"),
    ("topics", "wrong columns"),
    ("charts", "empty"),
]


@pytest.mark.parametrize("table, corruption", BROKEN, ids=[f"{t}-{c}" for t, c in BROKEN])
def test_a_broken_file_is_named_with_its_fix_and_other_pages_keep_working(data_copy, table, corruption):
    CORRUPTIONS[corruption](data_copy / f"{table}.csv")
    for page in PAGES:
        at = open_page(page, lang="en")
        assert not at.exception, (page.key, [e.value for e in at.exception])
        errors = errors_of(at)
        if table in needs(page):
            assert f"{table}.csv" in errors and REBUILD_COMMAND in errors, (page.key, errors)
        else:
            assert f"{table}.csv" not in errors, (page.key, errors)
            assert not errors, (page.key, errors)


@pytest.mark.parametrize(
    "table, page_key",
    [("figures", "digitization"), ("events", "timeline"), ("charts", "regions"), ("topics", "uhd_video")],
)
def test_repairing_the_file_recovers_without_a_restart(data_copy, table, page_key):
    page = next(p for p in SITE if p.key == page_key)
    good = (data_copy / f"{table}.csv").read_bytes()
    (data_copy / f"{table}.csv").write_bytes(good[:300])
    at = open_page(page, lang="en")
    assert f"{table}.csv" in errors_of(at)
    assert not at.get("plotly_chart")
    (data_copy / f"{table}.csv").write_bytes(good)
    at.run()
    assert not at.exception and not at.error
    assert at.get("plotly_chart")
    assert at.title[0].value == page.label(Translator("en"))


def test_a_changed_article_copy_is_named_on_the_source_page_and_recovers(data_copy):
    source = load_dataset(data_copy).table("sources").iloc[0]
    copy = data_copy / "articles" / source["file"]
    good = copy.read_bytes()
    page = next(p for p in SITE if p.key == "source")
    for broken in (good + b" ", None):
        if broken is None:
            copy.unlink()
        else:
            copy.write_bytes(broken)
        at = open_page(page, lang="en")
        assert not at.exception
        assert source["file"] in errors_of(at) and REBUILD_COMMAND in errors_of(at)
        assert len(at.main.get("html")) == 1  # the list of figures stays; the article is not shown
    copy.write_bytes(good)
    at.run()
    assert not at.error and len(at.main.get("html")) == 2


def test_the_data_error_message_is_translated(data_copy):
    (data_copy / "figures.csv").unlink()
    overview = SITE[0]
    zh = " ".join(e.value for e in open_page(overview).error)
    en = " ".join(e.value for e in open_page(overview, lang="en").error)
    assert text("data.reason.missing", "zh") in zh and text("data.reason.missing", "en") in en


ALPHABET = string.printable + "河北省第十九届<>\"'&;{}[]%\u202e\u200b\x00\x07\x1b\U0001f600"
KEYS = [
    "lang",
    "region",
    "topic",
    "kind",
    "years",
    "q",
    "source",
    "chart",
    "present",
    "slide",
    "id",
    "indicator",
    "embed",
    "x",
    "<b>",
    "region[]",
]
KNOWN = (
    "hebei",
    "national",
    "target",
    "uhd_video",
    "2016-2020",
    "digitization",
    "nc_rate",
    "targets",
    "cen-2022-01-local-it",
)


def fuzz_cases(count: int, seed: int = 20220106) -> list[dict[str, list[str]]]:
    """Query strings mixing our keys with junk: unicode, control characters, 10 KB values,
    repeated keys, markup, and numbers where text is expected."""
    rng = random.Random(seed)
    makers = [
        lambda: "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40))),
        lambda: "A" * 10_240,
        lambda: "<script>alert(document.cookie)</script>",
        lambda: "<img src=x onerror=alert(1)>",
        lambda: str(rng.randint(-(10**12), 10**12)),
        lambda: f"{rng.randint(1900, 2100)}-{rng.randint(1900, 2100)}",
        lambda: rng.choice(["en", "zh", "1", "0", *KNOWN]),
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


FUZZ_PER_PAGE = 64  # 10 pages x 64 = 640 generated cases


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_fuzzed_links_never_raise_and_are_never_echoed(page):
    at = open_page(page)
    cases = fuzz_cases(FUZZ_PER_PAGE, seed=sum(map(ord, page.path + page.key)))  # fixed per page, across runs
    for case in cases:
        # A search is said back in words ("the text contains …"), as escaped text only; it does not
        # depend on the page's options.
        accepted = filters.parse_query(case, filters.FilterOptions()).state.search
        at.query_params.clear()
        for key, values in {**{k: [v] for k, v in page.query.items()}, **case}.items():
            at.query_params[key] = values
        at.run()
        assert not at.exception, (case, [e.value for e in at.exception])
        shown = shown_text(at)
        for values in case.values():
            for value in values:
                if value == accepted and not re.search(r"[<>&]", value):
                    continue
                if len(value) >= 6 and value not in KNOWN:
                    assert value not in shown, (page.key, value[:60])
        assert "<script" not in shown and "<img" not in shown
