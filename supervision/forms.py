"""Forms of the supervision pages: Jalali dates typed, text normalized, choices from the tables."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.tenancy import in_city
from billing.bill_ids import MAX_SLIP_AMOUNT
from billing.forms import JalaliDateField
from billing.models import Tariff
from core.forms import EMPTY_LABEL, NumberInput
from core.jalali import jalali_year
from core.validators import normalize_text, to_ascii_digits, to_persian_digits
from offices.models import Course, District, Membership, Municipality, Office, Service
from supervision.models import POLICY_BOUNDS, Decision, Policy, Source, ViolationState, ViolationType, YearFigure
from supervision.services.complaints import MAX_COMPLAINT, MIN_COMPLAINT

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}


class CleanText(forms.CharField):
    """Text with spaces and Arabic letters normalized; NUL and control characters refused."""

    def to_python(self, value):
        value = super().to_python(value)
        if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in value):
            raise forms.ValidationError(_("The text contains a character that is not allowed."))
        return normalize_text(value)


def text(label, max_length, *, required=True, rows=None, **kwargs):
    widget = forms.Textarea(attrs={**TEXT, "rows": rows}) if rows else forms.TextInput(attrs=TEXT)
    return CleanText(label=label, max_length=max_length, required=required, widget=widget, **kwargs)


# --- violations -------------------------------------------------------------------------------------------------


class ViolationFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All")), ("active", _("Not closed")), *ViolationState.choices],
        widget=forms.Select(attrs=SELECT),
    )
    source = forms.ChoiceField(
        label=_("Source"), required=False, choices=[("", _("All")), *Source.choices], widget=forms.Select(attrs=SELECT)
    )
    q = text(_("Number, tracking code or office code"), 20, required=False)

    def filters(self):
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"state": data["state"], "source": data["source"], "q": to_ascii_digits(data["q"]).strip()}


class ViolationForm(forms.Form):
    office = forms.ModelChoiceField(
        label=_("office"),
        queryset=Office.objects.select_related("district").order_by("code"),
        empty_label=EMPTY_LABEL,
        widget=forms.Select(attrs=SELECT),
    )
    type = forms.ModelChoiceField(
        label=_("Type"),
        queryset=ViolationType.objects.filter(is_active=True),
        empty_label=EMPTY_LABEL,
        widget=forms.Select(attrs=SELECT),
    )
    source = forms.ChoiceField(
        label=_("Source"),
        choices=[(Source.INSPECTION, Source.INSPECTION.label), (Source.FOLLOWUP, Source.FOLLOWUP.label)],
        widget=forms.Select(attrs=SELECT),
    )
    description = text(_("Description"), 4000, rows=4)
    case = text(_("Tracking code of the file (optional)"), 20, required=False)
    subject_user = forms.ModelChoiceField(
        label=_("Staff member (optional)"),
        required=False,
        queryset=get_user_model().objects.none(),
        empty_label=_("The office itself"),
        widget=forms.Select(attrs=SELECT),
        help_text=_("Someone who works at an office of the city now; the office chosen above must be theirs."),
    )
    draft = forms.BooleanField(
        label=_("Keep as a draft (do not ask the office yet)"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        from supervision.selectors.violations import violation_types

        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["office"].queryset = self.fields["office"].queryset.filter(in_city(user, "district__municipality"))
        self.fields["type"].queryset = violation_types(getattr(user, "municipality_id", None))
        # The city's office staff now, each named with their post (one query for the choices and their labels).
        posts = {
            post.user_id: post
            for post in Membership.objects.current()
            .filter(in_city(user, "district__municipality"), office__isnull=False)
            .select_related("office", "user")
            .order_by("office__code", "user__last_name")
        }
        people = self.fields["subject_user"]
        people.queryset = get_user_model().objects.filter(pk__in=list(posts)).order_by("last_name", "first_name")
        people.label_from_instance = lambda person: (
            f"{person.get_full_name() or person.username} ({posts[person.pk].get_role_display()}, "
            f"{posts[person.pk].office.name})"
        )

    def clean_case(self):
        from cases.models import Case
        from cases.selectors import scope_for

        code = to_ascii_digits(self.cleaned_data["case"]).strip()
        if not code:
            return None
        case = Case.objects.filter(scope_for(self.user), tracking_code=code).first()
        if case is None:
            raise forms.ValidationError(_("No file has this tracking code."))
        return case


class ActionForm(forms.Form):
    note = text(_("Note"), 4000, required=False, rows=3)
    decision = forms.ChoiceField(
        label=_("Decision"), required=False, choices=[("", "—"), *Decision.choices], widget=forms.Select(attrs=SELECT)
    )
    fine_rials = forms.IntegerField(
        label=_("Fine (rials)"),
        required=False,
        min_value=1000,
        max_value=MAX_SLIP_AMOUNT,  # a fine is one slip
        widget=NumberInput(),
    )
    days = forms.IntegerField(label=_("Working days"), required=False, min_value=1, max_value=30, widget=NumberInput())
    type = forms.ModelChoiceField(
        label=_("Type"),
        required=False,
        queryset=ViolationType.objects.filter(is_active=True),
        to_field_name="code",
        empty_label=EMPTY_LABEL,
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args, municipality_id=None, **kwargs):
        from supervision.selectors.violations import violation_types

        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = violation_types(municipality_id)

    def for_action(self, action):
        """What ``supervision.services.act`` takes for ``action``."""
        data = self.cleaned_data
        kwargs = {"note": data["note"]}
        if action == "decide":
            kwargs.update(decision=data["decision"], fine_rials=data["fine_rials"])
        elif action == "extend":
            kwargs["days"] = data["days"]
        elif action == "classify":
            kwargs["type"] = data["type"].code if data["type"] else ""
        return kwargs


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("File (PDF, JPEG or PNG)"),
        widget=forms.ClearableFileInput(attrs={**TEXT, "accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    description = text(_("Description"), 200, required=False)


# --- the public complaint ---------------------------------------------------------------------------------------


def _digits(label, maxlength):
    return forms.CharField(
        label=label,
        max_length=20,
        widget=forms.TextInput(
            attrs={**TEXT, "dir": "ltr", "inputmode": "numeric", "autocomplete": "off", "maxlength": maxlength}
        ),
    )


def _complaint_hint():
    return gettext("A sentence or two, at least %(n)d characters.") % {"n": MIN_COMPLAINT}


class ComplaintForm(forms.Form):
    tracking_code = _digits(_("Tracking code of the file"), 20)
    national_id = _digits(_("Applicant's national ID"), 10)
    # The rule itself is the service's (file_complaint); the box says it before anyone is refused.
    text = text(_("Your complaint"), MAX_COMPLAINT, rows=5, help_text=lazy(_complaint_hint, str)())


class ComplaintStatusForm(forms.Form):
    tracking_code = _digits(_("Complaint tracking code"), 20)
    national_id = _digits(_("Applicant's national ID"), 10)


# --- periods ----------------------------------------------------------------------------------------------------


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Period"),
        choices=[("year", _("Year")), ("quarter", _("Quarter")), ("month", _("Month"))],
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    year = forms.IntegerField(
        label=_("Jalali year"), min_value=1300, max_value=1500, required=False, widget=forms.Select(attrs=SELECT)
    )
    number = forms.IntegerField(
        label=_("Quarter or month"),
        min_value=1,
        max_value=12,
        required=False,
        widget=NumberInput(),
        help_text=_("A quarter 1 to 4 (1: spring); a month 1 to 12 (1: Farvardin)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = jalali_year()
        self.fields["year"].widget.choices = [(y, y) for y in range(this_year, 1394, -1)]

    def clean(self):
        data = super().clean()
        if data.get("kind") == "quarter" and (data.get("number") or 1) > 4:
            self.add_error("number", _("A quarter is 1 to 4."))
        return data


# --- reference data ---------------------------------------------------------------------------------------------


class CityForm(forms.Form):
    """A reference form for ``user``: its municipality and district choices are the user's city only (every
    city for a platform administrator)."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "municipality" in self.fields:
            self.fields["municipality"].queryset = Municipality.objects.filter(in_city(user, "pk")).order_by("pk")
        if "district" in self.fields:
            self.fields["district"].queryset = (
                District.objects.filter(in_city(user))
                .select_related("municipality")
                .order_by("municipality_id", "number")
            )


