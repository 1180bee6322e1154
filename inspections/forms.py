"""Input of the inspection pages and API: one set of rules for both (the services call these too)."""

import json
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Property
from core.jalali import parse_iso_date
from core.validators import normalize_text, parse_int, to_ascii_digits
from inspections.models import BuildingState, Slot
from offices.forms import JalaliDateField, JalaliDateInput

VIOLATION_TYPES = [
    ("extra_floor", _("Extra floor")),
    ("excess_area", _("Built beyond the permitted area")),
    ("setback", _("Building over the setback line")),
    ("change_of_use", _("Change of use")),
    ("no_parking", _("Parking removed or missing")),
    ("other", _("Other")),
]
VIOLATION_LABELS = dict(VIOLATION_TYPES)
MAX_VIOLATIONS = 20


class DateField(JalaliDateField):
    """A Jalali date (1403/07/15, Persian digits too) or an ISO date from the API (2024-10-06)."""

    def to_python(self, value):
        if isinstance(value, str):
            text = to_ascii_digits(value).strip()
            if len(text) == 10 and text[4] == "-" and (parse_int(text[:4]) or 0) > 1700:
                try:
                    return parse_iso_date(text)
                except ValueError:
                    raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


def parse_date(value):
    """A date from a query string (Jalali or ISO), or None when it cannot be read."""
    try:
        return DateField(required=False).clean(value)
    except ValidationError:
        return None


