"""What things cost: tariffs in force (registration issues the service-fee slip from them), fee policies,
the duty rate tables, assessed properties and vehicles."""

import datetime
from decimal import Decimal

import factory
import jdatetime
from django.utils import timezone
from factory.django import DjangoModelFactory

from billing.models import (
    FeeDue,
    FeePolicy,
    PropertyAssessment,
    RenewalRate,
    SurchargeRule,
    Tariff,
    Vehicle,
    VehicleClass,
    VehicleDutyRate,
)
from core.jalali import to_jalali
from tests.accounts.factories import national_id
from tests.cases.factories import PropertyFactory
from tests.offices.factories import CATALOGUE, MunicipalityFactory, ServiceFactory

# This year's fees in rials: (the municipality's fee, the office's counter fee).
FEES = {
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
# Inquiries are answered only once their service fee is paid.
FEE_DUE = {"notary_inquiry": FeeDue.ANSWER, "bank_inquiry": FeeDue.ANSWER}


def this_year():
    return to_jalali(timezone.localdate()).year


def first_day(year):
    return jdatetime.date(year, 1, 1).togregorian()


class TariffFactory(DjangoModelFactory):
    """This Jalali year's tariff of a service, in force from the year's first day."""

    class Meta:
        model = Tariff
        django_get_or_create = ("service", "valid_from", "municipality")

    municipality = None  # national; a city's own with municipality=...
    service = factory.SubFactory(ServiceFactory)
    valid_from = factory.LazyFunction(lambda: first_day(this_year()))
    year = factory.LazyAttribute(lambda t: to_jalali(t.valid_from).year)
    municipality_fee_rials = factory.LazyAttribute(lambda t: FEES.get(t.service.code, (500_000, 100_000))[0])
    counter_fee_rials = factory.LazyAttribute(lambda t: FEES.get(t.service.code, (500_000, 100_000))[1])
    approval_reference = factory.LazyAttribute(lambda t: f"مصوبه شورای اسلامی شهر ش {t.year}/120")
    approved_on = factory.LazyAttribute(lambda t: t.valid_from - datetime.timedelta(days=20))


class FeePolicyFactory(DjangoModelFactory):
    class Meta:
        model = FeePolicy
        django_get_or_create = ("service", "municipality")

    municipality = None  # national; a city's own with municipality=...
    service = factory.SubFactory(ServiceFactory)
    fee_due = FeeDue.ANSWER


def tariffs():
    """This year's tariff for every service of the catalogue, and the inquiries' fee policies."""
    made = [TariffFactory(service=ServiceFactory(code=code)) for code, _title in CATALOGUE]
    for code, due in FEE_DUE.items():
        FeePolicyFactory(service=ServiceFactory(code=code), fee_due=due)
    return made


class RenewalRateFactory(DjangoModelFactory):
    class Meta:
        model = RenewalRate
        django_get_or_create = ("year", "use", "municipality")

    municipality = None  # national; a city's own with municipality=...
    year = factory.LazyFunction(this_year)
    use = "residential"
    rate_per_mille = Decimal("1.5")
    approval_reference = factory.LazyAttribute(lambda r: f"دفترچه عوارض {r.year}")


class PropertyAssessmentFactory(DjangoModelFactory):
    class Meta:
        model = PropertyAssessment

    parcel = factory.SubFactory(PropertyFactory)
    year = factory.LazyFunction(this_year)
    assessed_value_rials = 1_000_000_000


def assessed_property(*, years=3, value=1_000_000_000, step=100_000_000, rate=Decimal("1.5"), **fields):
    """A parcel on record with an assessment (and a renewal rate) for each of the last ``years`` years,
    the value growing by ``step`` a year; none of them paid."""
    parcel = PropertyFactory(on_record=True, **fields)
    year = this_year()
    for k, y in enumerate(range(year - years + 1, year + 1)):
        RenewalRate.objects.update_or_create(year=y, use=parcel.use, defaults={"rate_per_mille": rate})
        PropertyAssessmentFactory(parcel=parcel, year=y, assessed_value_rials=value + k * step)
    return parcel


class VehicleDutyRateFactory(DjangoModelFactory):
    class Meta:
        model = VehicleDutyRate
        django_get_or_create = ("year", "vehicle_class", "min_age", "municipality")

    municipality = None  # national; a city's own with municipality=...
    year = factory.LazyFunction(this_year)
    vehicle_class = VehicleClass.PASSENGER
    min_age = 0
    max_age = 5
    amount_rials = 3_000_000


class SurchargeRuleFactory(DjangoModelFactory):
    """The late-payment surcharge on vehicle duty: 2% a month, capped at 24%."""

    class Meta:
        model = SurchargeRule
        django_get_or_create = ("from_year", "municipality")

    municipality = None  # national; a city's own with municipality=...

    from_year = 1400
    percent_per_month = Decimal("2")
    cap_percent = Decimal("24")


class VehicleFactory(DjangoModelFactory):
    class Meta:
        model = Vehicle

    municipality = factory.SubFactory(MunicipalityFactory)
    plate = factory.Sequence(lambda n: f"{12 + n % 80}-ب-{345 + n % 600}-{13 + n % 3 * 10}")
    vin = factory.Sequence(lambda n: f"NAAM01CA9XK{n % 10**6:06d}")
    vehicle_class = VehicleClass.PASSENGER
    model_year = factory.LazyFunction(lambda: this_year() - 3)
    registered_year = factory.LazyFunction(lambda: this_year() - 2)
    owner_national_id = factory.Sequence(lambda n: national_id(5_000_000 + n))
    owner_name = "مریم احمدی"
    owner_mobile = "09131112233"
