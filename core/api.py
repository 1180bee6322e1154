"""API plumbing shared by every app: pagination and one JSON error shape."""

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import OperationalError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import DomainError

logger = logging.getLogger(__name__)


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


def _flatten(detail):
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        flat = []
        for item in detail:
            value = _flatten(item)
            flat.extend(value if isinstance(value, list) else [value])
        return flat
    return str(detail)


def exception_handler(exc, context):
    """Every API error is JSON: ``{"detail": <Persian message>, "code": ..., ["errors": {...}]}``."""
    if isinstance(exc, DomainError):
        return Response(exc.as_dict(), status=exc.http_status)
    if isinstance(exc, OperationalError) and "locked" in str(exc):
        # SQLite's writer lock held past the timeout: the same as a conflict, worth a retry.
        return Response({"code": "busy", "detail": _("The system is busy; try again in a moment.")}, status=409)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(_("You do not have permission to do this."))

    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        if not isinstance(errors, dict):
            errors = {"non_field_errors": errors}
        first = next(iter(errors.values()), [""])
        first = first[0] if isinstance(first, list) and first else first
        body = {
            "code": "invalid",
            "detail": _("The data is not valid: %(first)s") % {"first": first}
            if first
            else _("The data is not valid."),
            "errors": errors,
        }
        return Response(body, status=status.HTTP_400_BAD_REQUEST)

    response = drf_exception_handler(exc, context)
    if response is None:
        logger.exception("Unhandled API error", exc_info=exc)
        return Response(
            {"code": "server-error", "detail": _("Something went wrong on our side. Please try again.")},
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    detail = response.data.get("detail") if isinstance(response.data, dict) else response.data
    response.data = {"code": getattr(exc, "default_code", "error"), "detail": str(detail)}
    return response
