"""Letters over HTTP: the file's PDF (logged in) and public verification."""

from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from cases.selectors import case_for
from core.jalali import format_jalali
from inquiries.letters import selectors, services
from inquiries.letters.pdf import verify_url


def _not_found(code, detail, **headers):
    response = Response({"code": code, "detail": detail}, status=404)
    for name, value in headers.items():
        response[name] = value
    return response


class LetterPdfView(APIView):
    """The file's letter in force, as the PDF that was issued."""

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            404: OpenApiResponse(description="No such file for you, no letter yet, or its PDF is being prepared."),
        },
    )
    def get(self, request, pk):
        case = case_for(request.user, pk)
        if case is None:
            return _not_found("not_found", _("File not found."))
        letter = selectors.current_letter(case)
        if letter is None:
            return _not_found("no-letter", _("No response letter has been issued for this file yet."))
        letter = services.ensure_pdf(letter)
        if not letter.pdf_ready:
            return _not_found(
                "letter-being-prepared",
                _("The letter is being prepared; try again in a moment."),
                **{"Retry-After": "5"},
            )
        response = FileResponse(
            letter.pdf.open("rb"), content_type="application/pdf", filename=f"letter-{case.tracking_code}.pdf"
        )
        response["X-Content-SHA256"] = letter.sha256
        return response


class VerifyThrottle(AnonRateThrottle):
    rate = "60/min"


def verification_payload(letter):
    """What a bank or notary may learn from a verification code: what the letter says and its standing."""
    content = letter.content
    replacement = getattr(letter, "replaced_by", None)
    return {
        "valid": letter.status == letter.Status.VALID,
        "status": letter.status,
        "status_label": letter.get_status_display(),
        "number": letter.number,
        "verification_code": letter.verification_code,
        "tracking_code": content.get("tracking_code", letter.case.tracking_code),
        "issued_at": letter.issued_at,
        "issued_at_jalali": format_jalali(letter.issued_at, "%Y/%m/%d %H:%M", persian=False),
        "organization": content.get("organization", ""),
        "service": content.get("service", ""),
        "applicant_name": content.get("applicant_name", ""),
        "renewal_code": content.get("renewal_code", ""),
        "addressee": content.get("addressee", ""),
        "result": letter.result,
        "result_label": letter.get_result_display(),
        "text": letter.text,
        "signer": content.get("signer_name", ""),
        "sha256": letter.sha256 or None,
        "replaced_by": replacement.number if replacement else None,
        "replaced_by_url": verify_url(replacement) if replacement else None,
        "replaces": letter.replaces.number if letter.replaces_id else None,
        "verify_url": verify_url(letter),
    }


class VerifyLetterView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [VerifyThrottle]

    @extend_schema(
        auth=[],
        responses={
            200: inline_serializer(
                "LetterVerification",
                {
                    "valid": serializers.BooleanField(help_text="False once the letter was cancelled by a correction."),
                    "status": serializers.ChoiceField(choices=["valid", "cancelled"]),
                    "number": serializers.CharField(),
                    "tracking_code": serializers.CharField(),
                    "issued_at": serializers.DateTimeField(),
                    "issued_at_jalali": serializers.CharField(),
                    "result": serializers.CharField(),
                    "text": serializers.CharField(),
                    "sha256": serializers.CharField(allow_null=True, help_text="SHA-256 of the issued PDF."),
                    "replaced_by": serializers.CharField(allow_null=True),
                },
            ),
            404: OpenApiResponse(description="No letter has this verification code."),
        },
        description="Confirms a response letter from the code printed on it (public, no login).",
    )
    def get(self, request, code):
        letter = selectors.letter_by_code(code)
        if letter is None:
            return _not_found("not_found", _("No letter has this verification code."))
        return Response(verification_payload(letter))
