"""Validation and normalization of the identifiers Pishkhan takes as input.

Every input path (forms, API serializers, commands, imports) goes through these,
so what is stored has one form: ASCII digits, Persian ی and ک, tidy spaces.
Each ``normalize_*`` returns the stored form or raises ``ValidationError`` with
a Persian message.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_TO_ASCII = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, "0123456789" * 2)
_TO_PERSIAN = str.maketrans("0123456789", PERSIAN_DIGITS)
_ARABIC_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ە": "ه", "ـ": None})
ZWNJ = "\u200c"
# Invisible marks that arrive by copy and paste: zero-width space, LRM/RLM, bidi embeddings.
_INVISIBLE = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def to_ascii_digits(value):
    return str(value).translate(_TO_ASCII)


def to_persian_digits(value):
    return str(value).translate(_TO_PERSIAN)


def is_digits(text):
    """ASCII digits only: ``str.isdigit`` also says yes to ² or ①, which ``int()`` refuses."""
    return text.isascii() and text.isdigit()


def parse_int(value):
    """A whole number typed with ASCII, Persian or Arabic digits, or None (never a ValueError)."""
    text = to_ascii_digits(value if value is not None else "").strip()
    return int(text) if is_digits(text) and len(text) <= 18 else None


def normalize_text(value):
    """Persian letters, ASCII digits, single spaces, ZWNJ only between letters."""
    if value is None:
        return ""
    text = _INVISIBLE.sub("", str(value)).translate(_ARABIC_LETTERS).translate(_TO_ASCII)
    text = re.sub(ZWNJ + "+", ZWNJ, text)
    text = _SPACES.sub(" ", text)
    # A ZWNJ next to a space or a line end is a leftover, not a half-space.
    text = re.sub(rf" ?{ZWNJ} ?(?=\s|$)|(?<=\s){ZWNJ}|^{ZWNJ}", lambda m: " " if " " in m.group() else "", text)
    text = re.sub(" *\n *", "\n", text)
    text = _SPACES.sub(" ", text)
    return text.strip()


def _digits_only(value):
    return re.sub(r"[\s\-_./]", "", to_ascii_digits(_INVISIBLE.sub("", str(value or ""))))


def normalize_national_id(value):
    """A 10-digit Iranian national ID (کد ملی) with a valid check digit."""
    code = _digits_only(value)
    if not code:
        raise ValidationError(_("Enter the national ID."), code="required")
    if not is_digits(code):
        raise ValidationError(_("The national ID may contain digits only."), code="national-id-digits")
    if 8 <= len(code) < 10:
        code = code.zfill(10)  # IDs printed without their leading zeros
    if len(code) != 10:
        raise ValidationError(_("The national ID must be 10 digits."), code="national-id-length")
    if len(set(code)) == 1:
        raise ValidationError(_("This national ID is not valid."), code="national-id-invalid")
    total = sum(int(code[i]) * (10 - i) for i in range(9)) % 11
    check = int(code[9])
    if check != (total if total < 2 else 11 - total):
        raise ValidationError(
            _("This national ID is not valid (its check digit does not match)."), code="national-id-checksum"
        )
    return code


def normalize_mobile(value):
    """An Iranian mobile number, stored as 09xxxxxxxxx."""
    number = re.sub(r"[\s\-()]", "", to_ascii_digits(_INVISIBLE.sub("", str(value or ""))))
    if not number:
        raise ValidationError(_("Enter the mobile number."), code="required")
    if number.startswith("+98"):
        number = "0" + number[3:]
    elif number.startswith("0098"):
        number = "0" + number[4:]
    elif number.startswith("98") and len(number) == 12:
        number = "0" + number[2:]
    elif number.startswith("9") and len(number) == 10:
        number = "0" + number
    if not re.fullmatch(r"09\d{9}", number):
        raise ValidationError(
            _("The mobile number must be 11 digits starting with 09, e.g. 09123456789."), code="mobile-invalid"
        )
    return number


def normalize_postal_code(value):
    """A 10-digit Iranian postal code."""
    code = _digits_only(value)
    if not re.fullmatch(r"\d{10}", code):
        raise ValidationError(_("The postal code must be 10 digits."), code="postal-code-length")
    if code[0] == "0" or len(set(code)) == 1:
        raise ValidationError(_("This postal code is not valid."), code="postal-code-invalid")
    return code


RENEWAL_PART_LABELS = {
    "district": _("district"),
    "block": _("block"),
    "parcel": _("parcel"),
    "building": _("building"),
    "floor": _("floor"),
    "unit": _("unit"),
}


def renewal_code_parts():
    """The municipality's parcel-code layout: [(name, digits), ...]."""
    return settings.RENEWAL_CODE_PARTS


