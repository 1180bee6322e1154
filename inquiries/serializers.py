"""The details of inquiry files: the ONE definition of their fields, labels and rules.

The counter and online forms, the files API and the OpenAPI schema are all derived from these
serializers (see inquiries.plugin.InquiryServices).
"""

from decimal import Decimal

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.fields import AmountField, DigitsField, JalaliDateField, StrictSerializer, TextField
from inquiries.models import Inquiry


class LetterDetails(StrictSerializer):
    """Every inquiry arrives with the requesting organisation's letter."""

    organization_name = serializers.CharField(read_only=True, label=_("requesting organization"))
    letter_number = TextField(label=_("inquiry letter number"), max_length=40, help_text=_("As printed on the letter."))
    letter_date = JalaliDateField(label=_("inquiry letter date"), past=True)


class NotaryInquiryDetails(LetterDetails):
    notary_number = DigitsField(
        label=_("notary office number"), max_length=6, help_text=_("The notary office's number, digits only.")
    )
    notary_city = TextField(label=_("notary office city"), max_length=60)
    purpose = serializers.ChoiceField(
        label=_("purpose"),
        choices=[c for c in Inquiry.Purpose.choices if c[0] != Inquiry.Purpose.EXCAVATION],
        default=Inquiry.Purpose.TRANSFER,
    )

    def validate(self, data):
        data["organization_name"] = gettext("Notary office %(number)s of %(city)s") % {
            "number": data["notary_number"],
            "city": data["notary_city"],
        }
        return data


class BankInquiryDetails(LetterDetails):
    bank_name = TextField(label=_("bank"), max_length=80)
    bank_branch = TextField(label=_("branch"), max_length=80)
    purpose = serializers.ChoiceField(
        label=_("purpose"),
        choices=[c for c in Inquiry.Purpose.choices if c[0] != Inquiry.Purpose.EXCAVATION],
        default=Inquiry.Purpose.MORTGAGE,
    )

    def validate(self, data):
        data["organization_name"] = f"{data['bank_name']} - {data['bank_branch']}"
        return data


class ExcavationDetails(LetterDetails):
    utility_company = TextField(label=_("utility company"), max_length=100)
    location = TextField(label=_("location of the cut"), max_length=300)
    cut_length_m = AmountField(
        label=_("length of the cut (m)"), max_digits=8, decimal_places=2, min_value=Decimal("0.01"), max_value=5000
    )
    cut_width_m = AmountField(
        label=_("width of the cut (m)"), max_digits=6, decimal_places=2, min_value=Decimal("0.01"), max_value=20
    )
    planned_start = JalaliDateField(label=_("planned start"))
    planned_end = JalaliDateField(label=_("planned end"))

    def validate(self, data):
        if data["planned_end"] < data["planned_start"]:
            raise serializers.ValidationError({"planned_end": [_("The end must not be before the start.")]})
        data["organization_name"] = data["utility_company"]
        data["purpose"] = Inquiry.Purpose.EXCAVATION
        return data
