"""Reads on files: who may see what, cartables, look-ups."""

import datetime

import jdatetime
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import Role
from accounts.tenancy import NOTHING, city_of, in_city
from cases.models import CLOSED_STATES, PAUSED_STATES, Case, Property, State, Transition, overdue_q
from cases.tracking import is_well_formed, normalize_tracking_code
from core.queries import InSubquery
from offices.models import District, Membership

# The rows a list of files shows beside each file. The people on a file (holder, inspector) are not joined:
# a list shows no inspector and the API its holder through one prefetch, and every join more multiplies
# PostgreSQL's planning (with both users joined, planning a page took ten times longer than running it).
LIST_RELATED = ("service", "office", "district", "parcel")
PEOPLE = ("holder", "inspector")


def _current(user):
    """The user's current posts in their own city (a post elsewhere, were there one, counts for nothing)."""
    return Membership.objects.current().filter(user=user, district__municipality_id=city_of(user))


def _city_files(user):
    """``in_city`` over the file's district, with the city's districts read once beforehand: the file table
    alone then answers the condition (its district indexes), no join to the districts for every row."""
    city = in_city(user, "municipality")
    if city == NOTHING or not city:
        return city
    return Q(InSubquery("district_id", District.objects.filter(city).order_by().values("pk")))


def scope_for(user):
    """THE rule of who may see and act on which files, as a Q: another office's file simply is not there.

    The city first: a city's supervisors and administrators see its files, a platform administrator
    every city's; then office staff their offices' (inspectors the files they inspect), municipal staff
    their districts', all within their city; a citizen their own files, wherever they are.
    Visibility, ``works_for`` (who may act) and the cartables all start from it."""
    if user is None or not user.is_authenticated:
        return NOTHING
    role = user.role
    if role in (Role.SUPERVISOR, Role.ADMIN):
        return _city_files(user)
    if city_of(user) is None and role != Role.CITIZEN:
        return NOTHING
    if role == Role.INSPECTOR:
        return Q(inspector=user) & _city_files(user)
    if role in (Role.TECHNICAL_OFFICER, Role.OFFICE_MANAGER, Role.FOLLOWUP_OFFICER):
        return Q(InSubquery("office_id", _current(user).exclude(office=None).order_by().values("office")))
    if role == Role.MUNICIPAL_STAFF:
        return Q(InSubquery("district_id", _current(user).order_by().values("district")))
    return Q(applicant_user=user)


def visible_cases(user):
    return Case.objects.filter(scope_for(user)).select_related(*LIST_RELATED)


def case_for(user, pk):
    """The file if this user may see it, else None (callers answer 404)."""
    return visible_cases(user).select_related(*PEOPLE).filter(pk=pk).first()


def cartable_for(user, today=None):
    """The files waiting for this person, most urgent deadline first."""
    today = today or timezone.localdate()
    role = user.role
    qs = Case.objects.filter(scope_for(user)).exclude(state__in=CLOSED_STATES)
    if role in (Role.TECHNICAL_OFFICER, Role.OFFICE_MANAGER):
        qs = qs.filter(holder_role=Role.TECHNICAL_OFFICER)
    elif role == Role.INSPECTOR:
        qs = qs.filter(holder=user)
    elif role == Role.MUNICIPAL_STAFF:
        qs = qs.filter(holder_role=Role.MUNICIPAL_STAFF)
    elif role == Role.FOLLOWUP_OFFICER:
        qs = qs.filter(overdue_q(today))
    elif role in (Role.SUPERVISOR, Role.ADMIN):
        pass
    else:
        qs = qs.filter(state__in=PAUSED_STATES)
    return qs.select_related(*LIST_RELATED).order_by("deadline", "created_at")


