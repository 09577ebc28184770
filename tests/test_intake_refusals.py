"""Every bad input of the intake gets a one-line message and no file (table-driven): empty, only
furniture, over the size cap, a type that is not what its name says, a password-protected or
image-only PDF, a .docx zip bomb, deeply nested HTML, bytes in no one encoding; and addresses that
time out, redirect too often or point inside the network (a local HTTP server, through the allow-list)."""

from __future__ import annotations

import io
import ipaddress
import zipfile
from pathlib import Path

import pytest
from intake_fixtures import locked_pdf, serving, zip_bomb

from cenfigures.intake import command, extract, fetch
from cenfigures.intake.errors import MESSAGES, IntakeError
from cenfigures.intake.extract import PASTED, Source, read_source

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "intake"
LOOPBACK = (ipaddress.ip_network("127.0.0.1/32"),)


def plain_zip() -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as package:
        package.writestr("readme.txt", "河北")
    return stream.getvalue()


GBK = "河北省规模以上工业增加值同比增长6.9%，高于全国平均水平。\n".encode("gbk")
UTF8 = "数字经济核心产业增加值占地区生产总值比重达到10.5%。\n".encode()
ONLY_FURNITURE = (
    "<html><body><div>当前位置：首页 &gt; 新闻</div><div>分享到：微信 微博</div>"
    "<div>版权所有 &copy; 2024</div></body></html>"
)
NOTICE = (FIXTURES / "notice-table.pdf").read_bytes()
PAGE = (FIXTURES / "portal-repost-gbk.html").read_bytes()

CASES = [
    ("empty", b"", "a.txt", "empty"),
    ("blank", b" \n\t\n", PASTED, "empty"),
    ("only-furniture-html", ONLY_FURNITURE.encode(), "page.html", "only_furniture"),
    ("only-furniture-text", "分享到：微信 微博\n版权所有 © 2024 某某网\n".encode(), PASTED, "only_furniture"),
    ("pdf-named-docx", NOTICE, "report.docx", "type_mismatch"),
    ("html-named-pdf", PAGE, "notice.pdf", "type_mismatch"),
    ("text-named-pdf", UTF8, "notice.pdf", "type_mismatch"),
    ("password-pdf", locked_pdf(), "locked.pdf", "pdf_password"),
    ("image-only-pdf", (FIXTURES / "scanned.pdf").read_bytes(), "scanned.pdf", "pdf_no_text"),
    ("broken-pdf", b"%PDF-1.7\n" + b"x" * 200, "broken.pdf", "pdf_broken"),
    ("docx-zip-bomb", zip_bomb(), "bomb.docx", "docx_bomb"),
    ("zip-not-docx", plain_zip(), "a.zip", "unsupported"),
    ("old-doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old.doc", "old_word"),
    ("image", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "scan.png", "image"),
    ("binary", b"\x01\x02\x00\x03" * 100, "a.bin", "unsupported"),
    (
        "nested-html",
        ("<html><body>" + "<div>" * 400 + "河北" + "</div>" * 400 + "</body></html>").encode(),
        "deep.html",
        "html_nested",
    ),
    ("mixed-encodings", UTF8 * 3 + GBK * 3, "mixed.txt", "mixed_encoding"),
    ("undecodable", b"\x80\x81\xff\xfe\x80" * 40, PASTED, "undecodable"),
]


