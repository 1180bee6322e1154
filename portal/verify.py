"""One verification code, whatever it is printed on: a permit or certificate first, else a letter.

The portal wires the apps together here, so neither service app imports the other."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from core.throttle import too_many
from inquiries.letters import api as letters_api
from inquiries.letters import views as letters_views
from permits import api as permits_api
from permits import views as permits_views
from permits.selectors import by_code


class VerifyView(letters_api.VerifyLetterView):
    """Confirms a letter, a permit or a certificate from its code (public); ``kind`` says which."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        auth=[],
        responses={
            200: inline_serializer(
                "Verification",
                {
                    "kind": serializers.ChoiceField(
                        choices=["letter", "permit", "frame_certificate", "completion_certificate"],
                        help_text="What the code is printed on.",
                    ),
                    "valid": serializers.BooleanField(
                        help_text="A letter: not cancelled by a correction. A permit: in force (valid or extended)."
                    ),
                    "status": serializers.CharField(
                        help_text="A letter: valid or cancelled. A permit (also for its certificates): valid, "
                        "expired, extended, replaced, completed or revoked."
                    ),
                    "status_label": serializers.CharField(),
                    "number": serializers.CharField(),
                    "verification_code": serializers.CharField(),
                    "issued_at": serializers.DateTimeField(allow_null=True),
                    "issued_at_jalali": serializers.CharField(),
                    "renewal_code": serializers.CharField(),
                    "verify_url": serializers.CharField(),
                    # a letter's
                    "tracking_code": serializers.CharField(required=False),
                    "organization": serializers.CharField(required=False),
                    "service": serializers.CharField(required=False),
                    "applicant_name": serializers.CharField(required=False),
                    "addressee": serializers.CharField(required=False),
                    "result": serializers.CharField(required=False),
                    "result_label": serializers.CharField(required=False),
                    "text": serializers.CharField(required=False),
                    "signer": serializers.CharField(required=False),
                    "sha256": serializers.CharField(required=False, allow_null=True, help_text="SHA-256 of the PDF."),
                    "replaced_by": serializers.CharField(required=False, allow_null=True),
                    "replaced_by_url": serializers.CharField(required=False, allow_null=True),
                    "replaces": serializers.CharField(required=False, allow_null=True),
                    # a permit's or certificate's
                    "permit_number": serializers.CharField(required=False),
                    "valid_until": serializers.DateField(required=False),
                    "valid_until_jalali": serializers.CharField(required=False),
                    "floors_above": serializers.IntegerField(required=False, allow_null=True),
                    "owners": serializers.ListField(child=serializers.CharField(), required=False),
                },
            ),
            404: OpenApiResponse(description="No letter, permit or certificate has this verification code."),
        },
        description="Confirms a response letter, a permit or a certificate from the code printed on it "
        "(public, no login); `kind` says which.",
    )
    def get(self, request, code):
        permit, certificate = by_code(code)
        if permit is not None:
            return Response(permits_api.verification_payload(permit, certificate))
        return super().get(request, code)


# Enough for a bank's clerk checking a pile of letters; far too few to walk through codes.
LOOKUPS_PER_MINUTE = 60


@require_http_methods(["GET", "POST"])
def verify_page(request, code):
    if too_many(request, "verify", LOOKUPS_PER_MINUTE):
        message = _("Too many attempts from your connection. Please wait a minute and try again.")
        return render(request, "letters/verify_start.html", {"code": code[:64], "message": message}, status=429)
    permit, certificate = by_code(code)
    if permit is not None:
        return permits_views.verify(request, permit, certificate)
    return letters_views.verify(request, code)
