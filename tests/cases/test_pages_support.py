"""Helpers shared by the files pages tests (no tests here)."""

from django.test import Client

from cases.services import register_case
from core.validators import to_persian_digits
from tests.cases.helpers import notary_payload


def signed_in(user):
    """A browser of its own, signed in as ``user``."""
    client = Client()
    client.force_login(user)
    return client


def fa(value):
    """What a page shows: the middleware turns visible digits Persian."""
    return to_persian_digits(str(value))


def register(actor, district=1, **overrides):
    """A notary inquiry registered by ``actor`` (typed as people type it: Arabic letters, +98, Persian digits)."""
    return register_case(actor=actor, **notary_payload(district=district, **overrides))


def html(response):
    return response.content.decode()
