"""The inspector's visits and day plan, and the supervisor's view of the inspectors' workload."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.tenancy import in_city
from core.jalali import format_jalali
from core.validators import normalize_text, parse_int, to_ascii_digits
from inspections import selectors
from inspections.forms import parse_date
from inspections.models import VisitState
from inspections.views.common import STAFF_ROLES, paginate, roles_required
from offices.models import District

STATES = ("open", *VisitState.values)


@roles_required(*STAFF_ROLES)
def visit_list(request):
    """Queries: session and user, the count and the page (memberships inlined as subqueries)."""
    state = request.GET.get("state", "")
    if state not in STATES:
        state = ""
    day = parse_date(request.GET.get("date"))
    late = {"1": True, "0": False}.get(request.GET.get("late", ""))
    inspector = to_ascii_digits(request.GET.get("inspector", ""))
    visits = selectors.visits_for(
        request.user,
        state=state,
        day=day,
        late=late,
        inspector=parse_int(inspector),
        q=normalize_text(request.GET.get("q")),
    )
    return render(
        request,
        "inspections/visits.html",
        {
            "page": paginate(request, visits),
            "state_filters": [("open", _("Open (assigned or scheduled)")), *VisitState.choices],
            "state": state,
            "day": day,
            "today": timezone.localdate(),
        },
    )


@roles_required(Role.INSPECTOR, Role.SUPERVISOR, Role.ADMIN)
def day_plan(request):
    day = parse_date(request.GET.get("date")) or timezone.localdate()
    inspector = request.user
    if request.user.is_supervisor:
        chosen = to_ascii_digits(request.GET.get("inspector", ""))
        if parse_int(chosen) is None:
            raise PermissionDenied
        inspector = get_object_or_404(
            get_user_model().objects.filter(in_city(request.user)), pk=int(chosen), role=Role.INSPECTOR
        )
    visits = list(selectors.day_plan(inspector, day))
    return render(
        request,
        "inspections/day_plan.html",
        {
            "inspector": inspector,
            "day": day,
            "visits": visits,
            "previous_day": format_jalali(day - datetime.timedelta(days=1), persian=False),
            "next_day": format_jalali(day + datetime.timedelta(days=1), persian=False),
        },
    )


@roles_required(Role.SUPERVISOR, Role.ADMIN)
def workload(request):
    """One aggregate query for the table and chart, one for the district list, one for flagged visits."""
    number = to_ascii_digits(request.GET.get("district", ""))
    districts = District.objects.filter(in_city(request.user)).order_by("municipality_id", "number")
    district = districts.filter(number=parse_int(number)).first() if parse_int(number) is not None else None
    rows = list(selectors.workload(district=district, viewer=request.user))
    chart = {
        "labels": [str(r) for r in rows],
        "open": [r.open_visits for r in rows],
        "late": [r.late_visits for r in rows],
    }
    return render(
        request,
        "inspections/workload.html",
        {
            "rows": rows,
            "chart": chart,
            "districts": districts,
            "district": district,
            "flagged": list(selectors.untrained_assignments(viewer=request.user).order_by("-assigned_at")[:50]),
            "overdue": list(selectors.overdue_open_visits(viewer=request.user)[:50]),
            "totals": {
                "open": sum(r.open_visits for r in rows),
                "late": sum(r.late_visits for r in rows),
            },
        },
    )
