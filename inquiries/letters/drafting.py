"""Letter templates: their placeholders, and a template's text filled in with a file's data.

A template's text names placeholders in braces, ``{applicant_name}``; ``fill`` replaces each with
the file's value (the applicant, the property, the inquiry, the latest visit report and plan
review from the file's history), in Persian digits. A placeholder the file has no value for
reads «—»; a name that is no placeholder is refused when the template is saved.
"""

import re

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Property
from cases.plugins import registry
from cases.selectors import history_of
from core.jalali import format_jalali, long_jalali
from core.persian import fa_number
from core.validators import to_persian_digits
from inquiries.models import LetterTemplate

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
MISSING = "—"

# name -> what it stands for (shown beside the template editor, in this order).
PLACEHOLDERS = {
    "applicant_name": _("the applicant's name"),
    "national_id": _("the applicant's national ID"),
    "tracking_code": _("the file's tracking code"),
    "service": _("the service"),
    "registered_on": _("the date the file was registered"),
    "office": _("the counter office"),
    "district": _("the district"),
    "renewal_code": _("the property's renewal code"),
    "address": _("the property's address"),
    "postal_code": _("the property's postal code"),
    "addressee": _("the organization that sent the inquiry"),
    "inquiry_number": _("the inquiry letter's number"),
    "inquiry_date": _("the inquiry letter's date"),
    "visit_date": _("the date of the site visit"),
    "inspector": _("the inspector"),
    "visit_findings": _("the visit's findings"),
    "land_area": _("the land area found at the visit (m²)"),
    "built_area": _("the built area found at the visit (m²)"),
    "floors": _("the floors found at the visit"),
    "usage": _("the use found at the visit"),
    "review_note": _("the detailed-plan review's note"),
    "land_use": _("the land use in the detailed plan"),
    "max_floors": _("the floors the detailed plan permits"),
    "max_occupancy_percent": _("the permitted occupancy (%)"),
    "max_density_percent": _("the permitted density (%)"),
    "setback_m": _("the setback (m)"),
    "today": _("today's date"),
}
# The plan review's own inputs, read from its history row when the workflow records them.
REVIEW_FIELDS = ("land_use", "max_floors", "max_occupancy_percent", "max_density_percent", "setback_m")


def unknown_placeholders(text):
    """Names in braces that are no placeholder (a typo the editor should hear about)."""
    return sorted({name for name in PLACEHOLDER.findall(text or "") if name not in PLACEHOLDERS})


def fill(text, values):
    return PLACEHOLDER.sub(
        lambda m: values.get(m.group(1), MISSING) if m.group(1) in PLACEHOLDERS else m.group(0), text
    )


def _number(value):
    return fa_number(value) if value not in (None, "") else MISSING


def _text(value):
    return to_persian_digits(value) if value not in (None, "") else MISSING


def _label(choices, value):
    return str(dict(choices).get(value, value)) if value not in (None, "") else MISSING


def file_values(case):
    """Every placeholder's value for this file."""
    inquiry = getattr(case, "inquiry", None) if hasattr(case, "inquiry") else None
    values = {
        "applicant_name": case.applicant_name,
        "national_id": _text(case.applicant_national_id),
        "tracking_code": _text(case.tracking_code),
        "service": case.service.title,
        "registered_on": long_jalali(case.created_at),
        "office": _text(case.office.name),
        "district": _text(case.district.name),
        "renewal_code": _text(case.parcel.renewal_code),
        "address": _text(case.parcel.address),
        "postal_code": _text(case.parcel.postal_code),
        "addressee": _text(inquiry.organization_name) if inquiry else MISSING,
        "inquiry_number": _text(inquiry.letter_number) if inquiry else MISSING,
        "inquiry_date": format_jalali(inquiry.letter_date) if inquiry and inquiry.letter_date else MISSING,
        "today": long_jalali(timezone.localdate()),
    }
    review = None
    for row in history_of(case):
        if row.action == "complete_plan_review":
            review = row
    visit = registry().site_visit(case)
    data = visit or {}
    values.update(
        {
            "visit_date": long_jalali(visit["at"]) if visit and visit["at"] else MISSING,
            "inspector": _text(visit["inspector"]) if visit else MISSING,
            "visit_findings": _text(data.get("findings")),
            "land_area": _number(data.get("land_area")),
            "built_area": _number(data.get("built_area")),
            "floors": _number(data.get("floors")),
            "usage": _label(Property.Use.choices, data.get("usage")),
        }
    )
    data = (review.data or {}) if review else {}
    values["review_note"] = _text(review.note) if review else MISSING
    for name in REVIEW_FIELDS:
        value = data.get(name)
        values[name] = _label(Property.Use.choices, value) if name == "land_use" else _number(value)
    return {key: str(value) for key, value in values.items()}


def templates_for(case):
    """The templates the file's municipality keeps for its service, in use, by result then title."""
    return LetterTemplate.objects.filter(
        municipality_id=case.district.municipality_id, service_id=case.service_id, is_active=True
    ).order_by("result", "title")


def drafts_for(case):
    """[{"id", "title", "result", "text"}] — each template of the file's service, filled in for it."""
    values = file_values(case)
    return [
        {"id": t.pk, "title": t.title, "result": t.result, "text": fill(t.text, values)} for t in templates_for(case)
    ]
