"""Optional shared-password gate for the dashboard (off by default).

Turn it on by configuring a password in either place (the environment wins):

- environment variable ``CENFIGURES_PASSWORD`` (e.g. via ``EnvironmentFile=`` in the systemd
  unit, see docs/hosting.md), or
- ``.streamlit/secrets.toml``::

      [auth]
      password = "..."

An unset or empty password means *no gate*. ``gate(lang)`` is called by
``cenfigures.app.context.setup_page`` before any data is rendered; it returns when the gate is off or
the session is already admitted, and otherwise draws a password form and calls ``st.stop()``.

Brute-force damping (deliberately simple, documented here because it is not perfect):

- every attempt waits ``failure_delay(n)`` seconds *before* the answer is computed, where ``n``
  is the number of failed attempts so far: 0, 0.5, 1, 2, 4, 8, 8, ... seconds;
- ``n`` is the larger of the session's own count (``st.session_state``) and a process-wide
  count keyed by a SHA-256 hash of the client IP (so opening a new tab does not reset it);
- the client IP is ``st.context.ip_address``; Streamlit reports ``None`` for loopback
  connections, i.e. when we sit behind a local reverse proxy, so then the ``X-Real-IP`` header
  is used (deploy/nginx.conf sets it from ``$remote_addr``, overwriting anything the browser
  sent). Without either, only the per-session count applies;
- the process-wide table lives in one replica's memory only (each replica counts separately,
  it is lost on restart), forgets an IP ``FAILURE_MEMORY_SECONDS`` after its last failure and
  holds at most ``FAILURE_TABLE_MAX`` IPs (oldest dropped first);
- a successful login clears both counts.

Surviving a reload: after the right password the browser gets a sign-in cookie (``cenfigures_signin``,
path ``/``, ``SameSite=Strict``, ``Secure`` over HTTPS, 12 hours), so a reload or a second tab of the
same browser is admitted without asking again. The cookie holds a signed, expiring token:
``<expiry>.<HMAC-SHA256>`` where the key is an HMAC of the password under the server's
``server.cookieSecret``. It never holds the password, it is never in a link, it stops working
when it expires, when the password changes, and when the cookie secret changes (Streamlit makes a
new random one at every start unless it is configured; replicas share theirs). It is set by a
zero-height same-origin component (Streamlit has no API to set a cookie), so page scripts can read
it: the app renders no unescaped HTML (tests/test_unsafe_html.py).

This is a shared-password gate for a small team, not user management: for single sign-on use
``st.login`` (OIDC), see docs/hosting.md.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from cenfigures.view.labels import LANGUAGES, text

PASSWORD_ENV = "CENFIGURES_PASSWORD"
SECRETS_SECTION = "auth"
SECRETS_KEY = "password"

BASE_DELAY_SECONDS = 0.5
MAX_DELAY_SECONDS = 8.0
FAILURE_MEMORY_SECONDS = 15 * 60
FAILURE_TABLE_MAX = 10_000

TOKEN_COOKIE = "cenfigures_signin"
TOKEN_SECONDS = 12 * 3600
_TOKEN_SHAPE = re.compile(r"\d{1,12}\.[0-9a-f]{64}")

# session_state keys (prefixed so they never clash with page widgets)
_ADMITTED_KEY = "_cenfigures_auth_admitted"
_FAILURES_KEY = "_cenfigures_auth_failures"
_DENIED_KEY = "_cenfigures_auth_denied"
_FORM_KEY = "_cenfigures_auth_form"
# Streamlit writes two things in English only: the input's hint "Press Enter to submit form" and,
# while a wrong password's delay runs, the status widget's "Running… Stop". The gate says what to do
# in its own words (auth.intro: Enter or the button) and hides both while it is drawn; Enter still submits.
GATE_STYLE = (
    '<style>[data-testid="stForm"] [data-testid="InputInstructions"], [data-testid="stStatusWidget"]'
    " { display: none !important; }</style>"
)
_INPUT_KEY = "_cenfigures_auth_password"

# The gate's strings live with every other label in cenfigures/view/labels.py ("auth.*").
AUTH_KEYS = ("title", "intro", "password", "submit", "denied", "empty")
AUTH_LABELS: dict[str, dict[str, str]] = {
    lang: {key: text(f"auth.{key}", lang) for key in AUTH_KEYS} for lang in LANGUAGES
}


# --------------------------------------------------------------------------- pure parts


def escaped_gate_style() -> str:
    """GATE_STYLE: a constant holding no data or user text (nothing to escape)."""
    return GATE_STYLE


def auth_labels(lang: str) -> dict[str, str]:
    """The gate's strings for ``lang`` ("zh" or "en"); anything else falls back to Chinese."""
    return AUTH_LABELS.get(lang, AUTH_LABELS["zh"])


