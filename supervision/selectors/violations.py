"""Reads on violations: who may see which, lists with their related rows, one violation in full."""

from django.db.models import Q

from accounts.models import Role
from accounts.tenancy import NOTHING, city_of, in_city
from core.validators import is_digits
from offices.models import Membership
from supervision.models import Violation, ViolationEvent, ViolationState, ViolationType


def managed_offices(user):
    """A values() subquery of the offices of their city this user manages now."""
    return (
        Membership.objects.current()
        .filter(user=user, role=Role.OFFICE_MANAGER, office__isnull=False, district__municipality_id=city_of(user))
        .values("office")
    )


def violation_scope(user):
    """A Q of the violations this user may see: the unit all of its city's (a platform administrator every
    city's), an office manager their office's (once the unit has opened them: a draft is its own work),
    others none."""
    if user is None or not user.is_authenticated:
        return NOTHING
    if user.role in (Role.SUPERVISOR, Role.ADMIN):
        return in_city(user, "office__district__municipality")
    if user.role == Role.OFFICE_MANAGER:
        return Q(office__in=managed_offices(user)) & ~Q(state=ViolationState.DRAFT)
    return Q(pk__in=[])


LIST_RELATED = ("office__district", "type", "case", "subject_user", "fine_slip")


def visible_violations(user):
    return Violation.objects.filter(violation_scope(user)).select_related(*LIST_RELATED)


def violation_list(user, *, state="", source="", office=None, type=None, q=""):
    qs = visible_violations(user)
    if state == "active":
        qs = qs.exclude(state="closed")
    elif state:
        qs = qs.filter(state=state)
    if source:
        qs = qs.filter(source=source)
    if office is not None:
        qs = qs.filter(office=office)
    if type is not None:
        qs = qs.filter(type=type)
    if q:
        q_filter = Q(case__tracking_code=q) | Q(complaint__tracking_code=q) | Q(office__code=q)
        if is_digits(q) and len(q) < 10:
            q_filter |= Q(pk=int(q))
        qs = qs.filter(q_filter)
    return qs.order_by("-created_at", "-id")


def violation_for(user, pk):
    """The violation if this user may see it, else None (callers answer 404)."""
    return (
        visible_violations(user)
        .select_related("decided_by", "created_by", "complaint")
        .prefetch_related("evidence")
        .filter(pk=pk)
        .first()
    )


def events_of(violation):
    return ViolationEvent.objects.filter(violation=violation).select_related("actor").order_by("seq")


def violation_types(municipality_id, *, active=True):
    """The catalogue a city uses: its own entries and the national ones whose code it has not made its own."""
    own = ViolationType.objects.filter(municipality_id=municipality_id).values("code")
    qs = ViolationType.objects.filter(
        Q(municipality_id=municipality_id) | (Q(municipality__isnull=True) & ~Q(code__in=own))
    )
    return qs.filter(is_active=True) if active else qs


def violation_type(code, municipality_id, *, active=True):
    """The catalogue entry with this code for the city: its own, else the national one (or None)."""
    return violation_types(municipality_id, active=active).filter(code=str(code or "")).first()
