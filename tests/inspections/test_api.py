"""The inspections API over HTTP: proposal, assignment, scheduling, report with photos, lists and filters."""

import json

import pytest
from jdatetime import date as jdate

from cases.models import Case
from inspections.models import Visit
from tests.inspections.helpers import REPORT, district_inspectors, next_working_day, photo

pytestmark = pytest.mark.django_db


def test_an_inspection_from_proposal_to_submitted_report(city, awaiting, login_api, django_capture_on_commit_callbacks):
    case = awaiting()
    officer = login_api(city.officer)
    proposal = officer.get(f"/api/v1/inspections/proposal/{case.pk}/")
    assert proposal.status_code == 200, proposal.content
    body = proposal.json()
    assert body["district"] == 1 and body["inspector"]["id"] in {u.pk for u in district_inspectors(1)}
    assert {c["inspector"]["id"] for c in body["candidates"]} == {u.pk for u in district_inspectors(1)}
    assert all("next_free_date_jalali" in c and "open_visits" in c for c in body["candidates"])

    assigned = officer.post(f"/api/v1/inspections/assign/{case.pk}/", {"inspector": "auto"}, format="json")
    assert assigned.status_code == 201, assigned.content
    visit = assigned.json()
    assert visit["inspector"]["id"] == body["inspector"]["id"] and visit["proposed"] is True
    inspector = Visit.objects.get(pk=visit["id"]).inspector

    api = login_api(inspector)
    day = next_working_day()
    jalali_day = jdate.fromgregorian(date=day).strftime("%Y/%m/%d")
    with django_capture_on_commit_callbacks(execute=True):
        scheduled = api.post(f"/api/v1/inspections/{visit['id']}/schedule/", {"date": jalali_day, "slot": "08-10"})
    assert scheduled.status_code == 200, scheduled.content
    assert scheduled.json()["scheduled_on"] == day.isoformat()
    assert scheduled.json()["scheduled_on_jalali"] == jalali_day

    listed = api.get("/api/v1/inspections/", {"date": jalali_day})
    assert [v["id"] for v in listed.json()["results"]] == [visit["id"]]
    assert api.get("/api/v1/inspections/", {"date": day.isoformat()}).json()["count"] == 1
    assert api.get("/api/v1/inspections/", {"state": "reported"}).json()["count"] == 0

    draft = api.post(
        f"/api/v1/inspections/{visit['id']}/report/",
        {"findings": "پیش‌نویس", "land_area": "220", "photos": [photo("a.png"), photo("b.png")]},
        format="multipart",
    )
    assert draft.status_code == 200, draft.content
    assert draft.json()["status"] == "draft" and len(draft.json()["photos"]) == 2
    with django_capture_on_commit_callbacks(execute=True):
        submitted = api.post(
            f"/api/v1/inspections/{visit['id']}/report/",
            {**REPORT, "violations": json.dumps([{"type": "setback", "area": 12}]), "submit": "true"},
            format="multipart",
        )
    assert submitted.status_code == 200, submitted.content
    report = submitted.json()
    assert report["status"] == "submitted" and report["version"] == 1 and len(report["photos"]) == 2
    assert report["visited_on_jalali"] == "1403/07/15" and report["violations"][0]["area"] == "12.00"
    assert Case.objects.get(pk=case.pk).state == "plan_review"
    pdf = api.get(report["pdf"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"

    again = api.post(f"/api/v1/inspections/{visit['id']}/report/", {"findings": "تغییر"}, format="multipart")
    assert again.status_code == 409 and again.json()["detail"]
    correction = api.post(f"/api/v1/inspections/{visit['id']}/report/correction/", {"reason": "خطای تایپی"})
    assert correction.status_code == 201 and correction.json()["version"] == 2
    versions = api.get(f"/api/v1/inspections/{visit['id']}/report/").json()
    assert [(r["version"], r["status"]) for r in versions] == [(2, "draft"), (1, "submitted")]


def test_errors_are_json_with_persian_messages(city, awaiting, login_api):
    case = awaiting()
    officer = login_api(city.officer)
    stranger = district_inspectors(2)[0]
    refused = officer.post(f"/api/v1/inspections/assign/{case.pk}/", {"inspector": stranger.pk}, format="json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "inspector-invalid" and "منطقه" in refused.json()["detail"]
    visit = officer.post(f"/api/v1/inspections/assign/{case.pk}/", {"inspector": "auto"}, format="json").json()
    api = login_api(Visit.objects.get(pk=visit["id"]).inspector.username)
    bad_photo = api.post(
        f"/api/v1/inspections/{visit['id']}/report/",
        {"findings": "x", "photos": [photo("x.png", b"not an image at all")]},
        format="multipart",
    )
    assert bad_photo.status_code == 400 and "photos" in bad_photo.json()["errors"]
    assert "جی‌پگ" in bad_photo.json()["detail"]
    bad_date = api.post(f"/api/v1/inspections/{visit['id']}/schedule/", {"date": "فردا", "slot": "08-10"})
    assert bad_date.status_code == 400 and "date" in bad_date.json()["errors"]
    incomplete = api.post(f"/api/v1/inspections/{visit['id']}/report/", {"submit": "true"}, format="multipart")
    assert incomplete.status_code == 400 and "findings" in incomplete.json()["errors"]
    # A key the endpoint does not take is refused, naming it, and nothing is saved.
    for path, body in (
        (f"/api/v1/inspections/{visit['id']}/report/", {"findings": "y", "actor": "5"}),
        (f"/api/v1/inspections/{visit['id']}/schedule/", {"date": "1405/09/22", "slot": "10-12", "bogus": 1}),
    ):
        unknown = api.post(path, body, format="json")
        assert unknown.status_code == 400 and set(unknown.json()["errors"]) & {"actor", "bogus"}, path
    # A strip far wider than high is kept: its display copy is at least a pixel high (it was a 500).
    from tests.cases.helpers import png_bytes

    strip = api.post(
        f"/api/v1/inspections/{visit['id']}/report/",
        {"findings": "x", "photos": [photo("strip.png", png_bytes((5000, 1)))]},
        format="multipart",
    )
    assert strip.status_code == 200 and len(strip.json()["photos"]) == 1


def test_who_sees_which_visits(city, awaiting, login_api):
    first, second = district_inspectors(1)[:2]
    officer = login_api(city.officer)
    ids = []
    for inspector in (first, second):
        case = awaiting()
        ids.append(officer.post(f"/api/v1/inspections/assign/{case.pk}/", {"inspector": inspector.pk}).json()["id"])
    assert [v["id"] for v in login_api(first.username).get("/api/v1/inspections/").json()["results"]] == [ids[0]]
    assert {v["id"] for v in login_api(city.officer).get("/api/v1/inspections/").json()["results"]} == set(ids)
    assert {v["id"] for v in login_api(city.supervisor).get("/api/v1/inspections/").json()["results"]} == set(ids)
    assert login_api(city.other_municipal).get("/api/v1/inspections/").json()["count"] == 0
    assert login_api(first.username).get(f"/api/v1/inspections/{ids[1]}/").status_code == 404
    # Another district's officer cannot even read the proposal of this file.
    assert login_api(city.officer).get("/api/v1/inspections/proposal/999999/").status_code == 404


def test_the_visit_list_costs_the_same_whatever_the_page_size(city, awaiting, login_api, django_assert_max_num_queries):
    officer = login_api(city.officer)
    for n in range(6):
        case = awaiting()
        officer.post(f"/api/v1/inspections/assign/{case.pk}/", {"inspector": district_inspectors(1)[n % 3].pk})
    api = login_api(city.supervisor)
    # token, count, page: the related rows come joined
    with django_assert_max_num_queries(4):
        small = api.get("/api/v1/inspections/", {"page_size": 2})
    with django_assert_max_num_queries(4):
        large = api.get("/api/v1/inspections/", {"page_size": 50})
    assert len(small.json()["results"]) == 2 and len(large.json()["results"]) == 6


def test_workload_api_is_for_the_supervisor(city, awaiting, login_api):
    assert login_api(city.officer).get("/api/v1/inspections/workload/").status_code == 403
    rows = login_api(city.supervisor).get("/api/v1/inspections/workload/", {"district": 1}).json()
    assert {r["inspector"]["id"] for r in rows} == {u.pk for u in district_inspectors(1)}


@pytest.mark.parametrize(
    "body",
    [
        {"violations": [{"type": "extra_floor", "area": "NaN"}]},
        {"violations": [{"type": "extra_floor", "area": "sNaN"}]},
        {"violations": [{"type": "extra_floor", "area": "Infinity"}]},
        {"violations": [{"type": [], "area": "1"}]},
        {"violations": [{"type": {}, "area": "1"}]},
        {"visited_at_time": 5},
        {"visited_at_time": {"h": 9}},
        {"findings": ["a"]},
        "x",
        [],
        123,
        None,
    ],
)
def test_a_malformed_report_is_a_400_with_a_persian_message(city, awaiting, login_api, body):
    case = awaiting()
    officer = login_api(city.officer)
    visit = officer.post(f"/api/v1/inspections/assign/{case.pk}/", {"inspector": "auto"}, format="json").json()
    api = login_api(Visit.objects.get(pk=visit["id"]).inspector.username)
    response = api.post(f"/api/v1/inspections/{visit['id']}/report/", json.dumps(body), content_type="application/json")
    assert response.status_code == 400, response.content
    detail = response.json()["detail"]
    assert any("\u0600" <= ch <= "\u06ff" for ch in detail), detail


def test_a_number_typed_as_json_is_read_like_the_page_reads_it(city, awaiting, login_api):
    case = awaiting()
    officer = login_api(city.officer)
    visit = officer.post(f"/api/v1/inspections/assign/{case.pk}/", {"inspector": "auto"}, format="json").json()
    api = login_api(Visit.objects.get(pk=visit["id"]).inspector.username)
    saved = api.post(
        f"/api/v1/inspections/{visit['id']}/report/",
        {"floors": 3, "land_area": 220.5, "street_widening": True, "findings": "دو طبقه"},
        format="json",
    )
    assert saved.status_code == 200, saved.content
    body = saved.json()[0] if isinstance(saved.json(), list) else saved.json()
    assert body["floors"] == 3 and body["street_widening"] is True


def test_a_report_field_given_a_yes_or_no_where_it_takes_text_is_refused_at_that_field(city, awaiting, login_api):
    from inspections.services import assign_inspector

    visit = assign_inspector(case=awaiting(), actor=city.officer, inspector=city.inspector)
    api = login_api(city.inspector)
    url = f"/api/v1/inspections/{visit.pk}/report/"
    wrong = api.post(url, {"visited_on": "1403/05/05", "visited_at_time": True, "findings": False}, format="json")
    assert wrong.status_code == 400
    assert set(wrong.json()["errors"]) == {"visited_at_time", "findings"}
    # A yes/no field takes true and false as they are.
    saved = api.post(url, {"findings": "عقب‌نشینی دارد", "street_widening": True}, format="json")
    assert saved.status_code == 200, saved.content
    assert saved.json()["street_widening"] is True and saved.json()["findings"] == "عقب‌نشینی دارد"
    nested = api.post(url, {"violations": "[" * 5000 + "]" * 5000}, format="json")
    assert nested.status_code == 400 and nested.json()["detail"]
