"""State changes and events on files: ``apply_action`` (and its backdated twin ``replay_action``) and
``record_event`` are the only writers of a file's history."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from cases import calendar, counts
from cases.actions import history_data, input_serializer
from cases.history import record_transition as _record
from cases.models import CLOSED_STATES, PAUSED_STATES, Case, Property, State
from cases.permissions import can_see
from cases.plugins import registry
from cases.selectors import forget_cartable_counts
from cases.workflow import ACTIONS, HOLDER_ROLE, SYSTEM, flow_for, resolve_target
from core.errors import Conflict, DomainError, Forbidden, NotFound
from core.fields import flat_errors
from notifications.notify import notify

# --- holders and deadlines -----------------------------------------------------------------------------------


def _holder(case, state):
    """(holder, holder role) of a file in ``state``: whose cartable shows it."""
    role = HOLDER_ROLE.get(state, "")
    if state in PAUSED_STATES:
        return case.applicant_user, role
    if state == State.AWAITING_VISIT:
        if case.inspector_id:
            return case.inspector, role
        return None, Role.TECHNICAL_OFFICER  # someone at the office must still assign the inspector
    return None, role


def _place(case, state, today, now=None):
    """Set holder, holder role and deadline for the step that starts now."""
    case.holder, case.holder_role = _holder(case, state)
    case.step_started_at = now or timezone.now()
    if state in CLOSED_STATES or state in PAUSED_STATES:
        case.deadline = None
    else:
        case.deadline = calendar.deadline_for(case.service_id, state, today, calendar.city_of_case(case))


# --- actions --------------------------------------------------------------------------------------------------


def apply_action(case, action, actor, *, note="", **data):
    """Take ``action`` on the file as ``actor`` (None for Pishkhan itself). Returns the updated file.

    ``data`` is checked against the action's input serializer (cases.actions): an unknown key is
    refused. Raises NotFound (the actor may not see the file), Forbidden (their role may not take
    the action, 403), Conflict (not open in this state, or someone else acted first, 409) or
    DomainError (missing or bad data, 400). Nothing is saved then.
    """
    return _apply(case, action, actor, {"note": note, **data}, at=None)


def take_action(case, action, actor, data):
    """``apply_action`` with the input as a client sent it (a dict whose keys are checked, never
    turned into keyword arguments): the API and the pages call this."""
    if not isinstance(data, dict):
        raise DomainError("invalid", _("The data is not valid."))
    return _apply(case, action, actor, data, at=None)


def replay_action(case, action, actor, *, at, note="", **data):
    """``apply_action`` as if taken at ``at``: importing files from an earlier system, the demo city.
    Never reachable from a client's input."""
    return _apply(case, action, actor, {"note": note, **data}, at=at)


def _locked(case):
    case_id = case.pk if isinstance(case, Case) else case
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("service", "office", "district", "parcel")
        .filter(pk=case_id)
        .first()
    )


def _check_input(action, case, data):
    serializer = input_serializer(action, case)(data=data)
    if not serializer.is_valid():
        raise DomainError(*_first_error(serializer.errors), fields=flat_errors(serializer.errors))
    return serializer


def _first_error(errors):
    """(code, message) of an input's first mistake: a field's own code where it has one
    ("inspector-invalid"), its Persian message as the whole error's."""
    for value in errors.values():
        while isinstance(value, list | dict) and value:
            value = value[0] if isinstance(value, list) else next(iter(value.values()))
        code = getattr(value, "code", "")
        return (code if "-" in str(code) else "invalid"), str(value)
    return "invalid", _("The data is not valid.")


def from_draft_to_register(case, spec):
    """A draft leaving for the workflow (submitted): the moment it becomes a registered file."""
    return case.state == State.DRAFT and spec.target == State.SUBMITTED