class TariffForm(forms.Form):
    service = forms.ModelChoiceField(
        label=_("Service"),
        queryset=Service.objects.order_by("order", "code"),
        empty_label=EMPTY_LABEL,
        widget=forms.Select(attrs=SELECT),
    )
    valid_from = JalaliDateField(label=_("in force from"))
    municipality_fee_rials = forms.IntegerField(
        label=Tariff._meta.get_field("municipality_fee_rials").verbose_name,
        min_value=0,
        max_value=10**12,
        widget=NumberInput(),
    )
    counter_fee_rials = forms.IntegerField(
        label=Tariff._meta.get_field("counter_fee_rials").verbose_name,
        min_value=0,
        max_value=10**12,
        widget=NumberInput(),
    )
    approval_reference = text(_("approval reference"), 120)
    approved_on = JalaliDateField(label=_("approved on"))


class ZonalValueForm(CityForm):
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.select_related("municipality").order_by("municipality_id", "number"),
        empty_label=EMPTY_LABEL,
        widget=forms.Select(attrs=SELECT),
    )
    block = text(_("Block"), 10)
    value_rials = forms.IntegerField(
        label=_("zonal value (rials per m²)"),
        min_value=1,
        max_value=10**14,
        widget=NumberInput(),
    )
    valid_from = JalaliDateField(label=_("in force from"))
    approval_reference = text(_("approval reference"), 120, required=False)


class ImportForm(CityForm):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("pk"),
        empty_label=EMPTY_LABEL,
        widget=forms.Select(attrs=SELECT),
    )
    file = forms.FileField(
        label=_("Excel (.xlsx) or CSV file"),
        widget=forms.ClearableFileInput(attrs={**TEXT, "accept": ".xlsx,.csv,text/csv"}),
    )


