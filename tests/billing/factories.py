"""Small factories for the billing tests: a counter office of its own city, its staff, a tariff, a file.

Nothing here reads the demo city; every code is drawn from a sequence so tests never collide with it.
"""

import datetime
import itertools

import factory
from django.utils import timezone

from accounts.models import Role
from billing.models import Tariff
from offices.models import Contract, District, Membership, Municipality, Office, Service

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
