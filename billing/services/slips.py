"""Issuing fee slips: the service fee at registration, and duty slips by renewal code or plate."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from billing import bill_ids, duties, selectors
from billing.models import FeeSlip, SlipCounter, SlipItem, Vehicle
from cases.models import Property
from core.errors import Conflict, DomainError, NotFound
from core.jalali import to_jalali
from core.validators import (
    normalize_mobile,
    normalize_national_id,
    normalize_plate,
    normalize_renewal_code,
    normalize_text,
)
from notifications.notify import notify


def _draw_number(municipality, amount_rials, today_j):
    """The next slip number whose bill/payment ID pair is robust, under the counter's row lock."""
    SlipCounter.objects.get_or_create(municipality=municipality)
    counter = SlipCounter.objects.select_for_update().get(municipality=municipality)
    company = municipality.bill_company_code
    number = counter.last_number
    while True:
        number += 1
        try:
            bill_id = bill_ids.make_bill_id(number, company)
            payment_id = bill_ids.make_payment_id(bill_id, amount_rials, today_j.year, today_j.month)
        except ValueError as exc:
            raise DomainError(
                "bill-id-exhausted", _("A bill ID cannot be made for this slip: %(reason)s") % {"reason": exc}
            ) from exc
        if bill_ids.is_robust(bill_id, payment_id):
            break
    counter.last_number = number
    counter.save(update_fields=["last_number"])
    return number, bill_id, payment_id


def _issue(*, kind, municipality, lines, actor, office=None, payer=None, **links):
    """Write one slip with its items. ``lines`` are duties.Line values; amounts in whole thousands."""
    amount = sum(line.amount_rials for line in lines)
    if amount <= 0:
        raise DomainError("nothing-due", _("Nothing is due, so no slip was issued."))
    today_j = to_jalali(timezone.localdate())
    number, bill_id, payment_id = _draw_number(municipality, amount, today_j)
    payer = payer or {}
    slip = FeeSlip.objects.create(
        municipality=municipality,
        number=number,
        kind=kind,
        office=office,
        amount_rials=amount,
        counter_fee_rials=sum(line.amount_rials for line in lines if line.kind == SlipItem.Kind.COUNTER_FEE),
        bill_id=bill_id,
        payment_id=payment_id,
        payer_national_id=payer.get("national_id", ""),
        payer_name=payer.get("name", ""),
        payer_mobile=payer.get("mobile", ""),
        issued_by=actor,
        **links,
    )
    SlipItem.objects.bulk_create(
        [
            SlipItem(
                slip=slip,
                kind=line.kind,
                year=line.year,
                base_rials=line.base_rials,
                amount_rials=line.amount_rials,
                description=line.detail,
                parcel=links.get("parcel"),
                vehicle=links.get("vehicle"),
            )
            for line in lines
        ]
    )
    if slip.payer_mobile:
        notify("slip_issued", mobile=slip.payer_mobile, context={"slip": slip}, dedupe_key=f"slip-issued-{slip.pk}")
    return slip


def _fee_lines(tariff):
    lines = []
    if tariff is not None and tariff.municipality_fee_rials:
        lines.append(duties.Line(SlipItem.Kind.MUNICIPAL_FEE, None, tariff.municipality_fee_rials))
    if tariff is not None and tariff.counter_fee_rials:
        lines.append(duties.Line(SlipItem.Kind.COUNTER_FEE, None, tariff.counter_fee_rials))
    return lines


@transaction.atomic
def issue_service_fee_slip(*, case, actor=None):
    """The file's service-fee slip at the tariff in force; None when the tariff is zero or missing.

    Idempotent: a file keeps the slip it has.
    """
    existing = selectors.service_fee_slips(case)
    if existing:
        return existing[0]
    tariff = selectors.tariff_in_force(case.service_id)
    lines = _fee_lines(tariff)
    if not lines:
        return None
    return _issue(
        kind=FeeSlip.Kind.SERVICE_FEE,
        municipality=case.district.municipality,
        lines=lines,
        actor=actor,
        office=case.office,
        payer={"national_id": case.applicant_national_id, "name": case.applicant_name, "mobile": case.applicant_mobile},
        case=case,
        tariff=tariff,
    )


