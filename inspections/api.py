"""The inspections API: visits, the proposal, assignment, scheduling, reports, workload."""

from django import forms
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role
from accounts.tenancy import in_city
from cases.selectors import case_for
from core.errors import DomainError
from core.fields import StrictSerializer
from core.validators import normalize_text, parse_int, to_ascii_digits
from inspections import selectors, services
from inspections.forms import ReportForm, parse_date
from inspections.models import ReportStatus, Slot, Visit, VisitReport, VisitState
from inspections.serializers import PersonSerializer, ProposalSerializer, ReportSerializer, VisitSerializer
from offices.models import District


def _visit(request, pk):
    visit = selectors.visit_for(request.user, pk)
    if visit is None:
        raise Http404
    return visit


def _case(request, pk):
    case = case_for(request.user, pk)
    if case is None:
        raise Http404
    return case


def _date(text):
    day = parse_date(text)
    if day is None:
        message = _("Enter a Jalali date such as 1403/07/15.")
        raise DomainError("invalid", message, fields={"date": [message]})
    return day


def _visit_response(request, visit, status_code=200):
    return Response(VisitSerializer(selectors.visit_for(request.user, visit.pk)).data, status=status_code)


class VisitListView(ListAPIView):
    """An inspector's own visits; supervisors see all, office staff their offices', municipal staff their
    district's. Newest booking first."""

    serializer_class = VisitSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("date", str, description="Visit date, Jalali (1403/07/15) or ISO (2024-10-06)"),
            OpenApiParameter("state", str, enum=["open", *VisitState.values]),
            OpenApiParameter("inspector", int),
            OpenApiParameter("late", bool),
            OpenApiParameter("q", str, description="Tracking code, renewal code or address"),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Visit.objects.none()
        params = self.request.query_params
        state = params.get("state", "")
        if state and state not in ("open", *VisitState.values):
            message = _("Unknown visit state.")
            raise DomainError("invalid", message, fields={"state": [message]})
        day = _date(params["date"]) if params.get("date") else None
        inspector = to_ascii_digits(params.get("inspector", ""))
        late = {"true": True, "1": True, "false": False, "0": False}.get(params.get("late", "").lower())
        return selectors.visits_for(
            self.request.user,
            state=state,
            day=day,
            inspector=parse_int(inspector),
            late=late,
            q=normalize_text(params.get("q")),
        )


class VisitDetailView(APIView):
    @extend_schema(responses=VisitSerializer)
    def get(self, request, pk):
        return Response(VisitSerializer(_visit(request, pk)).data)


class ProposalView(APIView):
    @extend_schema(
        responses=ProposalSerializer,
        description="The proposed inspector for a file: the trained inspector of the office's district with the "
        "fewest open visits (ties: the earliest free slot), and every candidate with their load.",
    )
    def get(self, request, case_id):
        case = _case(request, case_id)
        if request.user.role not in (Role.TECHNICAL_OFFICER, Role.OFFICE_MANAGER, Role.SUPERVISOR, Role.ADMIN):
            raise PermissionDenied
        return Response(ProposalSerializer(selectors.propose_inspector(case)).data)


