"""Why a source cannot be brought in: one line, in English for the command and, by the same code and
values, in both languages on the /add page (labels.csv: intake.error.<code>). Nothing is written."""

from __future__ import annotations

# code -> English template; labels.csv holds intake.error.<code> in Chinese and English with the same
# {values} (a test checks the two agree).
MESSAGES: dict[str, str] = {
    "empty": "{name}: there is no text in it: nothing to bring in",
    "only_furniture": "{name}: only page furniture (navigation, buttons, footers), no article text",
    "too_large": "{name}: {size} is more than the limit of {limit}",
    "too_long": "{name}: {chars} characters is more than one article (limit {limit}): split it",
    "type_mismatch": "{name}: the name says {claimed} but the content is {found}",
    "unsupported": "{name}: {found} cannot be brought in: use a web page, PDF, Word .docx or text",
    "old_word": "{name}: an old Word .doc or an encrypted Office file: save it as .docx without a password",
    "image": "{name}: an image: it needs OCR (text recognition), which the intake does not do",
    "mixed_encoding": "{name}: line {line}, byte {byte}: the text mixes encodings ({first} before, not after)",
    "undecodable": "{name}: line {line}, byte {byte}: not text in UTF-8, GB18030/GBK/GB2312 or Big5",
    "pdf_password": "{name}: the PDF is protected by a password: open it, save a copy without one",
    "pdf_no_text": "{name}: the PDF has no text layer (scanned pages): it needs OCR, which the intake does not do",
    "pdf_broken": "{name}: not a readable PDF ({reason})",
    "docx_bomb": "{name}: the .docx unpacks to {size} ({ratio}x its size): refused as a zip bomb",
    "docx_broken": "{name}: not a readable Word .docx ({reason})",
    "html_nested": "{name}: the HTML is nested {depth} levels deep (limit {limit}): refused",
    "url_scheme": "{url}: only http and https addresses can be fetched",
    "url_bad": "{url}: not a web address ({reason})",
    "url_blocked": "{url}: {host} is inside the network ({address}): refused",
    "url_unresolved": "{url}: the name {host} does not resolve",
    "url_timeout": "{url}: no answer within {seconds} s",
    "url_redirects": "{url}: more than {limit} redirects",
    "url_status": "{url}: the server answered {status}",
    "url_failed": "{url}: could not fetch it ({reason})",
    "name_bad": "'{name}': a name is lowercase letters, digits and '-' (up to 60), starting with a letter or digit",
    "name_taken": "{name}: seeds/{name}.txt exists already: choose another name",
    "duplicate": "{name}: the same original is already in the corpus as {source_id} ({file})",
    "not_editor": "only editors may add articles",
    "draft_failed": "{name}: the draft does not build ({reason}); nothing was written",
}


class IntakeError(ValueError):
    """A source the intake refuses; `code` and `values` let the page say it in its language."""

    def __init__(self, code: str, **values: object):
        self.code = code
        self.values = {key: str(value) for key, value in values.items()}
        super().__init__(MESSAGES[code].format(**values))


def size_text(size: int) -> str:
    """Bytes as a reader says them: 512 B, 3.2 KB, 20.0 MB."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"
