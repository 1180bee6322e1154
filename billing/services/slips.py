"""Issuing fee slips: the service fee at registration, and duty slips by renewal code or plate."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.tenancy import in_city
from billing import bill_ids, duties, numbering, selectors
from billing.models import FeeSlip, SlipItem, Vehicle
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
    """The next slip number of this municipality and Jalali year whose bill/payment ID pair is robust
    and whose bill ID no slip awaiting payment holds (bill IDs come back after ten years)."""
    company = municipality.bill_company_code
    while True:
        try:
            serial = numbering.next_serial(municipality, today_j.year)
            bill_id = bill_ids.make_bill_id(bill_ids.slip_file_code(today_j.year, serial, company), company)
            payment_id = bill_ids.make_payment_id(bill_id, amount_rials, today_j.year, today_j.month)
        except bill_ids.AmountTooLarge as exc:
            raise DomainError(
                "amount-too-large",
                _("The amount, %(amount)s rials, is more than one slip can carry (at most %(most)s rials).")
                % {"amount": f"{amount_rials:,}", "most": f"{bill_ids.MAX_SLIP_AMOUNT:,}"},
            ) from exc
        except (ValueError, numbering.Exhausted) as exc:
            raise DomainError(
                "bill-id-exhausted", _("A bill ID cannot be made for this slip: %(reason)s") % {"reason": exc}
            ) from exc
        if not bill_ids.is_robust(bill_id, payment_id):
            continue
        if serial_reused(bill_id):
            continue
        return bill_ids.slip_number(today_j.year, serial), bill_id, payment_id


def serial_reused(bill_id):
    """True when a slip from ten (or twenty…) years ago with this bill ID still awaits payment."""
    return FeeSlip.objects.filter(bill_id=bill_id, status=FeeSlip.Status.ISSUED).exists()


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
        notify("slip_issued", mobile=slip.payer_mobile, context={"slip": slip})  # a new slip: told once
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
    return _service_fee_slip(case, actor)


def issue_registration_fee_slip(*, case, actor=None):
    """``issue_service_fee_slip`` for a file registered in the caller's transaction: a new file has no slip
    to look for, and the slip is written in the registration's own transaction (no savepoint)."""
    return _service_fee_slip(case, actor)


def _service_fee_slip(case, actor):
    tariff = selectors.tariff_in_force(case.service_id, municipality=case.district.municipality_id)
    lines = _fee_lines(tariff)
    if not lines:
        return None
    return _issue(
        kind=FeeSlip.Kind.SERVICE_FEE,
        municipality=case.district.municipality,
        lines=lines,
        actor=actor,
        office=case.office,
        payer={"national_id": case.applicant_national_id, "name": case.applicant_name, "mobile": case.contact_mobile},
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


def _actors_city(actor, path):
    """The actor's city (renewal codes are a city's own; a vehicle pays the city it is numbered in);
    no actor is the system itself."""
    return Q() if actor is None else in_city(actor, path)


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
        Property.objects.select_for_update()
        .select_related("district__municipality")
        .filter(_actors_city(actor, "district__municipality"), renewal_code=code)
        .order_by("pk")
        .first()
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
    if office is not None:
        lines += _fee_lines(selectors.tariff_in_force("renewal_duty", municipality=parcel.municipality_id))
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
    # A vehicle pays its duty to the city it is numbered in: another city's desk does not find it.
    vehicle = (
        Vehicle.objects.select_for_update()
        .select_related("municipality")
        .filter(_actors_city(actor, "municipality"), plate=plate)
        .first()
    )
    if vehicle is None:
        raise NotFound("vehicle-not-found", _("No vehicle is registered with the plate %(plate)s.") % {"plate": plate})
    _void_open_slips(vehicle=vehicle)
    try:
        lines = selectors.vehicle_arrears(vehicle)
    except duties.MissingRate as exc:
        raise _missing_rate(exc) from exc
    if not lines:
        raise Conflict("nothing-due", _("This vehicle owes no duty."))
    if office is not None:
        lines += _fee_lines(selectors.tariff_in_force("vehicle_duty", municipality=vehicle.municipality_id))
    return _issue(
        kind=FeeSlip.Kind.VEHICLE_DUTY,
        municipality=vehicle.municipality,
        lines=lines,
        actor=actor,
        office=office,
        payer={"national_id": vehicle.owner_national_id, "name": vehicle.owner_name, "mobile": vehicle.owner_mobile},
        vehicle=vehicle,
    )


@transaction.atomic
def issue_office_fine_slip(*, office, amount_rials, description, actor):
    """A fine the supervision unit imposed on a counter office, as a slip the office pays."""
    amount_rials = int(amount_rials)
    if amount_rials <= 0 or amount_rials % 1000:
        message = _("Enter a whole number of thousands of rials (e.g. 250000).")
        raise DomainError("invalid", message, fields={"fine_rials": [message]})
    office = type(office).objects.select_related("district__municipality").get(pk=office.pk)
    manager = office.manager
    return _issue(
        kind=FeeSlip.Kind.OFFICE_FINE,
        municipality=office.district.municipality,
        lines=[duties.Line(SlipItem.Kind.OFFICE_FINE, None, amount_rials, detail=normalize_text(description)[:200])],
        actor=actor,
        office=office,
        payer={"name": office.name[:160], "mobile": manager.mobile if manager is not None else ""},
    )


@transaction.atomic
def void_unpaid_slip(*, slip):
    """Withdraw a slip nobody has paid (a fine lifted on appeal). A paid slip is refused (409)."""
    slip = FeeSlip.objects.select_for_update().get(pk=slip.pk)
    if slip.status == FeeSlip.Status.PAID:
        raise Conflict("slip-paid", _("This slip is already paid; it cannot be withdrawn."))
    if slip.status == FeeSlip.Status.VOID:
        return slip
    SlipItem.objects.filter(slip=slip).update(live=False)
    slip.status = FeeSlip.Status.VOID
    slip.voided_at = timezone.now()
    slip.save(update_fields=["status", "voided_at"])
    return slip
