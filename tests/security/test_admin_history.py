"""The admin's history pages are as scoped as the rest of the admin, and read-only: another city's row, its
history and its past versions answer 404 to a city's administrator, and no past version is reverted to."""

import pytest

from tests.accounts.factories import AdminFactory
from tests.cases.test_pages_support import signed_in
from tests.offices.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_city_admin(city):
    najafabad = MunicipalityFactory(code="najafabad", name="شهرداری نجف‌آباد")
    return signed_in(AdminFactory(municipality=najafabad))


@pytest.fixture
def own_city_admin(city):
    return signed_in(AdminFactory(municipality=city.municipality))


def test_another_citys_row_its_history_and_its_past_versions_are_404(city, other_city_admin):
    office = city.office
    version = office.history.order_by("history_id").first()
    district = city.district
    district_version = district.history.order_by("history_id").first()
    for path in (
        f"/admin/offices/office/{office.pk}/history/",
        f"/admin/offices/office/{office.pk}/history/{version.history_id}/",
        f"/admin/offices/district/{district.pk}/history/",
        f"/admin/offices/district/{district.pk}/history/{district_version.history_id}/",
        f"/admin/offices/municipality/{city.municipality.pk}/history/",
        f"/admin/offices/office/{office.pk}/history/not-a-number/",
        "/admin/offices/office/not-a-number/history/",
    ):
        response = other_city_admin.get(path)
        assert response.status_code == 404, path
        assert office.code not in response.content.decode()


def test_a_past_version_is_read_only_even_in_ones_own_city(city, own_city_admin, other_city_admin):
    district = city.district
    name = district.name
    version = district.history.order_by("history_id").first()
    path = f"/admin/offices/district/{district.pk}/history/{version.history_id}/"
    page = own_city_admin.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="_save"' not in html and "مشاهدهٔ" in html
    fields = {"municipality": city.municipality.pk, "number": 1, "name": "منطقهٔ ربوده", "_save": "Revert"}
    assert own_city_admin.post(path, fields).status_code == 405
    assert other_city_admin.post(path, fields).status_code == 404
    district.refresh_from_db()
    assert district.name == name and district.municipality_id == city.municipality.pk


def test_a_users_history_page_opens_for_an_administrator(city, own_city_admin):
    response = own_city_admin.get(f"/admin/accounts/user/{city.officer.pk}/history/")
    assert response.status_code == 200
    assert str(city.officer) in response.content.decode()


def test_a_city_administrator_reads_the_history_of_their_own_citys_rows(city, own_city_admin):
    office = city.office
    response = own_city_admin.get(f"/admin/offices/office/{office.pk}/history/")
    html = response.content.decode()
    assert response.status_code == 200 and "تاریخچهٔ" in html and "View history" not in html
