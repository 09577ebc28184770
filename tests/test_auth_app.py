"""The password gate in a running app (streamlit.testing.v1.AppTest, no browser), tested by what a
visitor sees, not by the gate's internals.

Covers ``dashboard.py``, every ``pages/*.py`` (globbed at collection time, so new pages are covered
automatically; the generic topic page with a topic) and a small self-contained app that calls
``cenfigures.app.auth.gate`` directly, so the gate itself is tested apart from the pages.

For each app:
- gate off: the app runs; the data element kinds it shows are recorded as the expectation;
- password set, not signed in: one password input, the gate's own words and nothing else (no
  chart, table, metric, download, HTML, menu or page text);
- wrong password: the translated "denied" message, still nothing of the page;
- right password: no password form, and the data element kinds of the ungated run are back.
"""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cenfigures.view.labels import LANGUAGES, text
from cenfigures.view.site import GENERIC_TOPIC_FILE
from cenfigures.view.translate import Translator

REPO_ROOT = Path(__file__).resolve().parents[1]
PASSWORD_ENV = "CENFIGURES_PASSWORD"  # as docs/hosting.md documents it
PASSWORD = "korrekt-马-电池-Heftklammer"
TIMEOUT = 60

# Kinds of elements that show (or hand out) data. AppTest node types.
DATA_KINDS = (
    "plotly_chart",
    "arrow_data_frame",
    "dataframe",
    "table",
    "metric",
    "download_button",
    "vega_lite_chart",
    "deck_gl_json_chart",
    "json",
    "html",
    "page_link",
    "tab",
    "code",
)
# Kinds of elements that hold words: while locked, only the gate's own words may be among them.
TEXT_KINDS = ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error", "success", "code")
GATE_WORDS = ("title", "intro", "denied", "empty")


def _app_files() -> list[Path]:
    """dashboard.py and every page file (tests/test_signin.py walks them too)."""
    files = [REPO_ROOT / "dashboard.py", *sorted((REPO_ROOT / "pages").glob("*.py"))]
    return [f for f in files if f.exists()]


def _app_cases() -> list[tuple[Path, dict[str, str]]]:
    """Each app file with the link that shows a page of it (the generic topic page needs a topic)."""
    return [(f, {"id": "digitization"} if f == REPO_ROOT / GENERIC_TOPIC_FILE else {}) for f in _app_files()]


GATE_APP = textwrap.dedent(
    """
    import pandas as pd
    import plotly.graph_objects as go
    import streamlit as st

    from cenfigures.app.auth import gate

    lang = st.query_params.get("lang", "zh")
    gate(lang)
    df = pd.DataFrame({"a": [1, 2]})
    st.metric("m", 1)
    st.dataframe(df)
    st.plotly_chart(go.Figure(go.Bar(x=[1, 2], y=[3, 4])))
    st.download_button("csv", df.to_csv(), file_name="x.csv")
    st.markdown("secret page text")
    """
)


def _walk(node):
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _walk(child)


def _nodes(at: AppTest):
    yield from _walk(at._tree)


def data_kinds(at: AppTest) -> set[str]:
    """Kinds of data elements present anywhere in the app (main area, sidebar, containers); the
    gate's own style (auth.GATE_STYLE: it hides Streamlit's English hints) holds no data."""
    return {
        kind for node in _nodes(at) if (kind := getattr(node, "type", None)) in DATA_KINDS and not _gate_style(node)
    }


def _gate_style(node) -> bool:
    """The gate's style, or Streamlit's chrome in the page's language (cenfigures/app/chrome.py):
    constant elements of every page, the gate's too."""
    from cenfigures.app.auth import GATE_STYLE
    from cenfigures.app.chrome import escaped_chrome_html

    constant = {GATE_STYLE, *(escaped_chrome_html(Translator(lang)) for lang in LANGUAGES)}
    return getattr(node, "type", None) == "html" and getattr(getattr(node, "proto", None), "body", None) in constant


def words(at: AppTest) -> list[str]:
    return [str(element.value) for kind in TEXT_KINDS for element in at.get(kind)]


