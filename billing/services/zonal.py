"""Zonal values: one version at a time, or a whole table imported from Excel or CSV (all rows or none)."""

import csv
import io
import zipfile

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from billing.models import ZonalValue
from core.errors import DomainError
from core.jalali import parse_jalali_date
from core.validators import is_digits, normalize_text, to_ascii_digits
from offices.models import District

MAX_ROWS = 20000
COLUMNS = ("district", "block", "value_rials", "valid_from", "approval_reference")
# Header names accepted in an imported sheet (English or the Persian of the export).
HEADERS = {
    "district": "district",
    "منطقه": "district",
    "block": "block",
    "بلوک": "block",
    "value_rials": "value_rials",
    "ارزش منطقه‌ای (ریال)": "value_rials",
    "ارزش (ریال)": "value_rials",
    "valid_from": "valid_from",
    "از تاریخ": "valid_from",
    "approval_reference": "approval_reference",
    "مصوبه": "approval_reference",
}


def clean_block(value):
    block = to_ascii_digits(normalize_text(str(value if value is not None else ""))).strip()
    if isinstance(value, float) and value.is_integer():
        block = str(int(value))
    if not block or len(block) > 10 or not all(ch.isalpha() or is_digits(ch) for ch in block):  # not ² or ①
        raise ValueError(_("A block is up to 10 letters or digits."))
    return block.lstrip("0") or "0"


def _clean_value(value):
    text = to_ascii_digits(str(value if value is not None else "")).replace(",", "").replace("٬", "").strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not is_digits(text) or not 0 < int(text) < 10**15:
        raise ValueError(_("Enter the value as a whole number of rials."))
    return int(text)


def _clean_date(value):
    if hasattr(value, "year") and not isinstance(value, str):
        raise ValueError(_("Type the date as Jalali text such as 1404/01/01."))
    try:
        return parse_jalali_date(value)
    except ValueError as exc:
        raise ValueError(_("Enter a Jalali date such as 1404/01/01.")) from exc


@transaction.atomic
def save_zonal_value(*, district, block, value_rials, valid_from, approval_reference="", instance=None):
    """Add a version (or correct ``instance``). Raises DomainError naming the field."""
    errors = {}
    try:
        block = clean_block(block)
    except ValueError as exc:
        errors["block"] = [str(exc)]
    try:
        value_rials = _clean_value(value_rials)
    except ValueError as exc:
        errors["value_rials"] = [str(exc)]
    if not errors:
        clash = ZonalValue.objects.filter(district=district, block=block, valid_from=valid_from)
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            errors["valid_from"] = [_("This block already has a value from this date.")]
    if errors:
        raise DomainError("invalid", _("The zonal value could not be saved: check the marked fields."), fields=errors)
    row = instance or ZonalValue()
    row.district = district
    row.block = block
    row.value_rials = value_rials
    row.valid_from = valid_from
    row.approval_reference = normalize_text(approval_reference)[:120]
    row.save()
    return row


