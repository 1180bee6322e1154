"""A letter's frozen content, stored compactly.

What a response letter prints is frozen when it is issued (``Letter.content``: the
letterhead, the applicant, the property, the visit's findings, the signer…) so that it
renders the same for ever. Stored as JSON it was most of a letter's row, and a national
deployment keeps millions of letters; so it is kept as raw DEFLATE of its canonical JSON,
with a preset dictionary of the key names and the words every letter repeats.

Formats, told apart by the first byte:

- ``\\x01``: DEFLATE (raw, window 32 KiB) with ``DICTIONARY_V1``. The dictionary is part
  of the format: never edit it; a better one is a new format byte, the old one kept
  for the letters written with it.
- ``{``: plain UTF-8 JSON, the letters issued before the compact form (migrated as they
  were, see inquiries/migrations/0005).

Python code sees a dict either way (``FrozenContentField``).
"""

import json
import zlib

from django.db import models

DEFLATE_V1 = b"\x01"

# Least common first: DEFLATE reaches the end of its window cheapest. Never change (see above).
_WORDS_V1 = (
    "بن‌بست",
    "بلوار",
    "میدان",
    "کوچهٔ",
    "کوچه",
    "طبقه",
    "واحد",
    "ساختمان",
    "زمین",
    "ملک",
    "بنا",
    "اداری",
    "صنعتی",
    "آموزشی",
    "مختلط",
    "زمین بایر",
    "تجاری",
    "پروانه ساختمانی",
    "گواهی پایان ساخت",
    "درخواست حفاری",
    "استعلام بانک",
    "استعلام دفترخانه (نقل و انتقال)",
    "شرکت",
    "دفتر اسناد رسمی شماره ",
    "بانک ",
    "شعبه ",
    "نقل و انتقال",
    "پاسخ خودکار",
    "صادرشده به‌صورت خودکار بر پایه سوابق ملک",
    "مطابق طرح تفصیلی",
    "تعریض",
    "مدیر دفتر",
    "مسئول فنی",
    "کارشناس بازدید",
    "دفتر پیشخوان دولت ",
    "کارشناس شهرداری، منطقه ",
    " · معاونت شهرسازی و معماری",
    "شهرداری ",
    " · منطقه ",
    "منطقه ",
    "خیابان ",
    "، پلاک ",
    "مسکونی",
    "موافقت",
    "مخالفت",
)
_KEYS_V1 = (
    '{"address":"","addressee":"","applicant_name":"","header":"","inquiry_date":"","inquiry_number":"",'
    '"office":"","organization":"","plan_review":{"by":"","date":"","note":"","summary":""},"renewal_code":"",'
    '"result_label":"","service":"","signer_name":"","signer_role":"","template":{"id":,"title":""},'
    '"tracking_code":"","visit":{"built_area":,"date":"","findings":"","floors":,"inspector":"","land_area":,'
    '"usage":""}}'
)
DICTIONARY_V1 = ("".join(_WORDS_V1) + _KEYS_V1).encode()


def _canonical(content):
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode()


def pack(content):
    """The stored bytes of a letter's content (a dict)."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY, DICTIONARY_V1)
    return DEFLATE_V1 + deflate.compress(_canonical(content)) + deflate.flush()


def unpack(value):
    """A letter's content (a dict) from what is stored, in any of the formats."""
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    if isinstance(value, str):  # SQLite hands back text it was given as text
        return json.loads(value) if value else {}
    data = bytes(value)
    if not data:
        return {}
    if data[:1] == DEFLATE_V1:
        inflate = zlib.decompressobj(-15, DICTIONARY_V1)
        return json.loads(inflate.decompress(data[1:]) + inflate.flush())
    return json.loads(data.decode())


class FrozenContentField(models.BinaryField):
    """A dict in Python, the compact bytes above in the database."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", dict)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("default") is dict:
            del kwargs["default"]
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return unpack(value)

    def to_python(self, value):
        return unpack(value)

    def get_db_prep_value(self, value, connection, prepared=False):
        if isinstance(value, dict):
            value = pack(value)
        return super().get_db_prep_value(value, connection, prepared)

    def value_to_string(self, obj):
        return json.dumps(self.value_from_object(obj), ensure_ascii=False)