def configured_password(env: Mapping[str, str] | None, secrets: Mapping[str, Any] | None) -> str | None:
    """The configured password, or ``None`` when the gate is off.

    ``env`` is an environment mapping (``os.environ``), ``secrets`` a secrets mapping
    (``st.secrets``) whose ``[auth]`` table may hold ``password``. The environment variable wins;
    empty strings count as unset. ``secrets`` may be ``None`` (no secrets file) and its
    ``[auth]`` table may be missing or hold other keys (``st.login`` settings).
    """
    value = (env or {}).get(PASSWORD_ENV)
    if isinstance(value, str) and value != "":
        return value
    section = None
    if secrets is not None:
        try:
            section = secrets.get(SECRETS_SECTION)
        except (KeyError, FileNotFoundError):  # StreamlitSecretNotFoundError is a FileNotFoundError
            section = None
    if isinstance(section, Mapping):
        value = section.get(SECRETS_KEY)
        if value is not None and not isinstance(value, str):
            value = str(value)  # e.g. password = 1234 in TOML
        if value:
            return value
    return None


def failure_delay(failures: int) -> float:
    """Seconds to wait before answering, given ``failures`` earlier failed attempts.

    0 -> 0, then 0.5 * 2**(failures-1) capped at 8: 0.5, 1, 2, 4, 8, 8, ...
    """
    if failures <= 0:
        return 0.0
    exponent = min(failures - 1, 16)  # avoid huge powers; the cap is reached long before
    return min(BASE_DELAY_SECONDS * (2**exponent), MAX_DELAY_SECONDS)


def password_matches(given: str | None, expected: str | None) -> bool:
    """Constant-time comparison of the utf-8 bytes; ``False`` if either side is missing/empty."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def client_key(ip: str | None) -> str | None:
    """Key of the process-wide failure table: a SHA-256 hash of the IP (raw IPs are not kept)."""
    if not isinstance(ip, str):
        return None
    ip = ip.strip()
    if not ip:
        return None
    return hashlib.sha256(ip.encode("utf-8")).hexdigest()[:32]


def admitted_token(password: str) -> str:
    """What the session stores once admitted: changing the password logs every session out."""
    return hashlib.sha256(b"cenfigures-auth\0" + password.encode("utf-8")).hexdigest()


def _token_signature(password: str, secret: str, expires: int) -> str:
    key = hmac.new(secret.encode("utf-8"), b"cenfigures-signin\0" + password.encode("utf-8"), hashlib.sha256).digest()
    return hmac.new(key, str(expires).encode("ascii"), hashlib.sha256).hexdigest()


def make_token(password: str, secret: str, now: float, seconds: int = TOKEN_SECONDS) -> str:
    """The sign-in cookie's value: when it expires and a signature of that under password and secret."""
    expires = int(now) + seconds
    return f"{expires}.{_token_signature(password, secret, expires)}"


def token_valid(token: str | None, password: str | None, secret: str | None, now: float) -> bool:
    """True for an unexpired token signed with this password and secret (constant-time comparison)."""
    if not isinstance(token, str) or not _TOKEN_SHAPE.fullmatch(token) or not password or not secret:
        return False
    expires_text, signature = token.split(".", 1)
    expires = int(expires_text)
    if expires <= now or expires > now + TOKEN_SECONDS + 60:
        return False
    return hmac.compare_digest(signature, _token_signature(password, secret, expires))


def cookie_script(token: str, seconds: int = TOKEN_SECONDS, cookie: str = TOKEN_COOKIE) -> str:
    """The component that stores `token` as the sign-in cookie (or `cookie`, the editor's) of the app's origin."""
    if not _TOKEN_SHAPE.fullmatch(token):  # only digits, a dot and hex ever reach the script
        raise ValueError("not a sign-in token")
    if not re.fullmatch(r"[a-z_]+", cookie):
        raise ValueError("not a cookie name of the app")
    return (
        "<script>const p = window.parent.location; document.cookie = "
        f"'{cookie}={token}; Path=/; Max-Age={int(seconds)}; SameSite=Strict'"
        " + (p.protocol === 'https:' ? '; Secure' : '');</script>"
    )


def _is_loopback(ip: str | None) -> bool:
    if ip is None:
        return True
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return False


def pick_client_ip(context_ip: str | None, headers: Mapping[str, str] | None) -> str | None:
    """The client IP: the connection's IP, or ``X-Real-IP`` if the connection is from loopback.

    Streamlit's ``st.context.ip_address`` is ``None`` for loopback peers, which is exactly the
    reverse-proxy case; our nginx config sets ``X-Real-IP $remote_addr``. A direct, non-loopback
    connection never trusts headers.
    """
    if not isinstance(context_ip, str):  # e.g. a mock under AppTest
        context_ip = None
    if context_ip and not _is_loopback(context_ip):
        return context_ip
    if headers:
        for name in ("X-Real-IP", "x-real-ip"):
            try:
                value = headers.get(name)
            except Exception:
                value = None
            if isinstance(value, str) and value.strip():
                return value.split(",")[0].strip() or None
    return None


