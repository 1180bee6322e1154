import os

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
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


@pytest.fixture
def demo_city(db):
    """The seed_demo city (districts, offices, staff), loaded through its command."""
    call_command("seed_demo", verbosity=0)


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
