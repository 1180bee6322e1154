"""Forms of the office pages. They parse and check input; the writes happen in offices.services."""

import datetime
from pathlib import Path

import jdatetime
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, by_code_only
from accounts.tenancy import in_city
from core.errors import DomainError
from core.forms import EMPTY_LABEL, NumberInput
from core.jalali import format_jalali, parse_jalali_date
from core.uploads import check_upload
from core.validators import normalize_postal_code, normalize_text
from offices.models import Contract, District, Municipality, Office, OfficeStatus, Service
from offices.services.network import STATUS_ACTIONS

STAFF_ROLES = [(r.value, r.label) for r in (Role.TECHNICAL_OFFICER, Role.INSPECTOR, Role.FOLLOWUP_OFFICER)]
ALL_OFFICE_ROLES = STAFF_ROLES + [(Role.OFFICE_MANAGER.value, Role.OFFICE_MANAGER.label)]


class JalaliDateInput(forms.TextInput):
    """A text box the Jalali date picker of base.html attaches to (``data-jdp``)."""

    def __init__(self, attrs=None):
        defaults = {"data-jdp": "", "class": "form-control", "dir": "ltr", "autocomplete": "off"}
        defaults["placeholder"] = "۱۴۰۳/۰۷/۱۵"
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.date | jdatetime.date):
            return format_jalali(value, persian=False)
        return super().format_value(value)


