"""What the supervision API views share: strict input, permissions, the JSON forms of dates."""

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.permissions import BasePermission

from accounts.models import Role
from core.jalali import format_jalali


class StrictSerializer(serializers.Serializer):
    """Refuses keys it does not declare (a 400 naming them), so nothing unexpected is ever stored."""

    def to_internal_value(self, data):
        if hasattr(data, "keys"):
            unknown = sorted(set(data.keys()) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({key: [_("Unknown field.")] for key in unknown})
        return super().to_internal_value(data)


class NoNulText(serializers.CharField):
    """Text without NUL or other control characters (tabs and new lines allowed)."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in value):
            raise serializers.ValidationError(_("The text contains a character that is not allowed."))
        return value


def jalali(value, with_time=False):
    return format_jalali(value, "%Y/%m/%d %H:%M" if with_time else "%Y/%m/%d", persian=False) or None


class ReadsStatistics(BasePermission):
    message = _("Only the supervision unit and the municipality's staff read the statistics.")

    def has_permission(self, request, view):
        return request.user.is_authenticated and request.user.role in (
            Role.SUPERVISOR,
            Role.ADMIN,
            Role.MUNICIPAL_STAFF,
        )
