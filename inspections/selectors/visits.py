"""Reads on visits and reports: lists, the day plan, late visits, workload, a file's panel."""

from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, F, Prefetch, Q, Value, When
from django.db.models import Case as DbCase
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Role
from accounts.tenancy import NOTHING, city_of, in_city
from cases.models import State
from inspections.models import OPEN_VISIT_STATES, ReportStatus, Visit, VisitPhoto, VisitReport, VisitState
from offices.models import Membership

VISIT_RELATED = ("case__service", "case__office", "case__parcel", "case__district", "inspector")


CITY = "case__district__municipality"


def _in_city_of(viewer):
    """Visits of the viewer's city (no viewer: the system itself, every city)."""
    return Q() if viewer is None else in_city(viewer, CITY)


def visibility(user):
    """A Q over visits for what this user may see (others' visits simply are not there): the city first,
    then as for files (``cases.selectors.scope_for``)."""
    if user is None or not user.is_authenticated:
        return NOTHING
    role = user.role
    if role in (Role.SUPERVISOR, Role.ADMIN):
        return in_city(user, CITY)
    if city_of(user) is None:
        return NOTHING
    if role == Role.INSPECTOR:
        return Q(inspector=user) & in_city(user, CITY)
    posts = Membership.objects.current().filter(user=user, district__municipality_id=city_of(user))
    if role in (Role.TECHNICAL_OFFICER, Role.OFFICE_MANAGER, Role.FOLLOWUP_OFFICER):
        return Q(case__office__in=posts.exclude(office=None).values("office"))
    if role == Role.MUNICIPAL_STAFF:
        return Q(case__district__in=posts.values("district"))
    return Q(pk__in=[])


def late_filter(today=None):
    """Late: still open past the deadline, or reported after it."""
    today = today or timezone.localdate()
    open_late = Q(state__in=OPEN_VISIT_STATES, deadline__lt=today)
    return open_late | Q(state=VisitState.REPORTED, reported_late=True)


def visits_for(user, *, state="", day=None, inspector=None, late=None, q=""):
    """The visits this user may see: the open ones first, the soonest first (unscheduled ones before all), then
    the others, the latest first. One query for the page (plus the count)."""
    qs = Visit.objects.filter(visibility(user)).select_related(*VISIT_RELATED)
    if state:
        qs = qs.filter(state=state) if state != "open" else qs.filter(state__in=OPEN_VISIT_STATES)
    if day is not None:
        qs = qs.filter(scheduled_on=day)
    if inspector:
        qs = qs.filter(inspector_id=inspector)
    if late is not None:
        qs = qs.filter(late_filter()) if late else qs.exclude(late_filter())
    if q:
        qs = qs.filter(
            Q(case__tracking_code__startswith=q)
            | Q(case__parcel__address__icontains=q)
            | Q(case__parcel__renewal_code__startswith=q)
        )
    is_open = Q(state__in=OPEN_VISIT_STATES)
    return qs.order_by(
        DbCase(When(is_open, then=Value(0)), default=Value(1)),
        DbCase(When(is_open, then=F("scheduled_on"))).asc(nulls_first=True),
        DbCase(When(~is_open, then=Coalesce("visited_on", "scheduled_on"))).desc(nulls_last=True),
        "-assigned_at",
        "-id",
    )


def visit_for(user, pk):
    return Visit.objects.filter(visibility(user)).select_related(*VISIT_RELATED).filter(pk=pk).first()


def day_plan(inspector, day):
    """An inspector's visits on ``day``, in slot order, with the addresses and applicants (one query)."""
    return (
        Visit.objects.filter(inspector=inspector, scheduled_on=day, state__in=(*OPEN_VISIT_STATES, VisitState.REPORTED))
        .select_related(*VISIT_RELATED)
        .order_by("slot", "id")
    )


def late_visits(inspector, today=None):
    """Visits that count against the inspector: open past the file's deadline, or reported after it."""
    return (
        Visit.objects.filter(inspector=inspector)
        .filter(late_filter(today))
        .select_related(*VISIT_RELATED)
        .order_by("deadline", "id")
    )


def overdue_open_visits(today=None, viewer=None):
    """Open visits of files still waiting for the visit past their deadline (follow-up and supervisors),
    of the viewer's city."""
    today = today or timezone.localdate()
    return (
        Visit.objects.filter(_in_city_of(viewer))
        .filter(state__in=OPEN_VISIT_STATES, deadline__lt=today, case__state=State.AWAITING_VISIT)
        .select_related(*VISIT_RELATED)
        .order_by("deadline", "id")
    )


def workload(district=None, today=None, viewer=None):
    """Per current inspector of the viewer's city: open visits, late visits and average days to visit, in one
    aggregate query."""
    today = today or timezone.localdate()
    posts = Membership.objects.current(today).filter(role=Role.INSPECTOR)
    if viewer is not None:
        posts = posts.filter(in_city(viewer, "district__municipality"))
    if district is not None:
        posts = posts.filter(district=district)
    open_q = Q(visits__state__in=OPEN_VISIT_STATES)
    late_q = Q(visits__state__in=OPEN_VISIT_STATES, visits__deadline__lt=today) | Q(
        visits__state=VisitState.REPORTED, visits__reported_late=True
    )
    return (
        get_user_model()
        .objects.filter(pk__in=posts.values("user_id"), role=Role.INSPECTOR)
        .annotate(
            open_visits=Count("visits", filter=open_q),
            late_visits=Count("visits", filter=late_q),
            reported_visits=Count("visits", filter=Q(visits__state=VisitState.REPORTED)),
            untrained_visits=Count("visits", filter=Q(visits__untrained=True) & open_q),
            avg_days=Avg("visits__days_to_visit", filter=Q(visits__state=VisitState.REPORTED)),
        )
        .order_by("-open_visits", "last_name", "first_name", "pk")
    )


def untrained_assignments(viewer=None):
    """Open visits given to an inspector without the required training: for the supervisor (of the city) to
    review."""
    return (
        Visit.objects.filter(_in_city_of(viewer))
        .filter(untrained=True, state__in=OPEN_VISIT_STATES)
        .select_related(*VISIT_RELATED)
    )


def open_visit_of(case):
    return Visit.objects.filter(case=case, state__in=OPEN_VISIT_STATES).select_related("inspector").first()


def reports_of(case):
    """Every version of the file's visit report, newest first, with photos and author (three queries)."""
    return (
        VisitReport.objects.filter(case=case)
        .select_related("author", "visit", "pdf")
        .prefetch_related(Prefetch("photos", queryset=VisitPhoto.objects.order_by("uploaded_at", "id")))
        .order_by("-version")
    )


def draft_of(case):
    return VisitReport.objects.filter(case=case, status=ReportStatus.DRAFT).select_related("visit").first()


def latest_submitted(case):
    """The file's report in force: the latest submitted version (a correction replaces the one before)."""
    return (
        VisitReport.objects.filter(case=case, status=ReportStatus.SUBMITTED)
        .select_related("author")
        .order_by("-version")
        .first()
    )
