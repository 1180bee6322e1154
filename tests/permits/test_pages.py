"""A permit registered through the counter page: the owners' and floor-area tables and the engineers are
boxes derived from the permit serializer; errors land beside their row or table; nothing half-saved."""

import pytest
from django.test import Client

from cases.models import Case
from permits.models import PermitRequest
from tests.permits.factories import make_city

pytestmark = pytest.mark.django_db

CODE = "03-120-045-001-01-002"


@pytest.fixture
def city(db):
    return make_city()


def counter(user):
    client = Client()
    client.force_login(user)
    return client


def building_form(**overrides):
    data = {
        "national_id": "0499370899",
        "first_name": "علی",
        "last_name": "رضایی",
        "mobile": "09131112233",
        "renewal_code": CODE,
        "address": "خیابان آزمون، پلاک ۳",
        "district": "3",
        "plate_main": "۱۲۵۰",
        "plate_sub": "34",
        "deed_area": "250",
        "parcel_area": "240",
        "requested_use": "residential",
        "floors_above": "2",
        "floors_below": "0",
        "units": "2",
        "parking_spaces": "2",
        "owners-0-national_id": "0499370899",
        "owners-0-name": "علی رضایی",
        "owners-0-share": "4",
        "owners-1-national_id": "0084575948",
        "owners-1-name": "مریم احمدی",
        "owners-1-share": "۲",
        "floor_areas-0-level": "0",
        "floor_areas-0-use": "residential",
        "floor_areas-0-area": "140.5",
        "floor_areas-1-level": "1",
        "floor_areas-1-use": "residential",
        "floor_areas-1-area": "140",
    }
    for role, name, number in (
        ("designer", "سارا کریمی", "10-12-34567"),
        ("structural", "حمید نوری", "10-13-22110"),
        ("supervising", "مجید صالحی", "10-12-40981"),
    ):
        data[f"engineers-{role}-name"] = name
        data[f"engineers-{role}-membership_number"] = number
    data.update(overrides)
    return data


def test_the_page_offers_tables_for_owners_and_floors_and_boxes_for_each_engineer(city):
    page = counter(city.officer).get("/cases/new/building_permit/").content.decode()
    assert 'data-testid="rows-owners"' in page and 'data-testid="rows-floor_areas"' in page
    assert 'name="owners-0-national_id"' in page and 'name="owners-2-share"' in page
    assert 'name="floor_areas-0-area"' in page and 'name="engineers-structural-membership_number"' in page
    assert "مالکان" in page or "owners" not in page  # labels are Persian
    assert 'data-add-row="owners"' in page


def test_a_building_permit_registers_from_the_counter_page_with_its_tables(city):
    response = counter(city.officer).post("/cases/new/building_permit/", building_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get()
    request = PermitRequest.objects.get(case=case)
    assert [o["name"] for o in request.owners] == ["علی رضایی", "مریم احمدی"]
    assert [str(o["share"]) for o in request.owners] in (["4", "2"], ["4.00", "2.00"])
    assert [(r["level"], str(r["area"])) for r in request.floor_areas] in (
        [(0, "140.5"), (1, "140")],
        [(0, "140.50"), (1, "140.00")],
    )
    assert request.engineers["structural"]["membership_number"] == "10-13-22110"


def test_errors_land_beside_their_row_and_table_and_nothing_is_saved(city):
    data = building_form(**{"owners-1-share": "1", "owners-1-national_id": "123", "engineers-designer-name": ""})
    response = counter(city.officer).post("/cases/new/building_permit/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-error-for="owners-1-national_id"' in page
    assert 'data-error-for="engineers-designer-name"' in page
    assert not Case.objects.exists() and not PermitRequest.objects.exists()
    # The rows typed are kept, so nothing has to be typed twice.
    assert 'value="مریم احمدی"' in page

    shares = building_form(**{"owners-1-share": "1"})
    page = counter(city.officer).post("/cases/new/building_permit/", shares).content.decode()
    assert 'data-error-for="owners"' in page and "شش دانگ" in page


def test_a_citizen_requests_a_building_permit_online_choosing_the_office(city):
    from django.contrib.auth import get_user_model

    from accounts.models import Role

    citizen = get_user_model().objects.create_user(
        username="citizen-permit", role=Role.CITIZEN, national_id="0499370899", mobile="09131112233"
    )
    client = counter(citizen)
    page = client.get("/cases/new/building_permit/").content.decode()
    assert 'name="office"' in page and 'data-testid="rows-owners"' in page
    response = client.post("/cases/new/building_permit/", building_form(office=str(city.office.pk)))
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get()
    assert case.channel == "online" and case.office == city.office and case.applicant_user == citizen
    assert len(PermitRequest.objects.get(case=case).owners) == 2


def test_the_permits_list_is_in_the_desk_navigation(city):
    page = counter(city.officer).get("/").content.decode()
    assert 'href="/permits/"' in page


def test_areas_are_labelled_in_square_metres_written_out(city):
    page = counter(city.officer).get("/cases/new/building_permit/").content.decode()
    assert "مساحت سند (متر مربع)" in page and "مساحت عرصه (متر مربع)" in page
    assert "m²" not in page and "مترمربع" not in page


def test_the_floor_table_explains_levels_and_a_mistake_is_listed_on_top(city):
    page = counter(city.officer).get("/cases/new/building_permit/").content.decode()
    floors = page.split('data-testid="rows-floor_areas"')[1].split("</fieldset>")[0]
    assert "همکف" in floors.split("</thead>")[0]  # the level column's help: 0 is the ground floor
    assert '<option value="" selected>— انتخاب کنید —</option>' in floors
    assert 'data-add-row="floor_areas"' in floors

    data = building_form(**{"floor_areas-1-use": "", "plate_main": "", "engineers-structural-membership_number": ""})
    page = counter(city.officer).post("/cases/new/building_permit/", data).content.decode()
    assert "«کاربری» را انتخاب کنید." in page and "«کاربری» را وارد کنید." not in page
    summary = page.split('data-testid="error-summary"')[1].split("</div>")[0]
    assert 'href="#id_floor_areas-1-use"' in summary and 'href="#id_plate_main"' in summary
    # A row's box is named with its table and row, so the mistake says which floor.
    row_link = summary.split('href="#id_floor_areas-1-use">')[1].split("</a>")[0]
    assert "۲" in row_link and "کاربری" in row_link and len(row_link) > len("کاربری"), row_link
    # Which of the three engineers: the part's names lead the box's.
    engineer = summary.split('href="#id_engineers-structural-membership_number">')[1].split("</a>")[0]
    assert "محاسب" in engineer, engineer
