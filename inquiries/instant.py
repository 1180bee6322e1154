"""Instant answers: a notary inquiry whose property's record leaves nothing to check is
answered at registration (DOMAIN: «صدور پاسخ بعضی استعلامات به‌صورت آنی»)."""

from django.utils.translation import gettext as _

from cases import hooks
from cases.models import CLOSED_STATES, Case, State
from cases.services import apply_action
from cases.workflow import flow_for


def reasons_to_check(case):
    """Why this file cannot be answered at once; empty when the record is clean."""
    reasons = []
    if not case.parcel.on_record:
        reasons.append(_("the property is not on the municipality's record"))
    if case.parcel.has_violation:
        reasons.append(_("a violation is on record"))
    others = Case.objects.filter(parcel=case.parcel).exclude(pk=case.pk).exclude(state__in=CLOSED_STATES)
    if others.exists():
        reasons.append(_("another file of this property is open"))
    for check in hooks._clearance_checks:
        reason = check(case)
        if reason:
            reasons.append(reason)
    return reasons


@hooks.after_register
def answer_at_once_when_clean(case, actor):
    if case.state != State.SUBMITTED or not flow_for(case.service_id).instant:
        return
    if reasons_to_check(case):
        return
    apply_action(
        case,
        "instant_answer",
        None,
        result="approved",
        text=_("The property's record shows no open file, violation or unpaid duty."),
        at=case.created_at,
    )
