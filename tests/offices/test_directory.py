"""The public directory, its map and the public list of changes."""

import json
import re

import pytest

from offices.models import Office
from offices.services import change_office_status

pytestmark = pytest.mark.django_db


def _listed(html):
    return set(re.findall(r'data-office="(\d+)"', html))


def test_anyone_sees_the_authorized_offices_with_a_map(client, demo_city, settings):
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
    assert len(markers) == Office.objects.authorized().count() == 33
    assert {"code", "name", "address", "phone", "lat", "lng"} == set(markers[0])
    assert "10370012" not in {m["code"] for m in markers}
    # Visible digits are Persian; the page loads nothing from another host.
    assert "در مجموع ۳۳" in html
    assert not re.findall(r'(?:src|href)="(https?://[^"]+)"', html)


def test_the_tile_server_comes_from_settings(client, demo_city, settings):
    settings.MAP_TILE_URL = "https://tiles.example.ir/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© نقشه"
    html = client.get("/offices/").content.decode()
    assert 'data-tile-url="https://tiles.example.ir/{z}/{x}/{y}.png"' in html
    assert 'data-tile-attribution="© نقشه"' in html


def test_filters_by_district_and_service(client, demo_city):
    district = Office.objects.get(code="10370001").district
    html = client.get("/offices/", {"district": district.pk}).content.decode()
    assert _listed(html) == {"10370001", "10370002", "10370003", "10370004"}
    Office.objects.get(code="10370002").services.clear()
    html = client.get("/offices/", {"district": district.pk, "service": "bank_inquiry"}).content.decode()
    assert _listed(html) == {"10370001", "10370003", "10370004"}
    # A wrong value is reported and ignored, never a server error.
    response = client.get("/offices/", {"service": "nothing"})
    assert response.status_code == 200
    assert len(_listed(response.content.decode())) == 25


def test_a_suspended_office_leaves_the_directory_and_enters_the_changes(client, demo_city, django_user_model):
    office = Office.objects.get(code="10370001")
    change_office_status(
        office=office, action="suspend", actor=django_user_model.objects.get(username="supervisor"), reason="بازرسی"
    )
    assert "10370001" not in _listed(client.get("/offices/", {"district": office.district.pk}).content.decode())
    html = client.get("/offices/changes/").content.decode()
    assert "تغییرات فهرست دفاتر مجاز" in html
    first_row = html.split("<tbody>")[1].split("</tr>")[0]
    assert office.name.replace("1", "۱") in first_row and "تعلیق‌شده" in first_row and "بازرسی" in first_row


def test_public_pages_are_paginated_with_a_fixed_number_of_queries(client, demo_city, django_assert_num_queries):
    # directory: filter choices (districts, services), count, page, page services, markers, latest changes
    for size in (5, 50):
        with django_assert_num_queries(7):
            assert client.get("/offices/", {"page_size": size}).status_code == 200
    # changes: district choices, count, page
    for size in (2, 50):
        with django_assert_num_queries(3):
            assert client.get("/offices/changes/", {"page_size": size}).status_code == 200
    html = client.get("/offices/changes/", {"page_size": 2, "page": 2}).content.decode()
    assert "صفحهٔ ۲ از" in html
