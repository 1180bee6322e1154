"""Deadlines that escalate by themselves, and the office managers' morning summary.

Both are run by Celery beat (cases.tasks) and are safe to run any number of times:
a reminder carries a dedupe key per file step and person, a digest one per office,
person and day, so a second run sends nothing new.
"""

import datetime
import logging
from collections import defaultdict

from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import Role
from accounts.tenancy import supervisors_of
from cases.models import CLOSED_STATES, Case, State, overdue_q
from notifications.models import Message
from notifications.notify import notify
from offices.models import Membership

logger = logging.getLogger(__name__)

BATCH = 500


def overdue_key(case, user):
    # case.version changes with every action on the file, so each step is reminded about once.
    return f"overdue:{case.pk}:{case.version}:{user.pk}"


def _followup_officers(office_ids, today):
    by_office = defaultdict(list)
    memberships = (
        Membership.objects.current(today)
        .filter(role=Role.FOLLOWUP_OFFICER, office_id__in=office_ids, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    )
    for membership in memberships:
        if membership.user not in by_office[membership.office_id]:
            by_office[membership.office_id].append(membership.user)
    return by_office


def _supervisors(city_id, known):
    """The supervisors of the file's city (``known`` keeps them per city for the run)."""
    if city_id not in known:
        known[city_id] = list(supervisors_of(city_id))
    return known[city_id]


def notify_overdue(today=None):
    """Tell each overdue file's follow-up officers (or, if its office has none, the supervisors) once per step.

    Returns the number of messages queued by this run.
    """
    today = today or timezone.localdate()
    overdue = Case.objects.overdue(today).select_related("office", "holder", "district").order_by("pk")
    supervisors = {}
    sent = 0
    last_pk = 0
    while True:
        # Keyset pages: a large backlog is read in batches, never all at once.
        cases = list(overdue.filter(pk__gt=last_pk)[:BATCH])
        if not cases:
            break
        last_pk = cases[-1].pk
        officers = _followup_officers({c.office_id for c in cases}, today)
        pairs = []
        for case in cases:
            recipients = officers.get(case.office_id)
            if not recipients:
                recipients = _supervisors(case.district.municipality_id, supervisors)
            pairs.extend((case, user) for user in recipients)
        done = set(
            Message.objects.filter(dedupe_key__in=[overdue_key(c, u) for c, u in pairs]).values_list(
                "dedupe_key", flat=True
            )
        )
        for case, user in pairs:
            key = overdue_key(case, user)
            if key in done:
                continue
            message = notify(
                "overdue_followup",
                user=user,
                context={
                    "case": case,
                    "state": case.get_state_display(),
                    "holder": str(case.holder) if case.holder else case.get_holder_role_display(),
                },
                dedupe_key=key,
            )
            sent += message is not None
    if sent:
        logger.info("overdue reminders queued: %s", sent)
    return sent


def office_counts(office_ids, today):
    """{office_id: (open, overdue, responded yesterday)} in one query."""
    yesterday = today - datetime.timedelta(days=1)
    rows = (
        Case.objects.filter(office_id__in=office_ids)
        .values("office_id")
        .annotate(
            open_count=Count("pk", filter=~Q(state__in=CLOSED_STATES)),
            overdue_count=Count("pk", filter=overdue_q(today)),
            responded_count=Count("pk", filter=Q(state=State.RESPONDED, closed_at__date=yesterday)),
        )
    )
    return {row["office_id"]: (row["open_count"], row["overdue_count"], row["responded_count"]) for row in rows}


def send_daily_digests(today=None):
    """Each current office manager gets their office's counts once a day. Returns the number queued."""
    today = today or timezone.localdate()
    memberships = list(
        Membership.objects.current(today)
        .filter(role=Role.OFFICE_MANAGER, office__isnull=False, user__is_active=True)
        .select_related("user", "office")
        .order_by("office_id", "user_id")
    )
    counts = office_counts({m.office_id for m in memberships}, today)
    keys = {m.pk: f"digest:{today.isoformat()}:{m.office_id}:{m.user_id}" for m in memberships}
    done = set(Message.objects.filter(dedupe_key__in=keys.values()).values_list("dedupe_key", flat=True))
    sent = 0
    for membership in memberships:
        if keys[membership.pk] in done:
            continue
        open_count, overdue_count, responded_count = counts.get(membership.office_id, (0, 0, 0))
        message = notify(
            "daily_digest",
            user=membership.user,
            context={
                "office": membership.office,
                "today": today,
                "open_count": open_count,
                "overdue_count": overdue_count,
                "responded_count": responded_count,
            },
            dedupe_key=keys[membership.pk],
        )
        sent += message is not None
    return sent
