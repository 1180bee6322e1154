"""People: a user of each role, signing in with the test password (the fast hasher makes it cheap)."""

import factory
from factory.django import DjangoModelFactory

from accounts.models import CITY_ROLES, Role, User

PASSWORD = "pishkhan1403"

FIRST_NAMES = ["علی", "مریم", "حسین", "زهرا", "رضا", "سارا", "مهدی", "نرگس", "امیر", "لیلا"]
LAST_NAMES = ["احمدی", "کریمی", "موسوی", "صادقی", "نوروزی", "کاظمی", "هاشمی", "رحیمی", "قاسمی", "باقری"]


def _home_city(user):
    """Staff belong to a city (by default the factories' one, Isfahan); citizens and administrators to none."""
    if user.role not in CITY_ROLES:
        return None
    from tests.offices.factories import MunicipalityFactory

    return MunicipalityFactory()


def national_id(n):
    """A valid, unique national ID for the n-th person (10 digits, the last a check digit)."""
    digits = [int(d) for d in f"3{n % 10**8:08d}"]
    total = sum(d * (10 - i) for i, d in enumerate(digits)) % 11
    return "".join(map(str, digits)) + str(total if total < 2 else 11 - total)


class UserFactory(DjangoModelFactory):
    """A citizen unless told otherwise; ``role=...`` gives another role (no post: see tests.offices.factories).

    Staff get a city (``municipality=``, by default Isfahan's); an administrator gets none, and so is a
    platform administrator: ``AdminFactory(municipality=city)`` is a city's own."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person-{n}")
    first_name = factory.Sequence(lambda n: FIRST_NAMES[n % len(FIRST_NAMES)])
    last_name = factory.Sequence(lambda n: LAST_NAMES[n % len(LAST_NAMES)])
    role = Role.CITIZEN
    national_id = factory.Sequence(national_id)
    mobile = factory.Sequence(lambda n: f"0912{n % 10**7:07d}")
    password = factory.django.Password(PASSWORD)
    municipality = factory.LazyAttribute(_home_city)
    is_staff = factory.LazyAttribute(lambda u: u.role in (Role.ADMIN, Role.SUPERVISOR))
    is_superuser = factory.LazyAttribute(lambda u: u.role == Role.ADMIN)


class CitizenFactory(UserFactory):
    username = factory.Sequence(lambda n: f"citizen-{n}")


class SupervisorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"supervisor-{n}")
    role = Role.SUPERVISOR


class AdminFactory(UserFactory):
    username = factory.Sequence(lambda n: f"admin-{n}")
    role = Role.ADMIN
