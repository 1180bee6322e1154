"""Writes on violations. ``act`` is the only code that moves a violation; every step leaves an event."""

import uuid

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.tenancy import in_city
from billing.amounts import slip_amount_problem
from billing.services import issue_office_fine_slip, void_unpaid_slip
from cases import calendar
from core.errors import Conflict, DomainError, Forbidden, NotFound
from core.jalali import format_jalali
from core.uploads import check_upload
from core.validators import normalize_text
from notifications.notify import notify
from offices.models import Membership, Office, OfficeStatus
from offices.services import change_office_status
from supervision.models import (
    Decision,
    Evidence,
    Policy,
    Source,
    Violation,
    ViolationEvent,
    ViolationState,
    ViolationType,
)
from supervision.selectors.violations import violation_scope, violation_type
from supervision.workflow import ACTIONS

S = ViolationState
MAX_TEXT = 4000
# The office status a decision puts the office in (the public change history records it).
OFFICE_EFFECT = {Decision.SUSPENSION: OfficeStatus.SUSPENDED, Decision.TERMINATION: OfficeStatus.ENDED}


def _text(value, name, *, required):
    text = normalize_text(value)
    if "\x00" in text:
        raise DomainError("invalid", _("The text contains a character that is not allowed."), fields={name: ["NUL"]})
    if required and not text:
        raise DomainError("missing-data", _("Write a note for this action."), fields={name: [_("Write a note.")]})
    if len(text) > MAX_TEXT:
        message = _("At most %(n)d characters.") % {"n": MAX_TEXT}
        raise DomainError("invalid", message, fields={name: [message]})
    return text


def _record(violation, *, action, from_state, actor, note="", data=None, at=None):
    """The event for the violation's current ``version`` (the caller saved it, under the row lock)."""
    return ViolationEvent.objects.create(
        violation=violation,
        seq=violation.version,
        action=action,
        from_state=from_state,
        to_state=violation.state,
        actor=actor,
        actor_role=actor.role if actor is not None else "system",
        note=note,
        data=data or {},
        at=at or timezone.now(),
    )


