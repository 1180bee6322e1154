"""``GET /api/v1/stats/annual/?year=&format=xlsx``: the yearly table as JSON or as an Excel file."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from core.jalali import jalali_year
from supervision import reports
from supervision.api.common import ReadsStatistics, StrictSerializer
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


class AnnualQuery(StrictSerializer):
    """What the yearly table is asked with: any other parameter is refused by name."""

    _year = _("Give a Jalali year such as 1403.")
    year = serializers.IntegerField(
        required=False,
        min_value=1300,
        max_value=1500,
        error_messages={"invalid": _year, "min_value": _year, "max_value": _year, "max_string_length": _year},
    )
    municipality = serializers.CharField(required=False, max_length=20)
    format = serializers.ChoiceField(required=False, choices=["json", "xlsx"])


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
        query = AnnualQuery(data={key: value.strip() for key, value in request.query_params.items() if value.strip()})
        query.is_valid(raise_exception=True)
        year = query.validated_data.get("year") or jalali_year()
        municipality = municipality_for(request.user, query.validated_data.get("municipality"))
        if municipality is None:
            raise Http404  # nobody's figures but a city's own, never every city's mixed
        data = stats.annual(year, municipality=municipality)
        data["monthly"] = stats.monthly(year, municipality=municipality)
        response = Response(data)
        if request.accepted_renderer.format == "xlsx":
            response["Content-Disposition"] = f'attachment; filename="pishkhan-{year}.xlsx"'
        return response

    def handle_exception(self, exc):
        # Errors are JSON even when the workbook was asked for.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)
