"""Forms of the files pages. They collect and shape input; the rules live in cases.services,
whose field-by-field DomainErrors are put back on these forms (see ``show_errors``)."""

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from cases.models import DocumentKind, Property, State
from cases.workflow import ACTIONS, FILE_SERVICES
from offices.models import District, Membership, Service
from pishkhan.jalali import parse_jalali_date
from pishkhan.validators import to_ascii_digits

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}


class JalaliInput(forms.TextInput):
    """A text box base.html's Jalali date picker attaches to."""

    def __init__(self, attrs=None):
        super().__init__(
            {
                "class": "form-control",
                "data-jdp": "",
                "dir": "ltr",
                "autocomplete": "off",
                "placeholder": "1403/07/15",
                **(attrs or {}),
            }
        )


class AsciiDigitsMixin:
    """Persian or Arabic-Indic digits typed by people are read as ASCII."""

    def to_python(self, value):
        if isinstance(value, str):
            value = to_ascii_digits(value).replace("٫", ".").strip()
        return super().to_python(value)


class NumberField(AsciiDigitsMixin, forms.IntegerField):
    pass


class AmountField(AsciiDigitsMixin, forms.DecimalField):
    pass


class MarksErrors:
    """Fields with an error get Bootstrap's is-invalid, however the error arrived (a service's too)."""

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = (widget.attrs.get("class", "") + " is-invalid").strip()


def _jalali_or_error(form, name):
    text = form.cleaned_data.get(name)
    if text:
        try:
            parse_jalali_date(text)
        except ValueError:
            raise ValidationError(_("Enter a date like 1403/07/15."), code="invalid") from None
    return text


# --- the cartable's filters ------------------------------------------------------------------------------------


class CartableFilterForm(MarksErrors, forms.Form):
    SORTS = [("deadline", _("Deadline")), ("created", _("Newest first"))]

    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            {**TEXT, "type": "search", "placeholder": _("Tracking code, national ID, name or renewal code")}
        ),
    )
    service = forms.ChoiceField(label=_("Service"), required=False, widget=forms.Select(SELECT))
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All"))] + State.choices, widget=forms.Select(SELECT)
    )
    overdue = forms.BooleanField(
        label=_("Overdue only"), required=False, widget=forms.CheckboxInput({"class": "form-check-input"})
    )
    created_from = forms.CharField(label=_("Registered from"), required=False, widget=JalaliInput())
    created_to = forms.CharField(label=_("Registered until"), required=False, widget=JalaliInput())
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS, widget=forms.Select(SELECT))

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", _("All"))] + [(s.code, s.title) for s in services]

    def clean_created_from(self):
        return _jalali_or_error(self, "created_from")

    def clean_created_to(self):
        return _jalali_or_error(self, "created_to")

    def filter_data(self):
        """What cases.filters.CaseFilter reads. A field with a mistake (shown beside it) filters nothing."""
        self.is_valid()
        data = dict(getattr(self, "cleaned_data", {}))
        data["overdue"] = "true" if data.get("overdue") else ""
        data.pop("sort", None)
        return {k: v for k, v in data.items() if v}

    def ordering(self):
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get("sort") or "deadline"


# --- registering a file ----------------------------------------------------------------------------------------

PURPOSES = [
    # The same values as inquiries.models.Inquiry.Purpose (cases does not import its service apps).
    ("transfer", _("Transfer of ownership")),
    ("mortgage", _("Loan collateral")),
    ("lease", _("Long lease")),
    ("other", _("Other")),
]


def _text(label, **attrs):
    return forms.CharField(label=label, required=False, widget=forms.TextInput({**TEXT, **attrs}))


def _digits(label, **attrs):
    return _text(label, **{"dir": "ltr", "inputmode": "numeric", **attrs})


