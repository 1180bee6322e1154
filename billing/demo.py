"""Billing's part of the demo city: tariffs 1403–1405, duty rate tables, properties with assessed
values and some unpaid years, vehicles, and a few paid slips for the settlement screen.

``seed(rng, log)`` is idempotent (rows found by natural keys; slips only for what has none yet).
``settle_case_fees(case)`` pays a file's service fee, for seeders that drive files to a response.
"""

import datetime
import random
from decimal import Decimal

import jdatetime
from django.db import transaction
from django.utils import timezone

from billing.models import (
    FeeDue,
    FeePolicy,
    FeeSlip,
    PropertyAssessment,
    RenewalRate,
    SurchargeRule,
    Tariff,
    Vehicle,
    VehicleClass,
    VehicleDutyRate,
)
from cases.models import Property
from offices.models import District, Municipality, Office, Service

YEARS = (1403, 1404, 1405)
# 1405 fees in rials (municipality's fee, counter fee); earlier years are 20% lower per year.
FEES_1405 = {
    "notary_inquiry": (1_200_000, 350_000),
    "bank_inquiry": (1_000_000, 350_000),
    "excavation": (2_500_000, 400_000),
    "renewal_duty": (0, 60_000),
    "vehicle_duty": (0, 60_000),
    "building_permit": (4_000_000, 600_000),
    "demolition_rebuild": (3_500_000, 600_000),
    "permit_extension": (900_000, 250_000),
    "permit_replacement": (900_000, 250_000),
    "permit_expansion": (2_000_000, 450_000),
    "permit_repairs": (700_000, 250_000),
    "frame_certificate": (1_500_000, 350_000),
    "completion_certificate": (1_800_000, 350_000),
}
RENEWAL_PER_MILLE = {
    Property.Use.RESIDENTIAL: Decimal("1.5"),
    Property.Use.COMMERCIAL: Decimal("3"),
    Property.Use.OFFICE: Decimal("2.5"),
    Property.Use.INDUSTRIAL: Decimal("2"),
    Property.Use.EDUCATIONAL: Decimal("0.5"),
    Property.Use.MIXED: Decimal("2.25"),
    Property.Use.VACANT: Decimal("4"),
}
# 1405 yearly vehicle duty by class and age band; earlier years 15% lower per year.
VEHICLE_1405 = {
    VehicleClass.PASSENGER: [(0, 5, 3_000_000), (6, 10, 2_400_000), (11, 99, 1_800_000)],
    VehicleClass.LUXURY: [(0, 5, 9_000_000), (6, 10, 7_000_000), (11, 99, 5_000_000)],
    VehicleClass.PICKUP: [(0, 5, 3_600_000), (6, 10, 3_000_000), (11, 99, 2_200_000)],
    VehicleClass.TRUCK: [(0, 5, 6_000_000), (6, 10, 5_000_000), (11, 99, 4_000_000)],
    VehicleClass.MOTORCYCLE: [(0, 5, 800_000), (6, 10, 600_000), (11, 99, 400_000)],
}
PLATE_LETTERS = ["ب", "ج", "د", "س", "ص", "ط", "ق", "ل", "م", "ن", "و", "ه", "ی"]
VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


def _first_day(year):
    return jdatetime.date(year, 1, 1).togregorian()


def _thousands(value):
    return int(value) // 1000 * 1000


# Each city's council sets its own tariffs and rates: a smaller city's are a share of Isfahan's.
CITY_FACTOR = {"isfahan": Decimal("1"), "najafabad": Decimal("0.7")}


def _council(city):
    return city.name.removeprefix("شهرداری ").strip()


