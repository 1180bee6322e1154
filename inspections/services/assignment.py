"""Assigning inspectors to files: the proposal, the officer's choice, the supervisor's reassignment.

Every assignment goes through ``cases.services.apply_action("assign_inspector")`` so it is in
the file's history; ``on_assign`` below runs inside that transaction and keeps the Visit rows.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role
from cases.models import Case
from cases.services import apply_action
from core.errors import Conflict, DomainError, Forbidden, NotFound
from core.validators import normalize_text, parse_int
from inspections.models import OPEN_VISIT_STATES, ReportStatus, Visit, VisitReport, VisitState
from inspections.selectors import propose_inspector
from offices.models import District
from offices.selectors import has_required_training


def lock_district(district_id):
    """Serialize assignments within a district, so two files assigned at once both see the other's visit
    when they count open visits. Always taken after the file's row (apply_action locks that first)."""
    District.objects.select_for_update().filter(pk=district_id).values_list("pk", flat=True).first()


def on_assign(case, actor, data, at):
    """``assign_inspector``'s effect (Inspections.before_action): refuse an inspector who left, open the
    Visit, close the previous one. ``case.inspector`` is already the chosen inspector."""
    lock_district(case.office.district_id)
    inspector = case.inspector
    proposal = propose_inspector(case)
    proposed = proposal.inspector is not None and proposal.inspector.pk == inspector.pk
    if not inspector.is_active:
        raise DomainError(
            "inspector-left",
            _("This inspector no longer works with Pishkhan; choose another."),
            fields={"inspector": [_("This account is disabled.")]},
        )
    current = Visit.objects.select_for_update().filter(case=case, state__in=OPEN_VISIT_STATES).first()
    extra = {}
    if current is not None:
        if current.inspector_id == inspector.pk:
            raise Conflict("already-assigned", _("This inspector is already assigned to this file."))
        if actor is None or not actor.is_supervisor:
            raise Forbidden("reassign-forbidden", _("Only the supervision unit may reassign a visit."))
        reason = normalize_text(data.get("reason"))
        if not reason:
            raise DomainError(
                "reason-required",
                _("Write the reason for the reassignment."),
                fields={"reason": [_("Write the reason for the reassignment.")]},
            )
        current.state = VisitState.REASSIGNED
        current.closed_at = at
        current.closed_reason = reason[:300]
        current.save(update_fields=["state", "closed_at", "closed_reason"])
        # The previous inspector's unsent draft is not a record of the file; the new inspector starts afresh.
        discarded = VisitReport.objects.filter(case=case, visit=current, status=ReportStatus.DRAFT).delete()[0]
        extra.update(
            {
                "reassigned_from": str(current.inspector),
                "reassigned_from_id": current.inspector_id,
                "reason": reason,
                "discarded_draft": bool(discarded),
            }
        )
    trained = has_required_training(inspector, Role.INSPECTOR)
    Visit.objects.create(
        case=case,
        inspector=inspector,
        assigned_by=actor,
        deadline=case.deadline,
        assigned_at=at,
        untrained=not trained,
        proposed=proposed,
    )
    # The history row names the inspector by id (the action's input; the visit is the one assigned at the row's
    # time); the flags only when raised.
    extra.update({name: True for name, raised in (("untrained", not trained), ("proposed", proposed)) if raised})
    return extra


def after_extension(case):
    """``extend_deadline``: an open visit's deadline follows the file's."""
    Visit.objects.filter(case=case, state__in=OPEN_VISIT_STATES).update(deadline=case.deadline)


def _inspector(value):
    user = get_user_model().objects.filter(pk=value).first() if parse_int(str(value or "")) is not None else None
    if user is None or user.role != Role.INSPECTOR:
        raise DomainError(
            "inspector-invalid",
            _("Choose an inspector who serves this office's district."),
            fields={"inspector": [_("Not an inspector of this district.")]},
        )
    return user


@transaction.atomic
def assign_inspector(*, case, actor, inspector, note=""):
    """Assign ``inspector`` (a user or id) to the file. Returns the new Visit.

    Refused with 400 when the inspector does not serve the office's district or has left;
    allowed, flagged ``untrained``, when the inspector lacks the required training."""
    user = _inspector(getattr(inspector, "pk", inspector))
    apply_action(case, "assign_inspector", actor, note=note, inspector=user.pk)
    return Visit.objects.select_related("inspector", "case").get(case_id=_pk(case), state__in=OPEN_VISIT_STATES)


@transaction.atomic
def assign_proposed(*, case, actor, note=""):
    """Assign the proposed inspector. Locks the file and then the district before counting open
    visits, so files assigned at the same moment spread over equally loaded inspectors."""
    locked = Case.objects.select_for_update(of=("self",)).select_related("office").filter(pk=_pk(case)).first()
    if locked is None:
        raise NotFound("not-found", _("File not found."))
    lock_district(locked.office.district_id)
    proposal = propose_inspector(locked)
    if proposal.inspector is None:
        raise Conflict(
            "no-inspector",
            _("No trained inspector serves this district now; choose one by hand."),
        )
    apply_action(locked, "assign_inspector", actor, note=note, inspector=proposal.inspector.pk)
    return Visit.objects.select_related("inspector", "case").get(case=locked, state__in=OPEN_VISIT_STATES)


@transaction.atomic
def reassign_visit(*, visit, actor, inspector, reason):
    """The supervision unit gives an open visit to another inspector, with a reason kept in the history."""
    if actor is None or not actor.is_supervisor:
        raise Forbidden("reassign-forbidden", _("Only the supervision unit may reassign a visit."))
    reason = normalize_text(reason)
    if not reason:
        raise DomainError(
            "reason-required",
            _("Write the reason for the reassignment."),
            fields={"reason": [_("Write the reason for the reassignment.")]},
        )
    visit = Visit.objects.filter(pk=getattr(visit, "pk", visit)).first()
    if visit is None:
        raise NotFound("not-found", _("Visit not found."))
    if not visit.is_open:
        raise Conflict("visit-closed", _("This visit is closed; only an open visit can be reassigned."))
    user = _inspector(getattr(inspector, "pk", inspector))
    apply_action(visit.case_id, "assign_inspector", actor, note=reason, inspector=user.pk, reason=reason)
    return Visit.objects.select_related("inspector", "case").get(case_id=visit.case_id, state__in=OPEN_VISIT_STATES)


def _pk(case):
    return case.pk if isinstance(case, Case) else case
