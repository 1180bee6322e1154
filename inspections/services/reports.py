"""Visit reports: drafts on site, submission (which moves the file on), corrections as new versions.

A submitted version is never written again; the services below only ever update rows whose
status is still ``draft``.
"""

import json
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import CLOSED_STATES
from cases.services import apply_action, record_event
from core.errors import Conflict, DomainError, Forbidden, NotFound
from core.validators import normalize_text
from inspections.forms import ReportForm
from inspections.models import OPEN_VISIT_STATES, ReportStatus, Visit, VisitPhoto, VisitReport, VisitState
from inspections.services.photos import check_photos, copy_photos, store_photos

CENTS = Decimal("0.01")
REPORT_FIELDS = (
    "visited_on",
    "visited_at_time",
    "present",
    "land_area",
    "built_area",
    "floors",
    "usage",
    "building_state",
    "deed_differences",
    "street_widening",
    "street_widening_note",
    "violations",
    "findings",
    "latitude",
    "longitude",
)


def report_values(report):
    """The report's values in the shape the form reads, to merge a partial update onto."""
    data = {}
    for name in REPORT_FIELDS:
        value = getattr(report, name)
        if name == "violations":
            data[name] = json.dumps(value or [])
        elif name == "street_widening":
            data[name] = "true" if value else "false"
        elif hasattr(value, "isoformat"):
            data[name] = value.isoformat()[:5] if name == "visited_at_time" else value.isoformat()
        else:
            data[name] = "" if value is None else str(value)
    return data


def _merged(report, data, replace):
    data = data if data is not None else {}
    if replace or report is None:
        return data
    merged = report_values(report)
    keys = list(data.keys())
    if any(k.startswith("violation_type_") for k in keys):
        merged.pop("violations")  # the page's rows replace the stored list
    for key in keys:
        merged[key] = data.get(key)
    return merged


def clean_report(data, *, for_submission, complete=False):
    form = ReportForm(data, for_submission=for_submission, complete=complete)
    if not form.is_valid():
        raise DomainError(
            "invalid",
            _("The report has errors: check the marked fields."),
            fields={name: list(errors) for name, errors in form.errors.items()},
        )
    return form.cleaned_data


def _apply(report, cleaned):
    for name in REPORT_FIELDS:
        value = cleaned.get(name)
        if name in ("usage", "building_state") and value is None:
            value = ""
        elif name in ("land_area", "built_area") and value is not None:
            value = value.quantize(CENTS)
        setattr(report, name, value)


def _next_version(case_id):
    return (VisitReport.objects.filter(case_id=case_id).aggregate(n=Max("version"))["n"] or 0) + 1


def _save_new(report):
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise Conflict("stale", _("Someone else changed this report a moment ago. Reload it and try again.")) from None


def _locked_visit(visit):
    found = (
        Visit.objects.select_for_update()
        .select_related("case", "inspector")
        .filter(pk=getattr(visit, "pk", visit))
        .first()
    )
    if found is None:
        raise NotFound("not-found", _("Visit not found."))
    return found


def _check_author(visit, actor):
    if actor is None or actor.pk != visit.inspector_id:
        raise Forbidden("forbidden", _("Only the inspector of this visit may write its report."))


@transaction.atomic
def save_draft(*, visit, actor, data=None, photos=(), replace=False, submitting=False):
    """Save what the inspector has so far (any field may be empty) and add photos. Returns the draft.

    ``replace`` (the page's form) takes the data as the whole report; otherwise (the API) only
    the fields given change. ``submitting``: the report is checked as for its submission, so that every
    mistake (a date in the future and the empty required fields alike) is reported at once."""
    visit = _locked_visit(visit)
    _check_author(visit, actor)
    draft = VisitReport.objects.select_for_update().filter(case_id=visit.case_id, status=ReportStatus.DRAFT).first()
    if draft is not None and draft.visit_id != visit.pk:
        raise Conflict("other-visit", _("This file's report is being written for another visit."))
    if draft is None:
        if not visit.is_open:
            raise Conflict(
                "report-submitted",
                _("The report was submitted and can no longer change; start a correction instead."),
            )
        draft = VisitReport(case_id=visit.case_id, visit=visit, version=_next_version(visit.case_id), author=actor)
    merged = _merged(draft if draft.pk else None, data, replace)
    cleaned = clean_report(merged, for_submission=submitting, complete=submitting)
    checked = check_photos(photos, already=draft.photos.count() if draft.pk else 0)
    _apply(draft, cleaned)
    if draft.pk:
        draft.save()
    else:
        _save_new(draft)
    store_photos(report=draft, actor=actor, checked=checked)
    return draft


def _finish(report, now):
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = now
    report.save()
    transaction.on_commit(lambda: _queue_pdf(report.pk), robust=True)  # made on demand if the broker is down


def _queue_pdf(report_id):
    from inspections.tasks import render_report_pdf

    render_report_pdf.delay(report_id)


