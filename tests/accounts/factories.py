"""A user factory for the accounts tests (nothing from the demo city)."""

import itertools

import factory

from accounts.models import Role

_serial = itertools.count(1)


def national_id(seed):
    """A valid national ID from a number (its check digit computed)."""
    digits = [int(d) for d in f"{seed % 10**9:09d}"]
    if len(set(digits)) == 1:
        digits[0] = (digits[0] + 1) % 10
    total = sum(d * (10 - i) for i, d in enumerate(digits)) % 11
    return "".join(map(str, digits)) + str(total if total < 2 else 11 - total)


def mobile():
    return f"0936{(next(_serial) * 104729) % 10**7:07d}"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.User"

    username = factory.Sequence(lambda n: f"acct{n}-{next(_serial)}")
    role = Role.CITIZEN
    national_id = factory.Sequence(lambda n: national_id(610_000_000 + n * 53 + next(_serial)))
    mobile = factory.LazyFunction(mobile)
    password = factory.django.Password("pw-for-tests-1405")
