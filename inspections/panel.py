"""The visit's part of the file page (Inspections.page_panels) and of the file's API representation."""

from django.urls import reverse

from accounts.models import Role
from cases.models import State
from cases.permissions import works_for
from cases.serializers import jalali
from cases.workflow import flow_for
from inspections import selectors
from inspections.forms import ScheduleForm, violation_label
from inspections.models import ReportStatus, Slot, Visit

ASSIGNING_ROLES = (Role.TECHNICAL_OFFICER, Role.OFFICE_MANAGER, Role.SUPERVISOR, Role.ADMIN)


def panel_context(case, user):
    """Everything the panel shows for this person; also used by the standalone panel page."""
    visits = list(Visit.objects.filter(case=case).select_related("inspector", "assigned_by").order_by("-assigned_at"))
    open_visit = next((v for v in visits if v.is_open), None)
    reports = list(selectors.reports_of(case))
    submitted = [r for r in reports if r.status == ReportStatus.SUBMITTED]
    draft = next((r for r in reports if r.status == ReportStatus.DRAFT), None)
    latest = submitted[0] if submitted else None
    acting = works_for(user, case)
    awaiting = case.state == State.AWAITING_VISIT
    may_assign = acting and awaiting and user.role in ASSIGNING_ROLES and open_visit is None
    may_reassign = awaiting and user.is_supervisor and open_visit is not None
    is_inspector = open_visit is not None and open_visit.inspector_id == user.pk
    author = latest is not None and latest.visit.inspector_id == user.pk
    context = {
        "case": case,
        "visits": visits,
        "open_visit": open_visit,
        "latest": latest,
        "earlier": submitted[1:],
        "draft": draft if (draft and draft.author_id == user.pk) or user.is_supervisor else None,
        "violations": [
            {"label": violation_label(v.get("type")), "area": v.get("area")}
            for v in (latest.violations if latest else [])
        ],
        "may_assign": may_assign,
        "may_reassign": may_reassign,
        "may_schedule": is_inspector or (open_visit is not None and user.is_supervisor),
        "may_report": is_inspector,
        "may_correct": author and case.is_open and draft is None,
        "slots": Slot.choices,
        "panel_url": reverse("inspections:case_panel", args=[case.pk]),
    }
    if may_assign or may_reassign:
        proposal = selectors.propose_inspector(case)
        context["proposal"] = proposal
    if context["may_schedule"]:
        initial = {"date": open_visit.scheduled_on, "slot": open_visit.slot} if open_visit.scheduled_on else None
        context["schedule_form"] = ScheduleForm(initial=initial)
    return context


def visit_panel(case, user):
    """``Inspections.page_panels``: the visit, its schedule and the report with its photos."""
    if not flow_for(case.service_id).visit and not Visit.objects.filter(case=case).exists():
        return None
    return "inspections/_panel.html", panel_context(case, user)


def api_extra(case):
    """``Inspections.detail_extra``: the open (or last) visit and the latest submitted report."""
    visit = Visit.objects.filter(case=case).select_related("inspector").order_by("-assigned_at", "-id").first()
    # A report is written on one of its file's visits: a file never visited has none to look for.
    latest = None if visit is None else selectors.latest_submitted(case)
    return {
        "visit": None
        if visit is None
        else {
            "id": visit.pk,
            "state": visit.state,
            "inspector": {"id": visit.inspector_id, "name": str(visit.inspector)},
            "scheduled_on": visit.scheduled_on,
            "scheduled_on_jalali": jalali(visit.scheduled_on),
            "slot": visit.slot,
            "untrained": visit.untrained,
            "late": visit.is_late,
        },
        "visit_report": None
        if latest is None
        else {
            "id": latest.pk,
            "version": latest.version,
            "submitted_at": latest.submitted_at,
            "pdf": reverse("inspections:report_pdf", args=[latest.pk]),
        },
    }