def on_submit(case, actor, data, at):
    """``submit_visit_report``'s effect (Inspections.before_action): the draft (or the report given with
    the action) is validated, frozen and the visit closed. Returns the report's id and version for the
    history."""
    visit = Visit.objects.select_for_update().filter(case=case, state__in=OPEN_VISIT_STATES).first()
    if visit is None:
        # A file assigned before visits were recorded: its inspector's visit starts now.
        visit = Visit.objects.create(case=case, inspector=actor, assigned_by=None, deadline=case.deadline)
    _check_author(visit, actor)
    draft = VisitReport.objects.select_for_update().filter(case=case, status=ReportStatus.DRAFT).first()
    if draft is None:
        draft = VisitReport(case=case, visit=visit, version=_next_version(case.pk), author=actor)
    given = {k: ("" if data[k] is None else data[k]) for k in REPORT_FIELDS if k in data}
    _apply(draft, clean_report(_merged(draft if draft.pk else None, given, replace=False), for_submission=True))
    now = at
    today = timezone.localdate(now)
    draft.visited_on = draft.visited_on or today
    if not draft.pk:
        _save_new(draft)
    _finish(draft, now)
    visit.state = VisitState.REPORTED
    visit.reported_at = now
    visit.visited_on = draft.visited_on
    visit.days_to_visit = max(0, (visit.visited_on - timezone.localtime(visit.assigned_at).date()).days)
    visit.deadline = case.deadline
    visit.reported_late = bool(case.deadline and today > case.deadline)
    visit.save()
    # The history names the report by its version (one per file and version); "late" only when it was.
    return {"report_version": draft.version, **({"late": True} if visit.reported_late else {})}


@transaction.atomic
def submit_report(*, visit, actor, data=None, photos=(), replace=False):
    """Save and submit the report. The first submission moves the file on through
    ``apply_action("submit_visit_report")``; a correction's submission keeps the file where it is
    and is written to its history. Returns the submitted report."""
    draft = save_draft(visit=visit, actor=actor, data=data, photos=photos, replace=replace, submitting=True)
    clean_report(report_values(draft), for_submission=True, complete=True)
    visit = Visit.objects.get(pk=draft.visit_id)
    if visit.state == VisitState.REPORTED:
        return _submit_correction(draft, actor)
    apply_action(
        draft.case_id,
        "submit_visit_report",
        actor,
        findings=draft.findings,
        land_area=str(draft.land_area),
        built_area=str(draft.built_area),
        floors=draft.floors,
        usage=draft.usage,
    )
    return VisitReport.objects.get(pk=draft.pk)


def _submit_correction(draft, actor):
    _finish(draft, timezone.now())
    record_event(
        draft.case_id,
        "correct_visit_report",
        actor,
        note=draft.correction_reason,
        data={"report_version": draft.version},
    )
    return draft


@transaction.atomic
def start_correction(*, case, actor, reason):
    """Open the next version of a submitted report, pre-filled from the latest one (photos included)."""
    reason = normalize_text(reason)
    case_id = getattr(case, "pk", case)
    latest = (
        VisitReport.objects.select_for_update()
        .select_related("visit", "case")
        .filter(case_id=case_id, status=ReportStatus.SUBMITTED)
        .order_by("-version")
        .first()
    )
    if latest is None:
        raise NotFound("not-found", _("This file has no submitted visit report to correct."))
    _check_author(latest.visit, actor)
    if latest.case.state in CLOSED_STATES:
        raise Conflict("case-closed", _("The file is closed; its visit report can no longer be corrected."))
    if VisitReport.objects.filter(case_id=case_id, status=ReportStatus.DRAFT).exists():
        raise Conflict("draft-exists", _("A correction is already being written."))
    if not reason:
        raise DomainError(
            "reason-required",
            _("Write why the report needs a correction."),
            fields={"reason": [_("Write why the report needs a correction.")]},
        )
    draft = VisitReport(
        case_id=case_id,
        visit=latest.visit,
        version=latest.version + 1,
        author=actor,
        correction_reason=reason[:300],
    )
    _apply(draft, {name: getattr(latest, name) for name in REPORT_FIELDS})
    _save_new(draft)
    copy_photos(latest, draft)
    return draft


@transaction.atomic
def delete_photo(*, photo, actor):
    """Remove a photo from a draft (a submitted report's photos stay)."""
    photo = VisitPhoto.objects.select_related("report").filter(pk=getattr(photo, "pk", photo)).first()
    if photo is None:
        raise NotFound("not-found", _("Photo not found."))
    if photo.report.author_id != actor.pk:
        raise Forbidden("forbidden", _("Only the report's author may remove its photos."))
    if photo.report.status != ReportStatus.DRAFT:
        raise Conflict("report-submitted", _("The report was submitted and can no longer change."))
    photo.delete()
