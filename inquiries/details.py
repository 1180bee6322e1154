"""The service-specific part of an inquiry file: cleaned from the request, saved beside the file."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from inquiries.models import Inquiry
from pishkhan.jalali import parse_jalali_date
from pishkhan.validators import normalize_text, to_ascii_digits


def _date(raw, name, errors, required=True):
    if raw in (None, ""):
        if required:
            errors[name] = [_("This field is required.")]
        return None
    if isinstance(raw, datetime.date):
        return raw
    text = to_ascii_digits(str(raw)).strip()
    try:
        if len(text) == 10 and text[4] == "-" and int(text[:4]) > 1700:
            return datetime.date.fromisoformat(text)  # ISO 8601 from other systems
        return parse_jalali_date(text)  # Jalali from people
    except ValueError:
        errors[name] = [_("Enter a date like 1403/07/15.")]
        return None


def _decimal(raw, name, errors, maximum):
    if raw in (None, ""):
        errors[name] = [_("This field is required.")]
        return None
    try:
        value = Decimal(to_ascii_digits(str(raw)).replace("٫", "."))
    except InvalidOperation:
        errors[name] = [_("Enter a number.")]
        return None
    if not Decimal("0") < value <= maximum:
        errors[name] = [_("Enter a number greater than zero and at most %(max)s.") % {"max": maximum}]
        return None
    return value


def _text(raw, name, errors, required=True, max_length=150):
    value = normalize_text(raw)
    if required and not value:
        errors[name] = [_("This field is required.")]
    elif len(value) > max_length:
        errors[name] = [_("At most %(n)d characters.") % {"n": max_length}]
    return value


def clean_letter(details, errors):
    cleaned = {
        "letter_number": _text(details.get("letter_number"), "letter_number", errors, max_length=40),
        "letter_date": _date(details.get("letter_date"), "letter_date", errors),
    }
    if cleaned["letter_date"] and cleaned["letter_date"] > datetime.date.today():
        errors["letter_date"] = [_("The letter's date cannot be in the future.")]
    purpose = details.get("purpose") or Inquiry.Purpose.TRANSFER
    if purpose not in Inquiry.Purpose.values:
        errors["purpose"] = [_("Unknown purpose.")]
    cleaned["purpose"] = purpose
    return cleaned


def clean_notary(details):
    errors = {}
    cleaned = clean_letter(details, errors)
    number = to_ascii_digits(str(details.get("notary_number") or "")).strip()
    if not number.isdigit():
        errors["notary_number"] = [_("Enter the notary office's number.")]
    cleaned["notary_number"] = number
    cleaned["notary_city"] = _text(details.get("notary_city"), "notary_city", errors, max_length=60)
    cleaned["organization_name"] = _("Notary office %(number)s of %(city)s") % {
        "number": number,
        "city": cleaned["notary_city"],
    }
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_bank(details):
    errors = {}
    cleaned = clean_letter(details, errors)
    cleaned["purpose"] = details.get("purpose") or Inquiry.Purpose.MORTGAGE
    cleaned["bank_name"] = _text(details.get("bank_name"), "bank_name", errors, max_length=80)
    cleaned["bank_branch"] = _text(details.get("bank_branch"), "bank_branch", errors, max_length=80)
    cleaned["organization_name"] = f"{cleaned['bank_name']} - {cleaned['bank_branch']}"
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_excavation(details):
    errors = {}
    cleaned = clean_letter(details, errors)
    cleaned["purpose"] = Inquiry.Purpose.EXCAVATION
    cleaned["utility_company"] = _text(details.get("utility_company"), "utility_company", errors, max_length=100)
    cleaned["organization_name"] = cleaned["utility_company"]
    cleaned["location"] = _text(details.get("location"), "location", errors, max_length=300)
    cleaned["cut_length_m"] = _decimal(details.get("cut_length_m"), "cut_length_m", errors, Decimal("5000"))
    cleaned["cut_width_m"] = _decimal(details.get("cut_width_m"), "cut_width_m", errors, Decimal("20"))
    cleaned["planned_start"] = _date(details.get("planned_start"), "planned_start", errors)
    cleaned["planned_end"] = _date(details.get("planned_end"), "planned_end", errors)
    if cleaned["planned_start"] and cleaned["planned_end"] and cleaned["planned_end"] < cleaned["planned_start"]:
        errors["planned_end"] = [_("The end must not be before the start.")]
    if errors:
        raise ValidationError(errors)
    return cleaned


def save(case, cleaned):
    Inquiry.objects.create(case=case, **cleaned)
