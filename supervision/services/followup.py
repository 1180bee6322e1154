"""The follow-up desk: on a late or stuck file the follow-up officer calls or texts the applicant,
reminds whoever holds the file, or escalates it to the supervision unit. Each is an event in the
file's own history (``cases.services.record_event``: it keeps the state, under the row lock)."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from accounts.tenancy import supervisors_of
from cases import services as case_services
from cases.models import Case, State, Transition
from core.errors import Conflict, DomainError, Forbidden
from core.validators import normalize_text
from notifications.notify import notify
from offices.models import Membership
from supervision.models import Source, Violation, ViolationState
from supervision.selectors.followup import is_desk_file
from supervision.services.automatic import late_type
from supervision.services.violations import open_violation

CALL_OUTCOMES = {
    "reached": gettext_lazy("Reached the applicant"),
    "no_answer": gettext_lazy("No answer"),
    "wrong_number": gettext_lazy("Wrong number"),
    "left_message": gettext_lazy("Left a message"),
}
MAX_NOTE = 1000


def _note(value, *, required):
    note = normalize_text(value)
    if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in note):
        raise DomainError("invalid", _("The text contains a character that is not allowed."), fields={"note": ["NUL"]})
    if required and not note:
        raise DomainError("missing-data", _("Write a note for this action."), fields={"note": [_("Write a note.")]})
    if len(note) > MAX_NOTE:
        message = _("At most %(n)d characters.") % {"n": MAX_NOTE}
        raise DomainError("invalid", message, fields={"note": [message]})
    return note


def _check(case, actor):
    if actor.role != Role.FOLLOWUP_OFFICER:
        raise Forbidden("forbidden", _("Only the office's follow-up officer works the follow-up desk."))
    if not is_desk_file(actor, case):
        raise Conflict("not-late", _("This file is neither late nor stuck at one of your offices."))


@transaction.atomic
def log_call(*, case, actor, outcome, note=""):
    """A call to the applicant and how it went."""
    _check(case, actor)
    if outcome not in CALL_OUTCOMES:
        message = _("Choose how the call went.")
        raise DomainError("invalid", message, fields={"outcome": [message]})
    return case_services.record_event(
        case, "followup_call", actor, note=_note(note, required=False), data={"outcome": outcome}
    )


@transaction.atomic
def send_sms(*, case, actor, note=""):
    """An SMS to the applicant's mobile on the file (a fixed text: the tracking code, the state and
    the office's phone — never anything else), queued by Pishkhan; the event keeps the message."""
    _check(case, actor)
    case = Case.objects.select_related("office").get(pk=case.pk)
    message = notify(
        "followup_applicant",
        mobile=case.contact_mobile,
        context={"case": case, "state": case.get_state_display(), "office": case.office},
    )
    return case_services.record_event(
        case,
        "followup_sms",
        actor,
        note=_note(note, required=False),
        data={"message": message.pk if message else None, "outcome": "queued" if message else "not_sent"},
    )


def _holders(case):
    """Who holds the file now: its person, else everyone of its holder role at its office or district."""
    if case.holder_id:
        return [case.holder]
    posts = Membership.objects.current().filter(role=case.holder_role)
    if case.holder_role == Role.MUNICIPAL_STAFF:
        posts = posts.filter(district_id=case.district_id)
    else:
        posts = posts.filter(office_id=case.office_id)
    return list(get_user_model().objects.filter(memberships__in=posts, is_active=True).distinct().order_by("pk"))


@transaction.atomic
def remind_holder(*, case, actor, note=""):
    """Remind whoever holds the file (once a day per file)."""
    _check(case, actor)
    case = Case.objects.select_related("office", "holder").get(pk=case.pk)
    if case.state == State.RETURNED:
        raise Conflict("applicant-holds", _("The applicant holds this file: call or text them instead."))
    today = timezone.localdate()
    if Transition.objects.filter(case=case, action="followup_reminder", at__date=today).exists():
        raise Conflict("reminded-today", _("The holder of this file was reminded today already."))
    note = _note(note, required=False)
    recipients = _holders(case)
    for user in recipients:
        notify(
            "followup_reminder",
            user=user,
            context={"case": case, "state": case.get_state_display(), "note": note, "officer": actor},
            dedupe_key=f"followup-reminder:{case.pk}:{today.isoformat()}:{user.pk}",
        )
    return case_services.record_event(
        case,
        "followup_reminder",
        actor,
        note=note,
        data={"recipients": [u.pk for u in recipients], "holder_role": case.holder_role},
    )


@transaction.atomic
def escalate(*, case, actor, note):
    """Hand the file to the supervision unit with a note: a draft violation against its office for the
    unit to review (unless one is already open for the file), and the supervisors are told."""
    _check(case, actor)
    note = _note(note, required=True)
    case = Case.objects.select_related("office").get(pk=case.pk)
    violation = Violation.objects.filter(case=case).exclude(state=ViolationState.CLOSED).order_by("-pk").first()
    if violation is None:
        violation = open_violation(
            office=case.office,
            type=late_type(case.district.municipality_id),
            source=Source.FOLLOWUP,
            actor=actor,
            description=note,
            case=case,
            draft=True,
        )
    event = case_services.record_event(case, "followup_escalation", actor, note=note, data={"violation": violation.pk})
    for user in supervisors_of(case.district.municipality_id):
        notify(
            "followup_escalated",
            user=user,
            context={"case": case, "violation": violation, "note": note, "officer": actor},
            dedupe_key=f"followup-escalated:{event.pk}:{user.pk}",
        )
    return event
