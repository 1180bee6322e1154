"""The details of permit and certificate files: the ONE definition of their fields, labels and rules.

Each group asks only what it needs: a new building the whole request (plate, areas, owners, use,
floors, the floor-area table, parking, engineers); follow-on requests and certificates name their
permit (``permit_number``) and what changes. The counter and online forms, the files API and the
OpenAPI schema are derived from these serializers (permits.plugin.PermitServices)."""

import re
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.fields import AmountField, DigitsField, NationalIdField, StrictSerializer, TextField, WholeNumberField
from core.validators import to_ascii_digits
from core.validators import to_persian_digits as fa_digits
from permits.models import BuildingUse

PERMIT_NUMBER = re.compile(r"^\d{4}/\d{2}/\d{5}$")
# Engineering-council membership (عضویت نظام مهندسی): province-field-serial, e.g. 10-12-34567.
MEMBERSHIP_NUMBER = re.compile(r"^\d{1,2}-\d{1,2}-\d{3,6}$")
SIX_DANG = Decimal(6)


class PermitNumberField(serializers.CharField):
    """A permit's number as printed on it (1403/01/00012); Persian digits accepted."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("label", _("permit number"))
        kwargs.setdefault("help_text", _("As printed on the permit: year/district/serial, e.g. 1403/01/00012."))
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, str):
            self.fail("invalid")
        text = to_ascii_digits(data).strip().replace("-", "/")
        if len(text) > 20 or not PERMIT_NUMBER.match(text):
            raise serializers.ValidationError(_("Write the permit number like 1403/01/00012."))
        return text


class MembershipNumberField(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 14)
        kwargs.setdefault("label", _("engineering-council membership number"))
        kwargs.setdefault("help_text", _("Province-field-serial, e.g. 10-12-34567."))
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, str):
            self.fail("invalid")
        text = to_ascii_digits(data).strip().replace("/", "-").replace(" ", "")
        if len(text) > 14 or not MEMBERSHIP_NUMBER.match(text):
            raise serializers.ValidationError(_("Write the membership number like 10-12-34567."))
        return text


class OwnerInput(StrictSerializer):
    national_id = NationalIdField(label=_("owner's national ID"))
    name = TextField(label=_("owner's name"), max_length=120)
    share = AmountField(
        label=_("share (dang)"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=SIX_DANG,
        help_text=_("Out of six dang."),
    )

    class Meta:
        ref_name = "PermitOwner"


class FloorInput(StrictSerializer):
    level = serializers.IntegerField(
        label=_("level"), min_value=-5, max_value=60, help_text=_("0 is the ground floor; basements are negative.")
    )
    use = serializers.ChoiceField(label=_("use"), choices=BuildingUse.choices)
    area = AmountField(
        label=_("area (m²)"), max_digits=9, decimal_places=2, min_value=Decimal("1"), max_value=Decimal("100000")
    )

    class Meta:
        ref_name = "PermitFloor"


class EngineerInput(StrictSerializer):
    name = TextField(label=_("engineer's name"), max_length=120)
    membership_number = MembershipNumberField()

    class Meta:
        ref_name = "PermitEngineer"


class EngineersInput(StrictSerializer):
    designer = EngineerInput(label=_("designer"))
    structural = EngineerInput(label=_("structural engineer"))
    supervising = EngineerInput(label=_("supervising engineer"))

    class Meta:
        ref_name = "PermitEngineers"


def _owners(**kwargs):
    return serializers.ListField(
        child=OwnerInput(),
        label=_("owners"),
        min_length=1,
        max_length=20,
        help_text=_("Shares add up to six dang."),
        **kwargs,
    )


def _floors(label=None, **kwargs):
    return serializers.ListField(
        child=FloorInput(),
        label=label or _("floor-area table"),
        min_length=1,
        max_length=70,
        help_text=_("One row per floor."),
        **kwargs,
    )


def _count(label, low=0, high=60, **kwargs):
    return WholeNumberField(label=label, min_value=low, max_value=high, **kwargs)


def check_owners(owners):
    if owners is None:
        return
    total = sum((Decimal(str(o["share"])) for o in owners), Decimal(0))
    if total != SIX_DANG:
        raise serializers.ValidationError({"owners": [_("The owners' shares must add up to six dang.")]})
    ids = [o["national_id"] for o in owners]
    if len(set(ids)) != len(ids):
        raise serializers.ValidationError({"owners": [_("An owner is listed twice.")]})


def check_floors(floors):
    levels = [row["level"] for row in floors]
    if len(set(levels)) != len(levels):
        raise serializers.ValidationError({"floor_areas": [_("Each floor appears once in the table.")]})


class NewBuildingDetails(StrictSerializer):
    """A new building (پروانه احداث) and, with the permit it closes, a demolition & rebuild."""

    plate_main = DigitsField(label=_("main plate number"), max_length=8)
    plate_sub = DigitsField(label=_("sub plate number"), max_length=8)
    deed_area = AmountField(
        label=_("deed area (m²)"), max_digits=10, decimal_places=2, min_value=Decimal("1"), max_value=1000000
    )
    parcel_area = AmountField(
        label=_("parcel area (m²)"), max_digits=10, decimal_places=2, min_value=Decimal("1"), max_value=1000000
    )
    owners = _owners()
    existing_area = AmountField(
        label=_("existing building area (m²)"),
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=1000000,
        required=False,
        allow_null=True,
        help_text=_("Empty or 0 for vacant land."),
    )
    requested_use = serializers.ChoiceField(label=_("requested use"), choices=BuildingUse.choices)
    floors_above = _count(_("floors above ground"), low=1)
    floors_below = _count(_("floors below ground"), high=5)
    units = _count(_("units"), low=1, high=500)
    floor_areas = _floors()
    parking_spaces = _count(_("parking spaces"), high=500)
    engineers = EngineersInput(label=_("engineers"))

    class Meta:
        ref_name = "NewBuildingDetails"

    def validate(self, data):
        check_owners(data.get("owners"))
        check_floors(data["floor_areas"])
        above = sum(1 for row in data["floor_areas"] if row["level"] >= 0)
        below = sum(1 for row in data["floor_areas"] if row["level"] < 0)
        if above != data["floors_above"] or below != data["floors_below"]:
            message = _(
                "The table must have one row per floor: %(above)s above ground (the ground floor, level 0, is one of "
                "them) and %(below)s below; it has %(rows_above)s and %(rows_below)s."
            ) % {
                "above": fa_digits(data["floors_above"]),
                "below": fa_digits(data["floors_below"]),
                "rows_above": fa_digits(above),
                "rows_below": fa_digits(below),
            }
            raise serializers.ValidationError({"floor_areas": [message]})
        return data


class DemolitionRebuildDetails(NewBuildingDetails):
    permit_number = PermitNumberField(
        required=False, allow_blank=True, help_text=_("The permit of the building being demolished, if it has one.")
    )

    class Meta:
        ref_name = "DemolitionRebuildDetails"


class FollowOnDetails(StrictSerializer):
    permit_number = PermitNumberField()

    class Meta:
        ref_name = "PermitFollowOnDetails"


class ExtensionDetails(FollowOnDetails):
    request_reason = TextField(
        label=_("reason for the extension"), max_length=500, required=False, allow_blank=True, source="description"
    )

    class Meta:
        ref_name = "PermitExtensionDetails"


class ReplacementDetails(FollowOnDetails):
    """A replaced permit carries new owners and/or engineers."""

    owners = _owners(required=False)
    engineers = EngineersInput(label=_("engineers"), required=False)
    request_reason = TextField(label=_("reason for the replacement"), max_length=500, source="description")

    class Meta:
        ref_name = "PermitReplacementDetails"

    def validate(self, data):
        if not data.get("owners") and not data.get("engineers"):
            raise serializers.ValidationError({"owners": [_("Give the new owners or the new engineers.")]})
        check_owners(data.get("owners"))
        return data


class ExpansionDetails(FollowOnDetails):
    """Floors or area added to a permitted building: the table lists the added part only."""

    floor_areas = _floors(label=_("added floor areas"))
    floors_above = _count(_("floors above ground after the expansion"), low=1)
    units = _count(_("units after the expansion"), low=1, high=500)
    parking_spaces = _count(_("parking spaces after the expansion"), high=500)

    class Meta:
        ref_name = "PermitExpansionDetails"

    def validate(self, data):
        check_floors(data["floor_areas"])
        return data


class RepairsDetails(FollowOnDetails):
    repair_works = TextField(label=_("repairs to be made"), max_length=500, source="description")

    class Meta:
        ref_name = "PermitRepairsDetails"


class CertificateDetails(FollowOnDetails):
    class Meta:
        ref_name = "PermitCertificateDetails"


SERIALIZERS = {
    "building_permit": NewBuildingDetails,
    "demolition_rebuild": DemolitionRebuildDetails,
    "permit_extension": ExtensionDetails,
    "permit_replacement": ReplacementDetails,
    "permit_expansion": ExpansionDetails,
    "permit_repairs": RepairsDetails,
    "frame_certificate": CertificateDetails,
    "completion_certificate": CertificateDetails,
}
NESTED = ("owners", "floor_areas", "engineers")
