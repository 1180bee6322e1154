"""Writes on the reference data the unit keeps: its catalogue and rules, courses and attendance, the
published figures of earlier years. Each is one transaction; the history of every row is kept
(django-simple-history), so the pages show who changed what and when."""

from django.db import transaction
from django.utils.translation import gettext as _

from billing.services.zonal import read_table
from core.errors import DomainError
from core.jalali import parse_jalali_date
from core.validators import is_digits, normalize_text, to_ascii_digits
from offices.models import Attendance, Course
from supervision.models import Policy, ViolationType, YearFigure


@transaction.atomic
def save_violation_type(form, *, municipality=None):
    """A catalogue entry from its (valid) ModelForm: a new one is the city's (``municipality``; none: national).
    The code of a type in use never changes, and a city's codes are its own."""
    entry = form.instance
    if entry.pk is None:
        entry.municipality = municipality
    if entry.pk and "code" in form.changed_data and entry.violations.exists():
        raise DomainError(
            "type-used",
            _("Violations use this code; change its title instead."),
            fields={"code": [_("In use.")]},
        )
    clash = ViolationType.objects.filter(municipality=entry.municipality, code=entry.code).exclude(pk=entry.pk)
    if clash.exists():
        raise DomainError(
            "type-code-taken", _("Another entry has this code."), fields={"code": [_("Another entry has this code.")]}
        )
    return form.save()


@transaction.atomic
def save_policy(form, *, municipality=None):
    """The city's rules (``municipality``; none: the national rules), one row each."""
    policy = form.save(commit=False)
    policy.municipality = municipality
    policy.pk = Policy.objects.filter(municipality=municipality).values_list("pk", flat=True).first()
    policy._state.adding = policy.pk is None
    policy.save()
    return policy


@transaction.atomic
def save_year_figure(
    *, municipality, series, year, registered, answered=None, period_from=None, period_to=None, source="", instance=None
):
    """Enter (or correct) a published figure. One row per city, series and year."""
    errors = {}
    if series not in YearFigure.Series.values:
        errors["series"] = [_("Unknown series.")]
    if period_from and period_to and period_to < period_from:
        errors["period_to"] = [_("The period cannot end before it starts.")]
    if answered is not None and answered > registered:
        errors["answered"] = [_("More answered than registered.")]
    clash = YearFigure.objects.filter(municipality=municipality, series=series, year=year)
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    if clash.exists():
        errors["year"] = [_("This year already has a figure in this series; edit it instead.")]
    if errors:
        raise DomainError("invalid", _("The figure could not be saved: check the marked fields."), fields=errors)
    figure = instance or YearFigure()
    figure.municipality = municipality
    figure.series = series
    figure.year = year
    figure.registered = registered
    figure.answered = answered
    figure.period_from = period_from
    figure.period_to = period_to
    figure.source = normalize_text(source)[:200]
    figure.save()
    return figure


FIGURE_HEADERS = {
    "series": "series",
    "سری": "series",
    "year": "year",
    "سال": "year",
    "registered": "registered",
    "ثبت‌شده": "registered",
    "answered": "answered",
    "پاسخ‌داده‌شده": "answered",
    "from": "period_from",
    "از": "period_from",
    "to": "period_to",
    "تا": "period_to",
    "source": "source",
    "منبع": "source",
}


def _number(value, *, required):
    text = to_ascii_digits(str(value if value is not None else "")).replace(",", "").replace("٬", "").strip()
    text = text.removesuffix(".0")
    if not text:
        if required:
            raise ValueError(_("This field is required."))
        return None
    if not is_digits(text) or int(text) > 10**9:
        raise ValueError(_("Enter a whole number."))
    return int(text)


def _jdate(value):
    text = str(value if value is not None else "").strip()
    if not text:
        return None
    try:
        return parse_jalali_date(text)
    except ValueError as exc:
        raise ValueError(_("Enter a Jalali date such as 1404/01/01.")) from exc


@transaction.atomic
def import_year_figures(*, municipality, upload):
    """Import published figures (series, year, registered, answered, from, to, source): all rows or none.

    A row for a year already entered replaces it. Returns (added, updated).
    """
    rows = read_table(upload)
    if not rows:
        raise DomainError("empty", _("The file has no rows."))
    header = [FIGURE_HEADERS.get(normalize_text(str(c)).lower(), "") for c in rows[0]]
    if not {"series", "year", "registered"} <= set(header):
        raise DomainError(
            "columns", _("The first row must name the columns: series, year, registered, answered, from, to, source")
        )
    errors, cleaned = {}, {}
    for number, row in enumerate(rows[1:], start=2):
        cells = dict(zip(header, row, strict=False))
        problems = []
        series = normalize_text(str(cells.get("series", ""))).lower()
        if series not in YearFigure.Series.values:
            problems.append(_("The series is “files” or “permits”."))
        values = {}
        for name, fn in (
            ("year", lambda v: _number(v, required=True)),
            ("registered", lambda v: _number(v, required=True)),
            ("answered", lambda v: _number(v, required=False)),
            ("period_from", _jdate),
            ("period_to", _jdate),
        ):
            try:
                values[name] = fn(cells.get(name))
            except ValueError as exc:
                problems.append(str(exc))
        if not problems and not 1300 <= values["year"] <= 1500:
            problems.append(_("Give a Jalali year such as 1403."))
        key = (series, values.get("year"))
        if not problems and key in cleaned:
            problems.append(_("The same series and year appear twice."))
        if problems:
            errors[_("row %(n)d") % {"n": number}] = problems
            continue
        values["source"] = normalize_text(str(cells.get("source", "")))[:200]
        cleaned[key] = values
    if errors:
        raise DomainError("invalid", _("Nothing was imported: correct the marked rows."), fields=errors)
    existing = {(f.series, f.year): f for f in YearFigure.objects.select_for_update().filter(municipality=municipality)}
    added = updated = 0
    for (series, year), values in cleaned.items():
        save_year_figure(municipality=municipality, series=series, instance=existing.get((series, year)), **values)
        if (series, year) in existing:
            updated += 1
        else:
            added += 1
    return added, updated


@transaction.atomic
def save_course(*, title, kind, starts_on, ends_on, hours, required_for, instance=None, municipality=None):
    """A course of the city's unit (``municipality``; none: a national course)."""
    if ends_on < starts_on:
        raise DomainError("invalid", _("The course cannot end before it starts."), fields={"ends_on": ["<"]})
    course = instance or Course(municipality=municipality)
    course.title = normalize_text(title)[:150]
    course.kind = kind
    course.starts_on = starts_on
    course.ends_on = ends_on
    course.hours = hours
    course.required_for = sorted(set(required_for))
    course.save()
    return course


@transaction.atomic
def record_attendance(*, course, user, attended, passed, score=None):
    """Who attended a course and whether they passed (one row per person and course, updated in place)."""
    if passed and not attended:
        raise DomainError("invalid", _("Only someone who attended can pass."), fields={"passed": ["!"]})
    if not user.is_office_staff:
        raise DomainError("invalid", _("Courses are for office staff."), fields={"user": [_("Not office staff.")]})
    if course.municipality_id is not None and user.municipality_id != course.municipality_id:
        raise DomainError("invalid", _("This person belongs to another municipality."), fields={"user": ["!"]})
    row, _created = Attendance.objects.select_for_update().get_or_create(
        course=course, user=user, defaults={"attended": attended, "passed": passed, "score": score}
    )
    if not _created:
        row.attended, row.passed, row.score = attended, passed, score
        row.save()
    return row
