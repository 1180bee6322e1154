"""Sign-in hardening: lockout on the page and the API, shared across workers, keyed on the real
client address; tokens that expire and die with the password; password rules in Persian."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import Role
from tests.security.conftest import signed_in
from tests.security.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return UserFactory(role=Role.SUPERVISOR)


def api_sign_in(client, username, password, **headers):
    return client.post("/api/v1/auth/token/", {"username": username, "password": password}, format="json", **headers)


def page_sign_in(client, username, password, **headers):
    return client.post("/accounts/login/", {"username": username, "password": password}, **headers)


def test_five_wrong_passwords_lock_the_api_sign_in_even_for_the_right_password(person, settings):
    client = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = api_sign_in(client, person.username, "wrong")
        assert response.status_code == 400
    response = api_sign_in(client, person.username, "wrong")
    assert response.status_code == 429
    assert response.json()["code"] == "locked-out"
    assert "قفل" in response.json()["detail"]
    response = api_sign_in(client, person.username, PASSWORD)
    assert response.status_code == 429
    assert "token" not in response.json()
    # Counted in the database, so every worker and host sees the same count.
    assert AccessAttempt.objects.filter(username=person.username).get().failures_since_start >= 5


def test_the_html_sign_in_locks_too_with_a_persian_page(person, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = page_sign_in(client, person.username, "wrong")
    assert response.status_code == 429
    page = response.content.decode()
    assert 'data-testid="locked-out"' in page and "قفل" in page
    assert page_sign_in(client, person.username, PASSWORD).status_code == 429


def test_a_spoofed_x_forwarded_for_does_not_get_around_the_lockout(person, settings):
    client = APIClient()
    for n in range(settings.AXES_FAILURE_LIMIT + 3):
        response = api_sign_in(client, person.username, "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_x_forwarded_for_is_read_only_from_a_trusted_proxy(person, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    client = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = api_sign_in(client, person.username, "wrong", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}
    # Another client behind the same proxy is not locked out by the first one's mistakes.
    response = api_sign_in(client, person.username, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert response.status_code == 200


def test_a_right_password_before_the_limit_clears_the_count(person, settings):
    client = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        api_sign_in(client, person.username, "wrong")
    assert api_sign_in(client, person.username, PASSWORD).status_code == 200
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert api_sign_in(client, person.username, "wrong").status_code == 400


def test_the_api_sign_in_throttle_ignores_x_forwarded_for_from_strangers(settings):
    from accounts.api import LoginThrottle

    client = APIClient()
    statuses = [
        api_sign_in(client, f"nobody{n}", "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(LoginThrottle().num_requests + 2)
    ]
    assert statuses[-1] == 429


def test_an_expired_token_is_refused_with_401(person, settings):
    api = signed_in(person)
    assert api.get("/api/v1/auth/me/").status_code == 200
    Token.objects.filter(user=person).update(
        created=timezone.now() - datetime.timedelta(hours=settings.API_TOKEN_TTL_HOURS, minutes=1)
    )
    response = api.get("/api/v1/auth/me/")
    assert response.status_code == 401
    assert "دوباره وارد شوید" in response.json()["detail"]
    assert not Token.objects.filter(user=person).exists()
    # Signing in again gives a fresh token.
    assert signed_in(person).get("/api/v1/auth/me/").status_code == 200


def test_a_token_dies_when_the_password_changes(person):
    api = signed_in(person)
    person.set_password("another-long-passphrase-77")
    person.save()
    assert api.get("/api/v1/auth/me/").status_code == 401


def test_a_password_changed_on_the_page_ends_the_api_token(person, client):
    api = signed_in(person)
    client.force_login(person)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "another-passphrase-9", "new_password2": "another-passphrase-9"},
    )
    assert response.status_code == 302
    assert api.get("/api/v1/auth/me/").status_code == 401


def test_password_rules_speak_persian(person):
    with translation.override("fa"), pytest.raises(ValidationError) as info:
        validate_password("123", person)
    messages = info.value.messages
    assert len(messages) == 3
    for message in messages:
        assert any("\u0600" <= ch <= "\u06ff" for ch in message), message
        assert "password" not in message.lower()


def test_the_password_page_shows_persian_rules(person, client):
    client.force_login(person)
    response = client.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": "1234", "new_password2": "1234"}
    )
    page = response.content.decode()
    assert "گذرواژه خیلی کوتاه است" in page
    assert "This password" not in page
