"""Files handed to a browser: a safe name, and never sniffed or shown as something else.

Uploaded files are always attachments (a PDF or image someone uploaded is never rendered inside
Pishkhan's origin); files Pishkhan made itself (letters, slips, reports) may be shown inline.
"""

import re
import unicodedata
from urllib.parse import quote

from django.http import FileResponse

_UNSAFE = re.compile(r"[\x00-\x1f\x7f\"\\/:*?<>|;]+")
_NOT_ASCII_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def safe_names(name, fallback):
    """(UTF-8 name, ASCII name) for Content-Disposition: no path, quote, control or separator characters.

    ``fallback`` (e.g. ``document-12.pdf``) is used when nothing readable is left in ASCII; its
    extension is kept on both names, so a name cannot change what the file opens as.
    """
    stem, dot, ext = fallback.rpartition(".")
    ext = f".{ext}" if dot else ""
    text = _UNSAFE.sub(" ", unicodedata.normalize("NFC", str(name or ""))).strip(" .")
    if text.lower().endswith(ext.lower()):
        text = text[: len(text) - len(ext)].strip(" .")
    text = text[:150] or (stem if dot else fallback)
    ascii_stem = _NOT_ASCII_NAME.sub("_", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode())
    ascii_stem = ascii_stem.strip("._")[:100]
    if len(ascii_stem.replace("_", "")) < 2:
        ascii_stem = stem if dot else fallback
    return f"{text}{ext}", f"{ascii_stem}{ext}"


def content_disposition(name, fallback, *, inline=False):
    utf8_name, ascii_name = safe_names(name, fallback)
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(utf8_name, safe='')}"


def file_response(handle, *, content_type, name, fallback, inline=False):
    """A streamed file with a safe Content-Disposition and ``X-Content-Type-Options: nosniff``."""
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition(name, fallback, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    return response
