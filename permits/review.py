"""The detailed-plan review as data: the zone's rules, and the request compared with them."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from rest_framework import serializers

from core.fields import AmountField, WholeNumberField
from core.validators import to_persian_digits
from permits.models import BuildingUse

HUNDRED = Decimal(100)


def review_fields(required):
    """The plan review's input (CONTRACT.md: land_use, max_floors, max_occupancy_percent,
    max_density_percent, setback_m; street_width_m and setback_area_m2 are optional)."""
    opt = {} if required else {"required": False}
    return {
        "land_use": serializers.ChoiceField(label=_l("land use of the zone"), choices=BuildingUse.choices, **opt),
        "max_floors": WholeNumberField(label=_l("maximum floors"), min_value=1, max_value=60, **opt),
        "max_occupancy_percent": AmountField(
            label=_l("maximum occupancy (%)"), max_digits=5, decimal_places=2, min_value=1, max_value=100, **opt
        ),
        "max_density_percent": AmountField(
            label=_l("permitted density (%)"), max_digits=6, decimal_places=2, min_value=1, max_value=2000, **opt
        ),
        "setback_m": AmountField(
            label=_l("setback / widening line (m)"), max_digits=6, decimal_places=2, min_value=0, max_value=100, **opt
        ),
        "street_width_m": AmountField(
            label=_l("street width (m)"),
            max_digits=6,
            decimal_places=2,
            min_value=0,
            max_value=200,
            required=False,
            allow_null=True,
        ),
        "setback_area_m2": AmountField(
            label=_l("area taken by the setback (m²)"),
            max_digits=10,
            decimal_places=2,
            min_value=0,
            max_value=1000000,
            required=False,
            allow_null=True,
        ),
    }


REVIEW_KEYS = tuple(review_fields(False))
# The rules a review records (the fields above that a permit's review requires): given together or not at all.
ZONE_RULES = tuple(name for name, field in review_fields(True).items() if field.required)


def fa(value):
    text = format(Decimal(str(value)).normalize(), "f") if not isinstance(value, int) else str(value)
    return to_persian_digits(text).replace(".", "٫")


def breaches(*, rules, use, floors_above, floor_areas, parcel_area):
    """Each way the request breaks the zone's rules, in Persian (an empty list: none)."""
    found = []
    if rules["land_use"] != BuildingUse.MIXED and use and use != rules["land_use"]:
        found.append(
            _("The requested use (%(use)s) does not match the zone's land use (%(zone)s).")
            % {"use": BuildingUse(use).label, "zone": BuildingUse(rules["land_use"]).label}
        )
    if floors_above and floors_above > rules["max_floors"]:
        found.append(
            _("%(floors)s floors above ground are requested; the plan allows %(max)s.")
            % {"floors": fa(floors_above), "max": fa(rules["max_floors"])}
        )
    net = Decimal(str(parcel_area or 0)) - Decimal(str(rules.get("setback_area_m2") or 0))
    above = [Decimal(str(row["area"])) for row in floor_areas if int(row["level"]) >= 0]
    if net > 0 and above:
        occupancy = (max(above) * HUNDRED / net).quantize(Decimal("0.01"))
        if occupancy > rules["max_occupancy_percent"]:
            found.append(
                _("Occupancy is %(value)s%% of the net parcel; the plan allows %(max)s%%.")
                % {"value": fa(occupancy), "max": fa(rules["max_occupancy_percent"])}
            )
        density = (sum(above) * HUNDRED / net).quantize(Decimal("0.01"))
        if density > rules["max_density_percent"]:
            found.append(
                _("Density is %(value)s%% of the net parcel; the plan allows %(max)s%%.")
                % {"value": fa(density), "max": fa(rules["max_density_percent"])}
            )
    return found


def summary(rules):
    """One Persian line of what was reviewed (printed on the letter and the permit)."""
    parts = [
        _("land use: %(v)s") % {"v": BuildingUse(rules["land_use"]).label},
        _("maximum floors: %(v)s") % {"v": fa(rules["max_floors"])},
        _("occupancy: %(v)s%%") % {"v": fa(rules["max_occupancy_percent"])},
        _("density: %(v)s%%") % {"v": fa(rules["max_density_percent"])},
        _("setback: %(v)s m") % {"v": fa(rules["setback_m"])},
    ]
    if rules.get("street_width_m") is not None:
        parts.append(_("street width: %(v)s m") % {"v": fa(rules["street_width_m"])})
    return "؛ ".join(parts)