@transaction.atomic
def _apply(case, action, actor, data, *, at):
    spec = ACTIONS.get(action) if isinstance(action, str) else None
    if spec is None:
        raise DomainError("unknown-action", _("Unknown action “%(action)s”.") % {"action": str(action)[:40]})
    case = _locked(case)
    if case is None or (actor is not None and not can_see(actor, case)):
        raise NotFound("not-found", _("File not found."))
    if actor is None:
        if SYSTEM not in spec.roles:
            raise Forbidden("forbidden", _("This action needs a person."))
    elif case.state == State.DRAFT and case.state in spec.sources and not spec.open_to(actor.role, case.state):
        # A draft is its applicant's (``Action.open_to``): say so, rather than that the action is not theirs.
        raise Forbidden(
            "draft-not-sent", _("This request is still its applicant's draft: only they may send or cancel it.")
        )
    elif spec.system_only or actor.role not in spec.roles:
        raise Forbidden(
            "forbidden", _("You may not take the action “%(action)s” on this file.") % {"action": spec.label}
        )
    elif case.state in spec.sources and not spec.open_to(actor.role, case.state):
        raise Forbidden(
            "not-your-step",
            _("The file is at the step “%(state)s”, which is not yours: you may not take “%(action)s” now.")
            % {"state": case.get_state_display(), "action": spec.label},
        )
    if case.state not in spec.sources:
        raise Conflict(
            "action-not-open",
            _("“%(action)s” is not possible while the file is “%(state)s”.")
            % {"action": spec.label, "state": case.get_state_display()},
        )
    serializer = _check_input(action, case, data)
    validated = serializer.validated_data
    plugins = registry()
    reason = plugins.guard(case, action)
    if reason:
        raise Conflict("action-blocked", reason)
    if from_draft_to_register(case, spec):
        from cases.services.registration import refuse_duplicate

        parcel = Property.objects.select_for_update().get(pk=case.parcel_id)
        refuse_duplicate(parcel=parcel, service_id=case.service_id, actor=actor, exclude=case.pk)

    now = at or timezone.now()
    today = timezone.localdate(now)
    from_state = case.state
    version = case.version
    if spec.needs_documents:
        _require_documents(case)
    extra = spec.effect(case, validated, today) if spec.effect else {}
    extra.update(plugins.before_action(case, actor, action, validated, now))
    if spec.keeps_state:
        to_state = from_state
        case.holder, case.holder_role = _holder(case, from_state)
    else:
        to_state = resolve_target(spec, case.service_id, case.resume_state)
        if to_state == State.RETURNED:
            city = calendar.city_of_case(case)
            left = calendar.working_days_left(case.deadline, today, city) if case.deadline else None
            case.paused_days_left = max(0, left) if left is not None else None
            case.resume_state = from_state
        _place(case, to_state, today, now)
        if from_state == State.RETURNED and case.paused_days_left is not None:
            case.deadline = calendar.add_days(today, case.paused_days_left, calendar.city_of_case(case))
            case.paused_days_left = None
        if to_state == State.SUBMITTED and case.submitted_at is None:
            case.submitted_at = now
        if to_state in CLOSED_STATES:
            case.closed_at = now
        case.state = to_state

    updated = Case.objects.filter(pk=case.pk, version=version).update(
        state=case.state,
        holder=case.holder,
        holder_role=case.holder_role,
        inspector=case.inspector,
        deadline=case.deadline,
        step_started_at=case.step_started_at,
        paused_days_left=case.paused_days_left,
        resume_state=case.resume_state,
        submitted_at=case.submitted_at,
        closed_at=case.closed_at,
        result=case.result,
        version=F("version") + 1,
        updated_at=now,
    )
    if updated != 1:
        raise Conflict("stale", _("Someone else changed this file a moment ago. Reload it and try again."))
    if to_state == State.RESPONDED and from_state != State.RESPONDED:
        counts.count_responded(case)
    case.version = version + 1
    _record(
        case,
        seq=case.version,
        action=action,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        note=validated.get("note", ""),
        data={**history_data(serializer, leave_out=plugins.kept_inputs(action, case)), **extra},
        at=now,
    )
    plugins.after_action(case, actor, action, validated, now)
    if to_state != from_state:
        _tell_applicant(case, APPLICANT_EVENTS.get(to_state, "case_state_changed"), note=validated.get("note", ""))
    # The badge of the person who acted, and of the one the file now waits for, shows the change at once.
    waits_for = case.holder
    transaction.on_commit(lambda: forget_cartable_counts(actor, waits_for))
    return case


# Events that keep a file's state; plugins declare theirs (Plugin.events).
# Cases' own events (plugins add theirs through registry().events()).
EVENTS = {
    "correction_answered": gettext_lazy("Correction item answered"),
    "correction_reviewed": gettext_lazy("Correction item reviewed"),
}


def event_label(name):
    return {**EVENTS, **registry().events()}.get(name)


@transaction.atomic
def record_event(case, event, actor, *, note="", data=None):
    """Write an event that keeps the file's state (a follow-up call, a corrected visit report, a
    corrected letter) to its history, under the same row lock and version guard as an action.
    The caller has checked that ``actor`` may do what the event records. Returns the file."""
    if event_label(event) is None:
        raise DomainError("unknown-event", _("Unknown event “%(event)s”.") % {"event": str(event)[:40]})
    locked = _locked(case)
    if locked is None or (actor is not None and not can_see(actor, locked)):
        raise NotFound("not-found", _("File not found."))
    now = timezone.now()
    updated = Case.objects.filter(pk=locked.pk, version=locked.version).update(version=F("version") + 1, updated_at=now)
    if updated != 1:
        raise Conflict("stale", _("Someone else changed this file a moment ago. Reload it and try again."))
    locked.version += 1
    _record(
        locked,
        seq=locked.version,
        action=event,
        from_state=locked.state,
        to_state=locked.state,
        actor=actor,
        note=note,
        data=data or {},
        at=now,
    )
    return locked


def _require_documents(case):
    required = flow_for(case.service_id).required_documents
    present = set(case.documents.values_list("kind", flat=True))
    missing = [kind for kind in required if kind not in present]
    if missing:
        from cases.models import DocumentKind

        names = "، ".join(str(DocumentKind(kind).label) for kind in missing)
        raise Conflict("documents-missing", _("These documents are missing: %(names)s") % {"names": names})


# States with a message of their own (templates/notify/<event>.txt); others get case_state_changed.
APPLICANT_EVENTS = {State.RETURNED: "returned_for_correction", State.RESPONDED: "response_issued"}


def _tell_applicant(case, event, note=""):
    context = {"case": case, "state": case.get_state_display(), "note": note}
    context.update(registry().notification_context(event, context))
    notify(event, mobile=case.contact_mobile, context=context)
