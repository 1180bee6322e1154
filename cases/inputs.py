"""What a client sends to register a file: the applicant, the property and the service's details.

The applicant's and property's fields are cases' own; the details are the service family's
serializer (cases.plugins.ServiceFamily.details_serializer). The API, its OpenAPI schema and
the registration forms are all derived from these.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cases.plugins import registry
from core.fields import (
    MobileField,
    NationalIdField,
    PostalCodeField,
    RenewalCodeField,
    StrictSerializer,
    TextField,
    WholeNumberField,
)


class ApplicantInput(StrictSerializer):
    national_id = NationalIdField(label=_("National ID"))
    first_name = TextField(label=_("First name"), max_length=80)
    last_name = TextField(label=_("Last name"), max_length=80)
    mobile = MobileField(label=_("Mobile"))


class PropertyInput(StrictSerializer):
    renewal_code = RenewalCodeField(label=_("Renewal code"))
    address = TextField(label=_("Address"), max_length=300)
    postal_code = PostalCodeField(label=_("Postal code"), required=False, allow_blank=True, allow_null=True, default="")
    district = WholeNumberField(
        label=_("District"),
        min_value=1,
        max_value=99,
        help_text=_("The district's number in its municipality."),
        error_messages={"required": _("Choose the district.")},
    )


class RegistrationInput(StrictSerializer):
    """``POST /api/v1/cases/`` without the details, which depend on the service."""

    service = serializers.CharField(label=_("Service"), max_length=40, help_text=_("A code from /api/v1/services/."))
    office = serializers.IntegerField(
        label=_("Counter office"),
        required=False,
        allow_null=True,
        min_value=1,
        help_text=_("The office's id; office staff may leave it out (their own office)."),
    )
    applicant = ApplicantInput()
    property = PropertyInput()
    details = serializers.DictField(required=False, default=dict)


def _camel(code):
    return "".join(part.capitalize() for part in code.split("_"))


def registration_serializers():
    """One request serializer per service, ``service`` fixed and ``details`` typed (for the schema)."""
    result = {}
    for code in registry().service_codes():
        details = registry().details_serializer(code)
        result[code] = type(
            f"{_camel(code)}Registration",
            (RegistrationInput,),
            {
                "service": serializers.ChoiceField(choices=[code], label=_("Service")),
                "details": details(),
            },
        )
    return result
