"""The files API (CONTRACT.md): register, list, read, act, attach, cartable, track."""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from cases import progress, selectors
from cases.actions import schema_serializers
from cases.documents import add_document, document_response
from cases.filters import CaseFilter
from cases.inputs import registration_serializers
from cases.models import Case, DocumentKind
from cases.plugins import registry
from cases.serializers import CaseDetailSerializer, CaseListSerializer, TransitionSerializer
from cases.services import register_input, take_action
from cases.services.corrections import answer_item, decide_item
from core.fields import StrictSerializer, TextField
from core.validators import to_ascii_digits


def _case_or_404(request, pk):
    case = selectors.case_for(request.user, pk)
    if case is None:
        raise Http404
    return case


def detail_response(request, case, status_code=200):
    # The people on the file are prefetched, not joined: each join more multiplies PostgreSQL's planning
    # (both users joined took longer to plan than the rest of the response), and a file without a holder
    # or an inspector, as every new one, costs no query for them.
    case = (
        selectors.visible_cases(request.user)
        .select_related(*registry().related())
        .prefetch_related(*selectors.PEOPLE, "documents")
        .get(pk=case.pk)
    )
    # Read through visible_cases: the user may see it, which allowed_actions need not ask again.
    return Response(CaseDetailSerializer(case, context={"request": request, "seen": True}).data, status=status_code)


def registered_response(request, case):
    """The 201 answer to a registration: the file read once more (an after-registration hook may have
    answered it at once) with its own family's record. Its service, office, district and parcel are the
    rows registration itself just read or wrote, and the person who registered it may see it."""
    # One file: its people and documents are read when shown, as a prefetch would (a new file has no people).
    family = registry().family(case.service_id)
    fresh = Case.objects.select_related(*(family.related() if family else ())).get(pk=case.pk)
    fresh.service, fresh.office, fresh.district, fresh.parcel = case.service, case.office, case.district, case.parcel
    return Response(
        CaseDetailSerializer(fresh, context={"request": request, "seen": True}).data, status=status.HTTP_201_CREATED
    )


def registration_example(service_code):
    """A body that registers in the demo city: an office of district 1 and a fresh parcel and
    applicant are all a client changes."""
    family = registry().family(service_code)
    return {
        "service": service_code,
        "office": 1,
        "applicant": {
            "national_id": "0084575948",
            "first_name": "زهرا",
            "last_name": "احمدی",
            "mobile": "09131234567",
        },
        "property": {
            "renewal_code": family.example_renewal_code(service_code) or "01-012-034-001-01-002",
            "address": "اصفهان، خیابان چهارباغ عباسی، کوچهٔ ۱۲",
            "postal_code": "8173915111",
            "district": 1,
        },
        "details": family.example(service_code),
    }


ERRORS = {
    400: OpenApiTypes.OBJECT,
    403: OpenApiTypes.OBJECT,
    404: OpenApiTypes.OBJECT,
    409: OpenApiTypes.OBJECT,
}


class CaseListCreateView(ListAPIView):
    serializer_class = CaseListSerializer
    filterset_class = CaseFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Case.objects.none()
        return (
            selectors.list_rows(selectors.visible_cases(self.request.user))
            .prefetch_related("holder")
            .order_by("-created_at")
        )

    @extend_schema(
        request=PolymorphicProxySerializer(
            component_name="CaseRegistration",
            serializers=lambda: registration_serializers(),
            resource_type_field_name="service",
        ),
        examples=[
            OpenApiExample(code, value=registration_example(code), request_only=True)
            for code in registry().service_codes()
        ],
        responses={201: CaseDetailSerializer, **ERRORS},
        description="Register a file. `details` depends on `service`: one schema per service.",
    )
    def post(self, request):
        if not isinstance(request.data, dict):
            raise serializers.ValidationError({"non_field_errors": [_("Send a JSON object.")]})
        case = register_input(actor=request.user, data=dict(request.data.items()), reread=False)
        return registered_response(request, case)


class CaseDetailView(APIView):
    @extend_schema(responses=CaseDetailSerializer)
    def get(self, request, pk):
        return detail_response(request, _case_or_404(request, pk))


class CaseHistoryView(APIView):
    @extend_schema(responses=TransitionSerializer(many=True))
    def get(self, request, pk):
        case = _case_or_404(request, pk)
        rows = list(selectors.history_of(case))
        names = selectors.inspector_names(case, rows)
        return Response(TransitionSerializer(rows, many=True, context={"inspector_names": names}).data)


class CaseActionView(APIView):
    @extend_schema(
        request=PolymorphicProxySerializer(
            component_name="CaseAction",
            serializers=lambda: schema_serializers(),
            resource_type_field_name="action",
        ),
        responses={200: CaseDetailSerializer, **ERRORS},
        description=(
            "Take a workflow action. Each action takes its own input (one schema per action); any other key "
            "is a 400 naming it. 409 if the action is not open in this state; 403 if this user may not take it."
        ),
    )
    def post(self, request, pk):
        case = _case_or_404(request, pk)
        if not isinstance(request.data, dict):
            raise serializers.ValidationError({"non_field_errors": [_("Send a JSON object.")]})
        data = dict(request.data.items())
        action = data.pop("action", None)
        if not isinstance(action, str) or not action:
            raise serializers.ValidationError({"action": [_("Name the action.")]})
        case = take_action(case, action, request.user, data)
        return detail_response(request, case)


