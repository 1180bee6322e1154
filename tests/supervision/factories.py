"""Small builders for the supervision tests: a city, offices with a contract in force, staff, files."""

import datetime
from functools import partial

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import Role
from cases.models import Document, DocumentKind
from offices.models import Contract, District, Membership, Municipality, Office, Service

PASSWORD = "pishkhan1403"
FILE_SERVICE = "bank_inquiry"


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"city{n}")
    name = factory.Sequence(lambda n: f"شهر {n}")


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District

    municipality = factory.SubFactory(MunicipalityFactory)
    number = factory.Sequence(lambda n: n % 89 + 10)
    name = factory.Sequence(lambda n: f"ناحیه {n}")


class ServiceFactory(DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ("code",)

    code = FILE_SERVICE
    title = "استعلام بانک"


class OfficeFactory(DjangoModelFactory):
    class Meta:
        model = Office
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"77{n:06d}")
    name = factory.Sequence(lambda n: f"دفتر آزمون {n}")
    district = factory.SubFactory(DistrictFactory)
    address = "خیابان آزمون، پلاک ۱"

    @factory.post_generation
    def contract(office, create, extracted, **kwargs):
        if not create:
            return
        today = timezone.localdate()
        office.services.add(ServiceFactory())
        Contract.objects.create(
            office=office,
            number=f"C-{office.code}",
            starts_on=today - datetime.timedelta(days=800),
            ends_on=today + datetime.timedelta(days=300),
        )


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = "نام"
    last_name = factory.Sequence(lambda n: f"خانوادگی{n}")
    role = Role.CITIZEN
    mobile = factory.Sequence(lambda n: f"0912{n % 10**7:07d}")

    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.set_password(extracted or PASSWORD)
        if create:
            user.save(update_fields=["password"])


def staff(office, role, *, since_days=800, **kwargs):
    """A person with a current post at ``office``."""
    user = UserFactory(role=role, **kwargs)
    Membership.objects.create(
        user=user,
        role=role,
        office=office,
        district=office.district,
        starts_on=timezone.localdate() - datetime.timedelta(days=since_days),
    )
    return user


def supervisor(**kwargs):
    return UserFactory(role=Role.SUPERVISOR, **kwargs)


_parcel = iter(range(1, 10**6))


def bank_details():
    return {"letter_number": "۱۲۳/ب", "letter_date": "1403/01/10", "bank_name": "ملی", "bank_branch": "مرکزی"}


def register_file(officer, *, at=None, national_id="0499370899", mobile="09131112233"):
    """A bank inquiry registered at the officer's office (backdated to ``at``), with its documents."""
    from cases.services import register_case, replay_registration

    office = Membership.objects.filter(user=officer).select_related("office__district").first().office
    register = register_case if at is None else partial(replay_registration, at=at)
    case = register(
        actor=officer,
        service=FILE_SERVICE,
        applicant={"national_id": national_id, "first_name": "علی", "last_name": "رضایی", "mobile": mobile},
        property={
            "renewal_code": f"{office.district.number:02d}-{next(_parcel):03d}-045-001-01-002",
            "address": "اصفهان، خیابان آزمون",
            "district": office.district.number,
        },
        details=bank_details(),
    )
    for kind in (DocumentKind.INQUIRY_LETTER, DocumentKind.DEED):
        Document.objects.create(
            case=case, kind=kind, file="x.pdf", original_name="x.pdf", content_type="application/pdf", size=1, sha256=""
        )
    return case
