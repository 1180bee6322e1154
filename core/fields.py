"""Serializer fields and a strict serializer every app's input uses (leaf: imports no app).

People type Persian or Arabic-Indic digits, Arabic letters and stray invisible marks; other
systems send ISO dates and ASCII. These fields accept both and hand the services one clean
form, with Persian messages; the OpenAPI schema says what each field takes.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core import validators
from core.jalali import parse_iso_date, parse_jalali_date


class StrictSerializer(serializers.Serializer):
    """A serializer that refuses keys it does not declare (naming them) instead of ignoring them."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(str(key) for key in data if key not in self.fields or self.fields[key].read_only)
            if unknown:
                raise serializers.ValidationError({key[:60]: [_("Unknown field.")] for key in unknown})
        return super().to_internal_value(data)


class TextField(serializers.CharField):
    """Free text from people: normalised (Persian letters, single spaces), NUL refused, length checked."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, str | int | float):
            self.fail("invalid")
        text = validators.normalize_text(data)
        if text == "" and not self.allow_blank:
            self.fail("blank")  # only invisible characters or spaces: as empty as an empty box
        return super().to_internal_value(text)


class _Normalized(serializers.CharField):
    """A code normalised by one of core.validators' functions."""

    normalize = None

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, str | int):
            self.fail("invalid")
        text = super().to_internal_value(str(data))
        if text == "" and self.allow_blank:
            return ""
        try:
            return type(self).normalize(text)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None


class NationalIdField(_Normalized):
    normalize = staticmethod(validators.normalize_national_id)

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", _("10 digits with a valid check digit."))
        super().__init__(**kwargs)


class MobileField(_Normalized):
    normalize = staticmethod(validators.normalize_mobile)

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", _("An Iranian mobile number: 11 digits starting with 09."))
        super().__init__(**kwargs)


class PostalCodeField(_Normalized):
    normalize = staticmethod(validators.normalize_postal_code)

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", _("10 digits."))
        super().__init__(**kwargs)


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^[0-9۰-۹]{1,2}(-[0-9۰-۹]{1,3}){2}(-[0-9۰-۹]{1,3})(-[0-9۰-۹]{1,2})(-[0-9۰-۹]{1,3})$",
        "example": "01-012-034-001-01-002",
        "maxLength": 40,
    }
)
class RenewalCodeField(_Normalized):
    """The property's renewal code; its layout comes from the RENEWAL_CODE_PARTS setting."""

    normalize = staticmethod(validators.normalize_renewal_code)

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault(
            "help_text",
            _(
                "Six parts separated by dashes: district-block-parcel-building-floor-unit. "
                "The first part is the district's number."
            ),
        )
        super().__init__(**kwargs)


class DigitsField(serializers.CharField):
    """A number written as digits (a notary office's number): Persian digits accepted, stored ASCII."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, str | int):
            self.fail("invalid")
        text = validators.to_ascii_digits(str(data)).strip()
        if len(text) > self.max_length:
            raise serializers.ValidationError(_("At most %(n)d digits.") % {"n": self.max_length})
        if not validators.is_digits(text):
            raise serializers.ValidationError(_("Enter digits only."))
        return super().to_internal_value(text)


class AmountField(serializers.DecimalField):
    """A decimal typed by people: Persian digits and the Persian decimal separator (٫) accepted."""

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("invalid")
        if isinstance(data, str):
            data = validators.to_ascii_digits(data).replace("٫", ".").replace(",", "").strip()
            if len(data) > 40:
                self.fail("invalid")
        return super().to_internal_value(data)

    def to_representation(self, value):
        """The number as written, without trailing zeros ("220", "310.5")."""
        if value is None:
            return None
        return format(Decimal(str(value)).normalize(), "f")


class WholeNumberField(serializers.IntegerField):
    """A whole number typed by people: Persian digits accepted; an empty box is a missing value, not a
    malformed number."""

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("invalid")
        if isinstance(data, str):
            data = validators.to_ascii_digits(data).strip()
            if data == "":
                if self.allow_null:
                    return None
                self.fail("required")
        return super().to_internal_value(data)


@extend_schema_field(
    {
        "type": "string",
        "format": "date",
        "description": "ISO 8601 (2024-10-06) or Jalali (1403/07/15).",
        "example": "2024-10-06",
    }
)
class JalaliDateField(serializers.DateField):
    """A date as ISO 8601 from other systems or Jalali (1403/07/15) from people; returned as ISO.

    ``past=True`` refuses a date after today; ``future=True`` one before today."""

    def __init__(self, *, past=False, future=False, **kwargs):
        self.past, self.future = past, future
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, datetime.datetime):
            self.fail("invalid", format="1403/07/15")
        if isinstance(data, datetime.date):
            value = data
        elif isinstance(data, str) and len(data) <= 20:
            text = validators.to_ascii_digits(data).strip()
            try:
                if len(text) == 10 and text[4] == "-" and int(text[:4]) > 1700:
                    value = parse_iso_date(text)
                else:
                    value = parse_jalali_date(text)
            except ValueError:
                raise serializers.ValidationError(_("Enter a date like 1403/07/15.")) from None
        else:
            raise serializers.ValidationError(_("Enter a date like 1403/07/15."))
        today = timezone.localdate()
        if self.past and value > today:
            raise serializers.ValidationError(_("The date cannot be in the future."))
        if self.future and value < today:
            raise serializers.ValidationError(_("The date cannot be in the past."))
        return value


def flat_errors(errors, prefix=""):
    """DRF's nested errors as ``{"applicant.national_id": [messages]}`` (the shape DomainError carries)."""
    flat = {}
    if isinstance(errors, dict):
        for key, value in errors.items():
            name = f"{prefix}.{key}" if prefix and key != "non_field_errors" else (prefix or str(key))
            for sub, messages in flat_errors(value, name).items():
                flat.setdefault(sub, []).extend(messages)
    elif isinstance(errors, list):
        for item in errors:
            if isinstance(item, dict | list):
                for sub, messages in flat_errors(item, prefix).items():
                    flat.setdefault(sub, []).extend(messages)
            else:
                flat.setdefault(prefix or "non_field_errors", []).append(str(item))
    else:
        flat[prefix or "non_field_errors"] = [str(errors)]
    return flat
