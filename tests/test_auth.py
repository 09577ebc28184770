"""Unit tests of the pure parts of cenfigures.app.auth (no Streamlit runtime needed)."""

from __future__ import annotations

import pytest

from cenfigures.app import auth
from cenfigures.app.auth import (
    AUTH_LABELS,
    PASSWORD_ENV,
    FailureTable,
    admitted_token,
    auth_labels,
    client_key,
    configured_password,
    failure_delay,
    password_matches,
    pick_client_ip,
)


class MissingSecrets:
    """Behaves like st.secrets without a secrets.toml: every lookup raises FileNotFoundError."""

    def get(self, key, default=None):
        raise FileNotFoundError("No secrets found")

    def __getitem__(self, key):
        raise FileNotFoundError("No secrets found")


# --------------------------------------------------------------------------- password lookup


def test_off_by_default():
    assert configured_password({}, None) is None
    assert configured_password({}, {}) is None
    assert configured_password(None, None) is None


def test_env_var():
    assert configured_password({PASSWORD_ENV: "s3cret"}, None) == "s3cret"


def test_env_wins_over_secrets():
    secrets = {"auth": {"password": "from-secrets"}}
    assert configured_password({PASSWORD_ENV: "from-env"}, secrets) == "from-env"


def test_secrets_used_without_env():
    assert configured_password({}, {"auth": {"password": "from-secrets"}}) == "from-secrets"
    assert configured_password({"OTHER": "x"}, {"auth": {"password": "p"}}) == "p"


def test_empty_values_mean_off():
    assert configured_password({PASSWORD_ENV: ""}, None) is None
    assert configured_password({PASSWORD_ENV: ""}, {"auth": {"password": ""}}) is None
    # empty env var falls through to secrets
    assert configured_password({PASSWORD_ENV: ""}, {"auth": {"password": "p"}}) == "p"


def test_auth_section_without_password_is_off():
    # an [auth] table that only configures st.login (OIDC) does not turn the gate on
    oidc_only = {"auth": {"redirect_uri": "https://x/oauth2callback", "cookie_secret": "c"}}
    assert configured_password({}, oidc_only) is None
    assert configured_password({}, {"other": {"password": "nope"}}) is None
    assert configured_password({}, {"auth": "not-a-table"}) is None


def test_missing_secrets_file_is_handled():
    assert configured_password({}, MissingSecrets()) is None
    assert configured_password({PASSWORD_ENV: "e"}, MissingSecrets()) == "e"


def test_streamlit_secret_not_found_error_is_a_file_not_found_error():
    # configured_password catches FileNotFoundError; Streamlit's own error must be one.
    from streamlit.errors import StreamlitSecretNotFoundError

    assert issubclass(StreamlitSecretNotFoundError, FileNotFoundError)


def test_non_string_password_in_toml():
    assert configured_password({}, {"auth": {"password": 1234}}) == "1234"


def test_unicode_password():
    assert configured_password({PASSWORD_ENV: "密码🔑"}, None) == "密码🔑"


# --------------------------------------------------------------------------- delay schedule


def test_delay_schedule():
    assert [failure_delay(n) for n in range(0, 8)] == [0.0, 0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]


def test_delay_is_capped_and_safe_for_large_or_negative_counts():
    assert failure_delay(10_000) == auth.MAX_DELAY_SECONDS
    assert failure_delay(-3) == 0.0


def test_delay_is_monotonic():
    delays = [failure_delay(n) for n in range(50)]
    assert delays == sorted(delays)


# --------------------------------------------------------------------------- comparison


def test_password_matches():
    assert password_matches("s3cret", "s3cret")
    assert not password_matches("s3cret ", "s3cret")
    assert not password_matches("S3CRET", "s3cret")
    assert not password_matches("s3cre", "s3cret")
    assert password_matches("密码🔑", "密码🔑")
    assert not password_matches("密码", "密碼")


@pytest.mark.parametrize("given,expected", [("", ""), (None, "x"), ("x", None), ("", "x"), (None, None)])
def test_password_matches_rejects_empty(given, expected):
    assert not password_matches(given, expected)


def test_password_matches_uses_compare_digest(monkeypatch):
    calls = []
    real = auth.hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(auth.hmac, "compare_digest", spy)
    assert password_matches("ä", "ä")
    assert calls == [("ä".encode(), "ä".encode())]


def test_admitted_token_depends_on_password():
    assert admitted_token("a") == admitted_token("a")
    assert admitted_token("a") != admitted_token("b")
    assert "hunter2" not in admitted_token("hunter2")


# --------------------------------------------------------------------------- client key / IP


def test_client_key_hashes_ip():
    key = client_key("203.0.113.7")
    assert key and "203.0.113.7" not in key and len(key) == 32
    assert key == client_key(" 203.0.113.7 ")
    assert key != client_key("203.0.113.8")
    assert client_key(None) is None
    assert client_key("") is None


def test_pick_client_ip():
    # direct connection: the socket address, headers are never trusted
    assert pick_client_ip("203.0.113.7", {"X-Real-IP": "1.2.3.4"}) == "203.0.113.7"
    # behind a local proxy Streamlit reports None (or loopback): use X-Real-IP
    assert pick_client_ip(None, {"X-Real-IP": "198.51.100.9"}) == "198.51.100.9"
    assert pick_client_ip("127.0.0.1", {"x-real-ip": "198.51.100.9"}) == "198.51.100.9"
    assert pick_client_ip("::1", {"X-Real-IP": "2001:db8::1"}) == "2001:db8::1"
    assert pick_client_ip(None, {}) is None
    assert pick_client_ip(None, None) is None


# --------------------------------------------------------------------------- failure table


def test_failure_table_counts_expires_and_clears():
    table = FailureTable(ttl=60, max_entries=100)
    assert table.get("k", now=0) == 0
    assert table.record_failure("k", now=0) == 1
    assert table.record_failure("k", now=10) == 2
    assert table.get("k", now=20) == 2
    assert table.get("k", now=71) == 0  # expired 60 s after the last failure
    assert table.record_failure("k", now=100) == 1
    table.clear("k")
    assert table.get("k", now=100) == 0
    assert table.record_failure(None) == 0 and table.get(None) == 0


def test_failure_table_is_bounded():
    table = FailureTable(ttl=1000, max_entries=3)
    for i in range(5):
        table.record_failure(f"k{i}", now=i)
    assert len(table) == 3
    assert table.get("k0", now=5) == 0 and table.get("k4", now=5) == 1


# --------------------------------------------------------------------------- labels


def test_labels_complete_in_both_languages():
    assert set(AUTH_LABELS) == {"zh", "en"}
    assert set(AUTH_LABELS["zh"]) == set(AUTH_LABELS["en"])
    assert all(v.strip() for lang in AUTH_LABELS.values() for v in lang.values())
    assert auth_labels("en")["password"] == "Password"
    assert auth_labels("fr") is AUTH_LABELS["zh"]  # Chinese first


def test_pick_client_ip_ignores_non_strings():
    class Fake:  # AppTest hands out a MagicMock for st.context.ip_address
        pass

    assert pick_client_ip(Fake(), {"X-Real-IP": Fake()}) is None
    assert client_key(Fake()) is None