class AssignView(APIView):
    class InputSerializer(StrictSerializer):
        inspector = serializers.CharField(help_text='A user id, or "auto" for the proposed inspector.')
        note = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses={201: VisitSerializer})
    def post(self, request, case_id):
        case = _case(request, case_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        choice, note = data.validated_data["inspector"], data.validated_data["note"]
        if choice == "auto":
            visit = services.assign_proposed(case=case, actor=request.user, note=note)
        else:
            visit = services.assign_inspector(case=case, actor=request.user, inspector=choice, note=note)
        return _visit_response(request, visit, status.HTTP_201_CREATED)


class ReassignView(APIView):
    class InputSerializer(StrictSerializer):
        inspector = serializers.IntegerField()
        reason = serializers.CharField()

    @extend_schema(request=InputSerializer, responses={201: VisitSerializer})
    def post(self, request, pk):
        visit = _visit(request, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        new = services.reassign_visit(visit=visit, actor=request.user, **data.validated_data)
        return _visit_response(request, new, status.HTTP_201_CREATED)


class ScheduleView(APIView):
    class InputSerializer(StrictSerializer):
        date = serializers.CharField(help_text="Jalali (1403/07/15) or ISO (2024-10-06)")
        slot = serializers.ChoiceField(choices=Slot.choices)

    @extend_schema(request=InputSerializer, responses=VisitSerializer)
    def post(self, request, pk):
        visit = _visit(request, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        day = _date(data.validated_data["date"])
        visit = services.schedule_visit(visit=visit, actor=request.user, day=day, slot=data.validated_data["slot"])
        return _visit_response(request, visit)


REPORT_INPUT = inline_serializer(
    "VisitReportInput",
    {
        "visited_on": serializers.CharField(required=False),
        "visited_at_time": serializers.CharField(required=False),
        "present": serializers.CharField(required=False),
        "land_area": serializers.DecimalField(max_digits=10, decimal_places=2, required=False),
        "built_area": serializers.DecimalField(max_digits=10, decimal_places=2, required=False),
        "floors": serializers.IntegerField(required=False),
        "usage": serializers.CharField(required=False),
        "building_state": serializers.ChoiceField(choices=["vacant", "under_construction", "finished"]),
        "deed_differences": serializers.CharField(required=False),
        "street_widening": serializers.BooleanField(required=False),
        "street_widening_note": serializers.CharField(required=False),
        "violations": serializers.CharField(required=False, help_text='JSON: [{"type": "extra_floor", "area": 20}]'),
        "findings": serializers.CharField(required=False),
        "latitude": serializers.DecimalField(max_digits=9, decimal_places=6, required=False),
        "longitude": serializers.DecimalField(max_digits=9, decimal_places=6, required=False),
        "photos": serializers.ListField(child=serializers.ImageField(), required=False),
        "submit": serializers.BooleanField(required=False),
    },
)


class ReportView(APIView):
    @extend_schema(responses=ReportSerializer(many=True), description="Every version of the file's report.")
    def get(self, request, pk):
        visit = _visit(request, pk)
        return Response(ReportSerializer(selectors.reports_of(visit.case), many=True).data)

    @extend_schema(
        request={"multipart/form-data": REPORT_INPUT, "application/json": REPORT_INPUT},
        responses={200: ReportSerializer},
        description="Save the draft (only the fields given change) and add photos; with submit=true, submit it: "
        "the first submission moves the file on, later ones are corrections kept as new versions.",
    )
    def post(self, request, pk):
        visit = _visit(request, pk)
        data = _report_input(request.data)
        photos = request.FILES.getlist("photos") if hasattr(request.FILES, "getlist") else []
        submit = str(request.data.get("submit", "")).lower() in ("true", "1", "yes")
        service = services.submit_report if submit else services.save_draft
        report = service(visit=visit, actor=request.user, data=data, photos=photos)
        report = selectors.reports_of(visit.case).get(pk=report.pk)
        return Response(ReportSerializer(report).data)


def _report_input(body):
    """The report's fields from the request body, as the report form reads text boxes: an object of values,
    each a text, a number or empty (the violations a list of rows; a yes/no field true or false). Anything else
    is a 400, never a 500."""
    if not hasattr(body, "items"):
        raise DomainError("invalid", _("The request body must be an object of the report's fields."))
    data, wrong = {}, {}
    for key, value in body.items():
        if key in ("photos", "submit"):
            continue
        if key not in ReportForm.base_fields and key != "violations":
            wrong[key[:60]] = [_("Unknown field.")]
        elif key == "violations" and isinstance(value, (list, str)):
            data[key] = value
        elif value is None or isinstance(value, str):
            data[key] = "" if value is None else value
        elif isinstance(value, bool) and isinstance(ReportForm.base_fields.get(key), forms.BooleanField):
            data[key] = value
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            data[key] = str(value)
        else:
            wrong[key] = [_("Give a text or a number.")]
    if wrong:
        raise DomainError("invalid", _("The report has errors: check the marked fields."), fields=wrong)
    return data


class ReportPdfView(APIView):
    @extend_schema(responses={(200, "application/pdf"): bytes}, description="A submitted report version as PDF.")
    def get(self, request, pk):
        report = VisitReport.objects.filter(pk=pk, status=ReportStatus.SUBMITTED).select_related("pdf").first()
        if report is None or case_for(request.user, report.case_id) is None:
            raise Http404
        document = report.pdf or services.attach_pdf(report.pk)
        return FileResponse(document.file.open("rb"), content_type="application/pdf", filename=document.original_name)


class CorrectionView(APIView):
    class InputSerializer(StrictSerializer):
        reason = serializers.CharField()

    @extend_schema(request=InputSerializer, responses={201: ReportSerializer})
    def post(self, request, pk):
        visit = _visit(request, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        draft = services.start_correction(case=visit.case, actor=request.user, reason=data.validated_data["reason"])
        report = selectors.reports_of(visit.case).get(pk=draft.pk)
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)


class WorkloadView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("district", int)],
        responses=inline_serializer(
            "InspectorWorkload",
            {
                "inspector": PersonSerializer(),
                "open_visits": serializers.IntegerField(),
                "late_visits": serializers.IntegerField(),
                "reported_visits": serializers.IntegerField(),
                "avg_days_to_visit": serializers.FloatField(allow_null=True),
            },
            many=True,
        ),
    )
    def get(self, request):
        if not request.user.is_supervisor:
            raise PermissionDenied
        number = to_ascii_digits(request.query_params.get("district", ""))
        district = None
        if parse_int(number) is not None:
            district = District.objects.filter(in_city(request.user), number=parse_int(number)).first()
        return Response(
            [
                {
                    "inspector": {"id": row.pk, "name": str(row)},
                    "open_visits": row.open_visits,
                    "late_visits": row.late_visits,
                    "reported_visits": row.reported_visits,
                    "avg_days_to_visit": round(row.avg_days, 1) if row.avg_days is not None else None,
                }
                for row in selectors.workload(district=district, viewer=request.user)
            ]
        )
