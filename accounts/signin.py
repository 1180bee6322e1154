"""Sign-in hardening: lockout after repeated wrong passwords (django-axes, counted in the database so
every worker sees the same count), keyed on the client's address as ``core.middleware`` found it."""

from axes.backends import AxesStandaloneBackend
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a locked-out username and address before any password is checked.

    Sign-ins without a request (management commands, the test client's ``login``) are not
    network sign-ins and are not counted."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_message():
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _("Too many wrong passwords. Sign-in from your connection is locked for %(minutes)d minutes.") % {
        "minutes": minutes
    }


def lockout_response(request, original_response=None, credentials=None):
    """429, in the API's JSON error form or as a Persian page."""
    message = lockout_message()
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "locked-out", "detail": message}, status=429)
    return render(request, "accounts/locked_out.html", {"message": message}, status=429)
