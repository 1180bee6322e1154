import os

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

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


def _load_city():
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=FAST_HASHER):
        call_command("seed_demo", "--city-only", verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The demo city is loaded once per test database; each test's changes roll back.

    Transactional tests (threads, the live server) empty the database when they end;
    ``demo_city`` loads the city again for the next one that needs it.
    """
    with django_db_blocker.unblock():
        _load_city()


@pytest.fixture
def demo_city(db):
    """The demo city (districts, offices, staff, contracts) through its command; tests make their own files."""
    from offices.models import Municipality

    if not Municipality.objects.filter(code="isfahan").exists():
        _load_city()


def token_for(api, username, password):
    response = api.post("/api/v1/auth/token/", {"username": username, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


@pytest.fixture
def login_api(api):
    def login(username, password="pishkhan1403"):
        api.credentials(HTTP_AUTHORIZATION="Token " + token_for(api, username, password))
        return api

    return login
