"""What a file is, from its first bytes, not from its name: the name (or the server's Content-Type)
only has to agree. Four kinds are brought in: text, html, pdf and docx."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

from cenfigures.intake.errors import IntakeError

MEDIA_TYPES = {
    "text": "text/plain",
    "html": "text/html",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
EXTENSIONS = {"text": "txt", "html": "html", "pdf": "pdf", "docx": "docx"}
# What a name's extension or a Content-Type claims; anything else claims nothing.
_CLAIMED_BY_EXTENSION = {
    ".txt": "text",
    ".text": "text",
    ".htm": "html",
    ".html": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".doc": "docx",  # an old .doc is refused with its own message below
}
_CLAIMED_BY_MEDIA_TYPE = {
    "text/plain": "text",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    MEDIA_TYPES["docx"]: "docx",
}
_DESCRIPTIONS = {"text": "text", "html": "a web page (HTML)", "pdf": "a PDF", "docx": "a Word .docx"}
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*", b"BM")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, and Office files encrypted with a password
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S)
_HTML_TAGS = re.compile(rb"<(?:p|div|span|br|a|table|td|li|h[1-6]|script|style|body|head|meta)\b[^>]*>", re.I)


def claimed_kind(name: str = "", media_type: str = "") -> str:
    """The kind a file name's extension or a Content-Type claims, "" when they claim none."""
    by_type = _CLAIMED_BY_MEDIA_TYPE.get(media_type.split(";")[0].strip().lower(), "")
    return by_type or _CLAIMED_BY_EXTENSION.get(PurePath(name).suffix.lower(), "")


def content_kind(data: bytes, name: str) -> str:
    """text, html, pdf or docx, from the bytes; IntakeError for what the intake does not read."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, ValueError) as error:
            raise IntakeError("docx_broken", name=name, reason=f"a damaged zip file: {error}") from error
        if "word/document.xml" in names:
            return "docx"
        raise IntakeError("unsupported", name=name, found="a zip file that is no Word document")
    if head.startswith(_OLE_MAGIC):
        raise IntakeError("old_word", name=name)
    if head.startswith(_IMAGE_MAGIC) or head[4:12] in (b"ftypheic", b"ftypavif") or head[8:12] == b"WEBP":
        raise IntakeError("image", name=name)
    if _HTML_START.match(head) or len(_HTML_TAGS.findall(head)) >= 3:
        return "html"
    if b"\x00" in data[:65536] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IntakeError("unsupported", name=name, found="a binary file")
    return "text"


def sniff(data: bytes, name: str, media_type: str = "") -> str:
    """The kind of `data`, refusing a name or Content-Type that says another kind (a PDF named .docx,
    an HTML error page served as application/pdf)."""
    found = content_kind(data, name)
    claimed = claimed_kind(name, media_type)
    if claimed and claimed != found:
        raise IntakeError("type_mismatch", name=name, claimed=_DESCRIPTIONS[claimed], found=_DESCRIPTIONS[found])
    return found
