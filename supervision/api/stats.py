"""``GET /api/v1/stats/annual/?year=&format=xlsx``: the yearly table as JSON or as an Excel file."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from core.jalali import jalali_year
from core.validators import is_digits, to_ascii_digits
from supervision import reports
from supervision.api.common import ReadsStatistics
from supervision.excel import XLSX
from supervision.selectors import stats
from supervision.selectors.scope import municipality_for


class XLSXRenderer(BaseRenderer):
    """Renders the yearly figures as the workbook the statistics page exports."""

    media_type = XLSX
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return reports.annual_workbook(data)


_row = {"registered": serializers.IntegerField(), "responded": serializers.IntegerField()}
AnnualOutput = inline_serializer(
    "AnnualStats",
    {
        "year": serializers.IntegerField(),
        "municipality": serializers.CharField(allow_null=True),
        **_row,
        "by_family": inline_serializer(
            "AnnualStatsFamily",
            {"family": serializers.CharField(), "title": serializers.CharField(), **_row},
            many=True,
        ),
        "by_service": inline_serializer(
            "AnnualStatsService",
            {"service": serializers.CharField(), "title": serializers.CharField(), **_row},
            many=True,
        ),
        "by_district": inline_serializer(
            "AnnualStatsDistrict",
            {
                "id": serializers.IntegerField(),
                "district": serializers.IntegerField(help_text="The district's number."),
                "name": serializers.CharField(),
                **_row,
            },
            many=True,
        ),
        "by_office": inline_serializer(
            "AnnualStatsOffice",
            {
                "id": serializers.IntegerField(),
                "office": serializers.CharField(help_text="The office's code."),
                "name": serializers.CharField(),
                "district": serializers.IntegerField(),
                "district_id": serializers.IntegerField(),
                **_row,
            },
            many=True,
        ),
        "monthly": inline_serializer(
            "AnnualStatsMonth",
            {"month": serializers.IntegerField(), "label": serializers.CharField(), **_row},
            many=True,
        ),
    },
)


class AnnualStatsView(APIView):
    """Files registered and responses issued in a Jalali year: by service family, service, district
    and office, and per month. ``format=xlsx`` returns the same figures as an Excel workbook."""

    permission_classes = [ReadsStatistics]
    renderer_classes = [JSONRenderer, XLSXRenderer]

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="Jalali year, e.g. 1403 (default: this year)"),
            OpenApiParameter("format", str, enum=["json", "xlsx"], description="xlsx: an Excel workbook"),
            OpenApiParameter("municipality", str, description="Municipality code (platform users only)"),
        ],
        responses={
            (200, "application/json"): AnnualOutput,
            (200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="The figures as an Excel workbook"),
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="A bad year"),
            403: OpenApiResponse(OpenApiTypes.OBJECT, description="Not the supervision unit or municipal staff"),
        },
    )
    def get(self, request):
        raw = to_ascii_digits(request.query_params.get("year", "")).strip() or str(jalali_year())
        if not is_digits(raw) or not 1300 <= int(raw) <= 1500:
            raise serializers.ValidationError({"year": [_("Give a Jalali year such as 1403.")]})
        municipality = municipality_for(request.user, request.query_params.get("municipality"))
        if municipality is None:
            raise Http404  # nobody's figures but a city's own, never every city's mixed
        data = stats.annual(int(raw), municipality=municipality)
        data["monthly"] = stats.monthly(int(raw), municipality=municipality)
        response = Response(data)
        if request.accepted_renderer.format == "xlsx":
            response["Content-Disposition"] = f'attachment; filename="pishkhan-{raw}.xlsx"'
        return response

    def handle_exception(self, exc):
        # Errors are JSON even when the workbook was asked for.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)
