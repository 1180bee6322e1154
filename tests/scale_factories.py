"""Small factories for the search, numbering and index tests (a city of their own, no demo data).

A municipality with its own bill company code, a district, an office, an officer of it,
municipal staff of the district, a supervisor, and files made straight in the table:
these tests read files, they do not move them through the workflow.
"""

import datetime
import itertools

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import Role
from cases.models import Case, Property
from cases.tracking import new_tracking_code
from offices.models import District, Membership, Municipality, Office, Service

_n = itertools.count(1)


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality

    code = factory.Sequence(lambda n: f"scale-city-{n}")
    name = factory.Sequence(lambda n: f"شهرداری آزمون {n}")
    bill_company_code = factory.Sequence(lambda n: f"{2000 + n % 7000:04d}")


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District

    municipality = factory.SubFactory(MunicipalityFactory)
    number = 1
    name = factory.LazyAttribute(lambda d: f"منطقه {d.number}")


class OfficeFactory(DjangoModelFactory):
    class Meta:
        model = Office

    code = factory.Sequence(lambda n: f"9{n:07d}")
    name = factory.Sequence(lambda n: f"دفتر آزمون {n}")
    district = factory.SubFactory(DistrictFactory)
    address = "خیابان آزمون"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"scale-user-{n}")
    role = Role.TECHNICAL_OFFICER
    password = factory.PostGenerationMethodCall("set_password", "pishkhan1403")

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):
        if create:
            self.save()


def member(user, *, office=None, district=None):
    Membership.objects.create(
        user=user,
        role=user.role,
        office=office,
        district=district or office.district,
        starts_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    return user


def service(code="notary_inquiry"):
    return Service.objects.get_or_create(code=code, defaults={"title": code})[0]


class PropertyFactory(DjangoModelFactory):
    class Meta:
        model = Property

    district = factory.SubFactory(DistrictFactory)
    renewal_code = factory.LazyAttribute(
        lambda p: f"{p.district.number:02d}-{next(_n) % 1000:03d}-045-777-01-{next(_n) % 1000:03d}"
    )
    address = "خیابان آزمون، پلاک ۱"


class CaseFactory(DjangoModelFactory):
    class Meta:
        model = Case

    service = factory.LazyFunction(service)
    tracking_code = factory.LazyFunction(new_tracking_code)
    office = factory.SubFactory(OfficeFactory)
    district = factory.SelfAttribute("office.district")
    parcel = factory.LazyAttribute(lambda c: PropertyFactory(district=c.district))
    applicant_national_id = "0499370899"
    applicant_first_name = "علی"
    applicant_last_name = "رضایی"
    applicant_mobile = "09131112233"
    holder_role = Role.TECHNICAL_OFFICER


class Desk:
    """One office and the people who read its files."""

    def __init__(self):
        self.office = OfficeFactory()
        self.district = self.office.district
        self.municipality = self.district.municipality
        city = self.municipality
        self.officer = member(UserFactory(role=Role.TECHNICAL_OFFICER, municipality=city), office=self.office)
        self.municipal = member(UserFactory(role=Role.MUNICIPAL_STAFF, municipality=city), district=self.district)
        self.supervisor = UserFactory(role=Role.SUPERVISOR, municipality=city)

    def file(self, **fields):
        return CaseFactory(office=self.office, **fields)
