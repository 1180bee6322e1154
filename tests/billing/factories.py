"""What things cost: tariffs in force (registration issues the service-fee slip from them), fee policies,
the duty rate tables, assessed properties and vehicles."""

import datetime
import itertools
from decimal import Decimal

import factory
import jdatetime
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import Role
from billing.models import (
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
from offices.models import Contract, District, Membership, Municipality, Office, Service
from tests.cases.factories import PropertyFactory
from tests.offices import factories as office_factories
from tests.offices.factories import CATALOGUE

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
FEE_DUE = {"notary_inquiry": "answer", "bank_inquiry": "answer"}


def this_year():
    return to_jalali(timezone.localdate()).year


def first_day(year):
    return jdatetime.date(year, 1, 1).togregorian()


class TariffFactory(DjangoModelFactory):
    """This Jalali year's tariff of a service, in force from the year's first day."""

    class Meta:
        model = Tariff
        django_get_or_create = ("service", "valid_from")

    service = factory.SubFactory(office_factories.ServiceFactory)
    valid_from = factory.LazyFunction(lambda: first_day(this_year()))
    year = factory.LazyAttribute(lambda t: to_jalali(t.valid_from).year)
    municipality_fee_rials = factory.LazyAttribute(lambda t: FEES.get(t.service.code, (500_000, 100_000))[0])
    counter_fee_rials = factory.LazyAttribute(lambda t: FEES.get(t.service.code, (500_000, 100_000))[1])
    approval_reference = factory.LazyAttribute(lambda t: f"مصوبه شورای اسلامی شهر ش {t.year}/120")
    approved_on = factory.LazyAttribute(lambda t: t.valid_from - datetime.timedelta(days=20))


class FeePolicyFactory(DjangoModelFactory):
    class Meta:
        model = FeePolicy
        django_get_or_create = ("service",)

    service = factory.SubFactory(office_factories.ServiceFactory)
    fee_due = "answer"


def tariffs():
    """This year's tariff for every service of the catalogue, and the inquiries' fee policies."""
    made = [TariffFactory(service=office_factories.ServiceFactory(code=code)) for code, _title in CATALOGUE]
    for code, due in FEE_DUE.items():
        FeePolicyFactory(service=office_factories.ServiceFactory(code=code), fee_due=due)
    return made


class RenewalRateFactory(DjangoModelFactory):
    class Meta:
        model = RenewalRate
        django_get_or_create = ("year", "use")

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
        django_get_or_create = ("year", "vehicle_class", "min_age")

    year = factory.LazyFunction(this_year)
    vehicle_class = VehicleClass.PASSENGER
    min_age = 0
    max_age = 5
    amount_rials = 3_000_000


class SurchargeRuleFactory(DjangoModelFactory):
    """The late-payment surcharge on vehicle duty: 2% a month, capped at 24%."""

    class Meta:
        model = SurchargeRule
        django_get_or_create = ("from_year",)

    from_year = 1400
    percent_per_month = Decimal("2")
    cap_percent = Decimal("24")


class VehicleFactory(DjangoModelFactory):
    class Meta:
        model = Vehicle

    municipality = factory.SubFactory(office_factories.MunicipalityFactory)
    plate = factory.Sequence(lambda n: f"{12 + n % 80}-ب-{345 + n % 600}-{13 + n % 3 * 10}")
    vin = factory.Sequence(lambda n: f"NAAM01CA9XK{n % 10**6:06d}")
    vehicle_class = VehicleClass.PASSENGER
    model_year = factory.LazyFunction(lambda: this_year() - 3)
    registered_year = factory.LazyFunction(lambda: this_year() - 2)
    owner_national_id = factory.Sequence(lambda n: national_id(5_000_000 + n))
    owner_name = "مریم احمدی"
    owner_mobile = "09131112233"


# A small city of one's own for the payments tests.

_serial = itertools.count(1)


def national_id(seed):
    """A valid national ID from a number (the check digit computed)."""
    digits = [int(d) for d in f"{seed % 10**9:09d}"]
    if len(set(digits)) == 1:
        digits[0] = (digits[0] + 1) % 10
    total = sum(d * (10 - i) for i, d in enumerate(digits)) % 11
    return "".join(map(str, digits)) + str(total if total < 2 else 11 - total)


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    code = factory.Sequence(lambda n: f"town-{n}-{next(_serial)}")
    name = factory.Sequence(lambda n: f"شهر آزمون {n}")
    bill_company_code = factory.Sequence(lambda n: f"{3000 + (n * 7 + next(_serial)) % 6000:04d}")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    municipality = factory.SubFactory(MunicipalityFactory)
    number = 1
    name = "منطقه یک"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ("code",)

    code = "notary_inquiry"
    title = "استعلام دفترخانه (نقل و انتقال)"


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"97{n:04d}{next(_serial):04d}")
    name = factory.Sequence(lambda n: f"دفتر پیشخوان آزمون {n}")
    district = factory.SubFactory(DistrictFactory)
    address = "خیابان آزمون، پلاک ۱"

    @factory.post_generation
    def services(self, create, codes, **kwargs):
        for code in codes or ("notary_inquiry",):
            self.services.add(ServiceFactory(code=code))
        today = timezone.localdate()
        contract = Contract.objects.create(
            office=self,
            number=f"C-{self.code}",
            starts_on=today - datetime.timedelta(days=30),
            ends_on=today + datetime.timedelta(days=365),
        )
        contract.services.set(self.services.all())


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.User"
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}-{next(_serial)}")
    role = Role.CITIZEN
    national_id = factory.Sequence(lambda n: national_id(700_000_000 + n * 37 + next(_serial)))
    mobile = factory.Sequence(lambda n: f"0935{(n * 7919 + next(_serial)) % 10**7:07d}")
    password = factory.django.Password("pw-for-tests-1405")


def office_staff(office, role=Role.TECHNICAL_OFFICER, **fields):
    """A person working at ``office`` now, in ``role``."""
    user = UserFactory(role=role, **fields)
    Membership.objects.create(
        user=user,
        role=role,
        office=office,
        district=office.district,
        starts_on=timezone.localdate() - datetime.timedelta(days=10),
    )
    return user


def tariff(service_code="notary_inquiry", municipality_fee=1_200_000, counter_fee=350_000):
    valid_from = timezone.localdate() - datetime.timedelta(days=400)
    return Tariff.objects.create(
        service=ServiceFactory(code=service_code),
        year=1400,
        valid_from=valid_from,
        municipality_fee_rials=municipality_fee,
        counter_fee_rials=counter_fee,
        approval_reference="مصوبه آزمون",
        approved_on=valid_from,
    )


def renewal_code(district_number=1):
    n = next(_serial)
    return f"{district_number:02d}-{700 + n % 300:03d}-{n % 1000:03d}-001-01-{n % 1000:03d}"


def file_payload(office, **overrides):
    """The body of POST /api/v1/cases/ for a notary inquiry of a fresh parcel of the office's district."""
    payload = {
        "service": "notary_inquiry",
        "office": office.pk,
        "applicant": {
            "national_id": national_id(400_000_000 + next(_serial)),
            "first_name": "زهرا",
            "last_name": "احمدی",
            "mobile": "09131112233",
        },
        "property": {
            "renewal_code": renewal_code(office.district.number),
            "address": "اصفهان، کوچهٔ آزمون، پلاک ۳",
            "district": office.district.number,
        },
        "details": {
            "notary_number": "12",
            "notary_city": "اصفهان",
            "letter_number": "45/ن",
            "letter_date": "1404/07/01",
        },
    }
    payload.update(overrides)
    return payload