def _tariffs(city):
    created = 0
    share = CITY_FACTOR.get(city.code, Decimal("1"))
    for code, (municipal, counter) in FEES_1405.items():
        service = Service.objects.filter(code=code).first()
        if service is None:
            continue
        for year in YEARS:
            factor = Decimal("0.8") ** (1405 - year) * share
            _tariff, new = Tariff.objects.get_or_create(
                service=service,
                valid_from=_first_day(year),
                municipality=city,
                defaults={
                    "year": year,
                    "municipality_fee_rials": _thousands(municipal * factor),
                    "counter_fee_rials": _thousands(counter * factor),
                    "approval_reference": f"مصوبه شورای اسلامی شهر {_council(city)} ش {year}/{120 + YEARS.index(year)}",
                    "approved_on": _first_day(year) - datetime.timedelta(days=20),
                },
            )
            created += new
    for code in ("notary_inquiry", "bank_inquiry"):
        if Service.objects.filter(code=code).exists():
            FeePolicy.objects.get_or_create(service_id=code, municipality=city, defaults={"fee_due": FeeDue.ANSWER})
    return created


def _rates(city):
    share = CITY_FACTOR.get(city.code, Decimal("1"))
    for year in range(1401, 1406):
        for use, rate in RENEWAL_PER_MILLE.items():
            RenewalRate.objects.get_or_create(
                year=year,
                use=use,
                municipality=city,
                defaults={"rate_per_mille": rate, "approval_reference": f"دفترچه عوارض {_council(city)} {year}"},
            )
        factor = Decimal("0.85") ** (1405 - year) * share
        for vehicle_class, bands in VEHICLE_1405.items():
            for low, high, amount in bands:
                VehicleDutyRate.objects.get_or_create(
                    year=year,
                    vehicle_class=vehicle_class,
                    min_age=low,
                    municipality=city,
                    defaults={"max_age": high, "amount_rials": _thousands(amount * factor)},
                )
    SurchargeRule.objects.get_or_create(
        from_year=1400, municipality=city, defaults={"percent_per_month": Decimal("2"), "cap_percent": Decimal("24")}
    )


def _national_id(rng):
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        if len(set(digits)) == 1:
            continue
        total = sum(d * (10 - i) for i, d in enumerate(digits)) % 11
        return "".join(map(str, digits)) + str(total if total < 2 else 11 - total)


def _properties(rng, city):
    uses = list(RENEWAL_PER_MILLE)
    parcels = []
    for district in District.objects.filter(municipality=city).order_by("number"):
        for k in range(2):
            code = f"{district.number:02d}-9{district.number:02d}-{100 + k:03d}-001-00-000"
            parcel, _ = Property.objects.get_or_create(
                renewal_code=code,
                municipality=city,
                defaults={
                    "district": district,
                    "address": f"{_council(city)}، {district.name}، کوچه نمونه {k + 1}",
                    "land_area": rng.randint(120, 600),
                    "built_area": rng.randint(100, 900),
                    "use": uses[(district.number + k) % len(uses)],
                    "on_record": True,
                },
            )
            value = rng.randint(8, 60) * 100_000_000
            for year in range(1401, 1406):
                PropertyAssessment.objects.get_or_create(
                    parcel=parcel, year=year, defaults={"assessed_value_rials": value}
                )
                value = _thousands(value * Decimal("1.2"))
            parcels.append(parcel)
    return parcels


def _vehicles(rng, city):
    cars = []
    classes = list(VEHICLE_1405)
    for n in range(16):
        plate = (
            f"{rng.randint(11, 99)}-{PLATE_LETTERS[n % len(PLATE_LETTERS)]}-{rng.randint(111, 999)}-{13 + n % 3 * 10}"
        )
        model_year = rng.randint(1388, 1404)
        vin = "NAA" + "".join(rng.choice(VIN_CHARS) for _ in range(14))
        car, _ = Vehicle.objects.get_or_create(
            plate=plate,
            defaults={
                "municipality": city,
                "vin": vin,
                "vehicle_class": classes[n % len(classes)],
                "model_year": model_year,
                "registered_year": max(model_year, rng.randint(1401, 1405)),
                "owner_national_id": _national_id(rng),
                "owner_name": rng.choice(["علی رضایی", "مریم احمدی", "حسین کریمی", "زهرا موسوی", "رضا صادقی"]),
                "owner_mobile": f"0913{rng.randint(1000000, 9999999)}",
            },
        )
        cars.append(car)
    return cars


def _pay(slip, reference, paid_at):
    from billing.models import Payment
    from billing.services import record_payment

    record_payment(
        bill_id=slip.bill_id,
        payment_id=slip.payment_id,
        amount_rials=slip.amount_rials,
        reference=reference,
        channel=Payment.Channel.BANK_FILE,
        paid_at=paid_at,
    )


