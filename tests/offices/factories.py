"""The office network: a municipality, its districts, the service catalogue, offices that may register
files (licence and contract in force), and the people who work there.

``OfficeFactory()`` makes an office ``offices.services.ensure_may_register`` lets register every
service of the catalogue. Staff factories take the office (or offices, for inspectors and follow-up
officers) or the district they serve: ``TechnicalOfficerFactory(office=office)``,
``InspectorFactory(office=[a, b])``, ``MunicipalStaffFactory(district=district)``.
"""

import datetime

import factory
import jdatetime
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import Role
from offices.models import (
    Acknowledgement,
    Attendance,
    Contract,
    Course,
    District,
    Instruction,
    Membership,
    Municipality,
    Office,
    Service,
)
from tests.accounts.factories import UserFactory

# The service catalogue (code, Persian title), in the order the portal lists it.
CATALOGUE = [
    ("notary_inquiry", "استعلام دفترخانه (نقل و انتقال)"),
    ("bank_inquiry", "استعلام بانک"),
    ("excavation", "درخواست حفاری"),
    ("renewal_duty", "صدور و وصول فیش عوارض نوسازی"),
    ("vehicle_duty", "عوارض سالیانه خودرو"),
    ("building_permit", "پروانه احداث بنا"),
    ("demolition_rebuild", "پروانه تخریب و نوسازی"),
    ("permit_extension", "تمدید پروانه ساختمانی"),
    ("permit_replacement", "تعویض پروانه ساختمانی"),
    ("permit_expansion", "توسعه بنا"),
    ("permit_repairs", "مجوز تعمیرات"),
    ("frame_certificate", "گواهی سفت‌کاری"),
    ("completion_certificate", "گواهی پایان ساخت"),
]
TITLES = dict(CATALOGUE)


def today():
    return timezone.localdate()


def days(n):
    return datetime.timedelta(days=n)


def jalali(offset):
    """Today plus ``offset`` days, as the Jalali date fields hold it once read back from the database."""
    return jdatetime.date.fromgregorian(date=today() + days(offset))


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = "isfahan"
    name = "شهرداری اصفهان"
    letter_header = "شهرداری اصفهان · معاونت شهرسازی و معماری"


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("municipality", "number")

    municipality = factory.SubFactory(MunicipalityFactory)
    number = factory.Sequence(lambda n: n % 15 + 1)
    name = factory.LazyAttribute(lambda d: f"منطقه {d.number}")


class ServiceFactory(DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ("code",)

    code = "notary_inquiry"
    title = factory.LazyAttribute(lambda s: TITLES.get(s.code, s.code))
    order = factory.LazyAttribute(lambda s: [c for c, _t in CATALOGUE].index(s.code) if s.code in TITLES else 99)


def catalogue():
    """Every service of the catalogue (found or made), in the catalogue's order."""
    return [ServiceFactory(code=code) for code, _title in CATALOGUE]


class ContractFactory(DjangoModelFactory):
    """A contract in force today for a year; no services listed, so it covers all the office delivers."""

    class Meta:
        model = Contract

    office = None  # given by OfficeFactory, or by the test
    number = factory.Sequence(lambda n: f"ISF-C{n:05d}")
    starts_on = factory.LazyFunction(lambda: jalali(-30))
    ends_on = factory.LazyFunction(lambda: jalali(335))
    signed_on = factory.LazyAttribute(lambda c: c.starts_on - days(10))
    tariff_note = "تعرفه‌های مصوب شورای اسلامی شهر"


class OfficeFactory(DjangoModelFactory):
    """An active, selected office with its CRA licence and a contract in force, delivering the whole catalogue.

    ``OfficeFactory(contract=None)`` leaves the contract out; ``services=[...]`` narrows what it delivers.
    """

    class Meta:
        model = Office
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"2037{n % 10**4:04d}")
    district = factory.SubFactory(DistrictFactory)
    name = factory.LazyAttributeSequence(lambda o, n: f"دفتر پیشخوان دولت {o.district.name} - {n}")
    address = factory.LazyAttribute(lambda o: f"اصفهان، {o.district.name}، خیابان نمونه، پلاک ۱۲")
    postal_code = factory.Sequence(lambda n: f"81{n % 10**8:08d}")
    phone = factory.Sequence(lambda n: f"031-{32000000 + n % 10**6}")
    latitude = factory.Sequence(lambda n: round(32.65 + (n % 50) / 1000, 6))
    longitude = factory.Sequence(lambda n: round(51.66 + (n % 50) / 1000, 6))
    licence_number = factory.Sequence(lambda n: f"CRA-{100000 + n}")
    licence_issued_on = factory.LazyFunction(lambda: jalali(-300))
    licence_expires_on = factory.LazyFunction(lambda: jalali(400))
    daily_capacity = 40

    @factory.post_generation
    def services(office, create, extracted, **kwargs):
        if create:
            office.services.set(catalogue() if extracted is None else extracted)

    contract = factory.RelatedFactory(ContractFactory, factory_related_name="office")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory, role=factory.SelfAttribute("..role"))
    role = Role.TECHNICAL_OFFICER
    office = factory.SubFactory(OfficeFactory)
    district = factory.LazyAttribute(lambda m: m.office.district if m.office else DistrictFactory())
    starts_on = factory.LazyFunction(lambda: jalali(-400))


