"""Access, bad input, deadlines on return/resubmit, instant answers, extensions, tamper evidence."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from cases.models import Case, Property, Transition
from cases.services import apply_action
from tests.cases.helpers import PDF, notary_payload, png_bytes, renewal_code, upload

pytestmark = pytest.mark.django_db


def register(api, **overrides):
    response = api.post("/api/v1/cases/", notary_payload(**overrides), format="json")
    assert response.status_code == 201, response.content
    return response.json()


def add_documents(api, case_id):
    for kind, name, content in [("inquiry_letter", "l.pdf", PDF), ("deed", "d.png", png_bytes())]:
        assert (
            api.post(
                f"/api/v1/cases/{case_id}/documents/", {"kind": kind, "file": upload(name, content)}, format="multipart"
            ).status_code
            == 201
        )


# --- access --------------------------------------------------------------------------------------------------


def test_each_role_sees_only_its_files(city, login_api, api):
    case = register(login_api(city.officer))
    cid = case["id"]
    # Same office: visible. Another office (the colleague works elsewhere in the district): 404, not 403.
    assert login_api(city.manager).get(f"/api/v1/cases/{cid}/").status_code == 200
    stranger = city.colleague
    assert login_api(stranger).get(f"/api/v1/cases/{cid}/").status_code == 404
    assert (
        login_api(stranger).post(f"/api/v1/cases/{cid}/actions/", {"action": "accept"}, format="json").status_code
        == 404
    )
    # Municipal staff: their district only.
    assert login_api(city.municipal).get(f"/api/v1/cases/{cid}/").status_code == 200
    assert login_api(city.other_municipal).get(f"/api/v1/cases/{cid}/").status_code == 404
    # An inspector sees it only once it is referred to them.
    assert login_api(city.inspector).get(f"/api/v1/cases/{cid}/").status_code == 404
    # A citizen sees only their own; the supervisor sees everything but may not accept.
    assert login_api(city.citizen).get(f"/api/v1/cases/{cid}/").status_code == 404
    sup = login_api(city.supervisor)
    assert sup.get(f"/api/v1/cases/{cid}/").status_code == 200
    assert sup.post(f"/api/v1/cases/{cid}/actions/", {"action": "accept"}, format="json").status_code == 403
    assert cid not in [c["id"] for c in login_api(city.other_municipal).get("/api/v1/cases/").json()["results"]]


def test_wrong_role_is_403_and_wrong_state_is_409(city, login_api):
    case = register(login_api(city.officer))
    municipal = login_api(city.municipal)
    r = municipal.post(f"/api/v1/cases/{case['id']}/actions/", {"action": "accept"}, format="json")
    assert r.status_code == 403 and "اجازه" in r.json()["detail"]
    officer = login_api(city.officer)
    r = officer.post(f"/api/v1/cases/{case['id']}/actions/", {"action": "complete_plan_review"}, format="json")
    assert r.status_code == 409
    assert r.json()["code"] == "action-not-open"
    r = officer.post(f"/api/v1/cases/{case['id']}/actions/", {"action": "fly"}, format="json")
    assert r.status_code == 400
    r = officer.post(f"/api/v1/cases/{case['id']}/actions/", {"action": "return_to_applicant"}, format="json")
    assert r.status_code == 400 and "note" in r.json()["errors"]


# --- bad input -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change, field",
    [
        ({"service": "teleport"}, "service"),
        (
            {"applicant": {"national_id": "0499370898", "first_name": "a", "last_name": "b", "mobile": "09131112233"}},
            "applicant.national_id",
        ),
        (
            {"applicant": {"national_id": "0499370899", "first_name": "a", "last_name": "b", "mobile": "0813"}},
            "applicant.mobile",
        ),
        ({"property": {"renewal_code": "1-2", "address": "x", "district": 1}}, "property.renewal_code"),
        ({"property": {"renewal_code": "01-001-001-001-01-001", "address": "x", "district": 99}}, "property.district"),
        (
            {"property": {"renewal_code": "02-001-001-001-01-001", "address": "x", "district": 1}},
            "property.renewal_code",
        ),
        ({"details": {"notary_number": "x", "letter_number": "", "letter_date": "1404/13/40"}}, "details.letter_date"),
    ],
)
def test_bad_input_is_400_field_by_field_and_saves_nothing(city, login_api, change, field):
    before = (Case.objects.count(), Property.objects.count(), Transition.objects.count())
    response = login_api(city.officer).post("/api/v1/cases/", {**notary_payload(), **change}, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert field in body["errors"], body
    assert any("\u0600" <= ch <= "\u06ff" for ch in body["detail"])
    assert (Case.objects.count(), Property.objects.count(), Transition.objects.count()) == before


def test_citizen_must_choose_a_known_office(city, login_api):
    citizen = login_api(city.citizen)
    assert citizen.post("/api/v1/cases/", notary_payload(), format="json").json()["errors"]["office"]
    assert citizen.post("/api/v1/cases/", notary_payload(office=999999), format="json").status_code == 400


def test_second_open_file_for_the_same_property_is_refused_with_the_first_code(city, login_api):
    officer = login_api(city.officer)
    code = renewal_code()
    first = register(officer, code=code)
    again = officer.post("/api/v1/cases/", notary_payload(code=code), format="json")
    assert again.status_code == 409
    assert first["tracking_code"] in again.json()["detail"]


@pytest.mark.parametrize(
    "name, content",
    [
        ("fake.pdf", b"MZ\x90\x00 this is an exe"),
        ("photo.png", b"\x89PNG\r\n\x1a\nnot really a png"),
        ("script.jpg", b"<script>alert(1)</script>"),
        ("scan.png", "damaged pixels"),
    ],
)
def test_disguised_uploads_are_refused_and_nothing_is_saved(city, login_api, name, content):
    if content == "damaged pixels":
        from tests.inspections.helpers import png_with_damaged_pixels

        content = png_with_damaged_pixels()
    officer = login_api(city.officer)
    case = register(officer)
    r = officer.post(
        f"/api/v1/cases/{case['id']}/documents/", {"kind": "deed", "file": upload(name, content)}, format="multipart"
    )
    assert r.status_code == 400
    assert r.json()["errors"]["file"]
    assert Case.objects.get(pk=case["id"]).documents.count() == 0


def test_oversize_upload_is_refused(city, login_api, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    officer = login_api(city.officer)
    case = register(officer)
    r = officer.post(
        f"/api/v1/cases/{case['id']}/documents/",
        {"kind": "deed", "file": upload("big.pdf", PDF + b"0" * 2048)},
        format="multipart",
    )
    assert r.status_code == 400 and r.json()["code"] == "file-too-large"


# --- the clock -----------------------------------------------------------------------------------------------


def test_return_stops_the_clock_and_resubmit_resumes_with_the_days_left(city, login_api):
    officer = login_api(city.officer)
    case = register(officer)
    cid = case["id"]
    Case.objects.filter(pk=cid).update(deadline=timezone.localdate() + datetime.timedelta(days=9))
    from cases.calendar import working_days_left

    left = working_days_left(Case.objects.get(pk=cid).deadline, timezone.localdate())
    returned = officer.post(
        f"/api/v1/cases/{cid}/actions/", {"action": "return_to_applicant", "note": "سند ناخوانا است"}, format="json"
    ).json()
    assert returned["state"] == "returned" and returned["deadline"] is None and returned["overdue"] is False
    assert Case.objects.get(pk=cid).paused_days_left == left
    resumed = officer.post(f"/api/v1/cases/{cid}/actions/", {"action": "resubmit"}, format="json").json()
    assert resumed["state"] == "submitted"
    assert working_days_left(datetime.date.fromisoformat(resumed["deadline"]), timezone.localdate()) == left


def test_supervisor_extends_a_deadline_with_a_reason_in_the_history(city, login_api):
    case = register(login_api(city.officer))
    sup = login_api(city.supervisor)
    no_reason = sup.post(
        f"/api/v1/cases/{case['id']}/actions/", {"action": "extend_deadline", "days": 3}, format="json"
    )
    assert no_reason.status_code == 400
    r = sup.post(
        f"/api/v1/cases/{case['id']}/actions/",
        {"action": "extend_deadline", "days": 3, "note": "ازدحام کاری"},
        format="json",
    )
    assert r.status_code == 200
    assert r.json()["deadline"] > case["deadline"]
    last = sup.get(f"/api/v1/cases/{case['id']}/history/").json()[-1]
    assert last["action"] == "extend_deadline" and last["note"] == "ازدحام کاری" and last["data"]["days"] == 3


def test_overdue_filter_and_cartable_order(city, login_api):
    officer = login_api(city.officer)
    a, b = register(officer), register(officer)
    Case.objects.filter(pk=a["id"]).update(deadline=timezone.localdate() - datetime.timedelta(days=2))
    overdue = officer.get("/api/v1/cases/", {"overdue": "true"}).json()
    assert [c["id"] for c in overdue["results"]] == [a["id"]]
    assert overdue["results"][0]["overdue"] is True
    cartable = officer.get("/api/v1/cartable/").json()["results"]
    assert [c["id"] for c in cartable][:2] == [a["id"], b["id"]]
    follow = login_api(city.followup).get("/api/v1/cartable/").json()["results"]
    assert [c["id"] for c in follow] == [a["id"]]


def test_search_is_persian_normalized(city, login_api):
    officer = login_api(city.officer)
    case = register(officer)
    for q in ["رضايي", "رضایی", "علی رضایی", case["tracking_code"][:6], "0499370899", case["renewal_code"]]:
        found = officer.get("/api/v1/cases/", {"q": q}).json()["results"]
        assert case["id"] in [c["id"] for c in found], q


# --- instant answers -----------------------------------------------------------------------------------------


def test_a_clean_property_on_record_is_answered_at_once(city, login_api):
    code = renewal_code()
    Property.objects.create(renewal_code=code, district=city.district, address="x", on_record=True)
    case = register(login_api(city.officer), code=code)
    assert case["state"] == "responded"
    assert Case.objects.get(pk=case["id"]).transitions.last().action == "instant_answer"


def test_a_property_with_a_violation_is_not_answered_at_once(city, login_api):
    code = renewal_code()
    Property.objects.create(renewal_code=code, district=city.district, address="x", on_record=True, has_violation=True)
    assert register(login_api(city.officer), code=code)["state"] == "submitted"


# --- tamper evidence -----------------------------------------------------------------------------------------


def test_verify_history_finds_a_row_altered_behind_the_applications_back(city, login_api):
    officer = login_api(city.officer)
    case = register(officer)
    officer.post(
        f"/api/v1/cases/{case['id']}/actions/", {"action": "return_to_applicant", "note": "ناقص"}, format="json"
    )
    call_command("verify_history")  # clean
    Transition.objects.filter(case_id=case["id"], seq=2).update(note="چیز دیگری")  # raw SQL-level edit
    with pytest.raises(CommandError) as info:
        call_command("verify_history")
    assert "1 file(s)" in str(info.value)


def test_system_actions_are_not_offered_to_people(city, login_api):
    case = register(login_api(city.officer))
    with pytest.raises(Exception) as info:
        apply_action(case["id"], "instant_answer", city.officer)
    assert getattr(info.value, "http_status", None) == 403
