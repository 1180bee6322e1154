"""Fees computed from a building's floor-area table, and other slips a service family adds to its file
(the permit fee, a commission's fine)."""

from decimal import ROUND_DOWN, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.tenancy import city_or_national, own_first
from billing import duties, selectors
from billing.models import BuildingFeeRate, BuildingFeeTariff, FeeSlip, SlipItem
from billing.services.slips import _issue
from core.errors import DomainError
from core.validators import to_persian_digits

THOUSAND = Decimal(1000)


def _amount(value):
    """Whole thousands of rials (a payment ID carries thousands), rounded down."""
    return int((value / THOUSAND).to_integral_value(rounding=ROUND_DOWN) * THOUSAND)


def _fa(number):
    text = format(Decimal(str(number)).normalize(), "f")
    whole, _dot, fraction = text.partition(".")
    whole = f"{int(whole):,}".replace(",", "٬")
    return to_persian_digits(whole + ("٫" + fraction if fraction else ""))


def tariff_in_force(on=None, municipality=None):
    """The building fee tariff in force on ``on`` in the city: its own version, else the national one."""
    on = on or timezone.localdate()
    city = getattr(municipality, "pk", municipality)
    rows = BuildingFeeTariff.objects.filter(city_or_national(city), valid_from__lte=on).order_by("-valid_from")
    return own_first(rows, city)


def building_fee_lines(*, district, block, rows, on=None):
    """The fee of ``rows`` (``[{"label", "use", "floor_kind", "area"}]``) on a parcel of ``district``'s
    ``block``: one line per row, area × zonal value × coefficient, each line saying so.
    Returns ``(lines, tariff)``; raises DomainError when the zonal value or a coefficient is missing."""
    on = on or timezone.localdate()
    zonal = selectors.zonal_value_in_force(district, block, on)
    if zonal is None:
        raise DomainError(
            "zonal-value-missing",
            _(
                "No zonal value is recorded for block %(block)s of district %(district)s. The supervision unit "
                "records zonal values (reference data); once it is recorded, finish the review again."
            )
            % {"block": block, "district": district.number},
        )
    tariff = tariff_in_force(on, district.municipality_id)
    if tariff is None:
        raise DomainError("building-tariff-missing", _("No building fee tariff is in force."))
    rates = {(r.use, r.floor_kind): r.coefficient for r in BuildingFeeRate.objects.filter(tariff=tariff)}
    lines = []
    for row in rows:
        coefficient = rates.get((row["use"], row["floor_kind"]))
        if coefficient is None:
            raise DomainError(
                "building-rate-missing",
                _("The building fee tariff has no coefficient for “%(label)s”.") % {"label": row["label"]},
            )
        area = Decimal(str(row["area"]))
        amount = _amount(area * Decimal(zonal) * coefficient)
        detail = _("%(label)s: %(area)s m² × %(zonal)s rials × %(coefficient)s") % {
            "label": row["label"],
            "area": _fa(area),
            "zonal": _fa(zonal),
            "coefficient": _fa(coefficient),
        }
        lines.append(duties.Line(SlipItem.Kind.MUNICIPAL_FEE, None, amount, base_rials=zonal, detail=detail[:200]))
    return lines, tariff


def _payer(case):
    return {"national_id": case.applicant_national_id, "name": case.applicant_name, "mobile": case.contact_mobile}


@transaction.atomic
def issue_building_fee_slip(*, case, actor, district, block, rows):
    """The file's permit fee computed from its floor-area table (a slip of the file, so the file's fee
    policy holds its permit until it is paid)."""
    lines, tariff = building_fee_lines(district=district, block=block, rows=rows)
    if not tariff.used:
        BuildingFeeTariff.objects.filter(pk=tariff.pk).update(used=True)
    return _issue(
        kind=FeeSlip.Kind.BUILDING_FEE,
        municipality=case.district.municipality,
        lines=lines,
        actor=actor,
        office=case.office,
        payer=_payer(case),
        case=case,
    )


@transaction.atomic
def issue_fine_slip(*, case, actor, amount_rials, detail):
    """A fine decided on the file (a service-fee slip of the file, in whole thousands of rials)."""
    amount = _amount(Decimal(amount_rials))
    if amount <= 0:
        raise DomainError("invalid", _("The fine must be at least 1,000 rials."))
    line = duties.Line(SlipItem.Kind.MUNICIPAL_FEE, None, amount, detail=detail[:200])
    return _issue(
        kind=FeeSlip.Kind.SERVICE_FEE,
        municipality=case.district.municipality,
        lines=[line],
        actor=actor,
        office=case.office,
        payer=_payer(case),
        case=case,
    )
