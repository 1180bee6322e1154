import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from offices.models import Membership
from tests.offices.factories import DistrictFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


def test_add_user_creates_an_office_officer_who_can_get_a_token(office, api):
    call_command(
        "add_user",
        "t.officer",
        "--role",
        "technical_officer",
        "--password",
        "Sx9!long-pass",
        "--office",
        office.code,
        "--national-id",
        "۰۴۹۹۳۷۰۸۹۹",
    )
    user = User.objects.get(username="t.officer")
    assert user.role == "technical_officer"
    assert user.national_id == "0499370899"
    membership = Membership.objects.current().get(user=user)
    assert membership.office == office

    token = api.post("/api/v1/auth/token/", {"username": "t.officer", "password": "Sx9!long-pass"}, format="json")
    assert token.status_code == 200
    api.credentials(HTTP_AUTHORIZATION="Token " + token.json()["token"])
    me = api.get("/api/v1/auth/me/").json()
    assert me == {
        "id": user.id,
        "username": "t.officer",
        "role": "technical_officer",
        "full_name": "",
        "office": office.code,
        "district": membership.office.district.number,
        "municipality": office.district.municipality.code,
    }
    assert user.municipality == office.district.municipality


def test_add_user_updates_an_existing_user(city):
    call_command("add_user", "m1", "--role", "municipal_staff", "--password", "Sx9!long-pass", "--district", "1")
    call_command("add_user", "m1", "--role", "municipal_staff", "--district", "2")
    user = User.objects.get(username="m1")
    assert [m.district for m in Membership.objects.current().filter(user=user)] == [city.other_district]
    assert User.objects.filter(username="m1").count() == 1
    assert user.check_password("Sx9!long-pass")  # unchanged when --password is not given


@pytest.mark.parametrize(
    "args, message",
    [
        (["--role", "technical_officer", "--password", "Sx9!long-pass"], "--office"),
        (["--role", "municipal_staff", "--password", "Sx9!long-pass"], "--district"),
        (["--role", "inspector", "--password", "Sx9!long-pass", "--office", "nope"], "nope"),
        (["--role", "municipal_staff", "--password", "Sx9!long-pass", "--district", "99"], "99"),
        (["--role", "citizen", "--password", "Sx9!long-pass", "--national-id", "1234567890"], "کد ملی"),
        (["--role", "citizen", "--password", "123"], "password"),
        (["--role", "citizen"], "password"),
    ],
)
def test_add_user_refuses_bad_input_and_saves_nothing(city, args, message):
    with pytest.raises(CommandError) as info:
        call_command("add_user", "bad.user", *args)
    assert message in str(info.value)
    assert not User.objects.filter(username="bad.user").exists()


def test_add_user_puts_staff_in_the_named_municipality_and_its_district(city):
    second = MunicipalityFactory(code="najafabad", name="شهرداری نجف‌آباد")
    its_one = DistrictFactory(municipality=second, number=1)
    call_command(
        "add_user", "n.staff", "--role", "municipal_staff", "--password", "Sx9!long-pass", "--district", "1",
        "--municipality", "najafabad",
    )  # fmt: skip
    user = User.objects.get(username="n.staff")
    assert user.municipality == second
    assert [m.district for m in Membership.objects.current().filter(user=user)] == [its_one]

    # Without --municipality, with two cities: isfahan, the default.
    call_command("add_user", "i.sup", "--role", "supervisor", "--password", "Sx9!long-pass")
    assert User.objects.get(username="i.sup").municipality == city.municipality


def test_add_user_makes_a_platform_administrator_or_a_city_administrator(city):
    call_command("add_user", "root", "--role", "admin", "--password", "Sx9!long-pass")
    assert User.objects.get(username="root").municipality is None
    call_command(
        "add_user", "city.admin", "--role", "admin", "--password", "Sx9!long-pass", "--municipality", "isfahan"
    )
    assert User.objects.get(username="city.admin").municipality == city.municipality


def test_add_user_refuses_a_post_in_another_city(city):
    second = MunicipalityFactory(code="najafabad", name="شهرداری نجف‌آباد")
    DistrictFactory(municipality=second, number=1)
    with pytest.raises(CommandError) as unknown:
        call_command("add_user", "x", "--role", "supervisor", "--password", "Sx9!long-pass", "--municipality", "nope")
    assert "nope" in str(unknown.value)
    with pytest.raises(CommandError) as elsewhere:
        call_command(
            "add_user", "y", "--role", "technical_officer", "--password", "Sx9!long-pass", "--office",
            city.office.code, "--municipality", "najafabad",
        )  # fmt: skip
    assert "municipality" in str(elsewhere.value)
    assert not User.objects.filter(username__in=["x", "y"]).exists()


def test_add_user_rejects_an_unknown_role(db):
    with pytest.raises(CommandError):
        call_command("add_user", "x", "--role", "wizard", "--password", "Sx9!long-pass")


def test_token_refuses_wrong_password_in_persian_json(city, api):
    response = api.post("/api/v1/auth/token/", {"username": city.officer.username, "password": "wrong"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert "نادرست" in body["detail"]
    assert body["code"] == "invalid"


def test_me_needs_authentication(api, db):
    response = api.get("/api/v1/auth/me/")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_municipal_staff_me_has_district_and_no_office(city, login_api):
    me = login_api(city.municipal).get("/api/v1/auth/me/").json()
    assert me["role"] == "municipal_staff"
    assert me["office"] is None
    assert me["district"] == 1
