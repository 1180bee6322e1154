"""The letter as HTML and PDF (WeasyPrint), with the Vazirmatn font and a QR code embedded."""

import base64
import logging
import struct
import zlib

import qrcode
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from core.jalali import format_jalali
from core.pdf import html_to_pdf

logger = logging.getLogger(__name__)

FONT_DIR = settings.BASE_DIR / "node_modules" / "vazirmatn" / "fonts" / "ttf"


def verify_url(letter):
    return f"{settings.SITE_URL}/verify/{letter.verification_code}"


def qr_payload(letter):
    """What the QR carries: where to verify, then the number, date and issuer printed beside it."""
    return "\n".join(
        [
            verify_url(letter),
            letter.number,
            format_jalali(letter.issued_at, persian=False),
            letter.content.get("organization", ""),
        ]
    )


def qr_data_uri(text):
    """The QR code as a one-bit PNG with one pixel per module (the style sheet scales it up sharp).

    A fixed mask pattern: any of the eight is a valid code, and trying all eight to pick the
    least busy one cost more than the rest of the QR code. The PNG is written straight from the
    modules: drawing them one by one as rectangles on an image cost as much as the code itself."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=1, mask_pattern=0)
    code.add_data(text.encode("utf-8"))
    code.make(fit=True)
    return "data:image/png;base64," + base64.b64encode(_one_bit_png(code.modules, code.border)).decode()


def _one_bit_png(modules, border):
    """A black-on-white PNG (grayscale, one bit per pixel) of the rows of booleans ``modules``."""
    size = len(modules) + 2 * border
    row_bytes = (size + 7) // 8
    tail = "1" * (border + row_bytes * 8 - size)  # the right border, then padding to a whole byte
    white = b"\0" + int("1" * row_bytes * 8, 2).to_bytes(row_bytes, "big")  # each row starts with filter 0
    rows = [white] * border
    for row in modules:
        bits = "1" * border + "".join("0" if dark else "1" for dark in row) + tail
        rows.append(b"\0" + int(bits, 2).to_bytes(row_bytes, "big"))
    rows += [white] * border

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 1, 0, 0, 0, 0)  # one bit, grayscale, no interlace
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )


def fonts():
    return {
        "regular": (FONT_DIR / "Vazirmatn-Regular.ttf").as_uri(),
        "bold": (FONT_DIR / "Vazirmatn-Bold.ttf").as_uri(),
    }


def render_css():
    """The letters' style sheet (the same for every letter: core.pdf parses it once)."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string("letters/letter_pdf.css", {"fonts": fonts()})


def render_html(letter):
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "letters/letter_pdf.html",
            {
                "letter": letter,
                "c": letter.content,
                "qr": qr_data_uri(qr_payload(letter)),
                "verify_url": verify_url(letter),
            },
        )


def render_pdf(letter):
    """The letter's PDF bytes: laid out once, with the style sheet and its fonts parsed once per process."""
    return html_to_pdf(render_html(letter), base_url=settings.BASE_DIR.as_uri() + "/", css=render_css())