# Service code -> its details fields (the keys register_case's details cleaner reads).
DETAIL_FIELDS = {
    "notary_inquiry": {
        "notary_number": lambda: _digits(_("notary office number")),
        "notary_city": lambda: _text(_("notary office city")),
        "letter_number": lambda: _text(_("inquiry letter number")),
        "letter_date": lambda: forms.CharField(label=_("inquiry letter date"), required=False, widget=JalaliInput()),
        "purpose": lambda: forms.ChoiceField(
            label=_("purpose"), required=False, choices=PURPOSES, widget=forms.Select(SELECT)
        ),
    },
    "bank_inquiry": {
        "bank_name": lambda: _text(_("bank")),
        "bank_branch": lambda: _text(_("branch")),
        "letter_number": lambda: _text(_("inquiry letter number")),
        "letter_date": lambda: forms.CharField(label=_("inquiry letter date"), required=False, widget=JalaliInput()),
    },
    "excavation": {
        "utility_company": lambda: _text(_("utility company")),
        "location": lambda: _text(_("location of the cut")),
        "cut_length_m": lambda: _digits(_("length of the cut (m)"), inputmode="decimal"),
        "cut_width_m": lambda: _digits(_("width of the cut (m)"), inputmode="decimal"),
        "planned_start": lambda: forms.CharField(label=_("planned start"), required=False, widget=JalaliInput()),
        "planned_end": lambda: forms.CharField(label=_("planned end"), required=False, widget=JalaliInput()),
    },
}
OPTIONAL = {"postal_code", "purpose"}
APPLICANT = ("national_id", "first_name", "last_name", "mobile")
PROPERTY = ("renewal_code", "address", "postal_code", "district")


