"""Sign-in through the reverse proxy (proxy mode): nginx authenticates, the app trusts only nginx.

A team signs in where it already does: nginx asks for a password (basic auth against an htpasswd
file) or hands the request to an SSO gate (oauth2-proxy through `auth_request`); the browser keeps
that sign-in for the whole site, so a reload or a second tab never asks again. nginx then forwards
the user's name in `X-Cenfigures-User`, which Streamlit 1.67 maps to `st.user.name`
(`server.trustedUserHeaders` in .streamlit/config.toml), and adds the shared secret
`X-Cenfigures-Proxy` that only nginx and the app know.

Proxy mode is on when a secret is configured (`CENFIGURES_PROXY_SECRET`, or `proxy_secret` in the
`[auth]` table of `.streamlit/secrets.toml`). Then every page checks, before anything is drawn, that
its session came through nginx: the secret header matches (compared in constant time) and a user
is named. Anything else (a request straight to a replica's port, a forged user header without the
secret) gets a refusal and no data. Without a secret the check is off, and the in-app password
gate (cenfigures.app.auth) is the way for a single process without a proxy.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Mapping
from typing import Any

SECRET_ENV = "CENFIGURES_PROXY_SECRET"
SECRET_HEADER = "X-Cenfigures-Proxy"
USER_HEADER = "X-Cenfigures-User"
USER_KEY = "name"  # server.trustedUserHeaders maps USER_HEADER to st.user.name


def configured_secret(env: Mapping[str, str] | None, secrets: Mapping[str, Any] | None) -> str | None:
    """The proxy's shared secret, or None when proxy mode is off (the environment wins; "" is unset)."""
    value = (env or {}).get(SECRET_ENV)
    if value:
        return value
    try:
        section = secrets.get("auth") if secrets is not None else None
    except (KeyError, FileNotFoundError):
        section = None
    value = section.get("proxy_secret") if isinstance(section, Mapping) else None
    return str(value) if value else None


def header(headers: Mapping[str, str] | None, name: str) -> str | None:
    """A request header's first value, whatever its case (None when absent)."""
    if not headers:
        return None
    for key in (name, name.lower()):
        try:
            value = headers.get(key)
        except Exception:  # a mock or a broken mapping: no header
            value = None
        if isinstance(value, str):
            return value
    return None


def came_through_proxy(secret: str, given: str | None) -> bool:
    """The request carries the proxy's secret (constant-time comparison of the UTF-8 bytes)."""
    if not secret or not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), secret.encode("utf-8"))


def signed_in_user(user: Mapping[str, Any] | None) -> str | None:
    """The user nginx named (st.user, filled from USER_HEADER), or None."""
    try:
        name = (user or {}).get(USER_KEY)
    except Exception:
        name = None
    return name.strip() if isinstance(name, str) and name.strip() else None


# --------------------------------------------------------------------------- Streamlit part


def require(lang: str) -> None:
    """In proxy mode: stop the page with a refusal unless the session came through nginx with a
    user; else show who is signed in. Outside proxy mode: nothing."""
    import streamlit as st

    from cenfigures.app.auth import _secrets_mapping
    from cenfigures.app.widgets import md_escape
    from cenfigures.view.labels import text

    secret = configured_secret(os.environ, _secrets_mapping())
    if secret is None:
        return
    try:
        headers = st.context.headers
    except Exception:  # no browser session (bare mode): nothing came through the proxy
        headers = None
    user = signed_in_user(st.user) if came_through_proxy(secret, header(headers, SECRET_HEADER)) else None
    if user is None:
        st.error(text("signin.refused", lang), icon=":material/lock:")
        st.stop()
    st.sidebar.caption(md_escape(text("signin.user", lang, user=user)))
