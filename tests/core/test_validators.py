import pytest
from django.core.exceptions import ValidationError

from core.validators import (
    normalize_mobile,
    normalize_national_id,
    normalize_plate,
    normalize_postal_code,
    normalize_renewal_code,
    normalize_text,
    to_persian_digits,
)


@pytest.mark.parametrize(
    "raw, stored",
    [
        ("0499370899", "0499370899"),
        ("۰۴۹۹۳۷۰۸۹۹", "0499370899"),  # Persian digits
        ("٠٤٩٩٣٧٠٨٩٩", "0499370899"),  # Arabic-Indic digits
        ("049-937089-9", "0499370899"),
        ("1111111111"[:0] + "0084575948", "0084575948"),
        ("84575948", "0084575948"),  # printed without leading zeros
        ("4608968882", "4608968882"),
    ],
)
def test_national_id_accepts_real_ids(raw, stored):
    assert normalize_national_id(raw) == stored


@pytest.mark.parametrize(
    "raw, code",
    [
        ("0499370898", "national-id-checksum"),
        ("4608968883", "national-id-checksum"),
        ("1111111111", "national-id-invalid"),
        ("0000000000", "national-id-invalid"),
        ("12345", "national-id-length"),
        ("12345678901", "national-id-length"),
        ("04993708a9", "national-id-digits"),
        ("", "required"),
    ],
)
def test_national_id_rejects_invalid(raw, code):
    with pytest.raises(ValidationError) as info:
        normalize_national_id(raw)
    assert info.value.code == code
    assert any("\u0600" <= ch <= "\u06ff" for ch in info.value.messages[0]), "message must be Persian"


@pytest.mark.parametrize(
    "raw",
    [
        "09123456789",
        "+989123456789",
        "00989123456789",
        "989123456789",
        "9123456789",
        "۰۹۱۲۳۴۵۶۷۸۹",
        "٠٩١٢٣٤٥٦٧٨٩",
        "0912 345 6789",
        "0912-345-6789",
        "+98 (912) 345 6789",
    ],
)
def test_mobile_forms_are_stored_one_way(raw):
    assert normalize_mobile(raw) == "09123456789"


@pytest.mark.parametrize("raw", ["0812345678", "091234567", "091234567890", "+9712345678", "abc", "02112345678", ""])
def test_mobile_rejects_invalid(raw):
    with pytest.raises(ValidationError) as info:
        normalize_mobile(raw)
    assert "۰۹" in info.value.messages[0] or "همراه" in info.value.messages[0]


def test_postal_code():
    assert normalize_postal_code("۸۱۴۶۸-۳۵۱۱۱") == "8146835111"
    for bad in ["123", "0146835111", "1111111111", "81468351111"]:
        with pytest.raises(ValidationError):
            normalize_postal_code(bad)


def test_renewal_code_is_padded_and_checked():
    assert normalize_renewal_code("5-12-45-1-1-2") == "05-012-045-001-01-002"
    assert normalize_renewal_code("۰۵/۰۱۲/۰۴۵/۰۰۱/۰۱/۰۰۲") == "05-012-045-001-01-002"
    for bad in ["5-12-45", "5-12-45-1-1-2-3", "5-1234-45-1-1-2", "0-12-45-1-1-2", "x-12-45-1-1-2"]:
        with pytest.raises(ValidationError):
            normalize_renewal_code(bad)


def test_renewal_code_layout_is_configurable(settings):
    settings.RENEWAL_CODE_PARTS = [("district", 2), ("block", 4), ("parcel", 4)]
    assert normalize_renewal_code("3-1234-7") == "03-1234-0007"
    with pytest.raises(ValidationError):
        normalize_renewal_code("05-012-045-001-01-002")


@pytest.mark.parametrize(
    "raw, stored",
    [
        ("12ب345-67", "12-ب-345-67"),
        ("۱۲ ب ۳۴۵ ایران ۶۷", "12-ب-345-67"),
        ("22الف111-13", "22-الف-111-13"),
        ("22ا111-13", "22-الف-111-13"),
        ("45 ي 678 - 53", "45-ی-678-53"),  # Arabic ye is normalized
    ],
)
def test_plate(raw, stored):
    assert normalize_plate(raw) == stored


@pytest.mark.parametrize("raw", ["1ب345-67", "12ب34-67", "12X345-67", "12ب345-6", "02ب345-67", "12ح345-67"])
def test_plate_rejects_invalid(raw):
    with pytest.raises(ValidationError):
        normalize_plate(raw)


def test_normalize_text():
    assert normalize_text("  علي   كريمي ") == "علی کریمی"
    assert normalize_text("پلاک ۱۲، طبقه ٣") == "پلاک 12، طبقه 3"
    assert normalize_text("می\u200c\u200cخواهم") == "می\u200cخواهم"
    assert normalize_text("کتاب\u200c ها") == "کتاب ها"
    assert normalize_text("\u200cسلام\u200c") == "سلام"
    assert normalize_text("\u200fخیابان\u200e  چهارباغ\u200b") == "خیابان چهارباغ"
    assert normalize_text(None) == ""


def test_persian_digits():
    assert to_persian_digits("1403/07/01") == "۱۴۰۳/۰۷/۰۱"
