"""Billing API (CONTRACT.md): the public service catalog with fees, and payments from banks."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import OFFICE_ROLES, Role
from billing import selectors
from billing.models import Payment
from billing.services import record_payment
from core.jalali import format_jalali

# Who may report a payment: the bank/gateway integration accounts. Until banks get a role of
# their own, these are the municipality's administrators and supervisors, and counter-office
# staff (who take payments at the counter's POS terminal).
PAYMENT_ROLES = frozenset({Role.ADMIN, Role.SUPERVISOR, *OFFICE_ROLES})


class MayRecordPayments(BasePermission):
    message = _("Only bank and gateway accounts may report payments.")

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.role in PAYMENT_ROLES)


class ServiceCatalogView(APIView):
    """The service catalog with the fee in force today (municipality's fee + counter fee), in rials."""

    permission_classes = [AllowAny]
    authentication_classes = []

    class OutputSerializer(serializers.Serializer):
        code = serializers.CharField()
        title = serializers.CharField()
        fee_rials = serializers.IntegerField()

        class Meta:
            ref_name = "ServiceWithFee"

    @extend_schema(responses=OutputSerializer(many=True), summary="Service catalog with fees")
    def get(self, request):
        return Response(self.OutputSerializer(selectors.service_catalog(), many=True).data)


class PaymentCreateView(APIView):
    """Report a slip's payment. 201 the first time; 200 with the same payment on a repeat of
    ``reference``; 400 on a bad check digit or a wrong amount; 404 when no slip has the bill ID;
    409 when the slip is already paid under another reference or was replaced.
    Allowed to: admin, supervisor and office staff (the bank/gateway accounts for now)."""

    permission_classes = [MayRecordPayments]

    class InputSerializer(serializers.Serializer):
        bill_id = serializers.CharField(max_length=40)
        payment_id = serializers.CharField(max_length=40)
        amount_rials = serializers.CharField(max_length=20)
        reference = serializers.CharField(max_length=64)

        class Meta:
            ref_name = "PaymentInput"

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        slip = serializers.IntegerField(source="slip_id")
        bill_id = serializers.CharField(source="slip.bill_id")
        payment_id = serializers.CharField(source="slip.payment_id")
        amount_rials = serializers.IntegerField()
        reference = serializers.CharField()
        channel = serializers.CharField()
        paid_at = serializers.DateTimeField()
        paid_at_jalali = serializers.SerializerMethodField()

        class Meta:
            ref_name = "Payment"

        def get_paid_at_jalali(self, payment) -> str:
            return format_jalali(payment.paid_at, "%Y/%m/%d %H:%M", persian=False)

    @extend_schema(
        request=InputSerializer,
        responses={
            201: OutputSerializer,
            200: OutputSerializer,
            400: OpenApiResponse(description="bad check digit, wrong amount or missing field"),
            404: OpenApiResponse(description="no slip has this bill ID"),
            409: OpenApiResponse(description="slip already paid under another reference, or replaced"),
        },
        summary="Record a payment (idempotent by bank reference)",
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        payment, created = record_payment(**data.validated_data, channel=Payment.Channel.API, actor=request.user)
        payment = Payment.objects.select_related("slip").get(pk=payment.pk)
        return Response(
            self.OutputSerializer(payment).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )
