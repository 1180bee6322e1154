"""Overdue files past the unit's threshold draft one violation each, against the office that held them."""

import logging

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import OFFICE_ROLES
from cases.models import Case
from core.jalali import format_jalali
from offices.models import Municipality
from supervision.models import Policy, Source, ViolationType
from supervision.selectors.steps import OFFICE_STEPS, threshold_date
from supervision.selectors.violations import violation_type
from supervision.services.violations import open_violation

LATE_TYPE = "late_answer"
BATCH = 500

logger = logging.getLogger(__name__)


def late_type(municipality_id=None):
    """The city's "late answer" entry, else the national one (made when the catalogue has none)."""
    found = violation_type(LATE_TYPE, municipality_id, active=False)
    if found is None:
        found = ViolationType.objects.create(code=LATE_TYPE, title=_("Late answer"))
    return found


def late_files(today=None, municipality=None):
    """Open files the office holds whose step is past the threshold (the city's rules and calendar) and that
    have no automatic violation. Without a city: every city's, each by its own threshold."""
    today = today or timezone.localdate()
    cities = [municipality] if municipality is not None else list(Municipality.objects.values_list("pk", flat=True))
    past = Q(pk__in=[])
    for city in cities:
        city = getattr(city, "pk", city)
        cutoff = threshold_date(today, Policy.current(city).overdue_after_days, city)
        past |= Q(district__municipality_id=city, deadline__lt=cutoff)
    return (
        Case.objects.overdue(today)
        .filter(past, state__in=OFFICE_STEPS)
        .exclude(violations__source=Source.AUTOMATIC)
        .select_related("office", "holder", "district")
        .order_by("pk")
    )


def draft_overdue_violations(today=None):
    """Draft one violation per file past the threshold; running again drafts nothing new. Returns the count."""
    today = today or timezone.localdate()
    drafted = 0
    last_pk = 0
    candidates = late_files(today)
    while True:
        batch = list(candidates.filter(pk__gt=last_pk)[:BATCH])
        if not batch:
            break
        last_pk = batch[-1].pk
        for case in batch:
            city = case.district.municipality_id
            late, threshold = late_type(city), Policy.current(city).overdue_after_days
            holder = case.holder if case.holder is not None and case.holder.role in OFFICE_ROLES else None
            description = _(
                "File %(code)s has been in the step “%(step)s” past its deadline of %(date)s "
                "(more than %(days)s working days)."
            ) % {
                "code": case.tracking_code,
                "step": case.get_state_display(),
                "date": format_jalali(case.deadline),
                "days": threshold,
            }
            try:
                with transaction.atomic():
                    open_violation(
                        office=case.office,
                        type=late,
                        source=Source.AUTOMATIC,
                        actor=None,
                        description=description,
                        case=case,
                        subject_user=holder if holder is not None and _works_at(holder, case.office) else None,
                        draft=True,
                    )
            except IntegrityError:
                continue  # another run drafted it a moment ago
            drafted += 1
    if drafted:
        logger.info("violations drafted for overdue files: %s", drafted)
    return drafted


def _works_at(user, office):
    from offices.models import Membership

    return Membership.objects.filter(user=user, office=office).exists()