@pytest.mark.parametrize(("data", "name", "code"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_bad_source_is_refused_in_one_line(data: bytes, name: str, code: str) -> None:
    with pytest.raises(IntakeError) as raised:
        read_source(Source(data, name))
    assert raised.value.code == code
    assert "\n" not in str(raised.value) and len(str(raised.value)) < 300


def test_mixed_bytes_are_refused_with_their_line_and_byte() -> None:
    with pytest.raises(IntakeError) as raised:
        read_source(Source(UTF8 * 3 + GBK * 3, "mixed.txt"))
    assert raised.value.values == {"name": "mixed.txt", "line": "4", "byte": str(len(UTF8) * 3), "first": "UTF-8"}


def test_over_the_size_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract, "MAX_BYTES", 1000)
    with pytest.raises(IntakeError) as raised:
        read_source(Source(b"x" * 1001, "big.txt"))
    assert raised.value.code == "too_large" and "1000 B" in str(raised.value)


def test_over_the_length_of_an_article() -> None:
    with pytest.raises(IntakeError) as raised:
        read_source(Source(("河北省工业增加值增长6.9%。\n" * 30_000).encode(), "long.txt"))
    assert raised.value.code == "too_long"


@pytest.mark.parametrize(
    ("argument", "code"),
    [
        (str(FIXTURES / "scanned.pdf"), "pdf_no_text"),
        ("ftp://example.org/a.txt", "url_scheme"),
        ("http://10.1.2.3/notice.html", "url_blocked"),
        (str(FIXTURES / "missing.pdf"), "url_failed"),
    ],
)
def test_the_command_writes_no_file_for_bad_input(seeds_copy: Path, argument: str, code: str, capsys) -> None:
    before = sorted(p.name for p in seeds_copy.rglob("*"))
    assert command.main([argument, "--seeds", str(seeds_copy)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("intake: ") and err.count("\n") == 1
    assert sorted(p.name for p in seeds_copy.rglob("*")) == before


def test_every_message_has_its_labels_in_both_languages() -> None:
    from cenfigures.view.labels import labels

    for code, template in MESSAGES.items():
        label = labels()[f"intake.error.{code}"]
        assert label["en"] == template, code  # the command's words are the page's English words
        assert label["zh"] and sorted(set(_fields(label["zh"]))) == sorted(set(_fields(template))), code


def _fields(template: str) -> list[str]:
    import string

    return [field for _, field, _, _ in string.Formatter().parse(template) if field]


# ------------------------------------------------------------------ addresses


def fake_resolver(answers: dict[str, list[str]]):
    return lambda host, port: [ipaddress.ip_address(a) for a in answers.get(host, [])]


@pytest.mark.parametrize(
    ("addresses", "allowed"),
    [
        (["93.184.215.14"], True),
        (["127.0.0.1"], False),
        (["10.0.0.7"], False),
        (["172.16.5.4"], False),
        (["192.168.1.1"], False),
        (["169.254.169.254"], False),  # cloud metadata
        (["100.100.100.200"], False),  # Alibaba Cloud's metadata, in 100.64.0.0/10
        (["0.0.0.0"], False),
        (["::1"], False),
        (["fe80::1"], False),
        (["fd00:ec2::254"], False),  # AWS's IPv6 metadata, a unique local address
        (["::ffff:127.0.0.1"], False),  # IPv4-mapped loopback
        (["224.0.0.1"], False),
        (["93.184.215.14", "10.0.0.7"], False),  # one private address is enough to refuse
    ],
)
def test_addresses_inside_the_network_are_refused(addresses: list[str], allowed: bool) -> None:
    resolver = fake_resolver({"news.example": addresses})
    if allowed:
        assert fetch.checked_address("https://news.example/a.html", (), resolver)[0] == "news.example"
    else:
        with pytest.raises(IntakeError) as raised:
            fetch.checked_address("https://news.example/a.html", (), resolver)
        assert raised.value.code == "url_blocked"


def test_the_allow_list_names_addresses_and_networks() -> None:
    assert fetch.allow_list("127.0.0.1, 10.8.0.0/16") == (
        ipaddress.ip_network("127.0.0.1/32"),
        ipaddress.ip_network("10.8.0.0/16"),
    )
    resolver = fake_resolver({"intranet": ["10.8.1.2"]})
    assert fetch.checked_address("http://intranet/", fetch.allow_list("10.8.0.0/16"), resolver)[
        2
    ] == ipaddress.ip_address("10.8.1.2")


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("file:///etc/passwd", "url_scheme"),
        ("gopher://127.0.0.1/", "url_scheme"),
        ("http://user:pw@example.org/", "url_bad"),
        ("http://example.org:99999/", "url_bad"),
        ("http:///nohost", "url_bad"),
        ("http://does-not-resolve.invalid/", "url_unresolved"),
    ],
)
def test_addresses_that_are_not_web_addresses(url: str, code: str) -> None:
    with pytest.raises(IntakeError) as raised:
        fetch.checked_address(url, (), fake_resolver({}))
    assert raised.value.code == code


@pytest.fixture(scope="module")
def server():
    with serving() as base:
        yield base


def test_a_page_is_fetched_with_its_final_address(server: str) -> None:
    fetched = fetch.fetch(f"{server}/hop/2", LOOPBACK)
    assert fetched.url == f"{server}/portal.html" and fetched.requested == f"{server}/hop/2"
    assert (fetched.media_type, fetched.charset) == ("text/html", "gbk")
    assert fetched.data == PAGE


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/loop", "url_redirects"),
        (f"/hop/{fetch.MAX_REDIRECTS + 1}", "url_redirects"),
        ("/inside", "url_blocked"),  # a redirect to 127.0.0.2, which the allow-list does not name
        ("/metadata", "url_blocked"),
        ("/nothing", "url_status"),
        ("/huge", "too_large"),
        ("/slow", "url_timeout"),
    ],
)
def test_a_bad_address_is_refused(server: str, path: str, code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch, "READ_SECONDS", 1.0)
    with pytest.raises(IntakeError) as raised:
        fetch.fetch(f"{server}{path}", LOOPBACK, max_bytes=1_000_000)
    assert raised.value.code == code


def test_the_loopback_server_itself_needs_the_allow_list(server: str) -> None:
    with pytest.raises(IntakeError) as raised:
        fetch.fetch(f"{server}/portal.html", ())
    assert raised.value.code == "url_blocked"


def test_a_page_claiming_another_type_is_refused(server: str) -> None:
    fetched = fetch.fetch(f"{server}/page-as-pdf", LOOPBACK)
    with pytest.raises(IntakeError) as raised:
        read_source(Source(fetched.data, fetched.url, fetched.media_type, url=fetched.url))
    assert raised.value.code == "type_mismatch"


def test_the_command_fetches_through_the_allow_list(server: str, seeds_copy: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv(fetch.ALLOW_VARIABLE, "127.0.0.1")
    assert command.main([f"{server}/moved", "--seeds", str(seeds_copy), "--name", "fetched"]) == 0, capsys.readouterr()
    annotation = (seeds_copy / "fetched.toml").read_text(encoding="utf-8")
    assert f'url = "{server}/portal.html"' in annotation and 'encoding = "gb2312"' in annotation
    assert (seeds_copy / "originals" / "fetched.html").read_bytes() == PAGE
