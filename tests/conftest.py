import os

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.test import APIClient

from accounts.models import Role
from accounts.tokens import issue_token

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = FAST_HASHER
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.SMS_BACKEND = "console"
    from pishkhan.celery import app

    app.conf.task_always_eager = True
    from django.core.cache import cache

    cache.clear()  # throttles and the holiday cache start empty in every test


@pytest.fixture
def api():
    return APIClient()


FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PASSWORD = "pishkhan1403"  # every test account's (tests.accounts.factories)


def _load_city():
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=FAST_HASHER):
        call_command("seed_demo", "--city-only", verbosity=0)


@pytest.fixture
def demo_city(db):
    """The demo city through its command (``seed_demo --city-only``), for the browser tests only: they show
    a newcomer's screens. Every other test builds what it needs with the factories (``city`` below)."""
    _load_city()


def token_for(api, username, password):
    response = api.post("/api/v1/auth/token/", {"username": username, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


@pytest.fixture
def login_api(api):
    """Sign the API client in (through the token endpoint) as a user or a username; returns the client."""

    def login(user, password=PASSWORD):
        username = getattr(user, "username", user)
        person = get_user_model().objects.get(username=username)
        if person.role == Role.CITIZEN:
            # A citizen's token comes from the SMS code (tests/accounts/test_otp.py), never from a password.
            api.credentials(HTTP_AUTHORIZATION="Token " + issue_token(person).key)
            return api
        api.credentials(HTTP_AUTHORIZATION="Token " + token_for(api, username, password))
        return api

    return login


@pytest.fixture
def signed_in(client):
    """Sign the test client in as ``user`` (a fresh session); returns the client."""

    def sign_in(user):
        client.logout()
        client.force_login(user)
        return client

    return sign_in


# --- the small city the factories build (tests/city.py) --------------------------------------------------------


@pytest.fixture
def city(db):
    """One municipality, two districts, two offices in each, their staff, the catalogue and its tariffs."""
    from tests.city import build_city

    return build_city()


@pytest.fixture
def municipality(city):
    return city.municipality


@pytest.fixture
def district(city):
    """District 1, where ``office`` is."""
    return city.district


@pytest.fixture
def office(city):
    """An office of district 1 that may register every service: licence and contract in force."""
    return city.office


@pytest.fixture
def officer(city):
    """The technical officer of ``office``."""
    return city.officer


@pytest.fixture
def manager(city):
    """The manager of ``office``."""
    return city.manager


@pytest.fixture
def inspector(city):
    """The first of district 1's three inspectors (``city.inspectors``)."""
    return city.inspector


@pytest.fixture
def followup(city):
    """The follow-up officer of district 1's offices."""
    return city.followup


@pytest.fixture
def municipal(city):
    """Municipal staff of district 1."""
    return city.municipal


@pytest.fixture
def supervisor(city):
    return city.supervisor


@pytest.fixture
def citizen(city):
    return city.citizen


@pytest.fixture
def advance(city):
    """``advance(case, state)``: take a file of district 1 to ``state`` through apply_action, with the city's
    officer, first inspector and municipal staff (see tests.cases.factories.move for the options)."""
    from tests.cases.factories import move

    def advance_to(case, to, **kwargs):
        people = {"officer": city.officer, "inspector": city.inspector, "municipal": city.municipal}
        return move(case, to, **{**people, **kwargs})

    return advance_to
