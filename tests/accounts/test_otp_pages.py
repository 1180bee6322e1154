"""The citizens' sign-in pages: mobile and national ID, then the code; errors beside their fields."""

import re

import pytest
from django.contrib.auth import get_user_model

from accounts.models import Role
from tests.accounts.factories import UserFactory, mobile, national_id

pytestmark = pytest.mark.django_db


def printed_code(capsys):
    return re.findall(r"\[SMS → 09\d{9}\][^\n]*?(\d{6})", capsys.readouterr().out)


def test_the_login_page_leads_citizens_to_the_mobile_sign_in(client):
    page = client.get("/accounts/login/?next=/my/").content.decode()
    assert 'data-testid="citizen-sign-in"' in page and "/accounts/citizen/?next=/my/" in page
    form = client.get("/accounts/citizen/").content.decode()
    assert 'name="mobile"' in form and 'name="national_id"' in form and 'inputmode="tel"' in form


def test_errors_are_shown_beside_their_fields(client):
    response = client.post("/accounts/citizen/", {"mobile": "0912", "national_id": "0499370898"})
    assert response.status_code == 400
    html = response.content.decode()
    for field in ("mobile", "national_id"):
        assert f'id="id_{field}_error"' in html
        assert re.search(rf'<input[^>]*name="{field}"[^>]*aria-invalid="true"', html) or re.search(
            rf'<input[^>]*aria-invalid="true"[^>]*name="{field}"', html
        )
    assert "کد ملی" in html and "همراه" in html


def test_a_citizen_signs_in_with_the_code_and_lands_on_their_files(client, capsys):
    phone, nid = mobile(), national_id(987_654_321)
    sent = client.post("/accounts/citizen/", {"mobile": phone, "national_id": nid})
    assert sent.status_code == 302 and sent["Location"] == "/accounts/citizen/code/"
    page = client.get(sent["Location"]).content.decode()
    assert phone[-4:] in page.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")) and phone not in page
    [code] = printed_code(capsys)
    wrong = client.post("/accounts/citizen/code/", {"code": f"{(int(code) + 1) % 10**6:06d}"})
    assert wrong.status_code == 400 and 'id="id_code_error"' in wrong.content.decode()
    assert "کد نادرست است" in wrong.content.decode()
    done = client.post("/accounts/citizen/code/", {"code": code})
    assert done.status_code == 302 and done["Location"] == "/my/"
    user = get_user_model().objects.get(national_id=nid)
    assert int(client.session["_auth_user_id"]) == user.pk and user.role == Role.CITIZEN
    assert "citizen_sign_in" not in client.session


def test_the_next_page_is_kept_when_it_is_ours(client, capsys):
    phone, nid = mobile(), national_id(987_000_321)
    client.post(
        "/accounts/citizen/?next=/billing/slips/", {"mobile": phone, "national_id": nid, "next": "/billing/slips/"}
    )
    [code] = printed_code(capsys)
    assert client.post("/accounts/citizen/code/", {"code": code})["Location"] == "/billing/slips/"
    client.logout()
    client.post("/accounts/citizen/", {"mobile": phone, "national_id": nid, "next": "https://evil.example/"})
    [code] = printed_code(capsys)
    assert client.post("/accounts/citizen/code/", {"code": code})["Location"] == "/my/"


def test_the_code_page_needs_the_first_step(client):
    assert client.get("/accounts/citizen/code/")["Location"] == "/accounts/citizen/"


def test_a_staff_member_gets_no_code_and_cannot_sign_in(client, capsys):
    officer = UserFactory(role=Role.TECHNICAL_OFFICER)
    sent = client.post("/accounts/citizen/", {"mobile": officer.mobile, "national_id": officer.national_id})
    assert sent.status_code == 302  # the same answer as for anyone
    assert printed_code(capsys) == []
    for guess in ("000000", "999999"):
        assert client.post("/accounts/citizen/code/", {"code": guess}).status_code == 400
    assert "_auth_user_id" not in client.session


def test_too_many_codes_are_refused_on_the_page(client, capsys, settings):
    phone, nid = mobile(), national_id(987_111_321)
    for _ in range(settings.OTP_SENDS_PER_MOBILE):
        client.post("/accounts/citizen/", {"mobile": phone, "national_id": nid})
    refused = client.post("/accounts/citizen/", {"mobile": phone, "national_id": nid})
    assert refused.status_code == 429 and "دقیقهٔ دیگر" in refused.content.decode()
    again = client.post("/accounts/citizen/code/again/")
    assert again.status_code == 302
    assert "دقیقهٔ دیگر" in client.get(again["Location"]).content.decode()
