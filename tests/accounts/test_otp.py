"""Citizens sign in by mobile: a 6-digit code by SMS, 2 minutes, 5 tries, rate limits, kept hashed;
the first sign-in makes the citizen; staff accounts never sign in by code."""

import datetime
import itertools
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import Role, SignInCode
from notifications.models import Message
from tests.accounts.factories import UserFactory, national_id

pytestmark = pytest.mark.django_db
_mobiles = itertools.count(1)


def mobile():
    """A fresh mobile number (not one the user factory hands out)."""
    return f"0936{next(_mobiles) * 104729 % 10**7:07d}"


REQUEST, VERIFY = "/api/v1/auth/otp/", "/api/v1/auth/otp/verify/"


def sms_codes(capsys):
    """The codes the console SMS backend printed since the last call."""
    return re.findall(r"\[SMS → (09\d{9})\][^\n]*?(\d{6})", capsys.readouterr().out)


def ask(api, phone, nid, **extra):
    return api.post(REQUEST, {"mobile": phone, "national_id": nid}, format="json", **extra)


def verify(api, phone, code):
    return api.post(VERIFY, {"mobile": phone, "code": code}, format="json")


@pytest.fixture
def citizen_details():
    return mobile(), national_id(123_456_789)


def test_the_first_sign_in_makes_the_citizen_and_the_second_reuses_it(api, capsys, citizen_details):
    phone, nid = citizen_details
    asked = ask(api, phone, nid)
    assert asked.status_code == 202 and asked.json()["expires_in"] == 120
    [(to, code)] = sms_codes(capsys)
    assert to == phone
    signed_in = verify(api, phone, code)
    assert signed_in.status_code == 200, signed_in.content
    user = get_user_model().objects.get(national_id=nid)
    assert user.role == Role.CITIZEN and user.mobile == phone and not user.has_usable_password()
    api.credentials(HTTP_AUTHORIZATION="Token " + signed_in.json()["token"])
    me = api.get("/api/v1/auth/me/").json()
    assert me["username"] == user.username and me["role"] == "citizen"
    api.credentials()

    ask(api, phone, nid)
    [(_, second_code)] = sms_codes(capsys)
    again = verify(api, phone, second_code)
    assert again.status_code == 200 and again.json()["token"] == signed_in.json()["token"]
    assert get_user_model().objects.filter(national_id=nid).count() == 1


def test_the_code_is_kept_only_as_a_keyed_hash(api, capsys, citizen_details):
    phone, nid = citizen_details
    ask(api, phone, nid)
    [(_, code)] = sms_codes(capsys)
    row = SignInCode.objects.get(mobile=phone)
    stored = " ".join(str(value) for value in SignInCode.objects.filter(pk=row.pk).values_list()[0])
    assert code not in stored and len(row.code_hash) == 64
    assert not Message.objects.filter(body__contains=code).exists()  # not in the outgoing-message log either


def test_a_code_lives_two_minutes(api, capsys, citizen_details):
    phone, nid = citizen_details
    ask(api, phone, nid)
    [(_, code)] = sms_codes(capsys)
    row = SignInCode.objects.get(mobile=phone)
    assert row.expires_at - row.created_at == datetime.timedelta(minutes=2)
    # Two minutes and a second later (the clock moved on: the row's times moved back).
    SignInCode.objects.filter(pk=row.pk).update(
        created_at=row.created_at - datetime.timedelta(seconds=121),
        expires_at=row.expires_at - datetime.timedelta(seconds=121),
    )
    late = verify(api, phone, code)
    assert late.status_code == 400 and late.json()["code"] == "code-expired"
    assert "منقضی" in late.json()["errors"]["code"][0]
    assert not get_user_model().objects.filter(national_id=nid).exists()