def _as_list(value):
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple, set)) else [value]


def _join_city(user, district):
    """A post is in the person's city: someone made without one takes the post's."""
    if user.municipality_id != district.municipality_id:
        user.municipality = district.municipality
        user.save(update_fields=["municipality"])


class OfficeStaffFactory(UserFactory):
    """A person with a current post at ``office`` (an office, or a list: inspectors and follow-up
    officers serve several offices of one district). Without an office, one is made. They belong to
    the office's city."""

    municipality = None  # the office's, once it is known

    @factory.post_generation
    def office(user, create, extracted, **kwargs):
        if not create:
            return
        for office in _as_list(extracted) or [OfficeFactory()]:
            _join_city(user, office.district)
            MembershipFactory(user=user, role=user.role, office=office)
            if user.role == Role.OFFICE_MANAGER and office.manager_id != user.pk:
                office.manager = user
                office.save(update_fields=["manager", "updated_at"])


class TechnicalOfficerFactory(OfficeStaffFactory):
    username = factory.Sequence(lambda n: f"officer-{n}")
    role = Role.TECHNICAL_OFFICER


class OfficeManagerFactory(OfficeStaffFactory):
    username = factory.Sequence(lambda n: f"manager-{n}")
    role = Role.OFFICE_MANAGER


class InspectorFactory(OfficeStaffFactory):
    username = factory.Sequence(lambda n: f"inspector-{n}")
    role = Role.INSPECTOR


class FollowupOfficerFactory(OfficeStaffFactory):
    username = factory.Sequence(lambda n: f"followup-{n}")
    role = Role.FOLLOWUP_OFFICER


class MunicipalStaffFactory(UserFactory):
    """Municipal staff of ``district`` (made when not given), of its city."""

    username = factory.Sequence(lambda n: f"municipal-{n}")
    role = Role.MUNICIPAL_STAFF
    municipality = None  # the district's

    @factory.post_generation
    def district(user, create, extracted, **kwargs):
        if create:
            district = extracted or DistrictFactory()
            _join_city(user, district)
            MembershipFactory(user=user, role=user.role, office=None, district=district)


class CourseFactory(DjangoModelFactory):
    """A finished course; ``required_for`` lists the role codes that must pass it."""

    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"دوره آموزشی {n}")
    kind = Course.Kind.THEORY
    starts_on = factory.LazyFunction(lambda: jalali(-300))
    ends_on = factory.LazyFunction(lambda: jalali(-295))
    hours = 16
    required_for = factory.LazyFunction(lambda: [str(Role.TECHNICAL_OFFICER), str(Role.INSPECTOR)])


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = Attendance

    course = factory.SubFactory(CourseFactory)
    user = factory.SubFactory(UserFactory)
    attended = True
    passed = True
    score = 17


def train(*users, courses=None):
    """Give each person a pass in every course their role requires (or in ``courses``)."""
    every = list(Course.objects.all()) if courses is None else list(courses)
    for user in users:
        for course in every:
            if courses is not None or str(user.role) in (course.required_for or []):
                AttendanceFactory(course=course, user=user)


class InstructionFactory(DjangoModelFactory):
    """An instruction published a few days ago to ``audience`` (role codes)."""

    class Meta:
        model = Instruction

    title = factory.Sequence(lambda n: f"دستورالعمل {n}")
    text = "متن دستورالعمل اجرایی برای دفاتر پیشخوان."
    audience = factory.LazyFunction(lambda: [str(Role.TECHNICAL_OFFICER)])
    published_on = factory.LazyFunction(lambda: jalali(-5))
    published_by = None


class AcknowledgementFactory(DjangoModelFactory):
    class Meta:
        model = Acknowledgement

    instruction = factory.SubFactory(InstructionFactory)
    user = factory.SubFactory(UserFactory)