class RegisterForm(MarksErrors, forms.Form):
    """Applicant, property and the service's details. Every rule is register_case's: the fields
    here only collect text, so one submission shows every mistake at once."""

    office = forms.ModelChoiceField(
        label=_("Counter office"),
        queryset=None,
        required=False,
        empty_label=_("Choose an office"),
        widget=forms.Select(SELECT),
    )
    national_id = _digits(_("National ID"), maxlength=10, autocomplete="off")
    first_name = _text(_("First name"))
    last_name = _text(_("Last name"))
    mobile = _digits(_("Mobile"), placeholder="09121234567", inputmode="tel")
    renewal_code = _digits(_("Renewal code"), placeholder="01-012-034-001-01-002", autocomplete="off")
    address = _text(_("Address"))
    postal_code = _digits(_("Postal code"), maxlength=10)
    district = forms.ChoiceField(label=_("District"), required=False, widget=forms.Select(SELECT))

    def __init__(self, *args, service_code, offices=None, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        if offices is None:
            del self.fields["office"]
        else:
            self.fields["office"].queryset = offices
        self.fields["district"].choices = [("", "")] + [(d.number, d.name) for d in districts]
        self.detail_names = list(DETAIL_FIELDS.get(service_code, {}))
        for name, make in DETAIL_FIELDS.get(service_code, {}).items():
            self.fields[name] = make()
        for name, field in self.fields.items():
            field.required_mark = name not in OPTIONAL

    def group(self, names):
        return [self[name] for name in names if name in self.fields]

    def applicant_fields(self):
        return self.group(APPLICANT)

    def property_fields(self):
        return self.group(PROPERTY)

    def detail_fields(self):
        return self.group(self.detail_names)

    def payload(self):
        """The keyword arguments of cases.services.register_case (besides actor and service)."""
        data = self.cleaned_data
        office = data.get("office")
        return {
            "office": office.pk if office else None,
            "applicant": {name: data.get(name, "") for name in APPLICANT},
            "property": {name: data.get(name, "") for name in PROPERTY},
            "details": {name: data.get(name, "") for name in self.detail_names},
        }


# --- actions on a file -----------------------------------------------------------------------------------------

# Taken with one click (a note can still be written in the history by the next step's form).
ONE_CLICK = {"submit", "accept", "resubmit", "cancel"}
RESULTS = [("approved", _("Approved")), ("denied", _("Denied"))]


def inspectors_for(case):
    """Inspectors with a current post at an office of this file's office district."""
    posts = Membership.objects.current().filter(role=Role.INSPECTOR, district_id=case.office.district_id)
    return (
        get_user_model()
        .objects.filter(role=Role.INSPECTOR, is_active=True, memberships__in=posts)
        .distinct()
        .order_by("last_name", "first_name")
    )


class ActionForm(MarksErrors, forms.Form):
    """One workflow action's input, prefixed with the action's name so several fit on one page."""

    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({**TEXT, "rows": 2}), max_length=2000)

    def __init__(self, *args, spec, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.fields["note"].required = spec.note_required
        if spec.name == "assign_inspector":
            self.fields["inspector"] = forms.ModelChoiceField(
                label=_("Inspector"),
                queryset=inspectors_for(case),
                empty_label=_("Choose an inspector"),
                widget=forms.Select(SELECT),
            )
        elif spec.name == "submit_visit_report":
            self.fields["findings"] = forms.CharField(
                label=_("Findings"), widget=forms.Textarea({**TEXT, "rows": 3}), max_length=4000
            )
            for name, label in (("land_area", _("Land area (m²)")), ("built_area", _("Built area (m²)"))):
                self.fields[name] = AmountField(
                    label=label,
                    min_value=Decimal("0"),
                    max_digits=10,
                    decimal_places=2,
                    widget=forms.TextInput({**TEXT, "dir": "ltr", "inputmode": "decimal"}),
                )
            self.fields["floors"] = NumberField(
                label=_("Floors"), min_value=0, max_value=200, widget=forms.TextInput({**TEXT, "dir": "ltr"})
            )
            self.fields["usage"] = forms.ChoiceField(
                label=_("Use"), choices=Property.Use.choices, widget=forms.Select(SELECT)
            )
        elif spec.name == "issue_response":
            self.fields["result"] = forms.ChoiceField(
                label=_("Result"), choices=RESULTS, widget=forms.RadioSelect({"class": "form-check-input"})
            )
            self.fields["text"] = forms.CharField(
                label=_("Text of the response"), widget=forms.Textarea({**TEXT, "rows": 3}), max_length=4000
            )
        elif spec.name == "extend_deadline":
            self.fields["days"] = NumberField(
                label=_("Working days to add"),
                min_value=1,
                max_value=60,
                widget=forms.TextInput({**TEXT, "dir": "ltr", "inputmode": "numeric"}),
            )
        if spec.name in ONE_CLICK:
            self.fields["note"].widget = forms.HiddenInput()
        # The extra fields first, the note last: it reads as "what, then why".
        self.order_fields([n for n in self.fields if n != "note"] + ["note"])

    @property
    def one_click(self):
        return self.spec.name in ONE_CLICK

    def payload(self):
        """Keyword arguments for cases.services.apply_action."""
        data = dict(self.cleaned_data)
        if "inspector" in data:
            data["inspector"] = data["inspector"].pk
        return data


def action_form(case, name, data=None):
    return ActionForm(data, spec=ACTIONS[name], case=case, prefix=name)


def action_forms(case, names, bound=None):
    """A form per action name; ``bound`` is the submitted form, put in its action's place."""
    return [bound if bound is not None and bound.spec.name == name else action_form(case, name) for name in names]


# --- documents and tracking -----------------------------------------------------------------------------------


class DocumentForm(MarksErrors, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices, widget=forms.Select(SELECT))
    file = forms.FileField(
        label=_("File"), widget=forms.ClearableFileInput({"class": "form-control", "accept": ".pdf,.jpg,.jpeg,.png"})
    )


class TrackForm(MarksErrors, forms.Form):
    tracking_code = _digits(_("Tracking code"), maxlength=20, autocomplete="off")
    national_id = _digits(_("Applicant's national ID"), maxlength=10, autocomplete="off")

    def clean(self):
        data = super().clean()
        for name in ("tracking_code", "national_id"):
            data[name] = to_ascii_digits(data.get(name) or "").strip()
            if not data[name]:
                self.add_error(name, _("This field is required."))
        return data


def file_services():
    return Service.objects.filter(code__in=FILE_SERVICES, is_active=True).order_by("order", "code")


def districts_for(office=None):
    qs = District.objects.order_by("number")
    if office is not None:
        qs = qs.filter(municipality_id=office.district.municipality_id)
    return qs
