"""The public API of the office network: districts, authorized offices, the list of changes."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.jalali import format_jalali, to_jalali
from offices import selectors
from offices.models import District, Municipality, Office, Service

MUNICIPALITY_PARAM = OpenApiParameter(
    "municipality", str, description="Municipality code (one deployment may serve several cities)."
)
DISTRICT_PARAM = OpenApiParameter("district", int, description="District number.")
SERVICE_PARAM = OpenApiParameter("service", str, description="Service code, e.g. notary_inquiry.")


class PlaceFilter(serializers.Serializer):
    """Query parameters shared by the lists; an unknown value is a 400 with a Persian message."""

    municipality = serializers.SlugField(required=False)
    district = serializers.IntegerField(required=False, min_value=1)
    service = serializers.SlugField(required=False)

    def validate(self, attrs):
        found = {}
        if "municipality" in attrs:
            found["municipality"] = Municipality.objects.filter(code=attrs["municipality"]).first()
            if found["municipality"] is None:
                raise serializers.ValidationError({"municipality": [_("There is no such municipality.")]})
        if "district" in attrs:
            qs = District.objects.filter(number=attrs["district"])
            if found.get("municipality"):
                qs = qs.filter(municipality=found["municipality"])
            found["district"] = qs.order_by("municipality_id").first()
            if found["district"] is None:
                raise serializers.ValidationError(
                    {"district": [_("District %(number)s does not exist.") % {"number": attrs["district"]}]}
                )
        if "service" in attrs:
            found["service"] = Service.objects.filter(code=attrs["service"]).first()
            if found["service"] is None:
                raise serializers.ValidationError(
                    {"service": [_("There is no service “%(code)s”.") % {"code": attrs["service"]}]}
                )
        return found


def _filters(request, keys=("municipality", "district", "service")):
    serializer = PlaceFilter(data={k: request.query_params[k] for k in keys if request.query_params.get(k)})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class DistrictListApi(APIView):
    permission_classes = [AllowAny]

    class PublicDistrictSerializer(serializers.ModelSerializer):
        municipality = serializers.CharField(source="municipality.code", help_text="The municipality's code.")

        class Meta:
            model = District
            fields = ["id", "number", "name", "municipality"]

    @extend_schema(
        operation_id="districts_list",
        summary="The municipality's districts (not paginated: a city has a handful).",
        parameters=[MUNICIPALITY_PARAM],
        responses=PublicDistrictSerializer(many=True),
        tags=["offices"],
    )
    def get(self, request):
        municipality = _filters(request, keys=("municipality",)).get("municipality")
        return Response(self.PublicDistrictSerializer(selectors.districts(municipality), many=True).data)


class OfficeListApi(ListAPIView):
    """Authorized offices: active, selected for their district, licence and contract in force."""

    permission_classes = [AllowAny]

    class PublicOfficeSerializer(serializers.ModelSerializer):
        district = serializers.IntegerField(source="district.number")
        municipality = serializers.CharField(source="district.municipality.code", help_text="The municipality's code.")
        latitude = serializers.FloatField(allow_null=True)
        longitude = serializers.FloatField(allow_null=True)
        services = serializers.SerializerMethodField()

        class Meta:
            model = Office
            fields = [
                "id", "code", "name", "district", "municipality", "address", "phone", "latitude", "longitude",
                "services",
            ]  # fmt: skip

        @extend_schema_field(serializers.ListField(child=serializers.CharField()))
        def get_services(self, office):
            return [service.code for service in office.services.all()]

    serializer_class = PublicOfficeSerializer

    def get_queryset(self):
        return selectors.directory_offices(**_filters(self.request))

    @extend_schema(
        operation_id="offices_list",
        summary="Authorized offices, filtered by district and service.",
        parameters=[DISTRICT_PARAM, SERVICE_PARAM, MUNICIPALITY_PARAM],
        tags=["offices"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class OfficeChangeListApi(ListAPIView):
    """The public, dated list of changes to the authorized offices, newest first."""

    permission_classes = [AllowAny]

    class PublicOfficeChangeSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        office_code = serializers.CharField(source="office.code")
        office_name = serializers.CharField(source="office.name")
        district = serializers.IntegerField(source="office.district.number")
        municipality = serializers.CharField(source="office.district.municipality.code")
        kind = serializers.CharField()
        kind_label = serializers.CharField(source="get_kind_display")
        reason = serializers.CharField()
        effective_on = serializers.SerializerMethodField()
        effective_on_jalali = serializers.SerializerMethodField()

        @extend_schema_field(OpenApiTypes.DATE)
        def get_effective_on(self, change):
            # The model gives a Jalali date; JSON dates are Gregorian ISO 8601.
            return to_jalali(change.effective_on).togregorian().isoformat()

        @extend_schema_field(serializers.CharField(help_text="e.g. 1403/07/15"))
        def get_effective_on_jalali(self, change):
            return format_jalali(change.effective_on, persian=False)

    serializer_class = PublicOfficeChangeSerializer

    def get_queryset(self):
        filters = _filters(self.request, keys=("municipality", "district"))
        qs = selectors.public_changes(district=filters.get("district"))
        if filters.get("municipality"):
            qs = qs.filter(office__district__municipality=filters["municipality"])
        return qs

    @extend_schema(
        operation_id="office_changes_list",
        summary="Changes to the list of authorized offices (selection, suspension, end of contract).",
        parameters=[DISTRICT_PARAM, MUNICIPALITY_PARAM],
        tags=["offices"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
