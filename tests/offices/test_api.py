import pytest

from offices.models import Office, OfficeChange, OfficeStatus
from offices.services import change_office_status

pytestmark = pytest.mark.django_db


def test_districts_are_a_plain_public_list(api, demo_city):
    response = api.get("/api/v1/districts/")
    assert response.status_code == 200
    body = response.json()
    assert isinstance(body, list)
    assert [d["number"] for d in body] == list(range(1, 16))
    assert set(body[0]) == {"id", "number", "name"}
    assert body[0]["name"] == "منطقه 1"


def test_offices_lists_only_authorized_active_offices(api, demo_city):
    response = api.get("/api/v1/offices/", {"page_size": 100})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    codes = {o["code"] for o in body["results"]}
    assert body["count"] == len(codes) == Office.objects.authorized().count() == 33
    assert "10370012" not in codes  # suspended in the demo city
    assert "10370018" not in codes  # unselected
    first = body["results"][0]
    assert set(first) == {"id", "code", "name", "district", "address", "phone", "latitude", "longitude", "services"}
    assert first["district"] == 1
    assert isinstance(first["latitude"], float)
    assert "notary_inquiry" in first["services"]


def test_offices_filters_by_district_and_service(api, demo_city):
    district_4 = api.get("/api/v1/offices/", {"district": 4}).json()
    assert {o["code"] for o in district_4["results"]} == {"10370010", "10370011"}
    office = Office.objects.get(code="10370010")
    office.services.remove(*office.services.filter(code="excavation"))
    both = api.get("/api/v1/offices/", {"district": 4, "service": "excavation"}).json()
    assert [o["code"] for o in both["results"]] == ["10370011"]


def test_unknown_filter_values_are_a_persian_400(api, demo_city):
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
    assert len(api.get("/api/v1/districts/", {"municipality": "isfahan"}).json()) == 15


def test_a_suspended_office_leaves_the_api_and_enters_the_change_history(api, demo_city, django_user_model):
    supervisor = django_user_model.objects.get(username="supervisor")
    office = Office.objects.get(code="10370001")
    assert "10370001" in {o["code"] for o in api.get("/api/v1/offices/", {"district": 1}).json()["results"]}

    change_office_status(office=office, action="suspend", actor=supervisor, reason="تخلف در ثبت پرونده")

    assert "10370001" not in {o["code"] for o in api.get("/api/v1/offices/", {"district": 1}).json()["results"]}
    history = api.get("/api/v1/offices/changes/").json()
    latest = history["results"][0]
    assert latest["office_code"] == "10370001"
    assert latest["kind"] == "suspended"
    assert latest["kind_label"] == "تعلیق‌شده"
    assert latest["reason"] == "تخلف در ثبت پرونده"
    assert latest["effective_on"] == office.changes.first().effective_on.togregorian().isoformat()
    assert "/" in latest["effective_on_jalali"] and latest["effective_on_jalali"].startswith("14")


def test_change_history_is_paginated_and_filterable(api, demo_city):
    body = api.get("/api/v1/offices/changes/", {"page_size": 2}).json()
    assert body["count"] == OfficeChange.objects.count() >= 5
    assert len(body["results"]) == 2 and body["next"]
    district_4 = api.get("/api/v1/offices/changes/", {"district": 4}).json()
    assert {c["office_code"] for c in district_4["results"]} == {"10370012"}
    assert Office.objects.get(code="10370012").status == OfficeStatus.SUSPENDED


def test_public_api_needs_no_login_even_with_a_bad_token(api, demo_city):
    assert api.get("/api/v1/offices/").status_code == 200
    assert api.get("/api/v1/offices/changes/").status_code == 200


def test_api_lists_take_a_fixed_number_of_queries(api, demo_city, django_assert_num_queries):
    # count, page, the page's services
    for size in (5, 50):
        with django_assert_num_queries(3):
            assert api.get("/api/v1/offices/", {"page_size": size}).status_code == 200
    # count, page (office and district joined)
    for size in (2, 50):
        with django_assert_num_queries(2):
            assert api.get("/api/v1/offices/changes/", {"page_size": size}).status_code == 200


def test_the_schema_documents_the_office_endpoints(client):
    schema = client.get("/api/schema/").content.decode()
    for path in ("/api/v1/districts/", "/api/v1/offices/", "/api/v1/offices/changes/"):
        assert path in schema
    assert "effective_on_jalali" in schema