def normalize_renewal_code(value):
    """The property's renewal code (کد نوسازی), parts zero-padded and joined by '-'.

    The layout (district-block-parcel-building-floor-unit by default) comes from
    the RENEWAL_CODE_PARTS setting, since each municipality has its own.
    """
    text = to_ascii_digits(_INVISIBLE.sub("", str(value or ""))).strip()
    layout = renewal_code_parts()
    if not text:
        raise ValidationError(_("Enter the renewal code."), code="required")
    parts = [p for p in re.split(r"[\s\-_/.]+", text) if p]
    if len(parts) != len(layout):
        raise ValidationError(
            _("The renewal code must have %(count)d parts separated by dashes, e.g. %(example)s.")
            % {"count": len(layout), "example": renewal_code_example()},
            code="renewal-code-parts",
        )
    normalized = []
    for part, (name, width) in zip(parts, layout, strict=True):
        if not is_digits(part) or len(part) > width:
            raise ValidationError(
                _("Part “%(part)s” of the renewal code must be at most %(width)d digits.")
                % {"part": RENEWAL_PART_LABELS.get(name, name), "width": width},
                code="renewal-code-part",
            )
        normalized.append(part.zfill(width))
    if int(normalized[0]) == 0:
        raise ValidationError(_("The renewal code must start with the district number."), code="renewal-code-district")
    return "-".join(normalized)


def renewal_code_example():
    return "-".join("1".zfill(width) for _name, width in renewal_code_parts())


# Letters used on Iranian plates; «الف» is often typed as «ا».
PLATE_LETTERS = [
    "الف",
    "ب",
    "پ",
    "ت",
    "ث",
    "ج",
    "د",
    "ز",
    "س",
    "ش",
    "ص",
    "ط",
    "ع",
    "ف",
    "ق",
    "ک",
    "گ",
    "ل",
    "م",
    "ن",
    "و",
    "ه",
    "ی",
    "ژ",
]
_PLATE = re.compile(
    r"^(?P<a>\d{2})\s*-?\s*(?P<letter>الف|ا|[آ-ی])\s*-?\s*(?P<b>\d{3})\s*-?\s*(?:ایران)?\s*-?\s*(?P<region>\d{2})$"
)


def normalize_plate(value):
    """An Iranian car plate: two digits, a letter, three digits, a two-digit region.

    Stored as ``12-ب-345-67``.
    """
    text = normalize_text(value).replace(ZWNJ, "").replace(" ", "")
    match = _PLATE.match(text)
    if not match:
        raise ValidationError(
            _("The plate must be two digits, a letter, three digits and a two-digit region, e.g. 12ب345-67."),
            code="plate-invalid",
        )
    letter = "الف" if match["letter"] in ("ا", "الف") else match["letter"]
    if letter not in PLATE_LETTERS:
        raise ValidationError(_("“%(letter)s” is not a plate letter.") % {"letter": letter}, code="plate-letter")
    if match["a"].startswith("0") or match["b"].startswith("0") or match["region"].startswith("0"):
        raise ValidationError(_("This plate number is not valid."), code="plate-invalid")
    return f"{match['a']}-{letter}-{match['b']}-{match['region']}"


# Model-field validators (module-level functions, so migrations can name them).
def validate_national_id(value):
    normalize_national_id(value)


def validate_mobile(value):
    normalize_mobile(value)


def validate_postal_code(value):
    normalize_postal_code(value)


def validate_renewal_code(value):
    normalize_renewal_code(value)


def validate_plate(value):
    normalize_plate(value)
