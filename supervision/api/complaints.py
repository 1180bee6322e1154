"""``/api/v1/complaints/``: the public complaint about a file, and its state later."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from supervision.api.common import NoNulText, StrictSerializer, jalali
from supervision.services import complaint_by_code, file_complaint
from supervision.services.complaints import MAX_COMPLAINT, not_found


class ComplaintThrottle(AnonRateThrottle):
    scope = "complaints"
    rate = "20/hour"


class ComplaintLookupThrottle(AnonRateThrottle):
    scope = "complaint-lookup"
    rate = "60/min"


class ComplaintStateSerializer(serializers.Serializer):
    tracking_code = serializers.CharField(help_text="The complaint's own tracking code")
    case_tracking_code = serializers.CharField(help_text="The file complained about")
    state = serializers.CharField(help_text="The violation's state")
    state_label = serializers.CharField()
    decision = serializers.CharField(allow_null=True)
    decision_label = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()
    created_at_jalali = serializers.CharField()


def state_of(complaint):
    violation = complaint.violation
    return {
        "tracking_code": complaint.tracking_code,
        "case_tracking_code": complaint.case.tracking_code,
        "state": violation.state,
        "state_label": violation.get_state_display(),
        "decision": violation.decision or None,
        "decision_label": violation.get_decision_display() if violation.decision else None,
        "created_at": serializers.DateTimeField().to_representation(complaint.created_at),
        "created_at_jalali": jalali(complaint.created_at, with_time=True),
    }


class ComplaintCreateView(APIView):
    """A complaint by the applicant of a file (its tracking code and their national ID). It opens a
    violation against the file's office; the answer carries the complaint's own tracking code.
    404 (the same whether the code or the national ID is wrong); 409 while an earlier complaint
    about the file is under review."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ComplaintThrottle]

    class InputSerializer(StrictSerializer):
        tracking_code = serializers.CharField(max_length=20)
        national_id = serializers.CharField(max_length=20)
        text = NoNulText(max_length=MAX_COMPLAINT)

    @extend_schema(
        request=InputSerializer,
        responses={
            201: ComplaintStateSerializer,
            400: OpenApiResponse(description="Invalid input"),
            404: OpenApiResponse(description="No file with this tracking code and national ID"),
            409: OpenApiResponse(description="An earlier complaint about this file is under review"),
            429: OpenApiResponse(description="Too many complaints from this address"),
        },
        auth=[],
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        complaint = file_complaint(**data.validated_data)
        return Response(state_of(complaint), status=status.HTTP_201_CREATED)


class ComplaintStateView(APIView):
    """A complaint's state, for the complainant (its code and the applicant's national ID)."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ComplaintLookupThrottle]

    @extend_schema(
        parameters=[OpenApiParameter("national_id", str, required=True)],
        responses={200: ComplaintStateSerializer, 404: OpenApiResponse(description="No such complaint")},
        auth=[],
    )
    def get(self, request, code):
        complaint = complaint_by_code(code, request.query_params.get("national_id", "")[:20])
        if complaint is None:
            raise not_found()
        return Response(state_of(complaint))