class ZonalFilterForm(CityForm):
    district = forms.ModelChoiceField(
        label=_("District"),
        required=False,
        queryset=District.objects.select_related("municipality").order_by("municipality_id", "number"),
        empty_label=EMPTY_LABEL,
        widget=forms.Select(attrs=SELECT),
    )
    block = text(_("Block"), 10, required=False)


ROLE_CHOICES = [
    (Role.TECHNICAL_OFFICER, Role.TECHNICAL_OFFICER.label),
    (Role.INSPECTOR, Role.INSPECTOR.label),
    (Role.FOLLOWUP_OFFICER, Role.FOLLOWUP_OFFICER.label),
    (Role.OFFICE_MANAGER, Role.OFFICE_MANAGER.label),
]


class CourseForm(forms.Form):
    title = text(_("title"), 150)
    kind = forms.ChoiceField(label=_("kind"), choices=Course.Kind.choices, widget=forms.Select(attrs=SELECT))
    starts_on = JalaliDateField(label=_("starts on"))
    ends_on = JalaliDateField(label=_("ends on"))
    hours = forms.IntegerField(label=_("hours"), min_value=1, max_value=1000, widget=NumberInput())
    required_for = forms.MultipleChoiceField(
        label=_("required for roles"),
        required=False,
        choices=ROLE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The course cannot end before it starts."))
        return data


class AttendanceForm(CityForm):
    user = forms.IntegerField(label=_("Staff member (user number)"), min_value=1, widget=NumberInput())
    attended = forms.BooleanField(
        label=_("attended"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    passed = forms.BooleanField(
        label=_("passed"), required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )
    score = forms.IntegerField(label=_("score"), required=False, min_value=0, max_value=100, widget=NumberInput())

    def clean_user(self):
        user = get_user_model().objects.filter(in_city(self.user), pk=self.cleaned_data["user"]).first()
        if user is None:
            raise forms.ValidationError(_("Unknown user."))
        return user


class ViolationTypeForm(forms.ModelForm):
    title = text(_("title"), 150)
    description = text(_("description"), 2000, required=False, rows=3)

    class Meta:
        model = ViolationType
        fields = ["code", "title", "description", "default_fine_rials", "is_active"]
        widgets = {
            "code": forms.TextInput(attrs={**TEXT, "dir": "ltr"}),
            "default_fine_rials": NumberInput(),
            "is_active": forms.CheckboxInput(attrs={"class": "form-check-input"}),
        }

    def clean_default_fine_rials(self):
        value = self.cleaned_data["default_fine_rials"]
        if value is not None and (value <= 0 or value % 1000):
            raise forms.ValidationError(_("Enter a whole number of thousands of rials (e.g. 250000)."))
        return value


class PolicyForm(forms.ModelForm):
    class Meta:
        model = Policy
        fields = [
            "response_days",
            "appeal_days",
            "overdue_after_days",
            "stuck_after_days",
            "renewal_warning_score",
            *Policy.WEIGHTS,
        ]
        widgets = {name: NumberInput() for name in fields}

    def clean(self):
        data = super().clean()
        if all(name in data for name in Policy.WEIGHTS) and not any(data[name] for name in Policy.WEIGHTS):
            raise forms.ValidationError(_("At least one weight must be above zero."))
        for name, (low, high) in POLICY_BOUNDS.items():
            if data.get(name) is not None and not low <= data[name] <= high:
                bounds = {"min": to_persian_digits(low), "max": to_persian_digits(high)}
                self.add_error(name, _("Enter a whole number from %(min)s to %(max)s.") % bounds)
        return data


class YearFigureForm(CityForm):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("pk"),
        empty_label=EMPTY_LABEL,
        widget=forms.Select(attrs=SELECT),
    )
    series = forms.ChoiceField(label=_("series"), choices=YearFigure.Series.choices, widget=forms.Select(attrs=SELECT))
    year = forms.IntegerField(label=_("Jalali year"), min_value=1300, max_value=1500, widget=NumberInput())
    registered = forms.IntegerField(label=_("registered"), min_value=0, max_value=10**9, widget=NumberInput())
    answered = forms.IntegerField(
        label=_("answered"), required=False, min_value=0, max_value=10**9, widget=NumberInput()
    )
    period_from = JalaliDateField(label=_("from"), required=False, help_text=_("Only for part of a year."))
    period_to = JalaliDateField(label=_("to"), required=False, help_text=_("Only for part of a year."))
    source = text(_("source"), 200, required=False)


# --- the follow-up desk -----------------------------------------------------------------------------------------


class DeskFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Files"),
        required=False,
        choices=[("", _("Late or stuck")), ("late", _("Late")), ("stuck", _("Stuck with the applicant"))],
        widget=forms.Select(attrs=SELECT),
    )


class CallForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=(), widget=forms.Select(attrs=SELECT))
    note = text(_("Note"), 1000, required=False)

    def __init__(self, *args, **kwargs):
        from supervision.services.followup import CALL_OUTCOMES

        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = list(CALL_OUTCOMES.items())


class NoteForm(forms.Form):
    note = text(_("Note"), 1000, required=False)