class FailureTable:
    """Process-wide, thread-safe ``key -> (failures, last_failure_time)`` with expiry and a size cap."""

    def __init__(self, ttl: float = FAILURE_MEMORY_SECONDS, max_entries: int = FAILURE_TABLE_MAX):
        self.ttl = ttl
        self.max_entries = max_entries
        self._data: OrderedDict[str, tuple[int, float]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str | None, now: float | None = None) -> int:
        if key is None:
            return 0
        now = time.monotonic() if now is None else now
        with self._lock:
            entry = self._data.get(key)
            if entry is None:
                return 0
            if now - entry[1] > self.ttl:
                del self._data[key]
                return 0
            return entry[0]

    def record_failure(self, key: str | None, now: float | None = None) -> int:
        if key is None:
            return 0
        now = time.monotonic() if now is None else now
        with self._lock:
            count, last = self._data.pop(key, (0, now))
            if now - last > self.ttl:
                count = 0
            count += 1
            self._data[key] = (count, now)  # re-inserted at the end: most recent last
            while len(self._data) > self.max_entries:
                self._data.popitem(last=False)
            return count

    def clear(self, key: str | None = None) -> None:
        with self._lock:
            if key is None:
                self._data.clear()
            else:
                self._data.pop(key, None)

    def __len__(self) -> int:
        return len(self._data)


FAILURES = FailureTable()


# --------------------------------------------------------------------------- Streamlit part


def _secrets_mapping():
    """``st.secrets`` or ``None`` if there is no secrets file / it cannot be parsed."""
    import streamlit as st

    try:
        # Touch it: this is where a missing file raises StreamlitSecretNotFoundError.
        st.secrets.get(SECRETS_SECTION)
    except (FileNotFoundError, KeyError):
        return None
    except Exception:  # a malformed secrets.toml must not take the dashboard down
        return None
    return st.secrets


def current_password() -> str | None:
    """The password configured right now (environment, then secrets), or ``None``."""
    import os

    return configured_password(os.environ, _secrets_mapping())


def _client_ip() -> str | None:
    import streamlit as st

    try:
        ctx_ip = st.context.ip_address
    except Exception:
        ctx_ip = None
    try:
        headers = st.context.headers
    except Exception:
        headers = None
    return pick_client_ip(ctx_ip, headers)


def _cookie(name: str) -> str | None:
    import streamlit as st

    try:
        value = st.context.cookies.get(name)
    except Exception:  # no browser session (AppTest, bare mode)
        value = None
    return value if isinstance(value, str) else None


def _cookie_secret() -> str | None:
    import streamlit as st

    try:
        value = st.get_option("server.cookieSecret")
    except Exception:
        value = None
    return value if isinstance(value, str) and value else None


def gate(lang: str) -> None:
    """Stop the script behind a password form unless the gate is off or the session is admitted."""
    import streamlit as st

    password = current_password()
    if password is None:
        return
    token = admitted_token(password)
    if st.session_state.get(_ADMITTED_KEY) == token:
        return
    secret = _cookie_secret()
    if token_valid(_cookie(TOKEN_COOKIE), password, secret, time.time()):  # signed in before, in this browser
        st.session_state[_ADMITTED_KEY] = token
        return

    labels = auth_labels(lang)
    key = client_key(_client_ip())
    box = st.empty()
    with box.container():
        st.html(escaped_gate_style())
        st.subheader(labels["title"])
        st.caption(labels["intro"])
        with st.form(_FORM_KEY, clear_on_submit=True):
            given = st.text_input(labels["password"], type="password", key=_INPUT_KEY)
            submitted = st.form_submit_button(labels["submit"])
        message = st.empty()

    if submitted:
        if not given:
            message.warning(labels["empty"])
            st.stop()
        failures = max(int(st.session_state.get(_FAILURES_KEY, 0)), FAILURES.get(key))
        delay = failure_delay(failures)
        if delay:
            time.sleep(delay)  # before answering, whatever the answer
        if password_matches(given, password):
            st.session_state[_ADMITTED_KEY] = token
            st.session_state.pop(_FAILURES_KEY, None)
            st.session_state.pop(_DENIED_KEY, None)
            FAILURES.clear(key)
            box.empty()
            if secret:  # a reload or a second tab of this browser is then admitted without asking
                import html

                import streamlit.components.v1 as components

                signed = html.escape(
                    make_token(password, secret, time.time())
                )  # digits, "." and hex: a no-op; cookie_script checks the shape
                components.html(cookie_script(signed), height=0)
            return
        st.session_state[_FAILURES_KEY] = failures + 1
        FAILURES.record_failure(key)
        st.session_state[_DENIED_KEY] = True
    if st.session_state.get(_DENIED_KEY):
        message.error(labels["denied"])
    st.stop()