def office_managers(office):
    return list(
        get_user_model()
        .objects.filter(
            memberships__in=Membership.objects.current().filter(office=office, role=Role.OFFICE_MANAGER),
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def _tell_managers(violation, event):
    for user in office_managers(violation.office):
        key = f"{event}:{violation.pk}:{violation.version}:{user.pk}"
        notify(event, user=user, context={"violation": violation}, dedupe_key=key)


def _city(violation):
    """The id of the violation's city: its rules and calendar are the city's."""
    return violation.office.district.municipality_id


def _open(violation, today):
    violation.state = S.OPEN
    city = _city(violation)
    violation.response_due = calendar.add_days(today, Policy.current(city).response_days, city)


@transaction.atomic
def open_violation(*, office, type, source, actor, description, case=None, subject_user=None, draft=False, at=None):
    """Record a violation against ``office`` (or ``subject_user``, one of its staff).

    A draft waits for the unit to open it; otherwise the office's managers are asked for their
    written response by the deadline (working days). Returns the violation.
    """
    if source not in Source.values:
        raise DomainError("invalid", _("Unknown source."), fields={"source": [_("Unknown source.")]})
    if not isinstance(type, ViolationType):
        type = violation_type(type, office.district.municipality_id)
        if type is None:
            raise DomainError("invalid", _("Unknown violation type."), fields={"type": [_("Unknown violation type.")]})
    description = _text(description, "description", required=True)
    if actor is not None and not Office.objects.filter(in_city(actor, "district__municipality"), pk=office.pk).exists():
        raise NotFound("not_found", _("Unknown office."))  # another city's office is not there
    if case is not None and case.office_id != office.pk:
        raise DomainError(
            "invalid", _("The file belongs to another office."), fields={"case": [_("Another office's file.")]}
        )
    if subject_user is not None and not Membership.objects.filter(user=subject_user, office=office).exists():
        raise DomainError(
            "invalid",
            _("The staff member does not work at this office."),
            fields={"subject_user": [_("Not a staff member of this office.")]},
        )
    now = at or timezone.now()
    violation = Violation(
        office=office,
        subject_user=subject_user,
        type=type,
        source=source,
        case=case,
        description=description,
        created_by=actor,
        created_at=now,
        state=S.DRAFT,
        version=1,
    )
    if not draft:
        _open(violation, timezone.localdate(now))
    violation.save()
    _record(
        violation,
        action="created",
        from_state="",
        actor=actor,
        note=description,
        data={"source": source, "type": type.code, "case": case.tracking_code if case else None},
        at=now,
    )
    if violation.state == S.OPEN:
        transaction.on_commit(lambda: _tell_managers(violation, "violation_opened"))
    return violation


# --- the actions ------------------------------------------------------------------------------------------------


def _locked(violation, actor):
    pk = violation.pk if isinstance(violation, Violation) else violation
    found = (
        Violation.objects.select_for_update(of=("self",))
        .select_related("office", "type", "fine_slip")
        .filter(violation_scope(actor), pk=pk)
        .first()
    )
    if found is None:
        raise NotFound("not-found", _("Violation not found."))
    return found


def _may(actor, spec, violation):
    if actor.role not in spec.roles:
        return False
    if actor.role == Role.OFFICE_MANAGER:
        return Membership.objects.current().filter(user=actor, office=violation.office, role=actor.role).exists()
    return True


def allowed_actions(violation, user):
    """The actions this user may take on the violation now (buttons, the API)."""
    names = []
    for spec in ACTIONS.values():
        if violation.state in spec.sources and user.role in spec.roles:
            names.append(spec.name)
    if names and user.role == Role.OFFICE_MANAGER and not _may(user, ACTIONS[names[0]], violation):
        return []
    return names


def _days(value):
    try:
        days = int(str(value))
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= 30:
        message = _("Enter a whole number from 1 to %(max)d.") % {"max": 30}
        raise DomainError("invalid", message, fields={"days": [message]})
    return days


def _fine(value):
    try:
        amount = int(str(value))
    except (TypeError, ValueError):
        amount = 0
    message = slip_amount_problem(amount)
    if message:
        raise DomainError("invalid", message, fields={"fine_rials": [message]})
    return amount


@transaction.atomic
def act(violation, action, actor, *, note="", decision=None, fine_rials=None, days=None, type=None):
    """Take ``action`` on a violation as ``actor``. Returns the updated violation.

    NotFound (404) when the actor may not see it, Forbidden (403) when their role may not take
    the action, Conflict (409) when it is not open now, DomainError (400) for bad input.
    """
    spec = ACTIONS.get(action)
    if spec is None:
        raise DomainError("unknown-action", _("Unknown action “%(action)s”.") % {"action": action})
    violation = _locked(violation, actor)
    if not _may(actor, spec, violation):
        raise Forbidden("forbidden", _("You may not take the action “%(action)s”.") % {"action": spec.label})
    if violation.state not in spec.sources:
        raise Conflict(
            "action-not-open",
            _("“%(action)s” is not possible while the violation is “%(state)s”.")
            % {"action": spec.label, "state": violation.get_state_display()},
        )
    if action != "decide" and (decision not in (None, "") or fine_rials not in (None, "")):
        raise DomainError("invalid", _("A decision is given only with “decide”."), fields={"decision": ["decide"]})
    today = timezone.localdate()
    from_state = violation.state
    data = {}
    if action == "open":
        note = _text(note, "note", required=False)
        _open(violation, today)
        data["response_due"] = violation.response_due.isoformat()
    elif action == "note":
        note = _text(note, "note", required=True)
    elif action == "classify":
        note = _text(note, "note", required=False)
        new_type = violation_type(type, _city(violation))
        if new_type is None:
            raise DomainError("invalid", _("Unknown violation type."), fields={"type": [_("Unknown violation type.")]})
        data.update({"old_type": violation.type.code, "type": new_type.code})
        violation.type = new_type
    elif action == "extend":
        note = _text(note, "note", required=True)
        count = _days(days)
        old = violation.response_due
        violation.response_due = calendar.add_days(max(old or today, today), count, _city(violation))
        data.update(
            {"days": count, "old_due": old.isoformat() if old else None, "new_due": violation.response_due.isoformat()}
        )
    elif action == "respond":
        note = _text(note, "note", required=True)
        if violation.response_due is not None and today > violation.response_due:
            raise Conflict(
                "response-late",
                _("The response was due by %(date)s; ask the supervision unit for more time.")
                % {"date": format_jalali(violation.response_due)},
            )
        violation.state = S.RESPONDED
        violation.response = note
        violation.responded_at = timezone.now()
    elif action == "appeal":
        note = _text(note, "note", required=True)
        if violation.appeal_due is not None and today > violation.appeal_due:
            raise Conflict(
                "appeal-late",
                _("An appeal was possible until %(date)s.") % {"date": format_jalali(violation.appeal_due)},
            )
        violation.state = S.APPEALED
        violation.appeal_text = note
        violation.appealed_at = timezone.now()
    elif action == "decide":
        note = _text(note, "note", required=True)
        data = _decide(violation, actor, decision, fine_rials, note, today)
    violation.version += 1
    violation.save()
    _record(violation, action=action, from_state=from_state, actor=actor, note=note, data=data)
    event = {"open": "violation_opened", "decide": "violation_decided"}.get(action)
    if event is not None:
        transaction.on_commit(lambda: _tell_managers(violation, event))
    return violation


def _decide(violation, actor, decision, fine_rials, note, today):
    if decision not in Decision.values:
        message = _("Choose one of: %(names)s") % {"names": ", ".join(Decision.values)}
        raise DomainError("invalid", message, fields={"decision": [message]})
    if decision == Decision.FINE:
        fine_rials = _fine(fine_rials)
    elif fine_rials not in (None, ""):
        message = _("A fine amount goes only with the decision “fine”.")
        raise DomainError("invalid", message, fields={"fine_rials": [message]})
    else:
        fine_rials = None
    on_appeal = violation.state == S.APPEALED
    if violation.state == S.DRAFT and decision != Decision.DISMISSED:
        raise Conflict("not-heard", _("Open the violation first: the office must be heard before a penalty."))
    if violation.state == S.OPEN and violation.response_due is not None and today <= violation.response_due:
        raise Conflict(
            "response-pending",
            _("The office may respond until %(date)s; decide after its response or that date.")
            % {"date": format_jalali(violation.response_due)},
        )
    data = {"decision": decision, "fine_rials": fine_rials}
    if on_appeal:
        same = decision == violation.decision and fine_rials == violation.fine_rials
        data["appeal_outcome"] = "upheld" if same else "changed"
        data["first_decision"] = violation.decision
    if not (on_appeal and decision == violation.decision and fine_rials == violation.fine_rials):
        data.update(_replace_effects(violation, actor, decision, fine_rials))
    violation.decision = decision
    violation.fine_rials = fine_rials
    violation.decision_note = note
    violation.decided_at = timezone.now()
    violation.decided_by = actor
    if on_appeal or decision == Decision.DISMISSED:
        violation.state = S.CLOSED
        violation.appeal_due = None
    else:
        violation.state = S.DECIDED
        city = _city(violation)
        violation.appeal_due = calendar.add_days(today, Policy.current(city).appeal_days, city)
        data["appeal_due"] = violation.appeal_due.isoformat()
    return data


def _public_reason(violation):
    return _("By the supervision unit's decision on violation no. %(number)s") % {"number": violation.pk}


def _replace_effects(violation, actor, decision, fine_rials):
    """Undo what an earlier decision did that the new one does not, then do what the new one needs."""
    data = {}
    if violation.fine_slip is not None and not (decision == Decision.FINE and fine_rials == violation.fine_rials):
        if violation.fine_slip.is_paid:
            data["earlier_fine_paid"] = violation.fine_slip.bill_id
        else:
            void_unpaid_slip(slip=violation.fine_slip)
            data["withdrawn_slip"] = violation.fine_slip.bill_id
        violation.fine_slip = None
    if decision == Decision.FINE and violation.fine_slip is None:
        slip = issue_office_fine_slip(
            office=violation.office,
            amount_rials=fine_rials,
            description=_("Fine, violation no. %(number)s: %(type)s")
            % {"number": violation.pk, "type": violation.type},
            actor=actor,
        )
        violation.fine_slip = slip
        data["fine_slip"] = {"id": slip.pk, "bill_id": slip.bill_id, "payment_id": slip.payment_id}
    office = Office.objects.get(pk=violation.office_id)
    earlier = OFFICE_EFFECT.get(violation.decision) if violation.changed_office_status else None
    wanted = OFFICE_EFFECT.get(decision)
    if earlier != wanted:
        if earlier is not None and office.status == earlier:
            kept, holder = _kept_by_others(violation)
            if kept == earlier:
                # Another decision that stands keeps the office so: it holds the status from now on, and
                # lifting it is that decision's to do.
                Violation.objects.filter(pk=holder.pk).update(changed_office_status=True)
                data["office_status_unchanged"] = office.status
            else:
                office = change_office_status(
                    office=office, action="reactivate", actor=actor, reason=_public_reason(violation)
                )
                if kept is not None:  # a termination lifted while another decision's suspension stands
                    office = change_office_status(
                        office=office, action="suspend", actor=actor, reason=_public_reason(holder)
                    )
                    Violation.objects.filter(pk=holder.pk).update(changed_office_status=True)
                data["office_status"] = office.status
            violation.changed_office_status = False
        if wanted is not None:
            action = "suspend" if wanted == OfficeStatus.SUSPENDED else "end"
            if office.status == OfficeStatus.ACTIVE or (action == "end" and office.status == OfficeStatus.SUSPENDED):
                office = change_office_status(
                    office=office, action=action, actor=actor, reason=_public_reason(violation)
                )
                violation.changed_office_status = True
                data["office_status"] = office.status
            else:
                data["office_status_unchanged"] = office.status
    return data


def status_set_by_hand(sender, office, **kwargs):
    """The unit set the office's status by hand: no decision holds it any more, so none lifts it when it is
    appealed or changed (a suspension set by hand for another reason outlasts a dismissed appeal)."""
    Violation.objects.filter(office_id=office.pk, changed_office_status=True).update(changed_office_status=False)


def _kept_by_others(violation):
    """The strongest office status that the office's other standing decisions impose (ended over suspended),
    with the decision that imposes it; (None, None) when none does."""
    order = [OfficeStatus.ENDED, OfficeStatus.SUSPENDED]
    others = (
        Violation.objects.filter(office_id=violation.office_id, decision__in=list(OFFICE_EFFECT))
        .exclude(pk=violation.pk)
        .order_by("decided_at", "pk")
    )
    found = {}
    for other in others:
        found.setdefault(OFFICE_EFFECT[other.decision], other)
    for status in order:
        if status in found:
            return status, found[status]
    return None, None


# --- evidence ---------------------------------------------------------------------------------------------------


def evidence_response(evidence):
    """The evidence file as a download (someone's upload: an attachment, never sniffed), named as it was
    uploaded but ending in what it was checked to be: a name cannot make it open as something else."""
    from django.http import Http404

    from core.downloads import file_response

    ext = evidence.file.name.rsplit(".", 1)[-1] if "." in evidence.file.name else "bin"
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return file_response(
        handle,
        content_type=evidence.content_type,
        name=evidence.original_name,
        fallback=f"evidence-{evidence.pk}.{ext}",
    )


@transaction.atomic
def add_evidence(*, violation, actor, upload, description=""):
    """Attach a PDF or photo: the unit while the case is not closed, the office's manager while it may respond."""
    violation = _locked(violation, actor)
    if actor.role in (Role.SUPERVISOR, Role.ADMIN):
        allowed = violation.state != S.CLOSED
    else:
        allowed = _may(actor, ACTIONS["respond"], violation) and violation.state == S.OPEN
    if not allowed:
        raise Forbidden("forbidden", _("You may not add evidence to this violation now."))
    description = _text(description, "description", required=False)[:200]
    content_type, ext, sha256 = check_upload(upload)
    original = normalize_text(getattr(upload, "name", ""))[-200:] or f"evidence.{ext}"
    upload.name = f"{uuid.uuid4().hex}.{ext}"
    evidence = Evidence.objects.create(
        violation=violation,
        file=upload,
        description=description,
        original_name=original,
        content_type=content_type,
        size=upload.size,
        sha256=sha256,
        uploaded_by=actor,
    )
    violation.version += 1
    violation.save(update_fields=["version", "updated_at"])
    _record(
        violation,
        action="evidence",
        from_state=violation.state,
        actor=actor,
        note=description,
        data={"evidence": evidence.pk, "name": original, "sha256": sha256},
    )
    return evidence
