"""The /review page under AppTest: a viewer is refused with no data and never sees it in the menu; an
editor sees the article's entries, progress and prep's words; the save asks the server for the role
again, so a session that lost it writes nothing. (The walk through the screen in a real browser is
tests/browser/test_review_e2e.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from cenfigures.app import editors, review
from cenfigures.app.widgets import md_escape
from cenfigures.view.labels import text
from tests.apptest_pages import open_page
from tests.test_auth_app import DATA_KINDS, data_kinds
from tests.test_review import NAME, SOURCE_ID, make_corpus

REVIEW = "pages/10_review.py"


@pytest.fixture(autouse=True)
def no_roles(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CENFIGURES_PASSWORD", "CENFIGURES_PROXY_SECRET", editors.EDITORS_ENV, editors.EDITOR_PASSWORD_ENV):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    seeds, data = make_corpus(tmp_path)
    monkeypatch.setattr(review, "SEEDS_DIR", seeds)
    monkeypatch.setattr(review, "DATA_DIR", data)
    return seeds, data


def _menu(at) -> list[str]:
    return [link.proto.label for link in at.sidebar.get("page_link")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_viewer_is_refused_with_no_data(corpus, monkeypatch, lang) -> None:
    monkeypatch.setenv(editors.EDITOR_PASSWORD_ENV, "editor-pw")
    at = open_page(REVIEW, source=SOURCE_ID, lang=lang)
    assert not at.exception
    assert text("add.refused", lang) in [e.value for e in at.error]
    assert not data_kinds(at) & (set(DATA_KINDS) - {"page_link", "code", "html"}), data_kinds(at)
    assert text("page.review", lang) not in _menu(at)
    assert not any(button.label == text("rv.save", lang) for button in at.button)


@pytest.mark.parametrize(("user", "allowed"), [("alice", True), ("mallory", False)])
def test_behind_the_proxy_only_listed_users_review(corpus, monkeypatch, user, allowed) -> None:
    monkeypatch.setenv(editors.EDITORS_ENV, "alice")
    monkeypatch.setattr(editors, "_proxy_user", lambda: (True, user))
    at = open_page(REVIEW, source=SOURCE_ID)
    assert not at.exception, at.exception
    saves = [button for button in at.button if button.label == text("rv.save", "zh")]
    if allowed:
        assert saves and text("page.review", "zh") in _menu(at)
        shown = " ".join(c.value for c in at.caption)
        assert text("rv.progress", "zh", done=0, total=20) in " ".join(str(w.proto) for w in at.get("progress"))
        assert md_escape(NAME) in shown and "alice" in shown
    else:
        assert not saves and text("add.refused", "zh") in [e.value for e in at.error]


def test_the_save_asks_for_the_role_again(corpus, monkeypatch) -> None:
    seeds, _ = corpus
    monkeypatch.setenv(editors.EDITORS_ENV, "alice")
    monkeypatch.setattr(editors, "_proxy_user", lambda: (True, "alice"))
    at = open_page(REVIEW, source=SOURCE_ID)
    accept = next(button for button in at.button if button.label == text("rv.accept_next", "zh"))
    accept.click().run()
    assert not at.exception, at.exception
    assert text("rv.unsaved", "zh") in " ".join(c.value for c in at.caption)
    before = (seeds / NAME).read_bytes()
    monkeypatch.setattr(editors, "current_editor", lambda: None)  # the role is gone meanwhile
    save = next(button for button in at.button if button.label == text("rv.save", "zh"))
    save.click().run()
    assert (seeds / NAME).read_bytes() == before
    assert not (seeds / ".git").exists()