def test_five_wrong_tries_and_the_code_is_dead(api, capsys, citizen_details):
    phone, nid = citizen_details
    ask(api, phone, nid)
    [(_, code)] = sms_codes(capsys)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    left = []
    for _ in range(5):
        response = verify(api, phone, wrong)
        assert response.status_code == 400 and response.json()["code"] == "code-wrong"
        left.append(response.json()["detail"])
    assert "۴" in left[0] or "4" in left[0]
    assert "آخرین" in left[-1]
    locked = verify(api, phone, code)  # even the right code now
    assert locked.status_code == 400 and locked.json()["code"] == "code-locked"
    assert SignInCode.objects.get(mobile=phone).tries == 5
    assert not get_user_model().objects.filter(national_id=nid).exists()


def test_only_the_newest_code_counts(api, capsys, citizen_details):
    phone, nid = citizen_details
    ask(api, phone, nid)
    ask(api, phone, nid)
    [(_, first), (_, second)] = sms_codes(capsys)
    if first != second:
        assert verify(api, phone, first).status_code == 400
    assert verify(api, phone, second).status_code == 200


def test_someone_asking_for_another_national_id_at_the_mobile_cannot_lock_the_citizen_out(
    api, capsys, citizen_details, settings
):
    phone, nid = citizen_details
    assert ask(api, phone, nid).status_code == 202
    [(_, code)] = sms_codes(capsys)
    # Someone else, from another address, asks at the citizen's mobile with national IDs of their own choosing,
    # as many times as one national ID may.
    for n in range(settings.OTP_SENDS_PER_MOBILE):
        assert ask(api, phone, national_id(987_000_000 + n), REMOTE_ADDR="10.6.6.6").status_code == 202
    sms_codes(capsys)
    # The citizen's code still signs them in, as the citizen, and they may still ask for a new one.
    signed = verify(api, phone, code)
    assert signed.status_code == 200
    assert get_user_model().objects.get(national_id=nid).mobile == phone
    assert not get_user_model().objects.filter(national_id__startswith="987").exists()
    assert ask(api, phone, nid).status_code == 202
    # The mobile's share for all national IDs together is still bounded.
    for n in range(settings.OTP_SENDS_PER_MOBILE, settings.OTP_SENDS_PER_MOBILE * 3 - 1):
        ask(api, phone, national_id(987_000_000 + n), REMOTE_ADDR=f"10.6.6.{n}")
    assert ask(api, phone, national_id(987_000_100), REMOTE_ADDR="10.6.7.1").status_code == 429


def test_codes_per_mobile_are_limited(api, capsys, citizen_details, settings):
    phone, nid = citizen_details
    for _ in range(settings.OTP_SENDS_PER_MOBILE):
        assert ask(api, phone, nid).status_code == 202
    refused = ask(api, phone, nid)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "دقیقهٔ دیگر" in refused.json()["detail"]
    assert len(sms_codes(capsys)) == settings.OTP_SENDS_PER_MOBILE
    # From another address it is the same mobile: still refused.
    assert ask(api, phone, nid, REMOTE_ADDR="10.1.2.3").status_code == 429


def test_requests_per_address_are_limited(api, capsys, settings):
    settings.OTP_SENDS_PER_IP = 4
    for n in range(4):
        assert ask(api, mobile(), national_id(222_000_000 + n), REMOTE_ADDR="10.9.9.9").status_code == 202
    assert ask(api, mobile(), national_id(222_000_100), REMOTE_ADDR="10.9.9.9").status_code == 429
    assert ask(api, mobile(), national_id(222_000_101), REMOTE_ADDR="10.9.9.10").status_code == 202


