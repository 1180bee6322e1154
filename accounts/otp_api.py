"""API: a citizen asks for a sign-in code and exchanges it for a token (CONTRACT.md "Citizens")."""

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import otp
from accounts.otp_serializers import CodeRequestSerializer, CodeVerifySerializer


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)

    class Meta:
        ref_name = "SignInError"


class CodeSentSerializer(serializers.Serializer):
    detail = serializers.CharField()
    expires_in = serializers.IntegerField(help_text="seconds the code stays valid")

    class Meta:
        ref_name = "SignInCodeSent"


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()

    class Meta:
        ref_name = "SignInToken"


class OtpRequestView(APIView):
    """Send a 6-digit sign-in code by SMS to a citizen's mobile.

    202 whenever the input is valid and within the limits, whether or not the mobile and national
    ID lead to a citizen account (staff accounts never sign in by code). 429 over the limits per
    mobile and per address (``Retry-After`` says when), 503 when the SMS gateway failed."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=CodeRequestSerializer,
        responses={
            202: CodeSentSerializer,
            400: ErrorSerializer,
            429: OpenApiResponse(ErrorSerializer, description="too many codes for this mobile or address"),
            503: OpenApiResponse(ErrorSerializer, description="the SMS could not be sent"),
        },
        auth=[],
        summary="Ask for a sign-in code (citizens)",
    )
    def post(self, request):
        data = CodeRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            otp.request_code(**data.validated_data, ip=otp.client_ip(request))
        except otp.TooManyRequests as exc:
            raise exceptions.Throttled(wait=exc.wait, detail=exc.message) from exc
        body = {
            "detail": _("If this mobile number belongs to this national ID, a code was sent to it."),
            "expires_in": settings.OTP_TTL_SECONDS,
        }
        return Response(body, status=status.HTTP_202_ACCEPTED)


class OtpVerifyView(APIView):
    """Exchange the SMS code for an API token (``Authorization: Token <token>``); the first sign-in
    creates the citizen's account."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=CodeVerifySerializer,
        responses={200: TokenSerializer, 400: ErrorSerializer},
        auth=[],
        summary="Sign in with the code (citizens)",
    )
    def post(self, request):
        data = CodeVerifySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = otp.verify_code(**data.validated_data)
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
