"""Billing API (CONTRACT.md): the public service catalog with fees, and payments from banks."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from billing import selectors
from billing.api_auth import BankCaller, BankSignatureAuthentication
from billing.models import FeeDue, Payment
from billing.services import record_payment, record_pos_payment
from core.errors import Forbidden
from core.jalali import format_jalali
from offices.models import Municipality


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)

    class Meta:
        ref_name = "BillingError"


class ServiceCatalogView(APIView):
    """The service catalog with the fee in force today (municipality's fee + counter fee), in rials."""

    permission_classes = [AllowAny]
    authentication_classes = []

    class OutputSerializer(serializers.Serializer):
        code = serializers.CharField()
        title = serializers.CharField()
        fee_rials = serializers.IntegerField()
        fee_due = serializers.ChoiceField(
            choices=FeeDue.choices,
            help_text="When the fee must be paid: none, registration (before submitting), acceptance, answer.",
        )

        class Meta:
            ref_name = "ServiceWithFee"

    @extend_schema(
        responses=OutputSerializer(many=True),
        summary="Service catalog with fees",
        parameters=[
            OpenApiParameter(
                "municipality",
                str,
                description="Municipality code: its fees (its own tariffs, else the national ones). "
                "Default: the first municipality of the deployment.",
            )
        ],
    )
    def get(self, request):
        code = request.query_params.get("municipality")
        cities = Municipality.objects.order_by("pk")
        city = cities.filter(code=code).first() if code else cities.first()
        if code and city is None:
            raise serializers.ValidationError({"municipality": [_("There is no such municipality.")]})
        return Response(self.OutputSerializer(selectors.service_catalog(municipality=city), many=True).data)


class PaymentCreateView(APIView):
    """Record a slip's payment. Two callers only; everyone else is refused (403):

    - **the bank's systems**, as a signed request (security scheme ``bankSignature``: headers
      ``X-Bank-Id``, ``X-Bank-Timestamp``, ``X-Bank-Signature`` = hex HMAC-SHA256 under the bank's key
      from ``BILLING_BANK_KEYS`` of ``"<timestamp>\\n<METHOD>\\n<path>\\n"`` + the body). ``channel``
      is ``bank`` (the default) or ``pos`` for the bank's own card readers.
    - **a cashier** (technical officer or office manager) of the slip's own office, recording a
      card-reader payment: ``channel`` ``pos`` (the default for a person) and ``reference`` the
      terminal's 12-digit retrieval reference number (RRN). Staff of another office get 403.

    201 the first time; 200 with the same payment on a repeat of ``reference`` for the same slip;
    400 on a bad check digit, a wrong amount or an unknown key; 404 when no slip has the bill ID;
    409 when the slip is already paid under another reference, was replaced, or the reference
    settled another slip (that slip is never shown)."""

    # The project's own authentication first (its 401 header; token expiry), then the bank's signature.
    authentication_classes = [*api_settings.DEFAULT_AUTHENTICATION_CLASSES, BankSignatureAuthentication]
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        bill_id = serializers.CharField(max_length=40)
        payment_id = serializers.CharField(max_length=40)
        amount_rials = serializers.CharField(max_length=20)
        reference = serializers.CharField(max_length=64)
        channel = serializers.ChoiceField(choices=["bank", "pos"], required=False)

        class Meta:
            ref_name = "PaymentInput"

        def validate(self, attrs):
            unknown = sorted(set(self.initial_data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({key: [_("Unknown field.")] for key in unknown})
            return attrs

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
            400: OpenApiResponse(ErrorSerializer, description="bad check digit, wrong amount, bad or unknown field"),
            401: OpenApiResponse(ErrorSerializer, description="no credentials, or a bank signature that is wrong"),
            403: OpenApiResponse(ErrorSerializer, description="neither the bank nor a cashier of the slip's office"),
            404: OpenApiResponse(ErrorSerializer, description="no slip has this bill ID"),
            409: OpenApiResponse(
                ErrorSerializer, description="slip already paid under another reference, replaced, or reference used"
            ),
        },
        summary="Record a payment (the bank's systems, or a cashier's card reader)",
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        channel = fields.pop("channel", None)
        caller = request.user
        if isinstance(caller, BankCaller):
            payment, created = record_payment(
                **fields,
                channel=Payment.Channel.POS if channel == "pos" else Payment.Channel.API,
                bank=caller.bank,
            )
        elif channel not in (None, "pos"):
            raise Forbidden("bank-only", _("Only the bank's systems report bank payments."))
        else:
            payment, created = record_pos_payment(actor=caller, **fields)
        payment = Payment.objects.select_related("slip").get(pk=payment.pk)
        return Response(
            self.OutputSerializer(payment).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )
