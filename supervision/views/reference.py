"""The reference data the supervision unit keeps, in Persian pages with each row's history:
tariff versions, zonal values, training courses and attendance, the violation catalogue, the
unit's rules and scorecard weights, and the published figures of earlier years."""

from functools import partial

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from billing.models import Tariff, ZonalValue
from billing.services import add_tariff, tariff_is_used, update_tariff
from billing.services.zonal import import_zonal_values, save_zonal_value
from core.errors import DomainError
from offices.models import Course
from supervision.forms import (
    AttendanceForm,
    CourseForm,
    ImportForm,
    PolicyForm,
    TariffForm,
    ViolationTypeForm,
    YearFigureForm,
    ZonalFilterForm,
    ZonalValueForm,
)
from supervision.models import Policy, ViolationType, YearFigure
from supervision.selectors import reference as selectors
from supervision.services import reference as services
from supervision.views.common import paginate, run_service, supervisor_required


def _columns_note(text, *columns):
    """An import form's note, the columns' names shown as code: they are typed as such in the file's first row."""
    return format_html(text, **{name: format_html("<code>{}</code>", name) for name in columns})


def run_import(form, importer, **kwargs):
    """Run an import; on refusal, show its message and every row's problems on the form."""
    try:
        return importer(**kwargs)
    except DomainError as exc:
        form.add_error(None, exc.message)
        for row, problems in exc.fields.items():
            form.add_error(None, f"{row}: {'؛ '.join(str(p) for p in problems)}")
        return None


@supervisor_required
def hub(request):
    return render(request, "supervision/reference/hub.html", {"counts": selectors.counts(request.user)})


def _form_page(request, form, *, title, back, instance=None, status=None, multipart=False, note=""):
    return render(
        request,
        "supervision/reference/form.html",
        {
            "form": form,
            "title": title,
            "back": back,
            "history": selectors.history_rows(instance) if instance is not None and instance.pk else [],
            "multipart": multipart,
            "note": note,
        },
        status=status or (400 if form.is_bound and form.errors else 200),
    )


# --- tariffs ----------------------------------------------------------------------------------------------------


@supervisor_required
def tariffs(request):
    return render(
        request, "supervision/reference/tariffs.html", {"page": paginate(request, selectors.tariffs(request.user))}
    )


@supervisor_required
def tariff_edit(request, pk=None):
    tariff = get_object_or_404(selectors.mine(request.user, Tariff), pk=pk) if pk else None
    initial = {}
    if tariff is not None:
        initial = {
            name: getattr(tariff, name)
            for name in (
                "service",
                "valid_from",
                "municipality_fee_rials",
                "counter_fee_rials",
                "approval_reference",
                "approved_on",
            )
        }
    form = TariffForm(request.POST or None, initial=initial)
    note = ""
    if tariff is not None and tariff_is_used(tariff):
        note = _("Fee slips were issued at this tariff, so it cannot be changed. Add a new version from a later date.")
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if tariff is None:
            # run_service's own first argument is called ``service``: bind the tariff's first.
            add = partial(add_tariff, service=data.pop("service"), municipality=request.user.municipality)
            saved = run_service(form, add, **data)
        else:
            data.pop("service")
            saved = run_service(form, update_tariff, tariff=tariff, **data)
        if saved is not None:
            messages.success(request, _("The tariff was saved."))
            return redirect("supervision:tariffs")
    return _form_page(
        request,
        form,
        title=_("Tariff version") if tariff else _("New tariff version"),
        back="supervision:tariffs",
        instance=tariff,
        note=note,
        status=409 if note and request.method == "POST" else None,
    )


# --- zonal values -----------------------------------------------------------------------------------------------


@supervisor_required
def zonal_values(request):
    form = ZonalFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.zonal_values(request.user, district=filters.get("district"), block=filters.get("block") or "")
    return render(request, "supervision/reference/zonal.html", {"form": form, "page": paginate(request, qs)})


@supervisor_required
def zonal_edit(request, pk=None):
    row = get_object_or_404(selectors.mine(request.user, ZonalValue, "district__municipality"), pk=pk) if pk else None
    initial = {}
    if row is not None:
        initial = {
            name: getattr(row, name)
            for name in ("district", "block", "value_rials", "valid_from", "approval_reference")
        }
    form = ZonalValueForm(request.POST or None, initial=initial, user=request.user)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(form, save_zonal_value, instance=row, **form.cleaned_data)
    ):
        messages.success(request, _("The zonal value was saved."))
        return redirect("supervision:zonal_values")
    return _form_page(
        request,
        form,
        title=_("Zonal value") if row else _("New zonal value"),
        back="supervision:zonal_values",
        instance=row,
    )


@supervisor_required
def zonal_import(request):
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        result = run_import(
            form,
            import_zonal_values,
            municipality=form.cleaned_data["municipality"],
            upload=form.cleaned_data["file"],
        )
        if result is not None:
            messages.success(
                request,
                _("Imported: %(added)d new, %(updated)d changed.")
                % dict(zip(("added", "updated"), result, strict=True)),
            )
            return redirect("supervision:zonal_values")
    return _form_page(
        request,
        form,
        title=_("Import zonal values"),
        back="supervision:zonal_values",
        multipart=True,
        note=_columns_note(
            _(
                "The first row names the columns: {district} (its number), {block}, {value_rials}, {valid_from} "
                "(a Jalali date such as 1404/01/01) and, optionally, {approval_reference}. "
                "One bad row imports nothing."
            ),
            "district",
            "block",
            "value_rials",
            "valid_from",
            "approval_reference",
        ),
    )


# --- courses ----------------------------------------------------------------------------------------------------


@supervisor_required
def courses(request):
    page = paginate(request, selectors.courses(request.user))
    return render(request, "supervision/reference/courses.html", {"page": page})


@supervisor_required
def course_edit(request, pk=None):
    course = get_object_or_404(selectors.mine(request.user, Course), pk=pk) if pk else None
    initial = {}
    if course is not None:
        initial = {
            name: getattr(course, name) for name in ("title", "kind", "starts_on", "ends_on", "hours", "required_for")
        }
        initial["starts_on"], initial["ends_on"] = course.starts_on.togregorian(), course.ends_on.togregorian()
    form = CourseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form, services.save_course, instance=course, municipality=request.user.municipality, **form.cleaned_data
        )
        if saved is not None:
            messages.success(request, _("The course was saved."))
            return redirect("supervision:course", pk=saved.pk)
    return _form_page(
        request, form, title=_("Course") if course else _("New course"), back="supervision:courses", instance=course
    )


@supervisor_required
def course_detail(request, pk, form=None, status=200):
    course = get_object_or_404(selectors.mine(request.user, Course), pk=pk)
    return render(
        request,
        "supervision/reference/course.html",
        {
            "course": course,
            "rows": selectors.attendance_of(course),
            "form": form or AttendanceForm(user=request.user),
            "history": selectors.history_rows(course),
        },
        status=status,
    )


@supervisor_required
@require_POST
def course_attendance(request, pk):
    course = get_object_or_404(selectors.mine(request.user, Course), pk=pk)
    form = AttendanceForm(request.POST, user=request.user)
    if form.is_valid() and run_service(form, services.record_attendance, course=course, **form.cleaned_data):
        messages.success(request, _("The attendance was recorded."))
        return redirect("supervision:course", pk=course.pk)
    return course_detail(request, pk, form=form, status=400)


# --- the violation catalogue and the unit's rules -------------------------------------------------------------


@supervisor_required
def catalogue(request):
    return render(request, "supervision/reference/catalogue.html", {"rows": selectors.catalogue(request.user)})


@supervisor_required
def catalogue_edit(request, pk=None):
    entry = get_object_or_404(selectors.mine(request.user, ViolationType), pk=pk) if pk else None
    form = ViolationTypeForm(request.POST or None, instance=entry)
    save = partial(services.save_violation_type, form, municipality=request.user.municipality)
    if request.method == "POST" and form.is_valid() and run_service(form, save):
        messages.success(request, _("The catalogue entry was saved."))
        return redirect("supervision:catalogue")
    return _form_page(
        request,
        form,
        title=_("Violation type") if entry else _("New violation type"),
        back="supervision:catalogue",
        instance=entry,
    )


@supervisor_required
def rules(request):
    policy = Policy.current(request.user.municipality_id)
    form = PolicyForm(request.POST or None, instance=policy)
    save = partial(services.save_policy, form, municipality=request.user.municipality)
    if request.method == "POST" and form.is_valid() and run_service(form, save):
        messages.success(request, _("The rules were saved; scorecards use the new weights at once."))
        return redirect("supervision:rules")
    return _form_page(
        request, form, title=_("Rules and scorecard weights"), back="supervision:reference", instance=policy
    )


# --- published figures of earlier years -------------------------------------------------------------------------


@supervisor_required
def figures(request):
    return render(request, "supervision/reference/figures.html", {"rows": selectors.figures(request.user)})


@supervisor_required
def figure_edit(request, pk=None):
    figure = get_object_or_404(selectors.mine(request.user, YearFigure), pk=pk) if pk else None
    initial = {}
    if figure is not None:
        initial = {
            name: getattr(figure, name)
            for name in (
                "municipality",
                "series",
                "year",
                "registered",
                "answered",
                "period_from",
                "period_to",
                "source",
            )
        }
    form = YearFigureForm(request.POST or None, initial=initial, user=request.user)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(form, services.save_year_figure, instance=figure, **form.cleaned_data)
    ):
        messages.success(request, _("The figure was saved."))
        return redirect("supervision:figures")
    return _form_page(
        request,
        form,
        title=_("Published figure") if figure else _("New published figure"),
        back="supervision:figures",
        instance=figure,
    )


@supervisor_required
def figure_import(request):
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        result = run_import(
            form,
            services.import_year_figures,
            municipality=form.cleaned_data["municipality"],
            upload=form.cleaned_data["file"],
        )
        if result is not None:
            messages.success(
                request,
                _("Imported: %(added)d new, %(updated)d changed.")
                % dict(zip(("added", "updated"), result, strict=True)),
            )
            return redirect("supervision:figures")
    return _form_page(
        request,
        form,
        title=_("Import published figures"),
        back="supervision:figures",
        multipart=True,
        note=_columns_note(
            _(
                "The first row names the columns: {series} ({files} or {permits}), {year}, {registered}, "
                "{answered}, {from}, {to} (Jalali dates, for part of a year) and {source}. One bad row imports nothing."
            ),
            "series",
            "files",
            "permits",
            "year",
            "registered",
            "answered",
            "from",
            "to",
            "source",
        ),
    )
