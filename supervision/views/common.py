"""What the supervision pages share: who may open them, errors onto forms, downloads."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse

from accounts.models import Role
from offices.views.common import apply_errors, paginate, run_service, supervisor_required
from supervision.excel import XLSX

__all__ = ["apply_errors", "paginate", "roles_required", "run_service", "supervisor_required", "xlsx_response"]


def roles_required(*roles):
    def decorate(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.user.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


UNIT = (Role.SUPERVISOR, Role.ADMIN)
STATISTICS_READERS = (*UNIT, Role.MUNICIPAL_STAFF)


def xlsx_response(content, filename):
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