def _void_open_slips(**target):
    """Replace the unpaid duty slips of a property or vehicle (their years go on the new slip)."""
    open_slips = list(FeeSlip.objects.select_for_update().filter(status=FeeSlip.Status.ISSUED, **target))
    if not open_slips:
        return
    ids = [s.pk for s in open_slips]
    SlipItem.objects.filter(slip__in=ids).update(live=False)
    FeeSlip.objects.filter(pk__in=ids).update(status=FeeSlip.Status.VOID, voided_at=timezone.now())


def _missing_rate(exc):
    return DomainError(
        "rate-missing",
        _("No rate is set for %(year)s; ask the municipality to complete the table.") % {"year": exc.year},
    )


def _payer(payer):
    payer = dict(payer or {})
    errors = {}
    cleaned = {"name": normalize_text(payer.get("name"))[:160]}
    for key, fn in (("national_id", normalize_national_id), ("mobile", normalize_mobile)):
        value = payer.get(key)
        if value in (None, ""):
            cleaned[key] = ""
            continue
        try:
            cleaned[key] = fn(value)
        except ValidationError as exc:
            errors[f"payer_{key}"] = exc.messages
    if errors:
        raise DomainError("invalid", _("Check the payer's details."), fields=errors)
    return cleaned


@transaction.atomic
def issue_renewal_slip(*, renewal_code, actor, office=None, payer=None):
    """A slip for the renewal duty due on a property: this year and every unpaid past year, itemized.

    An earlier unpaid slip of the property is replaced, so no year is ever billed on two live slips.
    """
    try:
        code = normalize_renewal_code(renewal_code)
    except ValidationError as exc:
        raise DomainError("invalid", exc.messages[0], fields={"renewal_code": exc.messages}) from exc
    parcel = (
        Property.objects.select_for_update().select_related("district__municipality").filter(renewal_code=code).first()
    )
    if parcel is None:
        raise NotFound("property-not-found", _("No property has the renewal code %(code)s.") % {"code": code})
    payer = _payer(payer)
    _void_open_slips(parcel=parcel)
    try:
        lines = selectors.renewal_arrears(parcel)
    except duties.MissingRate as exc:
        raise _missing_rate(exc) from exc
    if not lines:
        raise Conflict("nothing-due", _("This property owes no renewal duty."))
    lines += _fee_lines(selectors.tariff_in_force("renewal_duty")) if office is not None else []
    return _issue(
        kind=FeeSlip.Kind.RENEWAL_DUTY,
        municipality=parcel.district.municipality,
        lines=lines,
        actor=actor,
        office=office,
        payer=payer,
        parcel=parcel,
    )


@transaction.atomic
def issue_vehicle_slip(*, plate, actor, office=None):
    """A slip for all the vehicle duty due: unpaid years with their late surcharges, itemized."""
    try:
        plate = normalize_plate(plate)
    except ValidationError as exc:
        raise DomainError("invalid", exc.messages[0], fields={"plate": exc.messages}) from exc
    vehicle = Vehicle.objects.select_for_update().select_related("municipality").filter(plate=plate).first()
    if vehicle is None:
        raise NotFound("vehicle-not-found", _("No vehicle is registered with the plate %(plate)s.") % {"plate": plate})
    _void_open_slips(vehicle=vehicle)
    try:
        lines = selectors.vehicle_arrears(vehicle)
    except duties.MissingRate as exc:
        raise _missing_rate(exc) from exc
    if not lines:
        raise Conflict("nothing-due", _("This vehicle owes no duty."))
    lines += _fee_lines(selectors.tariff_in_force("vehicle_duty")) if office is not None else []
    return _issue(
        kind=FeeSlip.Kind.VEHICLE_DUTY,
        municipality=vehicle.municipality,
        lines=lines,
        actor=actor,
        office=office,
        payer={"national_id": vehicle.owner_national_id, "name": vehicle.owner_name, "mobile": vehicle.owner_mobile},
        vehicle=vehicle,
    )
