"""Fetch an article by its address, for an editor (the dashboard never fetches for a viewer).

http and https only; a connect and a read timeout and a deadline for the whole answer; a size cap;
at most MAX_REDIRECTS redirects; the final address recorded. Before each connection, the first
request's and every redirect's, the host name is resolved and every address it has must be public:
loopback, private, link-local (169.254.169.254, the cloud metadata address), carrier-grade NAT
(100.100.100.200, Alibaba Cloud's metadata address), multicast, reserved and unspecified addresses
are refused, unless the allow-list setting CENFIGURES_INTAKE_ALLOW names them (addresses or networks,
comma-separated; the tests serve their pages from 127.0.0.1 through it). The connection then goes to
the address that was checked (no second lookup a DNS answer could change in between); TLS still
checks the certificate against the host name. Proxies from the environment are not used.

Written on the standard library (http.client, ssl, ipaddress): requests and urllib3 resolve the name
again when they connect, and the one SSRF wrapper for requests (advocate) has not been released
since 2020 and pins old versions of both.
"""

from __future__ import annotations

import http.client
import ipaddress
import os
import socket
import ssl
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from cenfigures.intake.errors import IntakeError, size_text

ALLOW_VARIABLE = "CENFIGURES_INTAKE_ALLOW"
MAX_BYTES = 20 * 1024 * 1024
MAX_REDIRECTS = 3
CONNECT_SECONDS = 5.0
READ_SECONDS = 10.0
TOTAL_SECONDS = 30.0
USER_AGENT = "Mozilla/5.0 (compatible; cenfigures-intake/1.0)"
_METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("100.100.100.200")}

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class Fetched:
    data: bytes
    url: str  # the final address, after redirects
    requested: str
    media_type: str  # the server's Content-Type, without parameters
    charset: str  # the server's charset parameter, "" when it states none


def allow_list(text: str | None = None) -> tuple[Network, ...]:
    """The networks the allow-list setting names (an address is a network of one)."""
    text = os.environ.get(ALLOW_VARIABLE, "") if text is None else text
    networks = []
    for item in text.replace(";", ",").split(","):
        item = item.strip()
        if item:
            networks.append(ipaddress.ip_network(item, strict=False))
    return tuple(networks)


def is_public(address: Address) -> bool:
    """A global unicast address that is no cloud metadata address (an IPv4-mapped IPv6 address is
    judged as the IPv4 address it maps)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast and address not in _METADATA


def allowed(address: Address, allowed_networks: Iterable[Network]) -> bool:
    return is_public(address) or any(address in network for network in allowed_networks)


def resolve(host: str, port: int) -> list[Address]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return []
    return list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos))


def checked_address(
    url: str, allowed_networks: Iterable[Network], resolver: Callable[[str, int], list[Address]] = resolve
) -> tuple[str, int, Address]:
    """(host, port, the address to connect to) of `url`; IntakeError for another scheme, a name that
    does not resolve, or any address inside the network."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise IntakeError("url_scheme", url=url)
    try:
        host, port = parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise IntakeError("url_bad", url=url, reason=str(error)) from error
    if not host:
        raise IntakeError("url_bad", url=url, reason="no host")
    if parts.username or parts.password:
        raise IntakeError("url_bad", url=url, reason="a user name or password in the address")
    addresses = resolver(host, port)
    if not addresses:
        raise IntakeError("url_unresolved", url=url, host=host)
    networks = tuple(allowed_networks)
    for address in addresses:  # every address: a name with one private address is refused
        if not allowed(address, networks):
            raise IntakeError("url_blocked", url=url, host=host, address=address)
    return host, port, addresses[0]


def _connection(scheme: str, host: str, port: int, address: Address) -> http.client.HTTPConnection:
    def connect(_target, timeout=CONNECT_SECONDS, source_address=None):  # pinned to the checked address
        return socket.create_connection((str(address), port), timeout, source_address)

    if scheme == "https":
        connection: http.client.HTTPConnection = http.client.HTTPSConnection(
            host, port, timeout=CONNECT_SECONDS, context=ssl.create_default_context()
        )
    else:
        connection = http.client.HTTPConnection(host, port, timeout=CONNECT_SECONDS)
    connection._create_connection = connect  # http.client's own hook; TLS still checks `host`
    return connection


def fetch(
    url: str,
    allowed_networks: Iterable[Network] | None = None,
    max_bytes: int = MAX_BYTES,
    resolver: Callable[[str, int], list[Address]] = resolve,
) -> Fetched:
    """The answer's bytes at `url`, following at most MAX_REDIRECTS redirects, each checked."""
    networks = allow_list() if allowed_networks is None else tuple(allowed_networks)
    url = url.strip()
    requested = url
    deadline = time.monotonic() + TOTAL_SECONDS
    for _hop in range(MAX_REDIRECTS + 1):
        host, port, address = checked_address(url, networks, resolver)
        parts = urlsplit(url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection = _connection(parts.scheme, host, port, address)
        try:
            connection.request(
                "GET",
                path,
                headers={"User-Agent": USER_AGENT, "Accept": "*/*", "Accept-Encoding": "identity"},
            )
            connection.sock.settimeout(READ_SECONDS)
            response = connection.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise IntakeError("url_status", url=url, status=f"{response.status} without a Location")
                url = urljoin(url, location.strip())
                continue
            if response.status != 200:
                raise IntakeError("url_status", url=url, status=f"{response.status} {response.reason}")
            length = response.getheader("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise IntakeError("too_large", name=url, size=size_text(int(length)), limit=size_text(max_bytes))
            chunks, size = [], 0
            while True:
                if time.monotonic() > deadline:
                    raise IntakeError("url_timeout", url=requested, seconds=int(TOTAL_SECONDS))
                chunk = response.read1(65536) if hasattr(response, "read1") else response.read(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise IntakeError(
                        "too_large", name=url, size=f"more than {size_text(max_bytes)}", limit=size_text(max_bytes)
                    )
                chunks.append(chunk)
            content_type = response.getheader("Content-Type") or ""
            media_type = content_type.split(";")[0].strip().lower()
            charset = ""
            for parameter in content_type.split(";")[1:]:
                key, _, value = parameter.partition("=")
                if key.strip().lower() == "charset":
                    charset = value.strip().strip("\"'")
            return Fetched(b"".join(chunks), url, requested, media_type, charset)
        except TimeoutError as error:
            raise IntakeError("url_timeout", url=requested, seconds=int(READ_SECONDS)) from error
        except (OSError, http.client.HTTPException) as error:
            if isinstance(error, ssl.SSLError) or isinstance(error, ssl.CertificateError):
                raise IntakeError("url_failed", url=url, reason=f"TLS: {error}") from error
            raise IntakeError("url_failed", url=url, reason=type(error).__name__) from error
        finally:
            connection.close()
    raise IntakeError("url_redirects", url=requested, limit=MAX_REDIRECTS)
