"""The sign-in-by-code input, checked once: the API and the HTML pages both validate with these."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.validators import normalize_mobile, normalize_national_id, to_ascii_digits


class StrictSerializer(serializers.Serializer):
    """Refuses keys it does not know (a typo is a 400, not silently ignored)."""

    def validate(self, attrs):
        unknown = sorted(set(getattr(self, "initial_data", {}) or {}) - set(self.fields))
        if unknown:
            raise serializers.ValidationError({key: [_("Unknown field.")] for key in unknown})
        return attrs


def _django(fn, value):
    try:
        return fn(value)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.messages) from exc


class MobileField(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", "09xxxxxxxxx; +98, 0098 and Persian digits are accepted")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        return _django(normalize_mobile, super().to_internal_value(data))


class CodeRequestSerializer(StrictSerializer):
    mobile = MobileField()
    national_id = serializers.CharField(max_length=20, help_text="10 digits with a valid check digit")

    class Meta:
        ref_name = "SignInCodeRequest"

    def validate_national_id(self, value):
        return _django(normalize_national_id, value)


class CodeVerifySerializer(StrictSerializer):
    mobile = MobileField()
    code = serializers.CharField(max_length=12, help_text="the 6 digits of the SMS")

    class Meta:
        ref_name = "SignInCodeVerify"

    def validate_code(self, value):
        code = to_ascii_digits(value).strip()
        if not (len(code) == 6 and code.isascii() and code.isdigit()):
            raise serializers.ValidationError(_("Enter the 6 digits of the code."))
        return code