# The states a file can be in while it waits in a role's cartable (cartable_for above): the cartable's
# state filter offers these only, since any other state's list would always be empty.
_DESK_STATES = (State.SUBMITTED, State.AWAITING_VISIT, State.PLAN_REVIEW)
_CARTABLE_STATES = {
    # New files, visits still to assign, and the detailed-plan review.
    Role.TECHNICAL_OFFICER: _DESK_STATES,
    Role.OFFICE_MANAGER: _DESK_STATES,
    Role.INSPECTOR: (State.AWAITING_VISIT,),
    Role.MUNICIPAL_STAFF: (State.MUNICIPAL_REVIEW,),
    # Late files anywhere in the chain; a returned file's clock is stopped, a draft has none.
    Role.FOLLOWUP_OFFICER: (*_DESK_STATES, State.MUNICIPAL_REVIEW),
    Role.CITIZEN: (State.DRAFT, State.RETURNED),
}


def cartable_states(user):
    """The states this person's cartable can hold, in the workflow's order."""
    states = _CARTABLE_STATES.get(user.role)
    if states is None:  # supervisors and administrators read every open file
        states = [s for s in State if s not in CLOSED_STATES]
    return [s for s in State if s in states]


def history_of(case):
    return Transition.objects.filter(case=case).select_related("actor").order_by("seq")


def case_by_tracking_code(code, national_id):
    """The file with this tracking code AND this applicant's national ID, or None."""
    code = normalize_tracking_code(code)
    if not is_well_formed(code):
        return None
    return Case.objects.select_related("service").filter(tracking_code=code, applicant_national_id=national_id).first()


def known_parcel(user, renewal_code):
    """The parcel with this renewal code in the municipality this person works for, or None.

    Registering a file at the counter fills in the address the municipality already holds."""
    municipality_id = city_of(user)
    if municipality_id is None:
        return None
    return (
        Property.objects.select_related("district")
        .filter(renewal_code=renewal_code, district__municipality_id=municipality_id)
        .first()
    )


def open_cases_of_property(renewal_code, municipality_id):
    """The open files, at any office, of the parcel with this renewal code in this city (renewal codes are a
    city's own: another city's parcel may have the same)."""
    if municipality_id is None:
        return Case.objects.none()
    return (
        Case.objects.exclude(state__in=CLOSED_STATES)
        .filter(parcel__renewal_code=renewal_code, district__municipality_id=municipality_id)
        .select_related("service", "office")
        .order_by("-created_at")
    )


def cartable_counts(user, today=None):
    """Files waiting for this person, by state, with the total and the overdue ones: ONE aggregate query.

    Memoized on the user object, since the navigation badge and the cartable page both
    ask for it while rendering the same request.
    """
    cached = getattr(user, "_cartable_counts", None)
    if cached is not None:
        return cached
    today = today or timezone.localdate()
    late = overdue_q(today)
    # Counted over columns the open-work indexes hold (every file has a state; an overdue one a deadline), so
    # PostgreSQL can answer from the index alone.
    rows = (
        cartable_for(user, today)
        .order_by()
        .values("state")
        .annotate(n=Count("state"), late=Count("deadline", filter=late))
    )
    counts = {"by_state": {}, "total": 0, "overdue": 0}
    for row in rows:
        counts["by_state"][row["state"]] = row["n"]
        counts["total"] += row["n"]
        counts["overdue"] += row["late"]
    user._cartable_counts = counts
    return counts


def dashboard_counts(user, today=None):
    """The dashboard's cards: files in my cartable and overdue among them (``cartable_counts``, which the
    navigation badge has already asked for while rendering the same page), and files of mine (my office's,
    my district's) answered since the start of this Jalali month — one query over that month's answers."""
    today = today or timezone.localdate()
    month_start = jdatetime.date.fromgregorian(date=today).replace(day=1).togregorian()
    since = timezone.make_aware(datetime.datetime.combine(month_start, datetime.time.min))
    counts = cartable_counts(user, today)
    responded = Case.objects.filter(scope_for(user), state=State.RESPONDED, closed_at__gte=since).count()
    return {"cartable": counts["total"], "overdue": counts["overdue"], "responded": responded}


def registered_today(office_ids, today=None):
    """{office id: files registered there today}: an office's load as an applicant choosing one sees it."""
    today = today or timezone.localdate()
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    rows = (
        Case.objects.filter(office_id__in=list(office_ids), created_at__gte=start)
        .values("office_id")
        .annotate(n=Count("pk"))
    )
    return {row["office_id"]: row["n"] for row in rows}
