"""Bytes to text for Chinese sources: UTF-8 (with or without its BOM, or UTF-16 with one), else
GB18030/GBK/GB2312 or Big5 as charset-normalizer detects them. The encoding read is recorded by its
narrowest name (a GB2312 text is recorded as gb2312, though read by GB18030, its superset).

Refused with the line and byte: bytes that no candidate reads, and a text that mixes encodings (lines
of UTF-8 Chinese beside lines that are not UTF-8, as when GBK text is pasted into a UTF-8 file):
any single decoding of such a file would turn one part into mojibake."""

from __future__ import annotations

import codecs

import charset_normalizer

from cenfigures.intake.errors import IntakeError

# The encodings Chinese sources come in; charset-normalizer chooses among them only (left to guess
# among all, it reads short GBK texts as other East Asian code pages).
CANDIDATES = ("gb18030", "big5")
# Read by the superset, recorded by the narrowest name that reads every byte.
_NARROWEST = {"gb18030": ("gb2312", "gbk", "gb18030"), "big5": ("big5", "cp950", "big5hkscs")}
# The codec that reads a declared or detected name (a page declaring gb2312 often holds GBK characters).
_READ_AS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb18030": "gb18030",
    "cp936": "gb18030",
    "big5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "big5hkscs": "big5hkscs",
    "cp950": "big5hkscs",
    "utf-8": "utf-8",
    "utf8": "utf-8",
}


def _line_and_byte(data: bytes, position: int) -> tuple[int, int]:
    """1-based line number and 0-based byte offset of the file at `position`."""
    return data.count(b"\n", 0, position) + 1, position


def _mixed_at(data: bytes) -> tuple[int, str] | None:
    """(byte offset, what came first) of the first line whose encoding differs from the earlier
    non-ASCII lines' (UTF-8 beside not UTF-8); None when the lines agree."""
    first = ""
    position = 0
    for line in data.split(b"\n"):
        if any(byte >= 0x80 for byte in line):
            try:
                line.decode("utf-8")
                kind = "UTF-8"
            except UnicodeDecodeError:
                kind = "not UTF-8"
            if not first:
                first = kind
            elif kind != first:
                offset = position + next(index for index, byte in enumerate(line) if byte >= 0x80)
                return offset, first
        position += len(line) + 1
    return None


def _narrowest(data: bytes, family: str) -> str:
    for name in _NARROWEST[family]:
        try:
            data.decode(name)
            return name
        except UnicodeDecodeError:
            continue
    return family


def decode_declared(data: bytes, declared: str) -> tuple[str, str] | None:
    """(text, encoding) when `declared` (a page's or a server's charset) reads every byte, else None."""
    codec = _READ_AS.get(declared.strip().lower())
    if codec is None:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    family = "gb18030" if codec == "gb18030" else "big5" if codec == "big5hkscs" else ""
    return text, _narrowest(data, family) if family else codec


def decode_text(data: bytes, name: str, declared: str = "") -> tuple[str, str]:
    """(text, encoding name) of `data`; IntakeError (line and byte) when it cannot be read as one
    encoding. `declared` is a charset the source states (HTTP header, <meta charset>): used when it
    reads every byte."""
    for bom, codec, recorded in (
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), recorded
            except UnicodeDecodeError as error:
                raise IntakeError("undecodable", name=name, **_where(data, error.start + len(bom))) from error
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    mixed = _mixed_at(data)
    if mixed is not None:
        offset, first = mixed
        line, byte = _line_and_byte(data, offset)
        raise IntakeError("mixed_encoding", name=name, line=line, byte=byte, first=first)
    if declared:
        decoded = decode_declared(data, declared)
        if decoded is not None:
            return decoded
    best = charset_normalizer.from_bytes(data, cp_isolation=list(CANDIDATES)).best()
    if best is None:
        # Say where the most likely reading fails: the first byte GB18030 cannot read.
        try:
            data.decode("gb18030")
        except UnicodeDecodeError as error:
            raise IntakeError("undecodable", name=name, **_where(data, error.start)) from error
        raise IntakeError("undecodable", name=name, **_where(data, utf8_error.start)) from utf8_error
    family = "big5" if "big5" in best.encoding else "gb18030"
    codec = _READ_AS[family]
    try:
        return data.decode(codec), _narrowest(data, family)
    except UnicodeDecodeError as error:
        raise IntakeError("undecodable", name=name, **_where(data, error.start)) from error


def _where(data: bytes, position: int) -> dict[str, int]:
    line, byte = _line_and_byte(data, position)
    return {"line": line, "byte": byte}
