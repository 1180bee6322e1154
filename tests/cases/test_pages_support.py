"""Helpers shared by the files pages tests (no tests here)."""

from django.test import Client

from accounts.models import Role
from cases.services import register_case
from core.validators import to_persian_digits
from offices.models import Membership
from tests.cases.helpers import notary_payload, user

PASSWORD = "pishkhan1403"


def signed_in(username):
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def fa(value):
    """What a page shows: the middleware turns visible digits Persian."""
    return to_persian_digits(str(value))


def register(username="officer", district=1, **overrides):
    payload = notary_payload(district=district, **overrides)
    return register_case(actor=user(username), **payload)


def colleague(role=Role.TECHNICAL_OFFICER, *, other_than="10370001", district=None):
    """Someone with ``role`` at another office (in ``district`` when given)."""
    posts = Membership.objects.current().filter(role=role, office__isnull=False).exclude(office__code=other_than)
    if district is not None:
        posts = posts.filter(office__district__number=district)
    return posts.select_related("user", "office").order_by("office__code").first()


def html(response):
    return response.content.decode()
