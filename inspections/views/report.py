"""The visit report form (made for a phone on site), its photos, corrections and the PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from accounts.models import Role
from core.downloads import file_response
from core.errors import DomainError
from inspections import selectors, services
from inspections.forms import MAX_VIOLATIONS, VIOLATION_TYPES, ReportForm
from inspections.models import VisitPhoto, VisitReport
from inspections.services.reports import report_values
from inspections.views.common import panel_response, roles_required, visible_case


def _form_for(draft, visit):
    if draft is not None:
        data = report_values(draft)
        data["street_widening"] = draft.street_widening
        data["visited_on"] = draft.visited_on  # a date: the box shows it in Jalali, as the picker writes it
        return ReportForm(initial=data), draft.violations or []
    # The day it was planned for, once that day has come; the report is written after the visit.
    today = timezone.localdate()
    planned = visit.scheduled_on
    return ReportForm(initial={"visited_on": planned if planned and planned <= today else today}), []


def _violation_rows(rows):
    # One empty row so a violation can be added without script; visit_report.js adds more.
    rows = [*rows, {"type": "", "area": ""}]
    return rows[:MAX_VIOLATIONS]


def _posted_violations(post):
    rows = []
    for n in range(MAX_VIOLATIONS):
        kind, area = post.get(f"violation_type_{n}", ""), post.get(f"violation_area_{n}", "")
        if kind or area:
            rows.append({"type": kind, "area": area})
    return rows


@roles_required(Role.INSPECTOR)
def report_form(request, pk):
    visit = selectors.visit_for(request.user, pk)
    if visit is None:
        raise Http404
    draft = selectors.draft_of(visit.case)
    if draft is not None and draft.visit_id != visit.pk:
        draft = None
    context = {"visit": visit, "case": visit.case, "draft": draft, "violation_types": VIOLATION_TYPES}
    if not visit.is_open and draft is None:
        context["latest"] = selectors.latest_submitted(visit.case)
        return render(request, "inspections/report_done.html", context)
    status = 200
    if request.method == "POST":
        submit = request.POST.get("submit") == "1"
        service = services.submit_report if submit else services.save_draft
        try:
            report = service(
                visit=visit,
                actor=request.user,
                data=request.POST,
                photos=request.FILES.getlist("photos"),
                replace=True,
            )
        except DomainError as exc:
            form = ReportForm(request.POST)
            form.is_valid()
            for name, errors in exc.fields.items():
                for error in errors:
                    if name in form.fields and error not in form.errors.get(name, []):
                        form.add_error(name, error)
            context.update(
                {
                    "form": form,
                    "error": exc.message,
                    "photo_errors": exc.fields.get("photos", []),
                    "violation_rows": _violation_rows(_posted_violations(request.POST)),
                }
            )
            status = 400
        else:
            if submit:
                messages.success(request, _("The visit report was submitted."))
                return redirect("inspections:case_panel", report.case_id)
            messages.success(request, _("The draft was saved."))
            return redirect("inspections:report", visit.pk)
    if status == 200:
        form, rows = _form_for(draft, visit)
        context.update({"form": form, "violation_rows": _violation_rows(rows)})
    if draft is not None:
        context["photos"] = list(draft.photos.all())
    return render(request, "inspections/report_form.html", context, status=status)


@login_required
@require_POST
def start_correction(request, case_id):
    case = visible_case(request, case_id)
    try:
        draft = services.start_correction(case=case, actor=request.user, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        if request.htmx:
            return panel_response(request, case, error=exc.message, errors=exc.fields, status=exc.http_status)
        messages.error(request, exc.message)
        return redirect("inspections:case_panel", case.pk)
    messages.info(request, _("Version %(n)s of the report was opened for correction.") % {"n": draft.version})
    url = reverse("inspections:report", args=[draft.visit_id])
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


@login_required
@require_POST
def delete_photo(request, pk):
    photo = VisitPhoto.objects.select_related("report").filter(pk=pk).first()
    if photo is None:
        raise Http404
    visible_case(request, photo.case_id)
    try:
        services.delete_photo(photo=photo, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("inspections:report", photo.report.visit_id)


@login_required
def photo_file(request, pk, variant):
    photo = VisitPhoto.objects.filter(pk=pk).first()
    if photo is None or variant not in ("original", "display", "thumbnail"):
        raise Http404
    visible_case(request, photo.case_id)
    field = getattr(photo, variant)
    content_type = photo.content_type if variant == "original" else "image/jpeg"
    try:
        if variant == "original":  # as the phone sent it: a download, never shown inside our pages' origin
            ext = "png" if content_type == "image/png" else "jpg"
            response = file_response(
                field.open("rb"),
                content_type=content_type,
                name=photo.original_name,
                fallback=f"photo-{photo.pk}.{ext}",
            )
        else:
            response = FileResponse(field.open("rb"), content_type=content_type)
    except FileNotFoundError as exc:
        raise Http404 from exc
    response["Cache-Control"] = "private, max-age=86400"
    return response


@login_required
def report_pdf(request, pk):
    report = VisitReport.objects.filter(pk=pk).select_related("case").first()
    if report is None or not report.is_submitted:
        raise Http404
    visible_case(request, report.case_id)
    document = report.pdf or services.attach_pdf(report.pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, content_type="application/pdf", filename=document.original_name)
