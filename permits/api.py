"""Permits over HTTP: the file's permit PDF, a permit with the files that touched it, public verification."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.selectors import case_for
from core.jalali import format_jalali
from permits import pdf, selectors
from permits.plugin import permit_of, permit_summary


def _not_found(code, detail):
    return Response({"code": code, "detail": detail}, status=404)


class PermitPdfView(APIView):
    """The file's permit (or, for a certificate file, its certificate) as a PDF."""

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            404: OpenApiResponse(description="No such file for you, or no permit yet."),
        }
    )
    def get(self, request, pk):
        case = case_for(request.user, pk)
        if case is None:
            return _not_found("not_found", _("File not found."))
        certificate = getattr(case, "certificate", None)
        permit = permit_of(case) if case.result == "approved" else None
        if permit is None:
            return _not_found("no-permit", _("No permit has been issued for this file."))
        response = HttpResponse(pdf.render_pdf(permit, certificate), content_type="application/pdf")
        name = (certificate or permit).number.replace("/", "-")
        response["Content-Disposition"] = f'inline; filename="permit-{name}.pdf"'
        return response


def file_row(case):
    return {
        "id": case.pk,
        "tracking_code": case.tracking_code,
        "service": case.service_id,
        "state": case.state,
        "registered_at": case.created_at,
    }


def permit_payload(permit, user):
    return {
        **permit_summary(permit),
        "issued_at": permit.issued_at,
        "issued_at_jalali": format_jalali(permit.issued_at, persian=False),
        "district": permit.district.number,
        "renewal_code": permit.renewal_code,
        "data": permit.data,
        "replaces": permit.replaces.number if permit.replaces_id else None,
        "files": [file_row(case) for case in selectors.files_of(permit, user)],
    }


class PermitDetailView(APIView):
    @extend_schema(
        responses={
            200: inline_serializer(
                "PermitDetail",
                {
                    "number": serializers.CharField(),
                    "valid_until": serializers.DateField(),
                    "status": serializers.ChoiceField(
                        choices=["valid", "expired", "extended", "replaced", "completed", "revoked"]
                    ),
                    "verification_code": serializers.CharField(),
                    "files": serializers.ListField(child=serializers.DictField()),
                },
            ),
            404: OpenApiResponse(description="No such permit for you."),
        },
        description="A permit with its status and every file that touched it.",
    )
    def get(self, request, number):
        permit = selectors.permit_for(request.user, number)
        if permit is None:
            return _not_found("not_found", _("Permit not found."))
        return Response(permit_payload(permit, request.user))


def verification_payload(permit, certificate=None):
    """What anyone may learn from a permit's or certificate's verification code."""
    document = certificate or permit
    return {
        "kind": certificate.kind + "_certificate" if certificate else "permit",
        "valid": permit.is_in_force if certificate is None else True,
        "status": permit.status,
        "status_label": permit.get_status_display(),
        "number": document.number,
        "permit_number": permit.number,
        "verification_code": document.verification_code,
        "issued_at": document.issued_at,
        "issued_at_jalali": format_jalali(document.issued_at, "%Y/%m/%d", persian=False),
        "valid_until": permit.valid_until,
        "valid_until_jalali": format_jalali(permit.valid_until, persian=False),
        "renewal_code": permit.renewal_code,
        "floors_above": permit.data.get("floors_above"),
        "owners": [owner.get("name", "") for owner in permit.data.get("owners", [])],
        "verify_url": pdf.verify_url(document),
    }
