"""Project-level pages: the dashboard, health check, error pages, /auth/me."""

import logging
import sys

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import MUNICIPAL_ROLES, OFFICE_ROLES, Role
from cases.selectors import dashboard_counts
from offices.selectors import primary_membership
from offices.services import may_register

logger = logging.getLogger(__name__)
WORKS_FILES = OFFICE_ROLES | MUNICIPAL_ROLES


@login_required
def dashboard(request):
    membership = primary_membership(request.user)
    # People who work files see their workload at a glance (one aggregate query); citizens, what waits for them.
    case_stats = dashboard_counts(request.user) if request.user.role in WORKS_FILES | {Role.CITIZEN} else None
    # Office staff see at once why their office may not register files (lapsed licence, suspension...).
    refusal = None
    if membership is not None and membership.office is not None:
        verdict = may_register(membership.office)
        refusal = None if verdict.allowed else verdict.reason
    return render(
        request,
        "dashboard.html",
        {"membership": membership, "today": timezone.localdate(), "case_stats": case_stats, "refusal": refusal},
    )


@never_cache
def healthz(request):
    checks = {}
    healthy = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:
        logger.warning("health check: database: %s", exc)
        checks["database"] = "error"
        healthy = False
    if settings.REDIS_URL:
        try:
            import redis

            redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping()
            checks["redis"] = "ok"
        except Exception as exc:
            logger.warning("health check: redis: %s", exc)
            checks["redis"] = "error"
            healthy = False
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)


class MeView(APIView):
    @extend_schema(
        responses=inline_serializer(
            "Me",
            {
                "id": serializers.IntegerField(),
                "username": serializers.CharField(),
                "role": serializers.CharField(),
                "office": serializers.CharField(allow_null=True),
                "district": serializers.IntegerField(allow_null=True),
                "municipality": serializers.CharField(
                    allow_null=True, help_text="The user's municipality (its code); null for a platform administrator."
                ),
            },
        )
    )
    def get(self, request):
        user = request.user
        membership = primary_membership(user)
        return Response(
            {
                "id": user.id,
                "username": user.username,
                "role": user.role,
                "full_name": user.get_full_name(),
                "office": membership.office.code if membership and membership.office else None,
                "district": membership.district.number if membership else None,
                "municipality": user.municipality.code if user.municipality_id else None,
            }
        )


def _wants_json(request):
    return request.path.startswith("/api/")


def error_404(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"code": "not_found", "detail": _("Not found.")}, status=404)
    return render(request, "errors/404.html", status=404)


def error_403(request, exception=None):
    if _wants_json(request):
        return JsonResponse(
            {"code": "permission_denied", "detail": _("You do not have permission to do this.")}, status=403
        )
    return render(request, "errors/403.html", status=403)


def error_400(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"code": "bad_request", "detail": _("The request is not valid.")}, status=400)
    return render(request, "errors/400.html", status=400)


def error_500(request):
    from core.middleware import is_database_outage, unavailable_response

    if is_database_outage(sys.exc_info()[1]):
        return unavailable_response(request)
    if _wants_json(request):
        return JsonResponse(
            {"code": "server-error", "detail": _("Something went wrong on our side. Please try again.")}, status=500
        )
    return render(request, "errors/500.html", status=500)
