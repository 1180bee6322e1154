"""Instant answers: a notary inquiry whose property's record leaves nothing to check is
answered at registration (DOMAIN: «صدور پاسخ بعضی استعلامات به‌صورت آنی»)."""

from django.utils.translation import gettext as _

from cases.models import CLOSED_STATES, Case
from cases.plugins import registry
from cases.services import replay_action


def _reasons(case):
    """Why this file cannot be answered at once, one by one, the ones read from the file itself first."""
    if not case.parcel.on_record:
        yield _("the property is not on the municipality's record")
    if case.parcel.has_violation:
        yield _("a violation is on record")
    others = Case.objects.filter(parcel=case.parcel).exclude(pk=case.pk).exclude(state__in=CLOSED_STATES)
    if others.exists():
        yield _("another file of this property is open")
    yield from registry().clearance(case)


def reasons_to_check(case):
    """Why this file cannot be answered at once; empty when the record is clean."""
    return list(_reasons(case))


def answer_at_once_when_clean(case):
    if next(_reasons(case), None) is not None:
        return  # one reason is enough: the rest are not looked up
    # Answered the moment it was registered (a backdated import is answered at its own time).
    replay_action(
        case,
        "instant_answer",
        None,
        at=case.created_at,
        result="approved",
        text=_("The property's record shows no open file, violation or unpaid duty."),
    )