class JalaliDateField(forms.Field):
    """A Jalali date typed as 1403/07/15 (Persian or ASCII digits), cleaned to a Gregorian ``date``."""

    widget = JalaliDateInput
    default_error_messages = {"invalid": _("Enter a Jalali date such as 1403/07/15.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, jdatetime.date):
            return value.togregorian()
        try:
            return parse_jalali_date(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid")


class AttachmentField(forms.FileField):
    """A PDF, JPEG or PNG checked by what it holds (``core.uploads.check_upload``, as a file's documents and
    violation evidence are), kept under the extension its content has: a script in a PDF, or a web page named
    .pdf, is refused before anything is saved."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload or upload is initial:
            return upload
        try:
            _content_type, ext, _sha256 = check_upload(upload)
        except DomainError as exc:
            raise ValidationError(exc.message, code=exc.code) from None
        upload.name = f"{Path(upload.name).stem[:100] or 'file'}.{ext}"
        return upload


def _bootstrap(form):
    for field in form.fields.values():
        if type(field.widget) is forms.NumberInput:  # a model's number: a box that takes Persian digits
            decimal = isinstance(field, forms.DecimalField | forms.FloatField)
            field.widget = NumberInput(inputmode="decimal" if decimal else "numeric")
        if isinstance(field, forms.ModelChoiceField) and field.empty_label == "---------":
            field.empty_label = EMPTY_LABEL
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            continue
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


# The largest key a database column holds: a longer number is no service (and on SQLite an overflow).
_MAX_KEY = 2**63 - 1


class ServicesField(forms.ModelMultipleChoiceField):
    """Services ticked by their keys; a key no column can hold is refused like any unknown one."""

    def _check_values(self, value):
        for key in value:
            try:
                out_of_range = not 0 < int(str(key)) <= _MAX_KEY
            except (TypeError, ValueError):
                continue  # not a number: Django's own check refuses it
            if out_of_range:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": key}
                )
        return super()._check_values(value)


class OfficeForm(forms.ModelForm):
    licence_issued_on = JalaliDateField(label=_("licence issued on"), required=False)
    licence_expires_on = JalaliDateField(label=_("licence expires on"), required=False)
    services = ServicesField(
        label=_("services"),
        queryset=Service.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Office
        fields = [
            "code", "name", "district", "address", "postal_code", "phone", "latitude", "longitude",
            "licence_number", "licence_issued_on", "licence_expires_on", "daily_capacity", "services",
        ]  # fmt: skip

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The unit places offices in its own city's districts.
        self.fields["district"].queryset = District.objects.filter(in_city(user)).select_related("municipality")
        for name in ("code", "postal_code", "phone", "latitude", "longitude", "licence_number"):
            self.fields[name].widget.attrs["dir"] = "ltr"
        _bootstrap(self)

    def clean_postal_code(self):
        value = self.cleaned_data.get("postal_code")
        return normalize_postal_code(value) if value else ""

    def clean_code(self):
        return normalize_text(self.cleaned_data["code"]).replace(" ", "")

    def clean(self):
        data = super().clean()
        issued, expires = data.get("licence_issued_on"), data.get("licence_expires_on")
        if issued and expires and expires < issued:
            self.add_error("licence_expires_on", _("The licence cannot expire before it is issued."))
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Give both the latitude and the longitude, or neither."))
        return data


class OfficeFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    district = forms.ModelChoiceField(label=_("district"), queryset=District.objects.all(), required=False)
    status = forms.ChoiceField(label=_("status"), choices=[("", _("All"))] + OfficeStatus.choices, required=False)
    service = forms.ModelChoiceField(
        label=_("service"), queryset=Service.objects.all(), to_field_name="code", required=False
    )
    licence_within = forms.IntegerField(
        label=_("Licence expires within (days)"), min_value=0, max_value=3650, required=False, widget=NumberInput()
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(in_city(user)).select_related("municipality")
        self.fields["district"].empty_label = _("All districts")
        self.fields["service"].empty_label = _("All services")
        _bootstrap(self)
        self.fields["q"].widget.attrs["placeholder"] = _("Code, name or address")

    def filters(self):
        """The valid filters only: a wrong value is shown as an error and otherwise ignored."""
        data = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data
        return {
            "q": normalize_text(data.get("q") or ""),
            "district": data.get("district"),
            "status": data.get("status") or "",
            "service": data.get("service"),
            "licence_within": data.get("licence_within"),
        }


class _CityDistrictChoice(forms.ModelChoiceField):
    """A district named with its city when the directory holds more than one city."""

    def __init__(self, *args, with_city=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.with_city = with_city

    def label_from_instance(self, district):
        return f"{district.municipality.name} | {district.name}" if self.with_city else district.name


class DirectoryFilterForm(forms.Form):
    city = forms.ChoiceField(label=_("city"), required=False)
    district = _CityDistrictChoice(label=_("district"), queryset=District.objects.none(), required=False)
    service = forms.ModelChoiceField(
        label=_("service"), queryset=Service.objects.filter(is_active=True), to_field_name="code", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The cities with offices, read once: a choice of city only where there is more than one.
        self.cities = {
            city.code: city
            for city in Municipality.objects.filter(districts__offices__isnull=False).distinct().order_by("name")
        }
        several = len(self.cities) > 1
        if several:
            self.fields["city"].choices = [("", _("All cities"))] + [(c.code, c.name) for c in self.cities.values()]
        else:
            del self.fields["city"]
        district = self.fields["district"]
        district.queryset = District.objects.select_related("municipality").order_by("municipality__name", "number")
        district.with_city = several
        district.empty_label = _("All districts")
        self.fields["service"].empty_label = _("All services")
        _bootstrap(self)

    def filters(self):
        self.is_valid()
        names = [name for name in ("city", "district", "service") if name in self.fields and name not in self.errors]
        found = {name: self.cleaned_data.get(name) for name in names}
        if "city" in found:
            found["municipality"] = self.cities.get(found.pop("city") or "")
        return found


class StatusForm(forms.Form):
    ACTIONS = [("suspend", _("Suspend")), ("reactivate", _("Reactivate")), ("end", _("End the cooperation"))]
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    reason = forms.CharField(label=_("reason"), max_length=300, required=False)
    effective_on = JalaliDateField(label=_("effective on"), required=False, help_text=_("Empty means today."))

    def __init__(self, *args, office=None, **kwargs):
        super().__init__(*args, **kwargs)
        if office is not None:
            # Offer only what applies: an active office can be suspended, a suspended one reactivated.
            self.fields["action"].choices = [
                (action, label) for action, label in self.ACTIONS if office.status in STATUS_ACTIONS[action][0]
            ]
        _bootstrap(self)

    def clean(self):
        data = super().clean()
        if data.get("action") in ("suspend", "end") and not normalize_text(data.get("reason")):
            self.add_error("reason", _("Write the reason; it is shown on the public list of changes."))
        return data


class SelectionForm(forms.Form):
    selected = forms.TypedChoiceField(
        choices=[("1", _("Select")), ("0", _("Unselect"))], coerce=lambda v: v == "1", widget=forms.HiddenInput
    )
    reason = forms.CharField(label=_("reason"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)

    def clean(self):
        data = super().clean()
        if data.get("selected") is False and not normalize_text(data.get("reason")):
            self.add_error("reason", _("Write the reason; it is shown on the public list of changes."))
        return data


class ContractForm(forms.Form):
    number = forms.CharField(label=_("contract number"), max_length=40)
    starts_on = JalaliDateField(label=_("starts on"))
    ends_on = JalaliDateField(label=_("ends on"))
    signed_on = JalaliDateField(label=_("signed on"), required=False)
    services = ServicesField(
        label=_("services in scope"),
        queryset=Service.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen means every service the office delivers."),
    )
    tariff_note = forms.CharField(label=_("tariffs in scope"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    signed_file = AttachmentField(label=_("signed contract"), required=False)

    def __init__(self, *args, office=None, **kwargs):
        self.office = office
        super().__init__(*args, **kwargs)
        self.fields["number"].widget.attrs["dir"] = "ltr"
        _bootstrap(self)

    def clean_number(self):
        number = normalize_text(self.cleaned_data["number"]).replace(" ", "")
        contracts = Contract.objects.filter(number=number)
        if self.office is not None:
            contracts = contracts.filter(municipality_id=self.office.district.municipality_id)  # unique per city
        if contracts.exists():
            raise ValidationError(_("Another contract has this number."))
        return number

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The contract cannot end before it starts."))
        return data


class StaffForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("role"), choices=STAFF_ROLES)
    starts_on = JalaliDateField(label=_("starts on"), required=False, help_text=_("Empty means today."))
    employment_starts_on = JalaliDateField(label=_("employment contract from"), required=False)
    employment_ends_on = JalaliDateField(label=_("employment contract to"), required=False)
    employment_file = AttachmentField(label=_("employment contract"), required=False)

    def __init__(self, *args, roles=STAFF_ROLES, city=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles
        self.fields["username"].widget.attrs["dir"] = "ltr"
        self.city = city
        _bootstrap(self)

    def clean_username(self):
        """The person by username, among the accounts of the office's city and those of no city yet: another
        city's account, and a citizen's own (signed in by code), are not there, as an unknown username."""
        username = normalize_text(self.cleaned_data["username"]).replace(" ", "")
        people = get_user_model().objects.exclude(by_code_only())
        if self.city is not None:
            people = people.filter(Q(municipality_id=self.city) | Q(municipality__isnull=True))
        user = people.filter(username=username).first()
        if user is None:
            raise ValidationError(_("No user has the username “%(username)s”.") % {"username": username})
        self.cleaned_data["user"] = user
        return username

    def clean(self):
        data = super().clean()
        starts, ends = data.get("employment_starts_on"), data.get("employment_ends_on")
        if starts and ends and ends < starts:
            self.add_error("employment_ends_on", _("The employment contract cannot end before it starts."))
        return data


class EndMembershipForm(forms.Form):
    ends_on = JalaliDateField(
        label=_("Last working day"), required=False, help_text=_("Empty means the post ends now.")
    )


class InstructionForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    text = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 5}))
    audience = forms.MultipleChoiceField(
        label=_("audience roles"), choices=ALL_OFFICE_ROLES, widget=forms.CheckboxSelectMultiple
    )
    attachment = AttachmentField(label=_("attachment"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)
