"""The follow-up desk's reads: the late or stuck files of a follow-up officer's offices, and what
was done on each (the follow-up events of their history)."""

import datetime

from django.db.models import Q
from django.utils import timezone

from accounts.models import Role
from cases.models import Case, State, Transition, overdue_q
from cases.selectors import scope_for
from offices.models import Membership, Office
from supervision.models import Policy
from supervision.selectors.steps import threshold_date

# The history events the desk writes (cases.services.record_event), in the order the page offers them.
EVENTS = ("followup_call", "followup_sms", "followup_reminder", "followup_escalation")
RECENT_EVENTS = 5


def followup_offices(user):
    """The offices of their city where this person is a follow-up officer now."""
    return Office.objects.filter(
        pk__in=Membership.objects.current()
        .filter(
            user=user,
            role=Role.FOLLOWUP_OFFICER,
            office__isnull=False,
            district__municipality_id=getattr(user, "municipality_id", None),
        )
        .values("office")
    ).order_by("code")


def stuck_since(today=None, municipality=None):
    """A returned file of the city whose applicant has held it since before this moment is stuck."""
    today = today or timezone.localdate()
    day = threshold_date(today, Policy.current(municipality).stuck_after_days, municipality)
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


def needs_followup(today=None, municipality=None):
    """A Q of the files the desk chases: overdue (the one definition, ``cases.models.overdue_q``) or stuck
    with the applicant past the unit's threshold."""
    today = today or timezone.localdate()
    stuck = Q(state=State.RETURNED, step_started_at__lt=stuck_since(today, municipality))
    return overdue_q(today) | stuck


def desk_files(user, *, office=None, kind="", today=None):
    """The late or stuck files of the officer's offices, the longest late first."""
    today = today or timezone.localdate()
    qs = (
        Case.objects.filter(scope_for(user))
        .filter(office__in=followup_offices(user).values("pk"))
        .filter(needs_followup(today, getattr(user, "municipality_id", None)))
    )
    if office is not None:
        qs = qs.filter(office=office)
    if kind == "late":
        qs = qs.filter(overdue_q(today))
    elif kind == "stuck":
        qs = qs.filter(state=State.RETURNED)
    return qs.select_related("service", "office", "holder").order_by("deadline", "step_started_at", "pk")


def is_desk_file(user, case, today=None):
    return desk_files(user, today=today).filter(pk=case.pk).exists()


def recent_events(cases):
    """{case id: [its latest follow-up events, newest first]} for a page of files (one query)."""
    ids = [c.pk for c in cases]
    by_case = {pk: [] for pk in ids}
    rows = (
        Transition.objects.filter(case_id__in=ids, action__in=EVENTS)
        .select_related("actor")
        .order_by("case_id", "-seq")
    )
    for row in rows:
        if len(by_case[row.case_id]) < RECENT_EVENTS:
            by_case[row.case_id].append(row)
    return by_case
