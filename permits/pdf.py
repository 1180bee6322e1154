"""The permit and certificate documents as PDF (WeasyPrint, Vazirmatn, a QR code to verify them)."""

import base64
import io

import qrcode
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from permits.models import BuildingUse, floor_name

FONT_DIR = settings.BASE_DIR / "node_modules" / "vazirmatn" / "fonts" / "ttf"


def verify_url(document):
    return f"{settings.SITE_URL}/verify/{document.verification_code}"


def qr_data_uri(text):
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=2)
    code.add_data(text.encode("utf-8"))
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


ENGINEER_ROLES = {
    "designer": _("designer"),
    "structural": _("structural engineer"),
    "supervising": _("supervising engineer"),
}


def shown_data(data):
    """The approved data with Persian labels for its codes (floors, uses, engineers' roles)."""
    uses = dict(BuildingUse.choices)
    shown = dict(data)
    shown["use_label"] = uses.get(data.get("requested_use"), data.get("requested_use", ""))
    shown["floor_rows"] = [
        {**row, "name": floor_name(row["level"]), "use_label": uses.get(row.get("use"), row.get("use"))}
        for row in data.get("floor_areas", [])
    ]
    shown["engineer_rows"] = [
        {"role": ENGINEER_ROLES.get(role, role), **engineer} for role, engineer in (data.get("engineers") or {}).items()
    ]
    return shown


def render_html(permit, certificate=None):
    document = certificate or permit
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "permits/permit_pdf.html",
            {
                "permit": permit,
                "certificate": certificate,
                "d": shown_data(permit.data),
                "municipality": permit.district.municipality,
                "qr": qr_data_uri("\n".join([verify_url(document), document.number])),
                "verify_url": verify_url(document),
                "fonts": {
                    "regular": (FONT_DIR / "Vazirmatn-Regular.ttf").as_uri(),
                    "bold": (FONT_DIR / "Vazirmatn-Bold.ttf").as_uri(),
                },
            },
        )


def render_pdf(permit, certificate=None):
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    html = render_html(permit, certificate)
    return HTML(string=html, base_url=settings.BASE_DIR.as_uri() + "/").write_pdf(font_config=FontConfiguration())