class NumberField(forms.DecimalField):
    """A decimal typed with Persian or ASCII digits (and the Persian decimal separator)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = to_ascii_digits(value).replace("٫", ".").replace("٬", "").replace(",", "").strip()
        return super().to_python(value)


class WholeNumberField(forms.IntegerField):
    def to_python(self, value):
        if isinstance(value, str):
            value = to_ascii_digits(value).strip()
        return super().to_python(value)


def _touch(attrs=None):
    return {"class": "form-control form-control-lg", **(attrs or {})}


class ReportForm(forms.Form):
    """The visit report. A draft may be partial; ``for_submission`` requires what the workflow needs
    (CONTRACT.md: findings, areas, floors, usage) and ``complete`` what the inspection pages ask too."""

    SUBMISSION_REQUIRED = ("land_area", "built_area", "floors", "usage", "findings")
    COMPLETE_REQUIRED = ("visited_on", "building_state")

    visited_on = DateField(label=_("Visit date"), required=False, widget=JalaliDateInput(_touch({"data-jdp": ""})))
    visited_at_time = forms.TimeField(
        label=_("Visit time"), required=False, widget=forms.TimeInput(attrs=_touch({"type": "time", "dir": "ltr"}))
    )
    present = forms.CharField(
        label=_("Present at the visit"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs=_touch({"placeholder": _("e.g. the owner and the building engineer")})),
    )
    land_area = NumberField(
        label=_("Land area (m²)"), min_value=0, max_digits=10, decimal_places=2, required=False,
        widget=forms.TextInput(attrs=_touch({"inputmode": "decimal", "dir": "ltr"})),
    )  # fmt: skip
    built_area = NumberField(
        label=_("Built area (m²)"), min_value=0, max_digits=10, decimal_places=2, required=False,
        widget=forms.TextInput(attrs=_touch({"inputmode": "decimal", "dir": "ltr"})),
    )  # fmt: skip
    floors = WholeNumberField(
        label=_("Number of floors"), min_value=0, max_value=100, required=False,
        widget=forms.TextInput(attrs=_touch({"inputmode": "numeric", "dir": "ltr"})),
    )  # fmt: skip
    usage = forms.ChoiceField(
        label=_("Usage"),
        choices=[("", "—")] + list(Property.Use.choices),
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-lg"}),
    )
    building_state = forms.ChoiceField(
        label=_("State of the building"),
        choices=BuildingState.choices,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
    )
    deed_differences = forms.CharField(
        label=_("Differences from the deed or permit"),
        required=False,
        widget=forms.Textarea(attrs=_touch({"rows": 3})),
    )
    street_widening = forms.BooleanField(
        label=_("Street widening observed"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input", "role": "switch"}),
    )
    street_widening_note = forms.CharField(
        label=_("Street widening details"), max_length=300, required=False, widget=forms.TextInput(attrs=_touch())
    )
    findings = forms.CharField(label=_("Findings"), required=False, widget=forms.Textarea(attrs=_touch({"rows": 5})))
    latitude = NumberField(
        min_value=-90, max_value=90, max_digits=9, decimal_places=6, required=False, widget=forms.HiddenInput
    )
    longitude = NumberField(
        min_value=-180, max_value=180, max_digits=9, decimal_places=6, required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, for_submission=False, complete=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_submission = for_submission or complete
        self.required_names = self.SUBMISSION_REQUIRED + (self.COMPLETE_REQUIRED if complete else ())

    @staticmethod
    def _round_coordinate(data, name):
        # Browsers report more decimals than we keep; six (about 10 cm) is plenty for a parcel.
        value = data.get(name)
        if value in (None, ""):
            return
        try:
            data[name] = str(Decimal(to_ascii_digits(str(value)).strip()).quantize(Decimal("0.000001")))
        except (InvalidOperation, ValueError):
            return

    def full_clean(self):
        if self.is_bound and hasattr(self.data, "copy"):
            data = self.data.copy()
            for name in ("latitude", "longitude"):
                self._round_coordinate(data, name)
            self.data = data
        super().full_clean()

    def clean_visited_on(self):
        day = self.cleaned_data.get("visited_on")
        if day is not None and day > timezone.localdate():
            raise ValidationError(_("The visit date cannot be in the future."), code="future")
        return day

    def clean(self):
        cleaned = super().clean()
        for name in ("present", "deed_differences", "street_widening_note", "findings"):
            cleaned[name] = normalize_text(cleaned.get(name))
        cleaned["violations"] = self._violations()
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            cleaned["latitude"] = cleaned["longitude"] = None
        if self.for_submission:
            for name in self.required_names:
                if cleaned.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, _("This field is required to submit the report."))
        built = cleaned.get("built_area")
        if built is not None and cleaned.get("floors") == 0 and built > 0:
            self.add_error("floors", _("A built area needs at least one floor."))
        return cleaned

    def _violations(self):
        """Rows from the page (violation_type_N / violation_area_N) or a JSON list from the API."""
        raw = self.data.get("violations") if hasattr(self.data, "get") else None
        rows = []
        if raw not in (None, ""):
            if isinstance(raw, str):
                try:
                    raw = json.loads(raw)
                except (ValueError, RecursionError):
                    self.add_error(None, _("The violations list is not valid."))
                    return []
            if not isinstance(raw, list):
                self.add_error(None, _("The violations list is not valid."))
                return []
            rows = [(r.get("type"), r.get("area")) for r in raw if isinstance(r, dict)]
        else:
            for n in range(MAX_VIOLATIONS):
                kind = self.data.get(f"violation_type_{n}")
                area = self.data.get(f"violation_area_{n}")
                if kind or area:
                    rows.append((kind, area))
        if len(rows) > MAX_VIOLATIONS:
            self.add_error(None, _("At most %(n)d violations.") % {"n": MAX_VIOLATIONS})
            return []
        cleaned = []
        for kind, area in rows:
            if not isinstance(kind, str) or kind not in VIOLATION_LABELS:
                self.add_error(None, _("Choose the type of each violation."))
                return []
            try:
                number = Decimal(to_ascii_digits(str(area or "0")).replace("٫", ".").strip())
            except InvalidOperation:
                number = Decimal(-1)
            if not number.is_finite():  # NaN, sNaN, Infinity: no area
                number = Decimal(-1)
            if number < 0 or number > Decimal("1000000"):
                self.add_error(None, _("Enter each violation's area in square metres."))
                return []
            cleaned.append({"type": kind, "area": str(number.quantize(Decimal("0.01")))})
        return cleaned


class ScheduleForm(forms.Form):
    date = DateField(label=_("Visit date"), widget=JalaliDateInput(_touch({"data-jdp": ""})))
    slot = forms.ChoiceField(
        label=_("Time slot"), choices=Slot.choices, widget=forms.Select(attrs={"class": "form-select form-select-lg"})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=forms.TextInput(attrs={"class": "form-control"}))


def violation_label(kind):
    return VIOLATION_LABELS.get(kind, kind)
