"""What the inspection pages share: who may open them, pagination, the panel answer."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from accounts.models import Role
from cases.selectors import case_for

PAGE_SIZE = 25
STAFF_ROLES = (
    Role.INSPECTOR,
    Role.TECHNICAL_OFFICER,
    Role.OFFICE_MANAGER,
    Role.FOLLOWUP_OFFICER,
    Role.MUNICIPAL_STAFF,
    Role.SUPERVISOR,
    Role.ADMIN,
)


def roles_required(*roles):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.user.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def paginate(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def visible_case(request, case_id):
    case = case_for(request.user, case_id)
    if case is None:
        raise Http404
    return case


def panel_response(request, case, *, error=None, errors=None, status=200, done=None):
    """The panel alone for htmx; the panel page otherwise (after a post, a redirect to it)."""
    from inspections.panel import panel_context

    if request.method == "POST" and not request.htmx and error is None:
        return redirect("inspections:case_panel", case.pk)
    context = panel_context(case, request.user)
    # A refused post shows again what was typed (a wrong date stays in its box to be corrected).
    typed = request.POST if request.method == "POST" and error is not None else None
    context.update({"error": error, "errors": errors or {}, "typed": typed, "done": done})
    template = "inspections/_panel.html" if request.htmx else "inspections/case_panel.html"
    return render(request, template, context, status=status)
