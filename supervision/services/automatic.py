"""Overdue files past the unit's threshold draft one violation each, against the office that held them."""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import OFFICE_ROLES
from cases.models import Case
from core.jalali import format_jalali
from supervision.models import Policy, Source, ViolationType
from supervision.selectors.steps import OFFICE_STEPS, threshold_date
from supervision.services.violations import open_violation

LATE_TYPE = "late_answer"
BATCH = 500

logger = logging.getLogger(__name__)


def late_type():
    found = ViolationType.objects.filter(code=LATE_TYPE).first()
    if found is None:
        found = ViolationType.objects.create(code=LATE_TYPE, title=_("Late answer"))
    return found


def late_files(today=None):
    """Open files the office holds whose step is past the threshold and that have no automatic violation."""
    today = today or timezone.localdate()
    cutoff = threshold_date(today, Policy.current().overdue_after_days)
    return (
        Case.objects.overdue(today)
        .filter(state__in=OFFICE_STEPS, deadline__lt=cutoff)
        .exclude(violations__source=Source.AUTOMATIC)
        .select_related("office", "holder")
        .order_by("pk")
    )


def draft_overdue_violations(today=None):
    """Draft one violation per file past the threshold; running again drafts nothing new. Returns the count."""
    today = today or timezone.localdate()
    late = late_type()
    threshold = Policy.current().overdue_after_days
    drafted = 0
    last_pk = 0
    candidates = late_files(today)
    while True:
        batch = list(candidates.filter(pk__gt=last_pk)[:BATCH])
        if not batch:
            break
        last_pk = batch[-1].pk
        for case in batch:
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