def password_inputs(at: AppTest) -> list:
    return [ti for ti in at.text_input if ti.proto.type == ti.proto.PASSWORD]


def _no_exception(at: AppTest, label: str) -> None:
    assert not at.exception, f"{label}: the app raised: " + "; ".join(e.message for e in at.exception)


def _assert_locked(at: AppTest, label: str, lang: str) -> None:
    kinds = data_kinds(at)
    assert not kinds, f"{label}: data visible while locked: {sorted(kinds)}"
    gate_words = {text(f"auth.{key}", lang) for key in GATE_WORDS}
    assert text("auth.title", lang) in words(at), f"{label}: the gate's title is not shown"
    leaked = [w for w in words(at) if w not in gate_words]
    assert not leaked, f"{label}: page text visible while locked: {leaked[:5]}"
    assert len(password_inputs(at)) == 1, f"{label}: {len(password_inputs(at))} password inputs while locked"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    monkeypatch.delenv(PASSWORD_ENV, raising=False)


@pytest.fixture
def gate_app(tmp_path, monkeypatch):
    path = tmp_path / "gate_app.py"
    path.write_text(GATE_APP, encoding="utf-8")
    monkeypatch.syspath_prepend(str(REPO_ROOT))
    return path


def _new(path: Path, *, password: str | None, lang: str | None = None, params: dict[str, str] | None = None) -> AppTest:
    """An AppTest showing ``path`` (not yet run; call ``.run()``).

    A file in pages/ cannot be the entrypoint (``st.page_link`` to the other pages resolves
    relative to the entrypoint), so pages start from dashboard.py and ``switch_page`` there;
    the first run happens here and must itself be locked when a password is set.
    """
    is_page = path.parent == REPO_ROOT / "pages"
    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py" if is_page else path), default_timeout=TIMEOUT)
    if password is not None:
        at.secrets["auth"] = {"password": password}
    if lang:
        at.query_params["lang"] = lang
    for key, value in (params or {}).items():
        at.query_params[key] = value
    if is_page:
        at.run()
        _no_exception(at, "dashboard.py before switching pages")
        if password is not None:
            _assert_locked(at, "dashboard.py", lang or "zh")
        at.switch_page(str(path.relative_to(REPO_ROOT)))
    return at


def _submit(at: AppTest, value: str) -> float:
    """Submit `value` in the password form; the seconds the answer took."""
    inputs = password_inputs(at)
    assert len(inputs) == 1, "expected exactly one password input"
    inputs[0].input(value)
    buttons = [b for b in at.button if b.proto.is_form_submitter]
    assert buttons, "no submit button in the password form"
    buttons[0].click()
    start = time.monotonic()
    at.run()
    return time.monotonic() - start


