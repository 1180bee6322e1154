"""Which inspector should visit a file: the least-loaded trained inspector of the office's district."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import Role
from cases import calendar, deadlines
from inspections.models import OPEN_VISIT_STATES, Slot, Visit, VisitState
from offices.models import Attendance, Membership
from offices.selectors import required_courses

# How far ahead the next free slot is looked for; a fully booked inspector sorts after the rest.
HORIZON_DAYS = 30
SLOT_START_HOUR = {slot.value: int(slot.value[:2]) for slot in Slot}


@dataclass
class Candidate:
    user: object
    open_visits: int
    trained: bool
    next_free: tuple | None  # (date, slot) or None when nothing is free within the horizon
    missing_courses: list = field(default_factory=list)

    @property
    def next_free_date(self):
        return self.next_free[0] if self.next_free else None

    @property
    def next_free_slot(self):
        return self.next_free[1] if self.next_free else ""

    @property
    def next_free_slot_label(self):
        return Slot(self.next_free[1]).label if self.next_free else ""

    def sort_key(self):
        far = (datetime.date.max, "")
        return (self.open_visits, self.next_free or far, self.user.pk)


@dataclass
class Proposal:
    case: object
    inspector: object | None  # the proposed one; None when no trained inspector serves the district
    candidates: list  # every active inspector of the district, the proposed one first

    @property
    def candidate(self):
        return next((c for c in self.candidates if self.inspector and c.user.pk == self.inspector.pk), None)


def district_inspectors(district_id, on=None):
    """Active users with a current inspector post in the district, each with ``open_visits`` (one query)."""
    posts = Membership.objects.current(on).filter(role=Role.INSPECTOR, district_id=district_id).values("user_id")
    return (
        get_user_model()
        .objects.filter(pk__in=posts, role=Role.INSPECTOR, is_active=True)
        .annotate(open_visits=Count("visits", filter=Q(visits__state__in=OPEN_VISIT_STATES)))
        .order_by("pk")
    )


def training_gaps(users, municipality=None):
    """{user_id: [courses missing for the inspector role]} in the city (two queries)."""
    required = required_courses([Role.INSPECTOR], municipality)[str(Role.INSPECTOR)]
    if not required:
        return {}
    passed = set(
        Attendance.objects.filter(
            user__in=users, attended=True, passed=True, course_id__in=[c.pk for c in required]
        ).values_list("user_id", "course_id")
    )
    return {u.pk: [c for c in required if (u.pk, c.pk) not in passed] for u in users}


def booked_slots(users, start):
    """{user_id: {(date, slot)}} of scheduled visits from ``start`` on (one query)."""
    booked = {}
    rows = Visit.objects.filter(inspector__in=users, state=VisitState.SCHEDULED, scheduled_on__gte=start).values_list(
        "inspector_id", "scheduled_on", "slot"
    )
    for user_id, day, slot in rows:
        booked.setdefault(user_id, set()).add((day, slot))
    return booked


def free_slots(booked, now=None, limit=HORIZON_DAYS, municipality=None):
    """The open (date, slot) pairs of the coming working days (of the city), earliest first, skipping
    ``booked``."""
    now = timezone.localtime(now) if now else timezone.localtime()
    holidays = calendar.holiday_set(municipality)
    day = now.date()
    for _offset in range(limit):
        if deadlines.is_working_day(day, holidays):
            for slot in Slot:
                if day == now.date() and SLOT_START_HOUR[slot.value] <= now.hour:
                    continue
                if (day, slot.value) not in booked:
                    yield day, slot.value
        day += datetime.timedelta(days=1)


def next_free_slot(booked, now=None, municipality=None):
    return next(free_slots(booked, now, municipality=municipality), None)


def candidates_for(case, now=None):
    """Every active inspector who serves the file's office district, best first (four queries)."""
    now = now or timezone.now()
    users = list(district_inspectors(case.office.district_id, timezone.localtime(now).date()))
    gaps = training_gaps(users, case.office.district.municipality_id)
    booked = booked_slots(users, timezone.localtime(now).date())
    candidates = [
        Candidate(
            user=user,
            open_visits=user.open_visits,
            trained=not gaps.get(user.pk),
            next_free=next_free_slot(booked.get(user.pk, set()), now, case.office.district.municipality_id),
            missing_courses=gaps.get(user.pk, []),
        )
        for user in users
    ]
    candidates.sort(key=lambda c: (not c.trained, *c.sort_key()))
    return candidates


def propose_inspector(case, now=None):
    """The proposal for ``case``: the trained inspector with the fewest open visits (ties: the earliest
    free slot, then a fixed order by account). Never one of another district or without training."""
    candidates = candidates_for(case, now)
    best = next((c for c in candidates if c.trained), None)
    return Proposal(case=case, inspector=best.user if best else None, candidates=candidates)
