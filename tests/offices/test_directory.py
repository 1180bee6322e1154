"""The public directory, its map and the public list of changes."""

import json
import re

import pytest

from core.validators import to_persian_digits
from offices.models import Office, OfficeStatus
from offices.services import change_office_status, set_office_selection
from tests.offices.factories import OfficeFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def _listed(html):
    return set(re.findall(r'data-office="(\d+)"', html))


def test_anyone_sees_the_authorized_offices_with_a_map(client, city, settings):
    # Thirty-one authorized offices (more than a page), and one suspended that must not show.
    OfficeFactory.create_batch(28, district=city.district, services=[ServiceFactory(code="notary_inquiry")])
    Office.objects.filter(pk=city.other_office_b.pk).update(status=OfficeStatus.SUSPENDED)
    settings.MAP_TILE_URL = ""
    response = client.get("/offices/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "دفاتر پیشخوان مجاز" in html
    assert 'id="office-map"' in html
    assert "vendor/leaflet/leaflet.js" in html and "vendor/leaflet/leaflet.css" in html
    assert "js/office_map.js" in html
    assert len(_listed(html)) == 25  # first page
    data = re.search(r'<script id="office-markers" type="application/json">(.*?)</script>', html).group(1)
    markers = json.loads(data)
    assert len(markers) == Office.objects.authorized().count() == 31
    assert {"code", "name", "address", "phone", "lat", "lng", "city"} == set(markers[0])
    assert city.other_office_b.code not in {m["code"] for m in markers}
    # Visible digits are Persian; the page loads nothing from another host.
    assert "در مجموع ۳۱" in html
    assert not re.findall(r'(?:src|href)="(https?://[^"]+)"', html)


def test_the_tile_server_comes_from_settings(client, city, settings):
    settings.MAP_TILE_URL = "https://tiles.example.ir/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© نقشه"
    html = client.get("/offices/").content.decode()
    assert 'data-tile-url="https://tiles.example.ir/{z}/{x}/{y}.png"' in html
    assert 'data-tile-attribution="© نقشه"' in html


def test_filters_by_district_and_service(client, city):
    third = OfficeFactory(district=city.district)
    html = client.get("/offices/", {"district": city.district.pk}).content.decode()
    assert _listed(html) == {city.office.code, city.office_b.code, third.code}
    city.office_b.services.clear()
    html = client.get("/offices/", {"district": city.district.pk, "service": "bank_inquiry"}).content.decode()
    assert _listed(html) == {city.office.code, third.code}
    # A wrong value is reported and ignored, never a server error.
    response = client.get("/offices/", {"service": "nothing"})
    assert response.status_code == 200
    assert _listed(response.content.decode()) == set(Office.objects.values_list("code", flat=True))


def test_a_suspended_office_leaves_the_directory_and_enters_the_changes(client, city):
    office = city.office
    change_office_status(office=office, action="suspend", actor=city.supervisor, reason="بازرسی")
    assert office.code not in _listed(client.get("/offices/", {"district": office.district.pk}).content.decode())
    html = client.get("/offices/changes/").content.decode()
    assert "تغییرات فهرست دفاتر مجاز" in html
    first_row = html.split("<tbody>")[1].split("</tr>")[0]
    assert to_persian_digits(office.name) in first_row and "تعلیق‌شده" in first_row and "بازرسی" in first_row


def test_public_pages_are_paginated_with_a_fixed_number_of_queries(client, city, django_assert_num_queries):
    for office in city.offices[1:]:
        set_office_selection(office=office, selected=False, actor=city.supervisor, reason="کاهش تقاضا")
    # directory: filter choices (cities with offices, districts, services), count, page, page services, markers,
    # latest changes
    for size in (5, 50):
        with django_assert_num_queries(8):
            assert client.get("/offices/", {"page_size": size}).status_code == 200
    # changes: cities with offices, district choices, count, page
    for size in (2, 50):
        with django_assert_num_queries(4):
            assert client.get("/offices/changes/", {"page_size": size}).status_code == 200
    html = client.get("/offices/changes/", {"page_size": 2, "page": 2}).content.decode()
    assert "صفحهٔ ۲ از" in html


def test_with_two_cities_the_directory_filters_by_city_and_names_each_district_with_it(client, city):
    from tests.city import build_second_city

    najafabad = build_second_city()
    page = client.get("/offices/").content.decode()
    assert 'name="city"' in page and "همهٔ شهرها" in page
    assert f"{najafabad.municipality.name} | " in page  # district 1 of each city, told apart
    places = re.findall(r'data-testid="office-place">([^<]*)<', page)
    assert places and all(" | " in place for place in places)  # each office listed with its city
    assert any(place.startswith(najafabad.municipality.name) for place in places)
    only = client.get("/offices/", {"city": najafabad.municipality.code}).content.decode()
    assert " | " not in "".join(re.findall(r'data-testid="office-place">([^<]*)<', only))  # one city: no need
    found = re.search(r'<script id="office-markers" type="application/json">(.*?)</script>', only)
    markers = json.loads(found.group(1))
    assert markers and {m["city"] for m in markers} == {najafabad.municipality.code}
    assert client.get("/offices/", {"city": "nowhere"}).status_code == 200  # an unknown city is no filter, no 500
