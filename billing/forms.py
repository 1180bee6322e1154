"""Forms of the billing pages and the admin (Jalali dates typed, Gregorian stored)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from billing.models import FeeSlip, Tariff
from billing.services.tariffs import validate_tariff_fields
from core.jalali import MONTHS, format_jalali, jalali_year, parse_jalali_date, to_jalali
from core.validators import normalize_plate, normalize_renewal_code, renewal_code_example, to_persian_digits


def _attrs(**extra):
    return {"class": "form-control", **extra}


FIRST_YEAR = 1390


def _years():
    """Jalali years to choose from, this one first, named in Persian digits."""
    return [(year, to_persian_digits(year)) for year in range(jalali_year(), FIRST_YEAR - 1, -1)]


class JalaliYearField(forms.TypedChoiceField):
    """A Jalali year chosen from a list (a number box would show Latin digits)."""

    def __init__(self, *, blank=False, **kwargs):
        blank_choice = [("", _("All"))] if blank else []
        kwargs.setdefault("widget", forms.Select(attrs={"class": "form-select"}))
        super().__init__(coerce=int, choices=lambda: blank_choice + _years(), empty_value=None, **kwargs)


class JalaliDateField(forms.CharField):
    """A Jalali date typed as 1404/07/01 (Persian digits too), with the page's date picker."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs=_attrs(**{"data-jdp": "", "dir": "ltr"})))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if hasattr(value, "year"):
            return format_jalali(value, persian=False)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return parse_jalali_date(value)
        except ValueError as exc:
            raise ValidationError(_("Enter a Jalali date such as 1404/07/01."), code="jalali-date") from exc


class TariffAdminForm(forms.ModelForm):
    valid_from = JalaliDateField(label=_("in force from"))
    approved_on = JalaliDateField(label=_("approved on"))

    class Meta:
        model = Tariff
        fields = [
            "service",
            "valid_from",
            "municipality_fee_rials",
            "counter_fee_rials",
            "approval_reference",
            "approved_on",
        ]

    def clean(self):
        cleaned = super().clean()
        from billing.services.tariffs import tariff_is_used

        if self.instance.pk and tariff_is_used(self.instance):
            raise ValidationError(
                _("Fee slips were issued at this tariff, so it cannot be changed. Add a new version from a later date.")
            )
        if "municipality_fee_rials" in cleaned and "counter_fee_rials" in cleaned:
            for name, messages in validate_tariff_fields(**cleaned).items():
                self.add_error(name, messages)
        return cleaned


class SlipFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs=_attrs(placeholder=_("Bill ID, national ID, name, plate, code"))),
    )
    kind = forms.ChoiceField(
        label=_("kind"),
        required=False,
        choices=[("", _("All"))] + FeeSlip.Kind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    status = forms.ChoiceField(
        label=_("status"),
        required=False,
        choices=[("", _("All"))] + FeeSlip.Status.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    year = JalaliYearField(label=_("Jalali year"), required=False, blank=True)


class PayerFields(forms.Form):
    payer_national_id = forms.CharField(
        label=_("payer's national ID"), required=False, widget=forms.TextInput(attrs=_attrs(dir="ltr"))
    )
    payer_name = forms.CharField(
        label=_("payer"), required=False, max_length=160, widget=forms.TextInput(attrs=_attrs())
    )
    payer_mobile = forms.CharField(
        label=_("payer's mobile"), required=False, widget=forms.TextInput(attrs=_attrs(dir="ltr"))
    )

    def payer(self):
        data = self.cleaned_data
        return {
            "national_id": data.get("payer_national_id"),
            "name": data.get("payer_name"),
            "mobile": data.get("payer_mobile"),
        }


class RenewalForm(PayerFields):
    renewal_code = forms.CharField(
        label=_("renewal code"),
        widget=forms.TextInput(attrs=_attrs(dir="ltr", placeholder=renewal_code_example(), autofocus=True)),
    )

    field_order = ["renewal_code", "payer_national_id", "payer_name", "payer_mobile"]

    def clean_renewal_code(self):
        return normalize_renewal_code(self.cleaned_data["renewal_code"])


class VehicleForm(forms.Form):
    plate = forms.CharField(
        label=_("plate"), widget=forms.TextInput(attrs=_attrs(placeholder="12ب345-67", autofocus=True))
    )

    def clean_plate(self):
        return normalize_plate(self.cleaned_data["plate"])


class PosPaymentForm(forms.Form):
    reference = forms.CharField(
        label=_("Terminal reference number (RRN)"),
        max_length=32,
        help_text=_("The 12 digits printed as the reference number on the card-reader receipt."),
        widget=forms.TextInput(attrs=_attrs(dir="ltr", inputmode="numeric", autocomplete="off")),
    )


class ImportForm(forms.Form):
    bank = forms.ChoiceField(label=_("Bank"), widget=forms.Select(attrs={"class": "form-select"}))
    file = forms.FileField(
        label=_("Bank's daily payment file (CSV)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".csv,text/csv"}),
    )
    signature = forms.CharField(
        label=_("The bank's signature of the file"),
        max_length=128,
        help_text=_("HMAC-SHA256 of the file under the bank's key, 64 hexadecimal characters, as the bank sent it."),
        widget=forms.TextInput(attrs=_attrs(dir="ltr", autocomplete="off", spellcheck="false")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from billing.bank_keys import banks

        self.fields["bank"].choices = [(name, name) for name in banks()]


class SettlementForm(forms.Form):
    year = JalaliYearField(label=_("Jalali year"))
    month = forms.TypedChoiceField(
        label=_("month"),
        coerce=int,
        choices=list(enumerate(MONTHS, start=1)),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    @classmethod
    def initial_now(cls):
        today = to_jalali(timezone.localdate())
        return {"year": today.year, "month": today.month}
