"""Small factories for the files tests: a city of its own, staff with their posts, files in any state.

Files are made directly (not through registration), so a test states exactly the file it needs.
"""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import Role
from cases.history import record_transition
from cases.models import Case, Property, State
from cases.tracking import new_tracking_code
from offices.models import District, Membership, Municipality, Office, Service

PASSWORD = "pishkhan1403"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"city{n}")
    name = factory.Sequence(lambda n: f"شهرداری آزمون {n}")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("municipality", "number")

    municipality = factory.SubFactory(MunicipalityFactory)
    number = 1
    name = factory.LazyAttribute(lambda d: f"منطقه {d.number}")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ("code",)

    code = "notary_inquiry"
    title = "استعلام دفترخانه (نقل و انتقال)"


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    code = factory.Sequence(lambda n: f"99{n:06d}")
    name = factory.Sequence(lambda n: f"دفتر آزمون {n}")
    district = factory.SubFactory(DistrictFactory)
    address = "اصفهان، خیابان آزمون"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = "مریم"
    last_name = factory.Sequence(lambda n: f"کارمند{n}")
    role = Role.TECHNICAL_OFFICER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def staff(role, *, office=None, district=None, **kwargs):
    """A person with a current post: at ``office`` (office roles) or in ``district`` (municipal staff)."""
    user = UserFactory(role=role, **kwargs)
    if office is not None or district is not None:
        Membership.objects.create(
            user=user,
            role=role,
            office=office,
            district=district or office.district,
            starts_on=timezone.localdate() - datetime.timedelta(days=30),
        )
    return user


class PropertyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Property

    district = factory.SubFactory(DistrictFactory)
    renewal_code = factory.Sequence(lambda n: f"01-{n % 1000:03d}-{n // 1000 % 1000:03d}-001-01-002")
    address = factory.Sequence(lambda n: f"اصفهان، خیابان چهارباغ، پلاک {n}")


class CaseFactory(factory.django.DjangoModelFactory):
    """A file at ``office`` in ``state``; its first history row says who registered it."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    service = factory.SubFactory(ServiceFactory)
    office = factory.SubFactory(OfficeFactory)
    district = factory.SelfAttribute("office.district")
    parcel = factory.SubFactory(PropertyFactory, district=factory.SelfAttribute("..district"))
    tracking_code = factory.LazyFunction(new_tracking_code)
    applicant_national_id = "0499370899"
    applicant_first_name = "علی"
    applicant_last_name = factory.Sequence(lambda n: f"رضایی{n}")
    applicant_mobile = "09131112233"
    state = State.SUBMITTED
    holder_role = Role.TECHNICAL_OFFICER
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=3))
    version = 1

    @factory.post_generation
    def registered(obj, create, extracted, **kwargs):
        if create:
            record_transition(
                obj, seq=1, action="register", from_state="", to_state=obj.state, actor=obj.created_by, data={}
            )


def add_history(case, action, actor, *, to_state=None, note="", data=None):
    """One more history row on ``case`` (a visit report, a plan review) as the workflow writes it."""
    case.version += 1
    record_transition(
        case,
        seq=case.version,
        action=action,
        from_state=case.state,
        to_state=to_state or case.state,
        actor=actor,
        note=note,
        data=data or {},
    )
    Case.objects.filter(pk=case.pk).update(version=case.version)
    return case
