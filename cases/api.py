"""The files API (CONTRACT.md): register, list, read, act, attach, cartable, track."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from cases import selectors
from cases.documents import add_document, document_response
from cases.filters import CaseFilter
from cases.models import Case, DocumentKind
from cases.serializers import CaseDetailSerializer, CaseListSerializer, TransitionSerializer
from cases.services import apply_action, register_case
from pishkhan.validators import to_ascii_digits


def _case_or_404(request, pk):
    case = selectors.case_for(request.user, pk)
    if case is None:
        raise Http404
    return case


def detail_response(request, case, status_code=200):
    case = selectors.visible_cases(request.user).prefetch_related("documents").select_related("inquiry").get(pk=case.pk)
    return Response(CaseDetailSerializer(case, context={"request": request}).data, status=status_code)


class CaseListCreateView(ListAPIView):
    serializer_class = CaseListSerializer
    filterset_class = CaseFilter

    class RegisterSerializer(serializers.Serializer):
        service = serializers.CharField()
        office = serializers.IntegerField(required=False, allow_null=True)
        applicant = serializers.DictField()
        property = serializers.DictField()
        details = serializers.DictField(required=False)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Case.objects.none()
        return selectors.visible_cases(self.request.user).order_by("-created_at")

    @extend_schema(request=RegisterSerializer, responses={201: CaseDetailSerializer})
    def post(self, request):
        data = self.RegisterSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = register_case(actor=request.user, **data.validated_data)
        return detail_response(request, case, status.HTTP_201_CREATED)


class CaseDetailView(APIView):
    @extend_schema(responses=CaseDetailSerializer)
    def get(self, request, pk):
        return detail_response(request, _case_or_404(request, pk))


class CaseHistoryView(APIView):
    @extend_schema(responses=TransitionSerializer(many=True))
    def get(self, request, pk):
        case = _case_or_404(request, pk)
        return Response(TransitionSerializer(selectors.history_of(case), many=True).data)


class CaseActionView(APIView):
    class InputSerializer(serializers.Serializer):
        action = serializers.CharField()
        note = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(
        request=inline_serializer(
            "ActionInput",
            {
                "action": serializers.CharField(),
                "note": serializers.CharField(),
                "inspector": serializers.IntegerField(required=False),
            },
        ),
        responses={200: CaseDetailSerializer},
        description="Take a workflow action. 409 if it is not open in this state; 403 if this user may not.",
    )
    def post(self, request, pk):
        case = _case_or_404(request, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        extra = {k: v for k, v in request.data.items() if k not in ("action", "note")}
        case = apply_action(
            case, data.validated_data["action"], request.user, note=data.validated_data["note"], **extra
        )
        return detail_response(request, case)


class CaseDocumentsView(APIView):
    class InputSerializer(serializers.Serializer):
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
        return selectors.cartable_for(self.request.user)


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

    return {
        "tracking_code": case.tracking_code,
        "service": case.service_id,
        "service_title": case.service.title,
        "state": case.state,
        "state_label": case.get_state_display(),
        "updated_at": case.updated_at,
        "updated_at_jalali": jalali(case.updated_at, with_time=True),
    }
