"""How visits, proposals and reports look in the API (ISO dates with *_jalali companions)."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.serializers import jalali
from inspections.forms import violation_label


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField(source="__str__")


class VisitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.SerializerMethodField()
    inspector = PersonSerializer()
    state = serializers.CharField()
    state_label = serializers.CharField(source="get_state_display")
    assigned_at = serializers.DateTimeField()
    assigned_at_jalali = serializers.SerializerMethodField()
    deadline = serializers.DateField()
    deadline_jalali = serializers.SerializerMethodField()
    scheduled_on = serializers.DateField()
    scheduled_on_jalali = serializers.SerializerMethodField()
    slot = serializers.CharField()
    slot_label = serializers.CharField(source="get_slot_display")
    late = serializers.BooleanField(source="is_late")
    untrained = serializers.BooleanField()
    proposed = serializers.BooleanField()
    reported_at = serializers.DateTimeField()
    days_to_visit = serializers.IntegerField()

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_case(self, visit):
        case = visit.case
        return {
            "id": case.pk,
            "tracking_code": case.tracking_code,
            "service": case.service_id,
            "service_title": case.service.title,
            "state": case.state,
            "office": case.office.code,
            "office_phone": case.office.phone,
            "district": case.district.number,
            "address": case.parcel.address,
            "renewal_code": case.parcel.renewal_code,
            "applicant_name": case.applicant_name,
            "applicant_mobile": case.applicant_mobile,
        }

    def get_assigned_at_jalali(self, visit) -> str | None:
        return jalali(visit.assigned_at, with_time=True)

    def get_deadline_jalali(self, visit) -> str | None:
        return jalali(visit.deadline)

    def get_scheduled_on_jalali(self, visit) -> str | None:
        return jalali(visit.scheduled_on)


class CandidateSerializer(serializers.Serializer):
    inspector = PersonSerializer(source="user")
    open_visits = serializers.IntegerField()
    trained = serializers.BooleanField()
    missing_courses = serializers.SerializerMethodField()
    next_free_date = serializers.DateField()
    next_free_date_jalali = serializers.SerializerMethodField()
    next_free_slot = serializers.CharField()

    def get_missing_courses(self, candidate) -> list[str]:
        return [c.title for c in candidate.missing_courses]

    def get_next_free_date_jalali(self, candidate) -> str | None:
        return jalali(candidate.next_free_date)


class ProposalSerializer(serializers.Serializer):
    case = serializers.IntegerField(source="case.pk")
    district = serializers.IntegerField(source="case.office.district.number")
    inspector = PersonSerializer(allow_null=True)
    candidates = CandidateSerializer(many=True)


class PhotoSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    size = serializers.IntegerField()
    urls = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_urls(self, photo):
        return {v: reverse("inspections:photo", args=[photo.pk, v]) for v in ("original", "display", "thumbnail")}


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    visit = serializers.IntegerField(source="visit_id")
    version = serializers.IntegerField()
    status = serializers.CharField()
    author = PersonSerializer()
    visited_on = serializers.DateField()
    visited_on_jalali = serializers.SerializerMethodField()
    visited_at_time = serializers.TimeField(format="%H:%M")
    present = serializers.CharField()
    land_area = serializers.DecimalField(max_digits=10, decimal_places=2)
    built_area = serializers.DecimalField(max_digits=10, decimal_places=2)
    floors = serializers.IntegerField()
    usage = serializers.CharField()
    building_state = serializers.CharField()
    deed_differences = serializers.CharField()
    street_widening = serializers.BooleanField()
    street_widening_note = serializers.CharField()
    violations = serializers.SerializerMethodField()
    findings = serializers.CharField()
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6)
    correction_reason = serializers.CharField()
    photos = PhotoSerializer(many=True)
    submitted_at = serializers.DateTimeField()
    submitted_at_jalali = serializers.SerializerMethodField()
    pdf = serializers.SerializerMethodField()

    def get_visited_on_jalali(self, report) -> str | None:
        return jalali(report.visited_on)

    def get_submitted_at_jalali(self, report) -> str | None:
        return jalali(report.submitted_at, with_time=True)

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_violations(self, report):
        return [{**row, "label": str(violation_label(row.get("type")))} for row in report.violations or []]

    def get_pdf(self, report) -> str | None:
        return reverse("api-visit-report-pdf", args=[report.pk]) if report.is_submitted else None
