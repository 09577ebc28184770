"""Editors and viewers (cenfigures.app.editors): who may add articles. Viewers never see /add in the
menu, a direct link gets a refusal with no data, and the write asks the server again (AppTest, with
the corpus folder a copy; the real browser's walk through /add is tests/browser/test_add_e2e.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cenfigures.app import add, editors
from cenfigures.view.labels import text
from tests.apptest_pages import open_page
from tests.test_auth_app import DATA_KINDS, data_kinds

ADD = "pages/9_add.py"
TEXT = "河北省2023年规模以上工业增加值同比增长6.9%，高于全国平均水平。\n数字经济核心产业增加值占比达到10.5%。\n"


@pytest.fixture(autouse=True)
def no_roles(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CENFIGURES_PASSWORD", "CENFIGURES_PROXY_SECRET", editors.EDITORS_ENV, editors.EDITOR_PASSWORD_ENV):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def corpus(seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The /add page writes into a copy of seeds/ and a data folder of the test's own."""
    monkeypatch.setattr(add, "SEEDS_DIR", seeds_copy)
    monkeypatch.setattr(add, "DATA_DIR", tmp_path / "data")
    return seeds_copy


def test_the_editor_list_and_password_are_read_from_settings() -> None:
    assert editors.configured_editors({editors.EDITORS_ENV: " alice, bob ,,"}, None) == {"alice", "bob"}
    assert editors.configured_editors({}, {"auth": {"editors": ["carol"]}}) == {"carol"}
    assert editors.configured_editors({}, None) == frozenset()
    assert (
        editors.configured_editor_password({editors.EDITOR_PASSWORD_ENV: "e"}, {"auth": {"editor_password": "f"}})
        == "e"
    )
    assert editors.configured_editor_password({}, {"auth": {"password": "viewer"}}) is None
    assert editors.editor_key("same") != "same"  # a viewer's token, signed with the same words, is no editor's


@pytest.mark.parametrize(("user", "editor"), [("alice", "alice"), ("bob", None), (None, None), ("", None)])
def test_behind_the_proxy_an_editor_is_a_listed_user(user, editor) -> None:
    assert editors.proxy_editor(user, frozenset({"alice"})) == editor


def _refused(at, lang: str = "zh") -> None:
    assert not at.exception
    assert text("add.refused", lang) in [e.value for e in at.error]
    assert not at.text_area and not at.get("file_uploader")  # no way in, and no data
    # the menu, the share link and Streamlit's chrome stand on every page a viewer may open; no data
    assert not data_kinds(at) & (set(DATA_KINDS) - {"page_link", "code", "html"}), data_kinds(at)


def _button(at, key: str, lang: str = "zh"):
    return next(b for b in at.button if b.label == text(key, lang))


def _sign_in(at, password: str):
    at.text_input[0].input(password)
    return _button(at, "editor.submit").click().run()


def _read_pasted(at):
    at.text_area[0].input(TEXT)
    return _button(at, "add.read").click().run()


def _menu(at) -> list[str]:
    """The pages the sidebar links to, by label."""
    return [link.proto.label for link in at.sidebar.get("page_link")]


def test_nobody_is_an_editor_when_none_is_configured() -> None:
    at = open_page(ADD)
    _refused(at)
    assert text("add.refused.none", "zh") in [c.value for c in at.caption]


def test_a_viewer_is_refused_and_never_sees_add_in_the_menu(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(editors.EDITOR_PASSWORD_ENV, "editor-pw")
    at = open_page(ADD, lang="en")
    _refused(at, "en")
    assert text("page.add", "en") not in _menu(at)
    home = open_page("dashboard.py")
    assert text("page.add", "zh") not in _menu(home) and text("page.explorer", "zh") in _menu(home)


def test_the_editor_password_opens_add(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(editors.EDITOR_PASSWORD_ENV, "editor-pw")
    at = open_page(ADD)
    _sign_in(at, "wrong")
    assert text("editor.denied", "zh") in [e.value for e in at.error]
    _sign_in(at, "editor-pw")
    assert not at.exception and not at.error
    assert at.title[0].value == text("page.add", "zh")
    assert [tab.label for tab in at.tabs] == [text(k, "zh") for k in ("add.paste", "add.upload", "add.link")]
    assert text("page.add", "zh") in _menu(at)  # an editor's menu has /add


@pytest.mark.parametrize(("user", "allowed"), [("alice", True), ("mallory", False)])
def test_behind_the_proxy_only_listed_users_add(user: str, allowed: bool, monkeypatch) -> None:
    monkeypatch.setenv(editors.EDITORS_ENV, "alice")
    monkeypatch.setenv(editors.EDITOR_PASSWORD_ENV, "ignored-behind-the-proxy")
    monkeypatch.setattr(editors, "_proxy_user", lambda: (True, user))
    at = open_page(ADD)
    if allowed:
        assert not at.error and at.title[0].value == text("page.add", "zh")
    else:
        _refused(at)
        assert text("add.refused.proxy", "zh") in [c.value for c in at.caption]
        assert not at.text_input  # no editor password behind the proxy


def test_pasted_text_is_checked_then_drafted(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(editors.EDITOR_PASSWORD_ENV, "editor-pw")
    at = open_page(ADD)
    _read_pasted(_sign_in(at, "editor-pw"))
    assert not at.exception and not at.error, [e.value for e in at.error]
    name = next(w for w in at.text_input if w.label == text("add.name", "zh"))
    name.input("pasted-test").run()
    _button(at, "add.draft").click().run()
    assert not at.exception, at.exception
    assert (corpus / "pasted-test.txt").read_text(encoding="utf-8") == TEXT
    assert 'added_by = "editor (password)"' in (corpus / "pasted-test.toml").read_text(encoding="utf-8")
    assert (corpus / "originals" / "pasted-test.txt").read_bytes() == TEXT.encode()


def test_the_write_asks_for_the_role_again(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(editors.EDITOR_PASSWORD_ENV, "editor-pw")
    at = open_page(ADD)
    _read_pasted(_sign_in(at, "editor-pw"))
    before = sorted(p.name for p in corpus.rglob("*"))
    monkeypatch.setattr(editors, "current_editor", lambda: None)  # the role is gone (password changed)
    draft = next((b for b in at.button if b.label == text("add.draft", "zh")), None)
    if draft is not None:
        draft.click().run()
    assert sorted(p.name for p in corpus.rglob("*")) == before
    assert not (corpus / "originals").exists()