def _rows_of_csv(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DomainError("file-encoding", _("Save the CSV file as UTF-8.")) from exc
    if "\x00" in text:
        raise DomainError("file-type", _("Upload an Excel (.xlsx) or CSV file."))
    try:
        return list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:  # a cell past the reader's limit (128 KB), a stray NUL
        raise DomainError("file-type", _("The CSV file could not be read: a cell is too long.")) from exc


def _rows_of_xlsx(data):
    from xml.etree.ElementTree import ParseError

    from openpyxl import load_workbook

    # A workbook whose parts inside are damaged fails while it is opened or only when its rows are read.
    damaged = (zipfile.BadZipFile, KeyError, ValueError, IndexError, TypeError, OSError, ParseError)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            rows = []
            for row in sheet.iter_rows(values_only=True):
                rows.append(["" if cell is None else cell for cell in row])
                if len(rows) > MAX_ROWS + 1:
                    break
        finally:
            book.close()
    except damaged as exc:
        raise DomainError("file-type", _("The Excel file could not be read.")) from exc
    return rows


def read_table(upload):
    """The rows of an uploaded CSV or Excel file as lists of cells (header first)."""
    if upload is None or upload.size == 0:
        raise DomainError("file-missing", _("Choose a file."), fields={"file": [_("Choose a file.")]})
    if upload.size > settings.UPLOAD_MAX_BYTES:
        message = _("The file is larger than %(mb)d MB.") % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
        raise DomainError("file-too-large", message, fields={"file": [message]})
    data = upload.read()
    rows = _rows_of_xlsx(data) if data[:4] == b"PK\x03\x04" else _rows_of_csv(data)
    rows = [row for row in rows if any(str(cell).strip() for cell in row)]
    if len(rows) > MAX_ROWS + 1:
        raise DomainError("too-many-rows", _("At most %(n)d rows at once.") % {"n": MAX_ROWS})
    return rows


@transaction.atomic
def import_zonal_values(*, municipality, upload):
    """Import a table of zonal values: every row is checked first; one bad row saves nothing.

    Returns (added, updated). A row for a block and date already present replaces its value.
    Raises DomainError whose ``fields`` name the rows ("row 3": [...]).
    """
    rows = read_table(upload)
    if not rows:
        raise DomainError("empty", _("The file has no rows."))
    header = [HEADERS.get(normalize_text(str(cell)).lower(), "") for cell in rows[0]]
    missing = [name for name in COLUMNS[:4] if name not in header]
    if missing:
        raise DomainError(
            "columns",
            _("The first row must name the columns: %(names)s") % {"names": ", ".join(COLUMNS)},
        )
    districts = {d.number: d for d in District.objects.filter(municipality=municipality)}
    errors, cleaned = {}, {}
    for number, row in enumerate(rows[1:], start=2):
        cells = dict(zip(header, row, strict=False))
        problems = []
        district_text = to_ascii_digits(str(cells.get("district", ""))).strip().removesuffix(".0")
        district = districts.get(int(district_text)) if is_digits(district_text) else None
        if district is None:
            problems.append(_("Unknown district “%(value)s”.") % {"value": cells.get("district", "")})
        values = {}
        for name, fn in (("block", clean_block), ("value_rials", _clean_value), ("valid_from", _clean_date)):
            try:
                values[name] = fn(cells.get(name))
            except ValueError as exc:
                problems.append(str(exc))
        if problems:
            errors[_("row %(n)d") % {"n": number}] = problems
            continue
        key = (district.pk, values["block"], values["valid_from"])
        if key in cleaned:
            errors[_("row %(n)d") % {"n": number}] = [_("The same block and date appear twice.")]
            continue
        cleaned[key] = (values["value_rials"], normalize_text(str(cells.get("approval_reference", "")))[:120])
    if errors:
        raise DomainError("invalid", _("Nothing was imported: correct the marked rows."), fields=errors)
    existing = {
        (z.district_id, z.block, z.valid_from): z
        for z in ZonalValue.objects.select_for_update().filter(district__municipality=municipality)
    }
    new, changed = [], []
    for key, (value, reference) in cleaned.items():
        row = existing.get(key)
        if row is None:
            new.append(
                ZonalValue(
                    district_id=key[0],
                    block=key[1],
                    valid_from=key[2],
                    value_rials=value,
                    approval_reference=reference,
                )
            )
        elif (row.value_rials, row.approval_reference) != (value, reference):
            row.value_rials, row.approval_reference = value, reference
            changed.append(row)
    # The history-keeping bulk writes: every row still gets its audit entry.
    bulk_create_with_history(new, ZonalValue, batch_size=1000)
    bulk_update_with_history(changed, ZonalValue, ["value_rials", "approval_reference"], batch_size=1000)
    return len(new), len(changed)
