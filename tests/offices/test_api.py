import pytest
from django.utils import timezone

from offices.models import Office, OfficeChange, OfficeStatus
from offices.services import change_office_status, set_office_selection
from tests.offices.factories import OfficeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(city):
    """Dated changes to the list: office_b suspended then reactivated, other_office suspended,
    other_office_b removed from its district's list, and a new office added."""
    sup = city.supervisor
    change_office_status(office=city.office_b, action="suspend", actor=sup, reason="بازرسی دوره‌ای")
    change_office_status(office=city.office_b, action="reactivate", actor=sup)
    change_office_status(office=city.other_office, action="suspend", actor=sup, reason="تخلف در ثبت پرونده")
    set_office_selection(office=city.other_office_b, selected=False, actor=sup, reason="کاهش تقاضا")
    OfficeChange.objects.create(
        office=OfficeFactory(district=city.district), kind="added", effective_on=timezone.localdate()
    )
    return city


def test_districts_are_a_plain_public_list(api, city):
    response = api.get("/api/v1/districts/")
    assert response.status_code == 200
    body = response.json()
    assert isinstance(body, list)
    assert [d["number"] for d in body] == [1, 2]
    assert set(body[0]) == {"id", "number", "name", "municipality"}
    assert body[0]["name"] == "منطقه 1"


def test_offices_lists_only_authorized_active_offices(api, city):
    Office.objects.filter(pk=city.office_b.pk).update(status=OfficeStatus.SUSPENDED)
    Office.objects.filter(pk=city.other_office_b.pk).update(is_selected=False)
    response = api.get("/api/v1/offices/", {"page_size": 100})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    codes = {o["code"] for o in body["results"]}
    assert body["count"] == len(codes) == Office.objects.authorized().count() == 2
    assert codes == {city.office.code, city.other_office.code}  # not the suspended one, nor the unselected
    first = body["results"][0]
    assert set(first) == {
        "id", "code", "name", "district", "municipality", "address", "phone", "latitude", "longitude", "services"
    }  # fmt: skip
    assert first["district"] == 1
    assert isinstance(first["latitude"], float)
    assert "notary_inquiry" in first["services"]


def test_offices_filters_by_district_and_service(api, city):
    district_2 = api.get("/api/v1/offices/", {"district": 2}).json()
    assert {o["code"] for o in district_2["results"]} == {city.other_office.code, city.other_office_b.code}
    office = city.other_office
    office.services.remove(*office.services.filter(code="excavation"))
    both = api.get("/api/v1/offices/", {"district": 2, "service": "excavation"}).json()
    assert [o["code"] for o in both["results"]] == [city.other_office_b.code]


def test_unknown_filter_values_are_a_persian_400(api, city):
    response = api.get("/api/v1/offices/", {"district": 99})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"]["district"] == ["منطقهٔ 99 وجود ندارد."]
    response = api.get("/api/v1/offices/", {"service": "no_such_service"})
    assert response.status_code == 400
    assert "no_such_service" in response.json()["errors"]["service"][0]
    assert "خدمت" in response.json()["detail"]
    assert api.get("/api/v1/offices/", {"district": "abc"}).status_code == 400
    response = api.get("/api/v1/districts/", {"municipality": "nowhere"})
    assert response.json()["errors"]["municipality"] == ["چنین شهرداری‌ای وجود ندارد."]
    assert len(api.get("/api/v1/districts/", {"municipality": city.municipality.code}).json()) == 2


def test_a_suspended_office_leaves_the_api_and_enters_the_change_history(api, city):
    office = city.office
    assert office.code in {o["code"] for o in api.get("/api/v1/offices/", {"district": 1}).json()["results"]}

    change_office_status(office=office, action="suspend", actor=city.supervisor, reason="تخلف در ثبت پرونده")

    assert office.code not in {o["code"] for o in api.get("/api/v1/offices/", {"district": 1}).json()["results"]}
    history = api.get("/api/v1/offices/changes/").json()
    latest = history["results"][0]
    assert latest["office_code"] == office.code
    assert latest["kind"] == "suspended"
    assert latest["kind_label"] == "تعلیق‌شده"
    assert latest["reason"] == "تخلف در ثبت پرونده"
    assert latest["effective_on"] == office.changes.first().effective_on.togregorian().isoformat()
    assert "/" in latest["effective_on_jalali"] and latest["effective_on_jalali"].startswith("14")


def test_change_history_is_paginated_and_filterable(api, city, history):
    body = api.get("/api/v1/offices/changes/", {"page_size": 2}).json()
    assert body["count"] == OfficeChange.objects.count() >= 5
    assert len(body["results"]) == 2 and body["next"]
    district_2 = api.get("/api/v1/offices/changes/", {"district": 2}).json()
    assert {c["office_code"] for c in district_2["results"]} == {city.other_office.code, city.other_office_b.code}
    assert Office.objects.get(pk=city.other_office.pk).status == OfficeStatus.SUSPENDED


def test_public_api_needs_no_login_even_with_a_bad_token(api, history):
    assert api.get("/api/v1/offices/").status_code == 200
    assert api.get("/api/v1/offices/changes/").status_code == 200


def test_api_lists_take_a_fixed_number_of_queries(api, history, django_assert_num_queries):
    # page, count, the page's services; a page holding the whole list is its own count
    for size, queries in ((1, 3), (50, 2)):
        with django_assert_num_queries(queries):
            listed = api.get("/api/v1/offices/", {"page_size": size}).json()
        assert listed["count"] > 1 and len(listed["results"]) == min(size, listed["count"])
    # page, count (office and district joined)
    for size, queries in ((2, 2), (50, 1)):
        with django_assert_num_queries(queries):
            changes = api.get("/api/v1/offices/changes/", {"page_size": size}).json()
        assert changes["count"] > 2 and len(changes["results"]) == min(size, changes["count"])


def test_the_schema_documents_the_office_endpoints(client):
    schema = client.get("/api/schema/").content.decode()
    for path in ("/api/v1/districts/", "/api/v1/offices/", "/api/v1/offices/changes/"):
        assert path in schema
    assert "effective_on_jalali" in schema