def _backdate_and_pay(slip, reference, paid_at, rng):
    """A slip of the past: issued some days before it was paid, so months add up in the settlement."""
    FeeSlip.objects.filter(pk=slip.pk).update(issued_at=paid_at - datetime.timedelta(days=rng.randint(1, 10)))
    _pay(slip, reference, paid_at)


def _paid_history(rng, parcels, cars, city):
    """Some properties and vehicles paid their early years; the rest owe everything."""
    from billing import duties, selectors
    from billing.services.slips import _fee_lines, _issue

    offices = list(Office.objects.filter(district__municipality=city).order_by("code"))

    now = timezone.now()
    for n, parcel in enumerate(parcels):
        if n % 3 == 2 or FeeSlip.objects.filter(parcel=parcel).exists():
            continue
        paid_through = 1403 if n % 3 == 0 else 1404
        lines = [line for line in selectors.renewal_arrears(parcel) if line.year <= paid_through]
        lines += _fee_lines(selectors.tariff_in_force("renewal_duty", municipality=parcel.municipality_id))
        office = next((o for o in offices if o.district_id == parcel.district_id), None)
        slip = _issue(
            kind=FeeSlip.Kind.RENEWAL_DUTY,
            municipality=parcel.district.municipality,
            lines=lines,
            actor=None,
            office=office,
            parcel=parcel,
        )
        _backdate_and_pay(slip, f"71{parcel.pk:08d}", now - datetime.timedelta(days=rng.randint(0, 45)), rng)
    for n, car in enumerate(cars):
        if n % 2 or FeeSlip.objects.filter(vehicle=car).exists():
            continue
        try:
            lines = [line for line in selectors.vehicle_arrears(car) if line.year < 1405]
        except duties.MissingRate:  # a later year than the demo's tables: leave the car owing
            continue
        if not lines or not offices:
            continue
        lines += _fee_lines(selectors.tariff_in_force("vehicle_duty", municipality=car.municipality_id))
        slip = _issue(
            kind=FeeSlip.Kind.VEHICLE_DUTY,
            municipality=car.municipality,
            lines=lines,
            actor=None,
            payer={"national_id": car.owner_national_id, "name": car.owner_name},
            office=offices[n % len(offices)],
            vehicle=car,
        )
        _backdate_and_pay(slip, f"72{car.pk:08d}", now - datetime.timedelta(days=rng.randint(0, 45)), rng)


def settle_case_fees(case, paid_at=None):
    """Pay a file's unpaid service-fee slip (demo data only): what a bank would report."""
    for slip in FeeSlip.objects.filter(case=case, kind__in=FeeSlip.FILE_KINDS, status=FeeSlip.Status.ISSUED):
        _pay(slip, f"73{slip.pk:08d}", paid_at or timezone.now())


@transaction.atomic
def seed(rng=None, log=print):
    # Our own generator: the same plates, values and owners whatever other seeders drew before us.
    rng = random.Random(1405)
    city = Municipality.objects.filter(code="isfahan").first() or Municipality.objects.order_by("pk").first()
    if city is None:
        log("billing: no municipality yet; nothing seeded.")
        return
    created = 0
    for each in Municipality.objects.order_by("pk"):
        created += _tariffs(each)
        _rates(each)
    parcels = _properties(rng, city)
    cars = _vehicles(rng, city)
    _paid_history(rng, parcels, cars, city)
    # Files registered before the tariffs existed get their slip now; two in three are paid.
    from billing.services import issue_service_fee_slip
    from cases.models import Case

    for n, case in enumerate(Case.objects.filter(fee_slips__isnull=True).select_related("district__municipality")):
        slip = issue_service_fee_slip(case=case)
        if slip is not None and n % 3:
            _pay(slip, f"73{slip.pk:08d}", case.created_at)
    log(
        f"billing: {created} new tariff versions, {len(parcels)} assessed properties, {len(cars)} vehicles, "
        f"{FeeSlip.objects.count()} slips."
    )