def test_a_staff_account_never_signs_in_by_code(api, capsys):
    officer = UserFactory(role=Role.TECHNICAL_OFFICER)
    # The staff member's own mobile and national ID: the same 202, but no code goes out.
    assert ask(api, officer.mobile, officer.national_id).status_code == 202
    assert sms_codes(capsys) == []
    assert SignInCode.objects.get(mobile=officer.mobile).sent is False
    for guess in ("000000", "123456"):
        assert verify(api, officer.mobile, guess).status_code == 400
    # The staff mobile with a new national ID makes a separate citizen; the staff account is untouched.
    nid = national_id(333_444_555)
    ask(api, officer.mobile, nid)
    [(_, code)] = sms_codes(capsys)
    token = verify(api, officer.mobile, code).json()["token"]
    citizen = get_user_model().objects.get(national_id=nid)
    assert citizen.pk != officer.pk and citizen.role == Role.CITIZEN
    officer.refresh_from_db()
    assert officer.role == Role.TECHNICAL_OFFICER and officer.has_usable_password()
    api.credentials(HTTP_AUTHORIZATION="Token " + token)
    assert api.get("/api/v1/auth/me/").json()["role"] == "citizen"


def test_a_citizen_is_reached_only_at_their_own_mobile(api, capsys):
    citizen = UserFactory(role=Role.CITIZEN)
    other_phone = mobile()
    assert ask(api, other_phone, citizen.national_id).status_code == 202
    assert sms_codes(capsys) == []  # a national ID is no secret: it does not move an account to a new mobile
    inactive = UserFactory(role=Role.CITIZEN, is_active=False)
    ask(api, inactive.mobile, inactive.national_id)
    assert sms_codes(capsys) == []
    ask(api, citizen.mobile, citizen.national_id)
    [(_, code)] = sms_codes(capsys)
    assert verify(api, citizen.mobile, code).status_code == 200


@pytest.mark.parametrize(
    "body, field",
    [
        ({"mobile": "0912", "national_id": "0499370899"}, "mobile"),
        ({"mobile": "09121234567", "national_id": "0499370898"}, "national_id"),
        ({"mobile": "09121234567\x00", "national_id": "0499370899"}, "mobile"),
        ({"mobile": "09121234567", "national_id": "0499370899", "password": "x"}, "password"),
        ({"mobile": ["09121234567"], "national_id": "0499370899"}, "mobile"),
        ({"national_id": "0499370899"}, "mobile"),
    ],
)
def test_bad_input_asking_for_a_code_is_a_persian_400(api, body, field):
    response = api.post(REQUEST, body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert any("\u0600" <= ch <= "\u06ff" for ch in response.json()["detail"])
    assert not SignInCode.objects.exists()


@pytest.mark.parametrize("code", ["12345", "1234567", "12a456", "", "۱۲۳۴۵"])
def test_bad_codes_are_400_and_cost_no_try(api, capsys, citizen_details, code):
    phone, nid = citizen_details
    ask(api, phone, nid)
    response = verify(api, phone, code)
    assert response.status_code == 400 and "code" in response.json()["errors"]
    assert SignInCode.objects.get(mobile=phone).tries == 0


def test_persian_digits_are_accepted(api, capsys, citizen_details):
    phone, nid = citizen_details
    to_fa = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    assert ask(api, phone.translate(to_fa), nid.translate(to_fa)).status_code == 202
    [(_, code)] = sms_codes(capsys)
    assert verify(api, "+98" + phone[1:], code.translate(to_fa)).status_code == 200


def test_a_failing_sms_gateway_is_a_503_not_a_500(api, settings, citizen_details):
    settings.SMS_BACKEND = "http"
    settings.SMS_API_URL = "http://127.0.0.1:9/send"  # nothing listens there
    phone, nid = citizen_details
    response = ask(api, phone, nid)
    assert response.status_code == 503 and response.json()["code"] == "sms-failed"


def test_old_rows_are_pruned(api, capsys, citizen_details):
    phone, nid = citizen_details
    old = SignInCode.objects.create(
        mobile=phone,
        national_id=nid,
        code_hash="0" * 64,
        salt="x",
        created_at=timezone.now() - datetime.timedelta(days=2),
        expires_at=timezone.now() - datetime.timedelta(days=2),
    )
    ask(api, mobile(), national_id(555_000_111))
    assert not SignInCode.objects.filter(pk=old.pk).exists()
