"""API plumbing shared by every app: pagination and one JSON error shape."""

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator as DjangoPaginator
from django.db import InterfaceError, OperationalError
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import DomainError
from core.queries import capped_count
from core.validators import is_digits

logger = logging.getLogger(__name__)


class _UncountedPage:
    """A page that knows whether another follows (it fetched one row more), not how many there are."""

    def __init__(self, rows, number, page_size):
        self.number = number
        self.rows = rows[:page_size]
        self._more = len(rows) > page_size

    def has_next(self):
        return self._more

    def has_previous(self):
        return self.number > 1

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1


# Beyond this many rows a list answers ``count: null`` (its pages still say whether more follow).
COUNT_CAP = 1_000


class _TooManyToCount(Exception):
    def __init__(self, first_rows=None):
        super().__init__()
        self.first_rows = first_rows  # the first page and one row more, when they were read already


class CappedPaginator(DjangoPaginator):
    """Counts at most ``COUNT_CAP`` rows and one more (``core.queries.capped_count``); more is reported, not
    counted: the cost of a list then follows its page, not the years of files behind it. ``capped``: there
    are more than the cap (a page then says "more than"; its links reach the cap's last page).

    The first page is read before anything is counted, with one row more than it shows: when that row does
    not come, the page is the whole list and its length the count, and no count is run (a small office's
    cartable, a citizen's files). Otherwise the list is counted and those rows are still the page."""

    capped = False
    first_rows = None

    @cached_property
    def count(self):
        counted = capped_count(self.object_list, COUNT_CAP)
        self.capped = counted > COUNT_CAP
        return counted

    def get_page(self, number):
        if number in (None, "", 1, "1"):
            return self.page(1)
        return super().get_page(number)

    def page(self, number):
        if number not in (1, "1") or self.orphans or "count" in self.__dict__:
            return super().page(number)
        rows = list(self.object_list[: self.per_page + 1])
        self.first_rows = rows
        if len(rows) <= self.per_page:
            self.count = len(rows)  # a cached property: set, it is not counted
        else:
            self.count  # noqa: B018 -- counted now, so that the page knows whether it is past the cap
        return self._get_page(rows[: self.per_page], 1, self)


class _UncappedOrNothing(CappedPaginator):
    """The API's paginator: past the cap it gives up counting (``Pagination`` then answers ``count: null``)."""

    @cached_property
    def count(self):
        counted = super().count
        if self.capped:
            raise _TooManyToCount
        return counted

    def page(self, number):
        try:
            return super().page(number)
        except _TooManyToCount:
            raise _TooManyToCount(self.first_rows) from None  # answered uncounted, with the rows already read


class Pagination(PageNumberPagination):
    """Numbered pages with a ``count``; a search (``q=``), or a list of more than ``COUNT_CAP`` rows,
    answers ``count: null`` instead.

    Counting every match of a search over millions of files costs more than the page
    itself, and nobody reads the total of a search or of years of files: the page says
    whether more follow.
    """

    page_size_query_param = "page_size"
    max_page_size = 200
    uncounted_param = "q"
    django_paginator_class = _UncappedOrNothing

    def paginate_queryset(self, queryset, request, view=None):
        if not request.query_params.get(self.uncounted_param):
            self.uncounted = False
            try:
                return super().paginate_queryset(queryset, request, view)
            except _TooManyToCount as too_many:
                first_rows = too_many.first_rows
        else:
            first_rows = None
        self.uncounted = True
        self.request = request
        page_size = self.get_page_size(request)
        raw = request.query_params.get(self.page_query_param) or "1"
        if not is_digits(raw) or not 1 <= int(raw) <= 10_000:
            raise exceptions.NotFound(_("Invalid page."))
        number = int(raw)
        start = (number - 1) * page_size
        if number > 1 or first_rows is None:
            first_rows = list(queryset[start : start + page_size + 1])
        self.page = _UncountedPage(first_rows, number, page_size)
        if number > 1 and not self.page.rows:
            raise exceptions.NotFound(_("Invalid page."))
        return self.page.rows

    def get_paginated_response(self, data):
        if not getattr(self, "uncounted", False):
            return super().get_paginated_response(data)
        return Response(
            {"count": None, "next": self.get_next_link(), "previous": self.get_previous_link(), "results": data}
        )

    def get_paginated_response_schema(self, schema):
        body = super().get_paginated_response_schema(schema)
        body["properties"]["count"].update(
            nullable=True,
            description=(
                f"How many there are in all; null for a search (q=) or a list of more than {COUNT_CAP:,}: "
                "its pages only say whether more follow."
            ),
        )
        return body


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
    if isinstance(exc, (OperationalError, InterfaceError)):
        from core.middleware import is_database_outage

        if is_database_outage(exc):
            logger.error("database unavailable: %s", exc)
            return Response(
                {
                    "code": "service-unavailable",
                    "detail": _("The service is briefly unavailable. Please try again in a few minutes."),
                },
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
                headers={"Retry-After": "60"},
            )
        # SQLite's writer lock held past the timeout, a deadlock, a lock not available: worth a retry.
        return Response({"code": "busy", "detail": _("The system is busy; try again in a moment.")}, status=409)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, exceptions.ParseError) and exc.detail.code == "parse_error":
        # DRF names the parser's own error in English ("JSON parse error - Expecting ...").
        exc = exceptions.ParseError(_("The request's body cannot be read: send it as valid JSON or form data."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(_("You do not have permission to do this."))
    elif isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
        # DRF's session sign-in refuses a call without the page's CSRF token in English.
        message = _("The request lacks the page's security token (CSRF). Reload the page and try again.")
        return Response({"code": "csrf", "detail": message}, status=status.HTTP_403_FORBIDDEN)

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
