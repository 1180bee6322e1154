"""The Django admin's pages of rows that belong to no city (API tokens, sign-in records, the workers'
schedules, permission groups) are the platform administrator's only: a city's administrator, a superuser of
their own city's rows, gets neither the list nor a way to add one."""

import pytest
from rest_framework.authtoken.models import Token

from tests.accounts.factories import AdminFactory
from tests.cases.test_pages_support import signed_in

pytestmark = pytest.mark.django_db

PLATFORM_PAGES = [
    "/admin/authtoken/tokenproxy/",
    "/admin/authtoken/tokenproxy/add/",
    "/admin/axes/accesslog/",
    "/admin/axes/accessattempt/",
    "/admin/django_celery_beat/periodictask/",
    "/admin/auth/group/",
]


@pytest.fixture
def city_admin(city):
    return AdminFactory(municipality=city.municipality)


@pytest.mark.parametrize("path", PLATFORM_PAGES)
def test_a_city_administrator_cannot_open_the_platforms_pages(city_admin, path):
    assert city_admin.is_superuser and city_admin.municipality is not None
    response = signed_in(city_admin).get(path)
    assert response.status_code == 403, path


@pytest.mark.parametrize("path", PLATFORM_PAGES)
def test_the_platform_administrator_can(city, path):
    assert signed_in(AdminFactory(municipality=None)).get(path).status_code == 200, path


def test_a_city_administrator_reads_no_token_and_makes_none(city, city_admin):
    platform = AdminFactory(municipality=None)
    token = Token.objects.create(user=platform)
    client = signed_in(city_admin)
    home = client.get("/admin/").content.decode()
    assert "/admin/authtoken/" not in home and "/admin/axes/" not in home
    assert token.key not in client.get(f"/admin/authtoken/tokenproxy/{platform.pk}/change/").content.decode()
    made = client.post("/admin/authtoken/tokenproxy/add/", {"user": city.officer.pk})
    assert made.status_code == 403
    assert not Token.objects.filter(user=city.officer).exists()
    periodic = client.post("/admin/django_celery_beat/periodictask/add/", {"name": "x", "task": "y"})
    assert periodic.status_code == 403
    # Their own city's pages are still theirs.
    assert client.get("/admin/offices/office/").status_code == 200
