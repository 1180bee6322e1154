"""What an upload holds, checked by its bytes: a PDF, JPEG or PNG whose content is what it claims and carries
nothing active. Every upload the portal keeps (a file's documents, violation evidence, visit photos, office
contracts, employment contracts, instruction attachments) passes ``check_upload``."""

import hashlib
import re
import struct
import zlib

from django.conf import settings
from django.utils.translation import gettext as _

from core.errors import DomainError

# What a file's first bytes must be; the name and the browser's content type are not trusted.
SIGNATURES = [
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
]


# A phone's camera takes up to 50 megapixels; a larger picture is refused before anything decodes it.
MAX_IMAGE_PIXELS = 50_000_000


def sniff(head):
    for magic, content_type, ext in SIGNATURES:
        if head.startswith(magic):
            return content_type, ext
    return None, None


# --- what is inside --------------------------------------------------------------------------------------------

# PDF names that run something or carry something: scripts, actions on open or on events, launching
# programs, attached files, forms that post data, Flash and 3D content.
_ACTIVE_PDF_NAMES = {
    b"JavaScript",
    b"JS",
    b"AA",
    b"Launch",
    b"EmbeddedFile",
    b"EmbeddedFiles",
    b"FileAttachment",
    b"RichMedia",
    b"XFA",
    b"SubmitForm",
    b"ImportData",
    b"GoToE",
    b"Sound",
    b"Movie",
}
_PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_OPEN_ACTION = re.compile(rb"/OpenAction\s*(.)", re.DOTALL)
_STREAM = re.compile(rb"stream\r?\n")
# Markup a browser would run if it ever read the file as HTML (a PDF+HTML polyglot).
_MARKUP = re.compile(rb"<\s*(script|html|body|iframe|!doctype|object|embed|meta\s+http-equiv)\b|javascript:", re.I)
_INFLATE_LIMIT = 64 * 1024 * 1024  # the inflated streams of one file, in all: a zip bomb stops here


def _names(chunk):
    for match in _PDF_NAME.finditer(chunk):
        yield _HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1))


def _inflated_streams(data):
    """The streams that inflate (compressed objects can hide dictionaries from a plain scan)."""
    budget = _INFLATE_LIMIT
    for match in _STREAM.finditer(data):
        inflater = zlib.decompressobj()
        try:
            chunk = inflater.decompress(data[match.end() : match.end() + budget], budget)
        except zlib.error:
            continue
        budget -= len(chunk)
        yield chunk
        if budget <= 0:
            return


def _pdf_problem(data):
    """Why this PDF is refused, or None. The names are read in the raw file and in its inflated streams."""
    if _MARKUP.search(data):
        return _("The PDF also contains web page markup.")
    end = data.rfind(b"%%EOF")
    if end < 0:
        return _("The PDF file is incomplete.")
    if data[end + 5 :].strip(b" \t\r\n\x00"):
        return _("The PDF has data after its end.")
    for chunk in (data, *_inflated_streams(data)):
        for name in _names(chunk):
            if name in _ACTIVE_PDF_NAMES:
                return _("PDFs with scripts, automatic actions or attached files are not accepted.")
        for match in _OPEN_ACTION.finditer(chunk):
            if match.group(1) != b"[":  # a page to open at is fine; an action is not
                return _("PDFs with scripts, automatic actions or attached files are not accepted.")
    return None


_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def pdf_pages(data):
    """How many pages a (checked) PDF has: its page objects, in the raw file and in compressed object streams."""
    return sum(len(_PAGE.findall(chunk)) for chunk in (data, *_inflated_streams(data)))


def _png_end(data):
    """Where the PNG's IEND chunk ends, or None when the chunks do not add up."""
    position = 8
    while position + 12 <= len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        position += 12 + length
        if kind == b"IEND":
            return position if position <= len(data) else None
    return None


def _png_pixels_decode(data):
    """Whether the PNG's pixel data (its IDAT chunks: one zlib stream) decompresses whole.

    Pillow's ``verify()`` checks each chunk's sum, not what the chunks hold, and with WeasyPrint imported
    (it sets ``ImageFile.LOAD_TRUNCATED_IMAGES``) a stream that breaks off decodes without complaint. The
    stream is inflated a megabyte at a time and the output dropped: nothing the size of the picture is held."""
    stream = zlib.decompressobj()
    position = 8
    try:
        while position + 12 <= len(data):
            (length,) = struct.unpack(">I", data[position : position + 4])
            kind = data[position + 4 : position + 8]
            if kind == b"IEND":
                break
            if kind == b"IDAT":
                chunk = data[position + 8 : position + 8 + length]
                while chunk and not stream.eof:
                    stream.decompress(chunk, 1 << 20)
                    chunk = stream.unconsumed_tail
            position += 12 + length
    except zlib.error:
        return False
    return stream.eof


def _jpeg_end(data):
    """Where the JPEG's end-of-image marker ends, walking its segments and scans; None if malformed."""
    position, size = 2, len(data)
    while position + 2 <= size:
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xD9:
            return position + 2
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            position += 2
            continue
        if position + 4 > size:
            return None
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        position += 2 + length
        if marker == 0xDA:  # entropy-coded data follows, up to the next marker that is not a restart or a stuffed 0
            while position + 1 < size:
                if data[position] == 0xFF and data[position + 1] != 0x00 and not 0xD0 <= data[position + 1] <= 0xD7:
                    break
                position += 1
    return None


def _image_problem(data, content_type):
    end = _png_end(data) if content_type == "image/png" else _jpeg_end(data)
    if end is None:
        return _("The image file is damaged.")
    if data[end:].strip(b"\x00"):
        return _("The image has data after its end.")
    if content_type == "image/png" and not _png_pixels_decode(data):
        return _("The image file is damaged.")
    return None


def check_upload(upload, *, images_only=False):
    """(content_type, extension, sha256) of a valid upload, or DomainError (400) naming the problem."""
    if upload is None:
        raise DomainError("file-missing", _("Choose a file."), fields={"file": [_("Choose a file.")]})
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        message = _("The file is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)}
        raise DomainError("file-too-large", message, fields={"file": [message]})
    if upload.size == 0:
        raise DomainError("file-empty", _("The file is empty."), fields={"file": [_("The file is empty.")]})
    upload.seek(0)
    head = upload.read(16)
    content_type, ext = sniff(head)
    if content_type is None or (images_only and not content_type.startswith("image/")):
        message = (
            _("Only JPEG or PNG photos are accepted.")
            if images_only
            else _("Only PDF, JPEG or PNG files are accepted.")
        )
        raise DomainError("file-type", message, fields={"file": [message]})
    if content_type.startswith("image/"):
        from PIL import Image, UnidentifiedImageError

        upload.seek(0)
        try:
            with Image.open(upload) as image:
                pixels = image.width * image.height
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
            message = _("The image file is damaged.")
            raise DomainError("file-damaged", message, fields={"file": [message]}) from None
        if pixels > MAX_IMAGE_PIXELS:
            # A small file can declare a huge picture, which decoding (a photo's thumbnail) would hold whole in memory.
            message = _("The picture is larger than %(mp)d megapixels.") % {"mp": MAX_IMAGE_PIXELS // 1_000_000}
            raise DomainError("file-too-large", message, fields={"file": [message]})
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    problem = _pdf_problem(data) if content_type == "application/pdf" else _image_problem(data, content_type)
    if problem:
        raise DomainError("file-content", problem, fields={"file": [problem]})
    return content_type, ext, hashlib.sha256(data).hexdigest()
