"""Typing a renewal code the municipality knows fills in the parcel's address and district."""

import pytest

from accounts.models import Role
from tests.accounts.factories import PASSWORD
from tests.cases.factories import PropertyFactory, staff
from tests.offices.factories import DistrictFactory, MunicipalityFactory, OfficeFactory

pytestmark = pytest.mark.django_db


def test_office_staff_get_the_known_address_of_their_citys_parcel(client, settings):
    district = DistrictFactory()
    parcel = PropertyFactory(district=district, address="اصفهان، خیابان کاوه، پلاک ۷", postal_code="8173913111")
    elsewhere = PropertyFactory(
        district=DistrictFactory(municipality=MunicipalityFactory(code="najafabad", name="شهرداری نجف‌آباد"))
    )
    officer = staff(Role.TECHNICAL_OFFICER, office=OfficeFactory(district=district))
    client.login(username=officer.username, password=PASSWORD)

    typed = "".join("۰۱۲۳۴۵۶۷۸۹"[int(c)] if c.isdigit() else c for c in parcel.renewal_code)
    answer = client.get("/cases/new/parcel/", {"renewal_code": typed}).json()
    assert answer == {
        "known": True,
        "renewal_code": parcel.renewal_code,
        "address": parcel.address,
        "postal_code": "8173913111",
        "district": district.number,
    }
    # Another city's parcel, an unknown code, a malformed one: nothing to fill in.
    assert client.get("/cases/new/parcel/", {"renewal_code": elsewhere.renewal_code}).json() == {"known": False}
    assert client.get("/cases/new/parcel/", {"renewal_code": "01-999-999-001-01-002"}).json() == {"known": False}
    assert client.get("/cases/new/parcel/", {"renewal_code": "<script>"}).json() == {"known": False}
    # The registration form asks for it as the code is typed.
    assert "js/parcel_lookup.js" in client.get("/cases/new/notary_inquiry/").content.decode()
    template = (settings.BASE_DIR / "templates" / "cases" / "register.html").read_text()
    assert "data-parcel-url=\"{% url 'cases:parcel' %}\"" in template


def test_a_citizen_learns_only_the_district_and_others_nothing(client):
    parcel = PropertyFactory(district=DistrictFactory(number=3), renewal_code="03-123-456-001-01-002")
    citizen = staff(Role.CITIZEN)
    client.login(username=citizen.username, password=PASSWORD)
    assert client.get("/cases/new/parcel/", {"renewal_code": parcel.renewal_code}).json() == {
        "known": False,
        "district": 3,
    }
    inspector = staff(Role.INSPECTOR, office=OfficeFactory())
    client.login(username=inspector.username, password=PASSWORD)
    assert client.get("/cases/new/parcel/", {"renewal_code": parcel.renewal_code}).status_code == 403
