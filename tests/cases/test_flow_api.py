"""A notary inquiry from registration to response, over HTTP, by four people."""

import re

import pytest

from cases.models import Case, Transition
from core.validators import to_persian_digits as fa
from inspections.models import VisitReport
from notifications.models import Message
from tests.cases.helpers import PDF, notary_payload, png_bytes, upload

pytestmark = pytest.mark.django_db


def act(api, case_id, action, **data):
    return api.post(f"/api/v1/cases/{case_id}/actions/", {"action": action, **data}, format="json")


def test_notary_inquiry_travels_from_registration_to_response(city, login_api, django_capture_on_commit_callbacks):
    officer = login_api(city.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post("/api/v1/cases/", notary_payload(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    case_id = body["id"]
    assert re.fullmatch(r"\d{12}", body["tracking_code"])
    assert body["state"] == "submitted"
    assert body["deadline"]
    assert body["applicant"] == {
        "national_id": "0499370899",
        "first_name": "علی",
        "last_name": "رضایی",
        "mobile": "09131112233",
    }
    assert body["property"]["address"] == "اصفهان، خیابان چهارباغ، پلاک 12"
    assert body["details"]["notary_number"] == "123"
    assert body["details"]["letter_date_jalali"] == "1404/07/01"
    # The applicant was told the tracking code by SMS.
    sms = Message.objects.get(event="case_registered")
    assert sms.recipient == "09131112233" and fa(body["tracking_code"]) in sms.body

    # Documents first: accepting without them is refused.
    refused = act(officer, case_id, "accept")
    assert refused.status_code == 409
    assert "نامه" in refused.json()["detail"]
    for kind, name, content in [("inquiry_letter", "letter.pdf", PDF), ("deed", "deed.png", png_bytes())]:
        r = officer.post(
            f"/api/v1/cases/{case_id}/documents/", {"kind": kind, "file": upload(name, content)}, format="multipart"
        )
        assert r.status_code == 201, r.content

    assert act(officer, case_id, "accept").json()["state"] == "awaiting_visit"
    inspector = city.inspector
    assigned = act(officer, case_id, "assign_inspector", inspector=inspector.id).json()
    assert assigned["holder"]["id"] == inspector.id and assigned["state"] == "awaiting_visit"

    visitor = login_api(city.inspector)
    assert "submit_visit_report" in visitor.get(f"/api/v1/cases/{case_id}/").json()["allowed_actions"]
    reported = act(
        visitor,
        case_id,
        "submit_visit_report",
        findings="ملک مسکونی دو طبقه",
        land_area=220,
        built_area=310,
        floors=2,
        usage="residential",
    )
    assert reported.status_code == 200, reported.json()
    assert reported.json()["state"] == "plan_review"

    reviewer = login_api(city.manager)
    assert act(reviewer, case_id, "complete_plan_review", note="کاربری مسکونی، بدون عقب‌نشینی").json()["state"] == (
        "municipal_review"
    )

    # The service fee is paid before the answer (billing: a notary inquiry's fee is due before
    # issue_response): the officer, the office's cashier, records the card reader's payment with its
    # 12-digit reference (RRN). A service whose tariff is zero has no slip to pay.
    bank = login_api(city.officer)
    for slip in bank.get(f"/api/v1/cases/{case_id}/").json()["fee_slips"]:
        if not slip["paid"]:
            paid = bank.post(
                "/api/v1/payments/",
                {
                    "bill_id": slip["bill_id"],
                    "payment_id": slip["payment_id"],
                    "amount_rials": slip["amount_rials"],
                    "reference": f"{700000000000 + slip['id']}",
                },
                format="json",
            )
            assert paid.status_code == 201, paid.content

    municipal = login_api(city.municipal)
    answered = act(municipal, case_id, "issue_response", result="approved", text="نقل و انتقال بلامانع است.")
    assert answered.status_code == 200, answered.content
    assert answered.json()["state"] == "responded"
    assert answered.json()["allowed_actions"] == []

    history = municipal.get(f"/api/v1/cases/{case_id}/history/").json()
    assert [
        (h["action"], h["from_state"], h["to_state"], h["actor"]["name"] if h["actor"] else None) for h in history
    ] == [
        ("register", "", "submitted", str(city.officer)),
        ("accept", "submitted", "awaiting_visit", str(city.officer)),
        ("assign_inspector", "awaiting_visit", "awaiting_visit", str(city.officer)),
        ("submit_visit_report", "awaiting_visit", "plan_review", str(inspector)),
        ("complete_plan_review", "plan_review", "municipal_review", str(city.manager)),
        ("issue_response", "municipal_review", "responded", str(city.municipal)),
    ]
    assert history[4]["note"] == "کاربری مسکونی، بدون عقب‌نشینی"
    # The assignment keeps the inspector's id; the API names them too.
    assert history[2]["data"]["inspector"] == inspector.id
    assert history[2]["data"]["inspector_name"] == str(inspector)
    # The history names the visit report; the report keeps what the inspector found.
    report = VisitReport.objects.get(case_id=case_id, version=history[3]["data"]["report_version"])
    assert report.floors == 2 and "floors" not in history[3]["data"]
    assert Transition.objects.filter(case_id=case_id).count() == 6
    assert Case.objects.get(pk=case_id).result == "approved"


def test_tracking_by_code_and_national_id(city, login_api, api):
    officer = login_api(city.officer)
    case = officer.post("/api/v1/cases/", notary_payload(), format="json").json()
    api.credentials()
    found = api.get(f"/api/v1/track/{case['tracking_code']}/", {"national_id": "0499370899"})
    assert found.status_code == 200
    assert found.json()["state"] == "submitted" and found.json()["state_label"] == "ثبت‌شده"
    wrong_id = api.get(f"/api/v1/track/{case['tracking_code']}/", {"national_id": "4608968882"})
    wrong_code = api.get("/api/v1/track/140000000000/", {"national_id": "0499370899"})
    assert wrong_id.status_code == wrong_code.status_code == 404
    assert wrong_id.json() == wrong_code.json()
    # Persian digits are accepted.
    from core.validators import to_persian_digits

    again = api.get(
        f"/api/v1/track/{to_persian_digits(case['tracking_code'])}/", {"national_id": to_persian_digits("0499370899")}
    )
    assert again.status_code == 200


@pytest.mark.parametrize("kind", ["new parcel", "known parcel", "answered at once", "online", "permit"])
def test_the_registration_answer_is_the_file_as_it_reads_afterwards(city, login_api, kind):
    """The 201 body is built from what registration already holds: it must equal the file's own page in the API."""
    from cases.api import registration_example
    from cases.models import Property
    from tests.cases.factories import renewal_code

    actor, body = city.officer, notary_payload()
    if kind == "known parcel":
        code = renewal_code()
        Property.objects.create(renewal_code=code, district=city.district, address="x")
        body = notary_payload(code=code)
    elif kind == "answered at once":
        code = renewal_code()
        Property.objects.create(renewal_code=code, district=city.district, address="x", on_record=True)
        body = notary_payload(code=code)
    elif kind == "online":
        actor, body = city.citizen, notary_payload(office=city.office.pk)
    elif kind == "permit":
        body = {**notary_payload(), "service": "building_permit"}
        body["details"] = registration_example("building_permit")["details"]
    api = login_api(actor)
    answer = api.post("/api/v1/cases/", body, format="json")
    assert answer.status_code == 201, answer.content
    again = api.get(f"/api/v1/cases/{answer.json()['id']}/")
    assert answer.json() == again.json()
    if kind == "answered at once":
        assert answer.json()["state"] == "responded" and answer.json()["letter"]["number"]
    if kind == "online":
        assert answer.json()["state"] == "draft"


def test_a_citizens_draft_is_theirs_alone_to_send_or_cancel(city, login_api):
    citizen = login_api(city.citizen)
    draft = citizen.post("/api/v1/cases/", notary_payload(office=city.office.pk), format="json").json()
    assert draft["state"] == "draft"
    officer = login_api(city.officer)
    seen = officer.get(f"/api/v1/cases/{draft['id']}/")
    assert seen.status_code == 200 and seen.json()["allowed_actions"] == []
    for action in ("submit", "cancel"):
        refused = act(officer, draft["id"], action)
        assert refused.status_code == 403, refused.content
        assert refused.json()["code"] == "draft-not-sent"
        assert "پیش‌نویس متقاضی" in refused.json()["detail"]
    assert officer.get(f"/api/v1/cases/{draft['id']}/").json()["state"] == "draft"
    citizen = login_api(city.citizen)  # the same client, signed in again
    assert citizen.get(f"/api/v1/cases/{draft['id']}/").json()["allowed_actions"] == ["submit", "cancel"]
    assert act(citizen, draft["id"], "cancel").json()["state"] == "cancelled"


def test_an_online_files_messages_go_to_the_mobile_its_citizen_signed_in_with(city, login_api):
    """A citizen may file for someone else (a parent): the mobile typed in the form is not proven to be anyone's,
    so the file's SMS go to the citizen's own, the one their sign-in code was sent to."""
    city.citizen.mobile = "09135550000"
    city.citizen.save(update_fields=["mobile"])
    citizen = login_api(city.citizen)
    body = notary_payload(office=city.office.pk)
    body["applicant"]["mobile"] = "09137778888"
    draft = citizen.post("/api/v1/cases/", body, format="json").json()
    assert draft["applicant"]["mobile"] == "09137778888"  # the applicant's data stays as given
    assert act(citizen, draft["id"], "submit").status_code == 200
    officer = login_api(city.officer)
    assert act(officer, draft["id"], "return_to_applicant", note="سند ناخوانا است").status_code == 200
    sent = Message.objects.filter(event__in=["case_registered", "returned_for_correction"])
    assert sent.count() == 2, list(sent.values_list("event", flat=True))
    assert set(sent.values_list("recipient", flat=True)) == {"09135550000"}


def test_an_apostrophe_in_a_name_reads_as_typed_on_the_files_page(city, login_api, client):
    officer = login_api(city.officer)
    body = notary_payload()
    body["applicant"]["last_name"] = "O'Neil"
    made = officer.post("/api/v1/cases/", body, format="json")
    assert made.status_code == 201, made.content
    client.force_login(city.officer)
    page = client.get(f"/cases/{made.json()['id']}/").content.decode()
    assert "O&#x27;Neil" in page and "&#x۲۷;" not in page


def test_returning_or_rejecting_a_file_is_for_the_side_whose_step_it_is(city, login_api):
    """The office returns or rejects a file at its own steps, the municipality at its own: neither at the other's
    (an office rejected a file the municipality held, before the Article 100 commission, fine and all)."""
    from tests.cases.factories import move, register

    at_municipality = move(register(city.officer), "municipal_review", officer=city.officer, inspector=city.inspector)
    at_office = register(city.officer)
    officer = login_api(city.officer)
    listed = officer.get(f"/api/v1/cases/{at_municipality.pk}/").json()["allowed_actions"]
    assert "reject" not in listed and "return_to_applicant" not in listed
    refused = act(officer, at_municipality.pk, "reject", note="رد می‌شود")
    assert refused.status_code == 403 and refused.json()["code"] == "not-your-step"
    assert "مرحلهٔ شما نیست" in refused.json()["detail"]
    assert act(officer, at_municipality.pk, "return_to_applicant", note="x").status_code == 403
    municipal = login_api(city.municipal)
    assert act(municipal, at_office.pk, "reject", note="رد می‌شود").json()["code"] == "not-your-step"
    assert "reject" in municipal.get(f"/api/v1/cases/{at_municipality.pk}/").json()["allowed_actions"]
    assert act(municipal, at_municipality.pk, "reject", note="رد می‌شود").json()["state"] == "rejected"
    officer = login_api(city.officer)
    assert act(officer, at_office.pk, "reject", note="مدارک جعلی است").json()["state"] == "rejected"
