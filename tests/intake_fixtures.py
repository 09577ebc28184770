"""What the intake's tests share: a local HTTP server of the fixture pages and of the ways a fetch goes
wrong (redirects in a loop or elsewhere, a slow answer, a large one, a wrong type, an error status;
served on 127.0.0.1 only, stopped by the test that started it), and sources made on the spot (a PDF
locked by a password, a .docx zip bomb)."""

from __future__ import annotations

import http.server
import io
import threading
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "intake"
PAGES = {
    "/portal.html": ("portal-repost-gbk.html", "text/html; charset=gbk"),
    "/notice.pdf": ("notice-table.pdf", "application/pdf"),
    "/report.docx": ("report-table.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "/taiwan.txt": ("taiwan-big5.txt", "text/plain"),
    "/page-as-pdf": ("portal-repost-gbk.html", "application/pdf"),  # an HTML page claiming to be a PDF
}


class _Handler(http.server.BaseHTTPRequestHandler):
    other_port = 0  # a port on 127.0.0.2 for the redirect inside the network

    def log_message(self, *args) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        path = self.path.split("?")[0]
        if path in PAGES:
            name, media_type = PAGES[path]
            self._send(200, (FIXTURES / name).read_bytes(), {"Content-Type": media_type})
        elif path == "/moved":
            self._send(302, headers={"Location": "/portal.html"})
        elif path.startswith("/hop/"):
            hops = int(path.rsplit("/", 1)[1])
            self._send(302, headers={"Location": f"/hop/{hops - 1}" if hops > 1 else "/portal.html"})
        elif path == "/loop":
            self._send(301, headers={"Location": "/loop"})
        elif path == "/inside":
            self._send(302, headers={"Location": f"http://127.0.0.2:{self.other_port}/portal.html"})
        elif path == "/metadata":
            self._send(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
        elif path == "/slow":
            time.sleep(3)
            self._send(200, b"late", {"Content-Type": "text/plain"})
        elif path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()  # no length: the cap must stop the reading
            chunk = "河北省工业增加值增长。".encode() * 1000
            try:
                for _ in range(3000):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path == "/empty":
            self._send(200, b"", {"Content-Type": "text/html"})
        else:
            self._send(404, b"not found", {"Content-Type": "text/plain"})


def locked_pdf() -> bytes:
    """notice-table.pdf protected by a password (pypdf): opening it asks for one."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(FIXTURES / "notice-table.pdf"))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    stream = io.BytesIO()
    writer.write(stream)
    return stream.getvalue()


def zip_bomb() -> bytes:
    """A .docx whose document part unpacks to 30 MB of spaces from about 30 KB."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        with package.open("word/document.xml", "w") as part:
            for _ in range(30):
                part.write(b" " * (1 << 20))
    return stream.getvalue()


@contextmanager
def serving(host: str = "127.0.0.1") -> Iterator[str]:
    """The server's base address (http://127.0.0.1:<port>) while the block runs."""
    server = http.server.ThreadingHTTPServer((host, 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":  # serve the fixtures by hand: python tests/intake_server.py
    with serving() as base:
        print(base, flush=True)
        threading.Event().wait()
