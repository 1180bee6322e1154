"""``/api/v1/violations/``: the violations a user may see, one in full, its actions and evidence."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role
from accounts.tenancy import in_city
from billing.amounts import SlipAmountField
from cases.models import Case
from cases.selectors import scope_for
from core.errors import Forbidden
from core.validators import to_ascii_digits
from offices.models import Office
from supervision import services
from supervision.api.common import NoNulText, StrictSerializer, jalali
from supervision.models import Decision, Source, ViolationState
from supervision.selectors import violations as selectors
from supervision.workflow import ACTIONS, label_of

ERRORS = {
    400: OpenApiResponse(description="Invalid input; `errors` names the fields"),
    403: OpenApiResponse(description="This user may not do this"),
    404: OpenApiResponse(description="No such violation for this user"),
}


class _Ref(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class OfficeRefSerializer(_Ref):
    pass


class SubjectSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["office", "staff"])
    name = serializers.CharField()
    user = serializers.IntegerField(allow_null=True)


class TypeRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()


class FineSlipSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    bill_id = serializers.CharField()
    payment_id = serializers.CharField()
    amount_rials = serializers.IntegerField()
    paid = serializers.BooleanField(source="is_paid")
    status = serializers.CharField()


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Decision.choices)
    label = serializers.CharField()
    note = serializers.CharField()
    fine_rials = serializers.IntegerField(allow_null=True)
    fine_slip = FineSlipSerializer(allow_null=True)
    decided_at = serializers.DateTimeField()
    decided_at_jalali = serializers.CharField()
    appeal_due = serializers.DateField(allow_null=True)
    final = serializers.BooleanField()


class EventSerializer(serializers.Serializer):
    seq = serializers.IntegerField()
    action = serializers.CharField()
    action_label = serializers.SerializerMethodField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    actor = serializers.SerializerMethodField()
    actor_role = serializers.CharField()
    note = serializers.CharField()
    data = serializers.JSONField()
    at = serializers.DateTimeField()
    at_jalali = serializers.SerializerMethodField()

    def get_action_label(self, event) -> str:
        return str(label_of(event.action))

    def get_actor(self, event) -> str | None:
        return str(event.actor) if event.actor_id else None

    def get_at_jalali(self, event) -> str | None:
        return jalali(event.at, with_time=True)


class EvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    description = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    uploaded_at = serializers.DateTimeField()


class ViolationListSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    office = serializers.SerializerMethodField()
    subject = serializers.SerializerMethodField()
    type = serializers.SerializerMethodField()
    source = serializers.ChoiceField(choices=Source.choices)
    source_label = serializers.CharField(source="get_source_display")
    state = serializers.ChoiceField(choices=ViolationState.choices)
    state_label = serializers.CharField(source="get_state_display")
    case = serializers.SerializerMethodField()
    response_due = serializers.DateField(allow_null=True)
    response_due_jalali = serializers.SerializerMethodField()
    decision = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    created_at_jalali = serializers.SerializerMethodField()

    @extend_schema_field(OfficeRefSerializer)
    def get_office(self, v):
        return {"id": v.office_id, "code": v.office.code, "name": v.office.name}

    @extend_schema_field(SubjectSerializer)
    def get_subject(self, v):
        if v.subject_user_id:
            return {"kind": "staff", "name": str(v.subject_user), "user": v.subject_user_id}
        return {"kind": "office", "name": v.office.name, "user": None}

    @extend_schema_field(TypeRefSerializer)
    def get_type(self, v):
        return {"code": v.type.code, "title": v.type.title}

    def get_case(self, v) -> str | None:
        return v.case.tracking_code if v.case_id else None

    def get_response_due_jalali(self, v) -> str | None:
        return jalali(v.response_due)

    def get_created_at_jalali(self, v) -> str | None:
        return jalali(v.created_at, with_time=True)

    @extend_schema_field(DecisionSerializer(allow_null=True))
    def get_decision(self, v):
        if not v.decision:
            return None
        slip = v.fine_slip
        return {
            "decision": v.decision,
            "label": v.get_decision_display(),
            "note": v.decision_note,
            "fine_rials": v.fine_rials,
            "fine_slip": FineSlipSerializer(slip).data if slip is not None else None,
            "decided_at": serializers.DateTimeField().to_representation(v.decided_at),
            "decided_at_jalali": jalali(v.decided_at, with_time=True),
            "appeal_due": v.appeal_due.isoformat() if v.appeal_due else None,
            "final": v.state == ViolationState.CLOSED,
        }


class ViolationDetailSerializer(ViolationListSerializer):
    description = serializers.CharField()
    response = serializers.CharField()
    appeal = serializers.CharField(source="appeal_text")
    complaint_tracking_code = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()
    evidence = EvidenceSerializer(many=True)

    def get_complaint_tracking_code(self, v) -> str | None:
        complaint = getattr(v, "complaint", None)
        return complaint.tracking_code if complaint is not None else None

    def get_allowed_actions(self, v) -> list[str]:
        return services.allowed_actions(v, self.context["request"].user)

    @extend_schema_field(EventSerializer(many=True))
    def get_history(self, v):
        return EventSerializer(selectors.events_of(v), many=True).data


def _violation_or_404(request, pk):
    violation = selectors.violation_for(request.user, pk)
    if violation is None:
        raise Http404
    return violation


def detail_response(request, pk, status_code=200):
    violation = _violation_or_404(request, pk)
    return Response(ViolationDetailSerializer(violation, context={"request": request}).data, status=status_code)


class ViolationListCreateView(ListAPIView):
    """The violations this user may see (the unit: all; an office manager: their office's), newest first.
    ``POST`` (the unit): record a violation found in an inspection or escalated by follow-up."""

    serializer_class = ViolationListSerializer

    class FilterSerializer(StrictSerializer):
        state = serializers.ChoiceField(choices=ViolationState.choices, required=False)
        source = serializers.ChoiceField(choices=Source.choices, required=False)
        office = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
        page = serializers.IntegerField(required=False, min_value=1, max_value=10**6)
        page_size = serializers.IntegerField(required=False, min_value=1, max_value=200)

    class InputSerializer(StrictSerializer):
        office = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
        type = serializers.SlugField(max_length=40, help_text="A code of the violation catalogue")
        source = serializers.ChoiceField(
            choices=Source.choices,
            default=Source.INSPECTION,
            help_text="inspection or followup (the others are recorded by Pishkhan)",
        )
        description = NoNulText(max_length=4000)
        case = serializers.CharField(
            max_length=20, required=False, allow_blank=True, help_text="The tracking code of the file concerned"
        )
        subject_user = serializers.IntegerField(
            required=False, allow_null=True, min_value=1, max_value=2**31 - 1, help_text="A staff member's user id"
        )
        draft = serializers.BooleanField(default=False, help_text="Keep it as a draft instead of asking the office")

        def validate_source(self, value):
            if value not in (Source.INSPECTION, Source.FOLLOWUP):
                raise serializers.ValidationError(_("Complaints and overdue files open their violations themselves."))
            return value

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return selectors.Violation.objects.none()
        params = self.FilterSerializer(data=self.request.query_params.dict())
        params.is_valid(raise_exception=True)
        office = params.validated_data.get("office")
        qs = selectors.violation_list(
            self.request.user,
            state=params.validated_data.get("state", ""),
            source=params.validated_data.get("source", ""),
        )
        return qs.filter(office_id=office) if office else qs

    @extend_schema(parameters=[FilterSerializer], responses={200: ViolationListSerializer(many=True), **ERRORS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=InputSerializer, responses={201: ViolationDetailSerializer, **ERRORS})
    def post(self, request):
        if request.user.role not in (Role.SUPERVISOR, Role.ADMIN):
            raise Forbidden("forbidden", _("Only the supervision unit records violations."))
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        office = Office.objects.filter(in_city(request.user, "district__municipality"), pk=values["office"]).first()
        if office is None:
            raise serializers.ValidationError({"office": [_("Unknown office.")]})
        violation_type = selectors.violation_type(values["type"], office.district.municipality_id)
        if violation_type is None:
            raise serializers.ValidationError({"type": [_("Unknown violation type.")]})
        case = None
        if values.get("case"):
            code = to_ascii_digits(values["case"]).strip()
            case = Case.objects.filter(scope_for(request.user), tracking_code=code).first()
            if case is None:
                raise serializers.ValidationError({"case": [_("No file has this tracking code.")]})
        subject = None
        if values.get("subject_user"):
            from django.contrib.auth import get_user_model

            subject = get_user_model().objects.filter(in_city(request.user), pk=values["subject_user"]).first()
            if subject is None:
                raise serializers.ValidationError({"subject_user": [_("Unknown user.")]})
        violation = services.open_violation(
            office=office,
            type=violation_type,
            source=values["source"],
            actor=request.user,
            description=values["description"],
            case=case,
            subject_user=subject,
            draft=values["draft"],
        )
        return detail_response(request, violation.pk, status.HTTP_201_CREATED)


class ViolationDetailView(APIView):
    @extend_schema(responses={200: ViolationDetailSerializer, 404: ERRORS[404]})
    def get(self, request, pk):
        return detail_response(request, pk)


class ViolationActionView(APIView):
    """Take a step: ``respond`` (the office manager, within the deadline), ``decide`` (the unit, with
    ``decision`` and for a fine ``fine_rials``), ``appeal`` (the office manager, within the appeal
    period), and ``open``, ``note``, ``extend`` (``days``), ``classify`` (``type``) for the unit.
    409 when the action is not open now; 403 when this user may not take it."""

    class InputSerializer(StrictSerializer):
        action = serializers.ChoiceField(choices=list(ACTIONS))
        note = NoNulText(max_length=4000, required=False, allow_blank=True, default="")
        decision = serializers.ChoiceField(choices=Decision.choices, required=False)
        fine_rials = SlipAmountField(required=False)
        days = serializers.IntegerField(required=False, min_value=1, max_value=30)
        type = serializers.SlugField(required=False, max_length=40)

    @extend_schema(
        request=InputSerializer,
        responses={200: ViolationDetailSerializer, 409: OpenApiResponse(description="Not open now"), **ERRORS},
    )
    def post(self, request, pk):
        violation = _violation_or_404(request, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        services.act(violation, values.pop("action"), request.user, **values)
        return detail_response(request, pk)


class EvidenceView(APIView):
    class InputSerializer(StrictSerializer):
        file = serializers.FileField()
        description = NoNulText(max_length=200, required=False, allow_blank=True, default="")

    @extend_schema(request={"multipart/form-data": InputSerializer}, responses={201: EvidenceSerializer, **ERRORS})
    def post(self, request, pk):
        violation = _violation_or_404(request, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        evidence = services.add_evidence(
            violation=violation,
            actor=request.user,
            upload=data.validated_data["file"],
            description=data.validated_data["description"],
        )
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


class EvidenceFileView(APIView):
    """The evidence file itself, as an attachment, for whoever may see the violation."""

    @extend_schema(
        parameters=[OpenApiParameter("evidence_id", int, OpenApiParameter.PATH)],
        responses={(200, "application/octet-stream"): OpenApiResponse(description="The file"), 404: ERRORS[404]},
    )
    def get(self, request, pk, evidence_id):
        violation = _violation_or_404(request, pk)
        evidence = violation.evidence.filter(pk=evidence_id).first()
        if evidence is None:
            raise Http404
        return services.evidence_response(evidence)
