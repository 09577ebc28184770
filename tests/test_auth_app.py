"""The password gate in a running app (streamlit.testing.v1.AppTest, no browser).

Covers ``dashboard.py`` and every ``pages/*.py`` (globbed at collection time, so new pages are
covered automatically) plus a small self-contained app that calls ``cenfigures.app.auth.gate``
directly, so the gate itself is tested even while pages are still thin.

For each app:
- gate off: the app runs; the data element kinds it shows are recorded as the expectation;
- password set, not logged in: a password input and no data elements at all;
- wrong password: the translated "denied" message, still no data elements;
- right password: no password form, and the data element kinds of the ungated run are back.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cenfigures.app import auth

REPO_ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "korrekt-马-电池-Heftklammer"
TIMEOUT = 60

# Kinds of elements that show (or hand out) data. AppTest node types.
DATA_KINDS = ("plotly_chart", "arrow_data_frame", "dataframe", "table", "metric", "download_button",
              "vega_lite_chart", "deck_gl_json_chart", "json")


def _app_files() -> list[Path]:
    files = [REPO_ROOT / "dashboard.py"]
    files += sorted((REPO_ROOT / "pages").glob("*.py"))
    return [f for f in files if f.exists()]


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
    """Kinds of data elements present anywhere in the app (main area, sidebar, containers)."""
    found = set()
    for node in _nodes(at):
        kind = getattr(node, "type", None)
        if kind in DATA_KINDS:
            found.add(kind)
    return found


def password_inputs(at: AppTest) -> list:
    return [ti for ti in at.text_input if ti.proto.type == ti.proto.PASSWORD]


def _no_exception(at: AppTest, label: str) -> None:
    assert not at.exception, f"{label}: the app raised: " + "; ".join(e.message for e in at.exception)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    monkeypatch.delenv(auth.PASSWORD_ENV, raising=False)
    auth.FAILURES.clear()
    yield
    auth.FAILURES.clear()


@pytest.fixture
def gate_app(tmp_path, monkeypatch):
    path = tmp_path / "gate_app.py"
    path.write_text(GATE_APP, encoding="utf-8")
    monkeypatch.syspath_prepend(str(REPO_ROOT))
    return path


def _new(path: Path, *, password: str | None, lang: str | None = None) -> AppTest:
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
    if is_page:
        at.run()
        _no_exception(at, "dashboard.py before switching pages")
        if password is not None:
            kinds = data_kinds(at)
            assert not kinds, f"dashboard.py: data visible before login: {sorted(kinds)}"
        at.switch_page(str(path.relative_to(REPO_ROOT)))
    return at


def _submit(at: AppTest, value: str) -> AppTest:
    inputs = password_inputs(at)
    assert len(inputs) == 1, "expected exactly one password input"
    inputs[0].input(value)
    buttons = [b for b in at.button if b.proto.is_form_submitter]
    assert buttons, "no submit button in the password form"
    buttons[0].click()
    return at.run()


def _error_texts(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def _check_gate(path: Path, lang: str = "zh", *, rerun: bool = False) -> None:
    rel = path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path.name
    labels = auth.AUTH_LABELS[lang]

    # gate off: what does the app show?
    open_at = _new(path, password=None, lang=lang).run()
    _no_exception(open_at, f"{rel} without password")
    assert not password_inputs(open_at), f"{rel}: password form shown although no password is set"
    expected_kinds = data_kinds(open_at)

    # password set, not logged in
    at = _new(path, password=PASSWORD, lang=lang).run()
    _no_exception(at, f"{rel} locked")
    n_inputs = len(password_inputs(at))
    assert n_inputs == 1, f"{rel}: {n_inputs} password inputs while locked (expected 1)"
    kinds = data_kinds(at)
    assert not kinds, f"{rel}: data visible before login: {sorted(kinds)}"

    # wrong password
    _submit(at, PASSWORD + "x")
    _no_exception(at, f"{rel} wrong password")
    assert labels["denied"] in _error_texts(at), f"{rel}: no denied message, errors={_error_texts(at)}"
    kinds = data_kinds(at)
    assert not kinds, f"{rel}: data visible after a wrong password: {sorted(kinds)}"
    assert len(password_inputs(at)) == 1

    # right password (waits failure_delay(1) = 0.5 s first)
    _submit(at, PASSWORD)
    _no_exception(at, f"{rel} right password")
    assert not password_inputs(at), f"{rel}: password form still shown after the right password"
    assert labels["denied"] not in _error_texts(at)
    kinds = data_kinds(at)
    assert kinds == expected_kinds, f"{rel}: after login shows {sorted(kinds)}, ungated {sorted(expected_kinds)}"

    if rerun:
        # admitted sessions stay admitted on the next rerun (widget interaction, navigation)
        at.run()
        assert not password_inputs(at)
        assert data_kinds(at) == expected_kinds


# --------------------------------------------------------------------------- the gate itself

def test_gate_self_contained_app_zh(gate_app):
    _check_gate(gate_app, "zh", rerun=True)


def test_gate_self_contained_app_en(gate_app):
    at = _new(gate_app, password=PASSWORD, lang="en").run()
    assert password_inputs(at)[0].label == "Password"
    _check_gate(gate_app, "en", rerun=True)


def test_gate_off_shows_all_data_kinds(gate_app):
    at = _new(gate_app, password=None).run()
    # the detector sees every kind the self-contained app draws (guards DATA_KINDS' names)
    assert data_kinds(at) == {"metric", "dataframe", "plotly_chart", "download_button"}


def test_gate_env_var_password(gate_app, monkeypatch):
    monkeypatch.setenv(auth.PASSWORD_ENV, "from-env")
    at = _new(gate_app, password=None).run()
    assert password_inputs(at) and not data_kinds(at)
    _submit(at, "from-env")
    assert not password_inputs(at) and "metric" in data_kinds(at)


def test_gate_empty_submission_is_not_a_failure(gate_app):
    at = _new(gate_app, password=PASSWORD).run()
    _submit(at, "")
    assert not data_kinds(at)
    assert auth._FAILURES_KEY not in at.session_state


def test_gate_failures_counted_in_session(gate_app):
    at = _new(gate_app, password=PASSWORD).run()
    _submit(at, "nope")
    _submit(at, "nope2")  # waits 0.5 s
    assert at.session_state[auth._FAILURES_KEY] == 2
    _submit(at, PASSWORD)  # waits 1 s
    assert auth._FAILURES_KEY not in at.session_state
    assert "metric" in data_kinds(at)


def test_changing_the_password_locks_admitted_sessions(gate_app):
    at = _new(gate_app, password=PASSWORD).run()
    _submit(at, PASSWORD)
    assert not password_inputs(at)
    at.secrets["auth"] = {"password": "a-new-one"}
    at.run()
    assert password_inputs(at) and not data_kinds(at)


# --------------------------------------------------------------------------- every real page

@pytest.mark.parametrize("path", _app_files(), ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_every_page_is_gated(path, monkeypatch):
    monkeypatch.chdir(REPO_ROOT)  # pages read data/ relative to the repo root, as `streamlit run` does
    _check_gate(path)
