"""The printed slip: a Persian PDF (WeasyPrint, Vazirmatn embedded) with a Code128 barcode of both IDs."""

import base64
import io

import barcode
from barcode.writer import SVGWriter
from django.conf import settings
from django.template.loader import render_to_string

from billing import bill_ids
from core.pdf import html_to_pdf

FONT_DIR = settings.NODE_MODULES / "vazirmatn" / "fonts" / "ttf"


def barcode_svg(slip):
    """The 26-digit bill barcode (bill ID and payment ID, 13 digits each) as an SVG document."""
    code = barcode.get("code128", bill_ids.barcode_text(slip.bill_id, slip.payment_id), writer=SVGWriter())
    out = io.BytesIO()
    # The IDs are printed beside the barcode in both digit sets, so the bars carry no caption.
    code.write(out, options={"module_height": 12, "module_width": 0.3, "quiet_zone": 4, "write_text": False})
    return out.getvalue()


def barcode_data_uri(slip):
    return "data:image/svg+xml;base64," + base64.b64encode(barcode_svg(slip)).decode()


def slip_context(slip):
    return {
        "slip": slip,
        "items": list(slip.items.all()),
        "barcode": barcode_data_uri(slip),
        "barcode_text": bill_ids.barcode_text(slip.bill_id, slip.payment_id),
        "site_name": settings.SITE_NAME,
    }


def slip_pdf(slip):
    html = render_to_string("billing/slip_pdf.html", {**slip_context(slip), "font_dir": FONT_DIR.as_uri()})
    return html_to_pdf(html, base_url=str(settings.BASE_DIR))