class CorrectionAnswerInput(StrictSerializer):
    text = TextField(max_length=1000, required=False, allow_blank=True, default="")
    document = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=2**31)


class CorrectionDecisionInput(StrictSerializer):
    decision = serializers.ChoiceField(choices=[("accept", "accept"), ("again", "again")])
    note = TextField(max_length=500, required=False, allow_blank=True, default="")


def checked(serializer_class, data):
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class CorrectionAnswerView(APIView):
    @extend_schema(
        request=CorrectionAnswerInput,
        responses={200: CaseDetailSerializer, **ERRORS},
        description=(
            "The applicant (or the counter on their behalf) answers one correction item of a returned file: "
            "`document` (the id of the new document, uploaded first) for a document item, `text` otherwise. "
            "The file goes back with `resubmit` once every item is answered."
        ),
    )
    def post(self, request, pk, item_id):
        case = _case_or_404(request, pk)
        data = checked(CorrectionAnswerInput, request.data)
        answer_item(case=case, item_id=item_id, actor=request.user, text=data["text"], document_id=data["document"])
        return detail_response(request, case)


class CorrectionDecisionView(APIView):
    @extend_schema(
        request=CorrectionDecisionInput,
        responses={200: CaseDetailSerializer, **ERRORS},
        description="The office accepts an answered correction item or asks again (`decision`: accept, again).",
    )
    def post(self, request, pk, item_id):
        case = _case_or_404(request, pk)
        data = checked(CorrectionDecisionInput, request.data)
        decide_item(
            case=case, item_id=item_id, actor=request.user, accept=data["decision"] == "accept", note=data["note"]
        )
        return detail_response(request, case)


class CaseDocumentsView(APIView):
    class InputSerializer(StrictSerializer):
        kind = serializers.ChoiceField(choices=DocumentKind.choices)
        file = serializers.FileField()

    @extend_schema(request={"multipart/form-data": InputSerializer}, responses={201: OpenApiTypes.OBJECT})
    def post(self, request, pk):
        case = _case_or_404(request, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        document = add_document(
            case=case, actor=request.user, kind=data.validated_data["kind"], upload=data.validated_data["file"]
        )
        return Response(
            {
                "id": document.id,
                "kind": document.kind,
                "name": document.original_name,
                "size": document.size,
                "content_type": document.content_type,
                "sha256": document.sha256,
            },
            status=status.HTTP_201_CREATED,
        )


class DocumentFileView(APIView):
    """The file itself, for whoever may see the file it belongs to."""

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, pk, doc_id):
        case = _case_or_404(request, pk)
        document = case.documents.filter(pk=doc_id).first()
        if document is None:
            raise Http404
        return document_response(document)


class CartableView(ListAPIView):
    serializer_class = CaseListSerializer
    filterset_class = CaseFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Case.objects.none()
        return selectors.list_rows(selectors.cartable_for(self.request.user)).prefetch_related("holder")


class TrackThrottle(AnonRateThrottle):
    rate = "60/min"


class TrackView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [TrackThrottle]

    @extend_schema(
        parameters=[OpenApiParameter("national_id", str, required=True)],
        responses=inline_serializer(
            "Track",
            {
                "tracking_code": serializers.CharField(),
                "service": serializers.CharField(),
                "state": serializers.CharField(),
                "state_label": serializers.CharField(),
                "updated_at": serializers.DateTimeField(),
                "steps": inline_serializer(
                    "TrackStep",
                    {
                        "key": serializers.ChoiceField(choices=list(progress.ORDER)),
                        "label": serializers.CharField(),
                        "status": serializers.ChoiceField(
                            choices=["done", "current", "waiting", "stopped", "skipped", "pending"],
                            help_text="`waiting`: the file waits for its applicant at this step; `stopped`: "
                            "rejected or cancelled here.",
                        ),
                        "status_label": serializers.CharField(),
                    },
                    many=True,
                    help_text="The steps the file's service passes through, in order.",
                ),
                "issued": inline_serializer(
                    "TrackIssued",
                    {
                        "label": serializers.CharField(),
                        "number": serializers.CharField(),
                        "verification_code": serializers.CharField(),
                        "verify_url": serializers.CharField(),
                    },
                    many=True,
                    help_text="Once the file is answered: its letter, permit or certificate, to verify.",
                ),
            },
        ),
        auth=[],
    )
    def get(self, request, code):
        national_id = to_ascii_digits(request.query_params.get("national_id", "")).strip()
        case = selectors.case_by_tracking_code(code, national_id) if national_id else None
        if case is None:
            # The same answer whether the code or the national ID is wrong: nothing to probe.
            return Response(
                {"code": "not_found", "detail": _("No file matches this tracking code and national ID.")}, status=404
            )
        return Response(track_payload(case))


def track_payload(case):
    from cases.serializers import jalali

    shown = selectors.public_progress(case)
    return {
        "tracking_code": case.tracking_code,
        "service": case.service_id,
        "service_title": case.service.title,
        "state": case.state,
        "state_label": case.get_state_display(),
        "updated_at": case.updated_at,
        "updated_at_jalali": jalali(case.updated_at, with_time=True),
        "steps": [
            {"key": step.key, "label": step.label, "status": step.status, "status_label": step.status_label}
            for step in shown["steps"]
        ],
        "issued": [
            {
                "label": paper.label,
                "number": paper.number,
                "verification_code": paper.verification_code,
                "verify_url": reverse("verify", args=[paper.verification_code]),
            }
            for paper in shown["issued"]
        ],
    }
