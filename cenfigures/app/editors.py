"""Who may add articles (the /add page, cenfigures.app.add): editors. Viewers never see /add in the
menu, a direct link gets a refusal with no data, and every write checks the role again on the server.

- Proxy mode (CENFIGURES_PROXY_SECRET set, cenfigures.app.signin): the editors are the users nginx
  signs in (st.user, from its X-Cenfigures-User header) listed in CENFIGURES_EDITORS (comma-separated
  names; or `editors` in the [auth] table of .streamlit/secrets.toml). The editor password is not
  used there: the proxy already says who is who.
- Single-process mode: a separate editor password (CENFIGURES_EDITOR_PASSWORD, or `editor_password`
  in [auth]), asked on /add. After it, the browser keeps a signed, expiring editor cookie
  (`cenfigures_editor`, 12 hours, as the viewer's cookie of cenfigures.app.auth, signed under another
  key, so a viewer's cookie never admits an editor even when both passwords were the same). Wrong
  passwords wait longer each time, counted per session and per client, as the viewer's.

Nobody is an editor when neither is configured. The command line (python -m cenfigures.intake) asks
for no role: whoever runs it can write the corpus folder anyway.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from cenfigures.app import auth, signin

if TYPE_CHECKING:
    from cenfigures.app.context import PageContext

EDITORS_ENV = "CENFIGURES_EDITORS"
EDITOR_PASSWORD_ENV = "CENFIGURES_EDITOR_PASSWORD"
EDITOR_COOKIE = "cenfigures_editor"
EDITOR_BY_PASSWORD = "editor (password)"  # who wrote, in single-process mode: there is one shared password
_ADMITTED_KEY = "_cenfigures_editor_admitted"
_FAILURES_KEY = "_cenfigures_editor_failures"
_FORM_KEY = "_cenfigures_editor_form"
_INPUT_KEY = "_cenfigures_editor_password"
_COOKIE_PENDING = "_cenfigures_editor_cookie"  # the signed token to store once the page is drawn again
FAILURES = auth.FailureTable()


def _auth_section(secrets: Mapping[str, Any] | None) -> Mapping[str, Any]:
    try:
        section = secrets.get("auth") if secrets is not None else None
    except (KeyError, FileNotFoundError):
        section = None
    return section if isinstance(section, Mapping) else {}


def configured_editors(env: Mapping[str, str] | None, secrets: Mapping[str, Any] | None) -> frozenset[str]:
    """The user names of the editors (proxy mode): the environment wins; names are trimmed."""
    value: Any = (env or {}).get(EDITORS_ENV) or _auth_section(secrets).get("editors") or ""
    names = value if isinstance(value, (list, tuple)) else str(value).split(",")
    return frozenset(str(name).strip() for name in names if str(name).strip())


def configured_editor_password(env: Mapping[str, str] | None, secrets: Mapping[str, Any] | None) -> str | None:
    value = (env or {}).get(EDITOR_PASSWORD_ENV) or _auth_section(secrets).get("editor_password")
    return str(value) if value else None


def editor_key(password: str) -> str:
    """What editor tokens are signed with: the editor password under its own name, so that a viewer's
    token (signed with the viewer password) is never an editor's."""
    return "cenfigures-editor\0" + password


def proxy_editor(user: str | None, editors: frozenset[str]) -> str | None:
    """The signed-in user when the editor list names them (case as written, spaces trimmed)."""
    return user if user and user in editors else None


# --------------------------------------------------------------------------- Streamlit part


def _proxy_user() -> tuple[bool, str | None]:
    """(proxy mode on, the user nginx signed in for this session or None)."""
    import streamlit as st

    secret = signin.configured_secret(os.environ, auth._secrets_mapping())
    if secret is None:
        return False, None
    try:
        headers = st.context.headers
    except Exception:
        headers = None
    if not signin.came_through_proxy(secret, signin.header(headers, signin.SECRET_HEADER)):
        return True, None
    return True, signin.signed_in_user(st.user)


def current_editor() -> str | None:
    """The editor this session is, or None: looked up again on every call (every write calls it)."""
    import streamlit as st

    secrets = auth._secrets_mapping()
    in_proxy_mode, user = _proxy_user()
    if in_proxy_mode:
        return proxy_editor(user, configured_editors(os.environ, secrets))
    password = configured_editor_password(os.environ, secrets)
    if password is None:
        return None
    key = editor_key(password)
    if st.session_state.get(_ADMITTED_KEY) == auth.admitted_token(key):
        return EDITOR_BY_PASSWORD
    if auth.token_valid(auth._cookie(EDITOR_COOKIE), key, auth._cookie_secret(), time.time()):
        st.session_state[_ADMITTED_KEY] = auth.admitted_token(key)
        return EDITOR_BY_PASSWORD
    return None


def require_editor(lang: str) -> str:
    """The editor this session is; else a refusal with no data (with the editor password's form in
    single-process mode) and the script stops."""
    import html

    import streamlit as st
    import streamlit.components.v1 as components

    from cenfigures.view.labels import text

    editor = current_editor()
    if editor is not None:
        pending = st.session_state.pop(_COOKIE_PENDING, None)
        if pending:  # signed in on the run before: a reload or another tab of this browser stays an editor's
            components.html(auth.cookie_script(html.escape(pending), cookie=EDITOR_COOKIE), height=0)
        return editor
    secrets = auth._secrets_mapping()
    in_proxy_mode, _user = _proxy_user()
    password = None if in_proxy_mode else configured_editor_password(os.environ, secrets)
    box = st.empty()
    with box.container():
        st.error(text("add.refused", lang), icon=":material/lock:")
        if in_proxy_mode:
            st.caption(text("add.refused.proxy", lang))
            st.stop()
        if password is None:
            st.caption(text("add.refused.none", lang))
            st.stop()
        st.subheader(text("editor.title", lang))
        with st.form(_FORM_KEY, clear_on_submit=True):
            given = st.text_input(text("editor.password", lang), type="password", key=_INPUT_KEY)
            submitted = st.form_submit_button(text("editor.submit", lang))
        message = st.empty()
    if not (submitted and given):
        st.stop()
    client = auth.client_key(auth._client_ip())
    failures = max(int(st.session_state.get(_FAILURES_KEY, 0)), FAILURES.get(client))
    delay = auth.failure_delay(failures)
    if delay:
        time.sleep(delay)  # before answering, whatever the answer
    if not auth.password_matches(given, password):
        st.session_state[_FAILURES_KEY] = failures + 1
        FAILURES.record_failure(client)
        message.error(text("editor.denied", lang))
        st.stop()
    key = editor_key(password)
    st.session_state[_ADMITTED_KEY] = auth.admitted_token(key)
    st.session_state.pop(_FAILURES_KEY, None)
    FAILURES.clear(client)
    secret = auth._cookie_secret()
    if secret:
        st.session_state[_COOKIE_PENDING] = auth.make_token(key, secret, time.time())  # digits, "." and hex
    st.rerun()  # drawn again as an editor's: the menu with /add, the page, the cookie


def review_link(ctx: PageContext, source_id: str) -> None:
    """For an editor, a link to the article's review screen (/review); nothing for anyone else (the
    screen refuses them anyway: the link only saves an editor a step)."""
    import streamlit as st

    if current_editor() is None:
        return
    st.page_link(
        "pages/10_review.py",
        label=ctx.t("rv.open_review"),
        icon=":material/fact_check:",
        query_params={"source": source_id, "lang": ctx.state.lang},
    )
