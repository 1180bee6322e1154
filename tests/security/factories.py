"""Small builders of our own city for the security tests: one municipality, its district, an office."""

import datetime
import itertools

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import CITY_ROLES, Role
from offices.models import Contract, District, Membership, Municipality, Office, Service

PASSWORD = "a-long-test-passphrase-1403"
_numbers = itertools.count(1)


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = "testabad"
    name = "تست‌آباد"


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("municipality", "number")

    municipality = factory.SubFactory(MunicipalityFactory)
    number = 1
    name = factory.LazyAttribute(lambda d: f"منطقه {d.number}")


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"99{n:06d}")
    name = factory.Sequence(lambda n: f"دفتر آزمون {n}")
    district = factory.SubFactory(DistrictFactory)
    address = "خیابان آزمون"
    latitude = 32.65
    longitude = 51.67

    @factory.post_generation
    def serving(office, create, extracted, **kwargs):
        """A contract covering today and the notary inquiry, so the office may register files."""
        if not create:
            return
        service = notary_service()
        office.services.add(service)
        today = timezone.localdate()
        Contract.objects.create(
            office=office,
            number=f"T-{office.code}",
            starts_on=today - datetime.timedelta(days=30),
            ends_on=today + datetime.timedelta(days=330),
        )


def notary_service():
    service, _created = Service.objects.get_or_create(code="notary_inquiry", defaults={"title": "استعلام دفترخانه"})
    return service


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"sec-user-{n}")
    first_name = "کاربر"
    last_name = "آزمون"
    role = Role.TECHNICAL_OFFICER
    password = factory.django.Password(PASSWORD)
    # Staff belong to a city (this one); an administrator made here is the platform's.
    municipality = factory.LazyAttribute(lambda u: MunicipalityFactory() if u.role in CITY_ROLES else None)


def staff(office, role=Role.TECHNICAL_OFFICER, **kwargs):
    """A user holding ``role`` at ``office`` from today on."""
    kwargs.setdefault("municipality", office.district.municipality)
    user = UserFactory(role=role, **kwargs)
    Membership.objects.create(
        user=user,
        role=role,
        office=office,
        district=office.district,
        starts_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    return user


def renewal_code(district_number=1):
    return f"{district_number:02d}-{900 + next(_numbers) % 99:03d}-{next(_numbers) % 999:03d}-001-01-001"


def notary_payload(office, **overrides):
    payload = {
        "service": "notary_inquiry",
        "office": office.pk,
        "applicant": {"national_id": "0499370899", "first_name": "علی", "last_name": "رضایی", "mobile": "09131112233"},
        "property": {
            "renewal_code": renewal_code(office.district.number),
            "address": "خیابان آزمون، پلاک ۱",
            "district": office.district.number,
        },
        "details": {
            "notary_number": "123",
            "notary_city": "اصفهان",
            "letter_number": "456",
            "letter_date": "1404/07/01",
        },
    }
    payload.update(overrides)
    return payload