def _error_texts(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def _check_gate(path: Path, lang: str = "zh", *, params: dict[str, str] | None = None, rerun: bool = False) -> None:
    rel = path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path.name
    denied = text("auth.denied", lang)

    # gate off: what does the app show?
    open_at = _new(path, password=None, lang=lang, params=params).run()
    _no_exception(open_at, f"{rel} without password")
    assert not password_inputs(open_at), f"{rel}: password form shown although no password is set"
    expected_kinds = data_kinds(open_at)
    assert expected_kinds, f"{rel}: shows nothing even without a password"

    # password set, not signed in
    at = _new(path, password=PASSWORD, lang=lang, params=params).run()
    _no_exception(at, f"{rel} locked")
    _assert_locked(at, f"{rel} locked", lang)
    assert password_inputs(at)[0].label == text("auth.password", lang)

    # wrong password
    _submit(at, PASSWORD + "x")
    _no_exception(at, f"{rel} wrong password")
    assert denied in _error_texts(at), f"{rel}: no denied message, errors={_error_texts(at)}"
    _assert_locked(at, f"{rel} after a wrong password", lang)

    # right password (answered after the delay a failure earned)
    _submit(at, PASSWORD)
    _no_exception(at, f"{rel} right password")
    assert not password_inputs(at), f"{rel}: password form still shown after the right password"
    assert denied not in _error_texts(at)
    kinds = data_kinds(at)
    assert kinds == expected_kinds, f"{rel}: after sign-in shows {sorted(kinds)}, ungated {sorted(expected_kinds)}"

    if rerun:
        # admitted sessions stay admitted on the next rerun (widget interaction, navigation)
        at.run()
        assert not password_inputs(at)
        assert data_kinds(at) == expected_kinds


# --------------------------------------------------------------------------- the gate itself


def test_gate_self_contained_app_zh(gate_app):
    _check_gate(gate_app, "zh", rerun=True)


def test_gate_self_contained_app_en(gate_app):
    _check_gate(gate_app, "en", rerun=True)


def test_gate_off_shows_all_data_kinds(gate_app):
    at = _new(gate_app, password=None).run()
    # the detector sees every kind the self-contained app draws (guards DATA_KINDS' names)
    assert data_kinds(at) == {"metric", "arrow_data_frame", "plotly_chart", "download_button"} or data_kinds(at) == {
        "metric",
        "dataframe",
        "plotly_chart",
        "download_button",
    }
    assert "secret page text" in words(at)


def test_gate_env_var_password(gate_app, monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, "from-env")
    at = _new(gate_app, password=None).run()
    _assert_locked(at, "env password", "zh")
    _submit(at, "from-env")
    assert not password_inputs(at) and "metric" in data_kinds(at)


def test_the_environment_wins_over_the_secrets_file(gate_app, monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, "from-env")
    at = _new(gate_app, password=PASSWORD).run()
    _submit(at, PASSWORD)
    assert password_inputs(at) and not data_kinds(at)
    _submit(at, "from-env")
    assert not password_inputs(at) and "metric" in data_kinds(at)


def test_gate_empty_submission_asks_again_and_is_not_a_failure(gate_app):
    at = _new(gate_app, password=PASSWORD, lang="en").run()
    _submit(at, "")
    _assert_locked(at, "empty submission", "en")
    assert text("auth.empty", "en") in [w.value for w in at.warning]
    assert _submit(at, "nope") < 0.45  # the first failure: an empty submission did not count as one


def test_wrong_passwords_are_answered_ever_later_and_a_sign_in_resets_the_delay(gate_app):
    at = _new(gate_app, password=PASSWORD).run()
    first = _submit(at, "nope")
    second = _submit(at, "nope2")
    third = _submit(at, "nope3")
    assert first < 0.45 <= 0.5 <= second < third and third >= 1.0, (first, second, third)
    assert _submit(at, PASSWORD) >= 2.0  # three failures earned 2 s, whatever the answer
    assert "metric" in data_kinds(at)
    at.secrets["auth"] = {"password": "a-new-one"}  # locks the session out again
    at.run()
    assert password_inputs(at)
    assert _submit(at, "wrong-again") < 0.9  # counted from zero again (unreset, three failures would wait 2 s)


def test_changing_the_password_locks_admitted_sessions(gate_app):
    at = _new(gate_app, password=PASSWORD).run()
    _submit(at, PASSWORD)
    assert not password_inputs(at)
    at.secrets["auth"] = {"password": "a-new-one"}
    at.run()
    _assert_locked(at, "after a password change", "zh")


# --------------------------------------------------------------------------- every real page


@pytest.mark.parametrize("path, params", _app_cases(), ids=[str(p.relative_to(REPO_ROOT)) for p, _ in _app_cases()])
def test_every_page_is_gated(path, params, monkeypatch):
    monkeypatch.chdir(REPO_ROOT)  # pages read data/ relative to the repo root, as `streamlit run` does
    _check_gate(path, params=params)


@pytest.mark.parametrize(
    "path, params",
    [(REPO_ROOT / "pages" / "1_digitization.py", {}), (REPO_ROOT / "pages" / "8_indicators.py", {})],
    ids=["digitization", "indicators"],
)
def test_pages_are_gated_in_english_too(path, params, monkeypatch):
    monkeypatch.chdir(REPO_ROOT)
    _check_gate(path, "en", params=params, rerun=True)
