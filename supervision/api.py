from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role
from core.jalali import jalali_year
from core.validators import to_ascii_digits
from supervision.stats import annual


class ReadsStatistics(BasePermission):
    message = _("Only the supervision unit and the municipality's staff read the statistics.")

    def has_permission(self, request, view):
        return request.user.is_authenticated and request.user.role in (
            Role.SUPERVISOR,
            Role.ADMIN,
            Role.MUNICIPAL_STAFF,
        )


class AnnualStatsView(APIView):
    """Files registered and responses issued in a Jalali year, by district and by office."""

    permission_classes = [ReadsStatistics]

    @extend_schema(
        parameters=[OpenApiParameter("year", int, description="Jalali year, e.g. 1403")], responses=OpenApiTypes.OBJECT
    )
    def get(self, request):
        raw = to_ascii_digits(request.query_params.get("year", "")).strip() or str(jalali_year())
        if not raw.isdigit() or not 1300 <= int(raw) <= 1500:
            raise serializers.ValidationError({"year": [_("Give a Jalali year such as 1403.")]})
        return Response(annual(int(raw)))
