"""Citizens sign in by SMS code only: a password a citizen account carries opens neither the sign-in page nor
the API's token, and no "change password" is offered to them."""

import pytest

from accounts.models import Role
from tests.accounts.factories import PASSWORD, CitizenFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_citizen_cannot_sign_in_with_a_password(client, api):
    citizen = CitizenFactory()
    assert citizen.check_password(PASSWORD)
    page = client.post("/accounts/login/", {"username": citizen.username, "password": PASSWORD})
    assert page.status_code == 200 and "_auth_user_id" not in client.session
    assert "کد یک‌بارمصرفی که با پیامک" in page.content.decode()
    assert 'data-testid="citizen-sign-in"' in page.content.decode()
    token = api.post("/api/v1/auth/token/", {"username": citizen.username, "password": PASSWORD}, format="json")
    assert token.status_code == 400 and "token" not in token.json()
    assert "پیامک" in str(token.json())


def test_staff_still_sign_in_with_their_password(client, api):
    officer = UserFactory(role=Role.SUPERVISOR)
    signed = client.post("/accounts/login/", {"username": officer.username, "password": PASSWORD})
    assert signed.status_code == 302 and client.session["_auth_user_id"] == str(officer.pk)
    token = api.post("/api/v1/auth/token/", {"username": officer.username, "password": PASSWORD}, format="json")
    assert token.status_code == 200 and token.json()["token"]


def test_change_password_is_offered_only_to_accounts_with_a_usable_password(client):
    staff = UserFactory(role=Role.SUPERVISOR)
    client.force_login(staff)
    assert 'data-testid="change-password"' in client.get("/").content.decode()
    no_password = UserFactory(role=Role.SUPERVISOR)
    no_password.set_unusable_password()
    no_password.save()
    client.force_login(no_password)
    assert 'data-testid="change-password"' not in client.get("/").content.decode()
    # A citizen signed in by SMS code has no password to change.
    citizen = CitizenFactory()
    citizen.set_unusable_password()
    citizen.save()
    client.force_login(citizen)
    assert 'data-testid="change-password"' not in client.get("/my/").content.decode()
