"""Small builders for the files tests (through the public API where it matters)."""

import io

from django.contrib.auth import get_user_model
from PIL import Image

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes(size=(8, 8)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def renewal_code(district=1):
    from tests.cases.factories import renewal_code as fresh_code

    return fresh_code(district)


def notary_payload(district=1, code=None, **overrides):
    payload = {
        "service": "notary_inquiry",
        "applicant": {
            "national_id": "0499370899",
            "first_name": "علي",
            "last_name": "رضايي",
            "mobile": "+98 913 111 2233",
        },
        "property": {
            "renewal_code": code or renewal_code(district),
            "address": "اصفهان، خيابان چهارباغ، پلاك ۱۲",
            "district": district,
        },
        "details": {
            "notary_number": "۱۲۳",
            "notary_city": "اصفهان",
            "letter_number": "۴۵۶/ن",
            "letter_date": "۱۴۰۴/۰۷/۰۱",
        },
    }
    payload.update(overrides)
    return payload


def user(username):
    return get_user_model().objects.get(username=username)
