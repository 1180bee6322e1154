"""Violations over HTTP: a complaint opens one against the file's office, the manager answers,
the unit decides, the office gets its fine slip; another office's manager sees nothing."""

import datetime

import pytest
from django.utils import timezone

from billing.models import FeeSlip
from offices.models import OfficeChange, OfficeStatus
from offices.services import may_register
from supervision.models import Violation, ViolationEvent
from tests.supervision.factories import register_file

pytestmark = pytest.mark.django_db


def complain(api, case, text="پاسخ استعلام من دو هفته است داده نشده است."):
    return api.post(
        "/api/v1/complaints/",
        {"tracking_code": case.tracking_code, "national_id": case.applicant_national_id, "text": text},
        format="json",
    )


def past_response_deadline(violation):
    Violation.objects.filter(pk=violation).update(response_due=timezone.localdate() - datetime.timedelta(days=1))


def ready_to_decide(unit, office, type="unauthorised_fee", description="دریافت وجه اضافه."):
    """A violation the unit opened against ``office`` whose response time is over; its actions' address."""
    pk = unit.post(
        "/api/v1/violations/", {"office": office.pk, "type": type, "description": description}, format="json"
    ).json()["id"]
    past_response_deadline(pk)
    return f"/api/v1/violations/{pk}/actions/"


def test_complaint_respond_fine_and_another_managers_404(town, as_user, api, django_capture_on_commit_callbacks):
    case = register_file(town["officer"])
    with django_capture_on_commit_callbacks(execute=True):
        made = complain(api, case)
    assert made.status_code == 201, made.content
    code = made.json()["tracking_code"]
    assert code != case.tracking_code and len(code) == 12
    violation = Violation.objects.get(complaint__tracking_code=code)
    assert (violation.office, violation.case, violation.source, violation.state) == (
        town["office"],
        case,
        "complaint",
        "open",
    )
    assert violation.response_due > timezone.localdate()

    # The complainant follows their complaint with its own code.
    state = api.get(f"/api/v1/complaints/{code}/", {"national_id": case.applicant_national_id})
    assert state.status_code == 200 and state.json()["state"] == "open"
    assert api.get(f"/api/v1/complaints/{code}/", {"national_id": "0012345679"}).status_code == 404

    manager = as_user(town["manager"])
    listed = manager.get("/api/v1/violations/").json()
    assert [v["id"] for v in listed["results"]] == [violation.pk]
    detail = manager.get(f"/api/v1/violations/{violation.pk}/").json()
    assert detail["allowed_actions"] == ["respond"]
    assert {"id", "office", "subject", "type", "source", "state", "history", "decision"} <= set(detail)

    other = as_user(town["other_manager"])
    assert other.get("/api/v1/violations/").json()["results"] == []
    assert other.get(f"/api/v1/violations/{violation.pk}/").status_code == 404
    refused = other.post(
        f"/api/v1/violations/{violation.pk}/actions/", {"action": "respond", "note": "x"}, format="json"
    )
    assert refused.status_code == 404

    answered = manager.post(
        f"/api/v1/violations/{violation.pk}/actions/",
        {"action": "respond", "note": "پرونده منتظر نامه بانک بود؛ پاسخ امروز صادر شد."},
        format="json",
    )
    assert answered.status_code == 200, answered.content
    assert answered.json()["state"] == "responded"

    unit = as_user(town["supervisor"])
    decided = unit.post(
        f"/api/v1/violations/{violation.pk}/actions/",
        {"action": "decide", "decision": "fine", "fine_rials": 5_000_000, "note": "تأخیر بدون عذر موجه."},
        format="json",
    )
    assert decided.status_code == 200, decided.content
    body = decided.json()
    assert body["state"] == "decided"
    assert body["decision"]["decision"] == "fine" and body["decision"]["fine_rials"] == 5_000_000
    slip = FeeSlip.objects.get(pk=body["decision"]["fine_slip"]["id"])
    assert (slip.office, slip.kind, slip.amount_rials, slip.status) == (
        town["office"],
        "office_fine",
        5_000_000,
        "issued",
    )
    assert slip.case is None

    history = [e["action"] for e in body["history"]]
    assert history == ["created", "respond", "decide"]
    assert body["history"][1]["actor"] == str(town["manager"])

    # The office sees its fine among its slips; the other office does not.
    assert manager.get(f"/api/v1/violations/{violation.pk}/").json()["allowed_actions"] == ["appeal"]


def test_a_manager_cannot_decide_nor_the_unit_respond(town, as_user):
    case = register_file(town["officer"])
    from supervision.services import file_complaint

    violation = file_complaint(
        tracking_code=case.tracking_code, national_id=case.applicant_national_id, text="کسی پاسخ تلفن را نداد."
    ).violation
    decide = {"action": "decide", "decision": "warning", "note": "n"}
    manager = as_user(town["manager"])
    assert manager.post(f"/api/v1/violations/{violation.pk}/actions/", decide, format="json").status_code == 403
    unit = as_user(town["supervisor"])
    respond = unit.post(
        f"/api/v1/violations/{violation.pk}/actions/", {"action": "respond", "note": "n"}, format="json"
    )
    assert respond.status_code == 403
    # While the office may still answer, the unit waits.
    early = unit.post(f"/api/v1/violations/{violation.pk}/actions/", decide, format="json")
    assert early.status_code == 409
    past_response_deadline(violation.pk)
    late = manager.post(
        f"/api/v1/violations/{violation.pk}/actions/", {"action": "respond", "note": "n"}, format="json"
    )
    assert late.status_code == 409
    assert unit.post(f"/api/v1/violations/{violation.pk}/actions/", decide, format="json").status_code == 200


@pytest.mark.parametrize(
    "body, field",
    [
        ({"action": "decide", "decision": "fine", "note": "n"}, "fine_rials"),
        ({"action": "decide", "decision": "fine", "fine_rials": 1500, "note": "n"}, "fine_rials"),
        ({"action": "decide", "decision": "warning", "fine_rials": 1000, "note": "n"}, "fine_rials"),
        ({"action": "decide", "decision": "banish", "note": "n"}, "decision"),
        ({"action": "decide", "decision": "warning"}, "note"),
        ({"action": "decide", "decision": "warning", "note": "n", "at": "2020-01-01"}, "at"),
        ({"action": "fly"}, "action"),
        ({"action": "note", "note": "a\x00b"}, "note"),
    ],
)
def test_bad_action_input_is_a_400_naming_the_field(town, as_user, body, field):
    case = register_file(town["officer"])
    from supervision.services import file_complaint

    violation = file_complaint(
        tracking_code=case.tracking_code, national_id=case.applicant_national_id, text="کسی پاسخ تلفن را نداد."
    ).violation
    past_response_deadline(violation.pk)
    response = as_user(town["supervisor"]).post(f"/api/v1/violations/{violation.pk}/actions/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert ViolationEvent.objects.filter(violation=violation).count() == 1


def test_suspension_goes_through_may_register_and_the_public_changes_and_an_appeal_lifts_it(town, as_user):
    unit = as_user(town["supervisor"])
    made = unit.post(
        "/api/v1/violations/",
        {"office": town["office"].pk, "type": "unauthorised_fee", "description": "دریافت وجه اضافه در بازدید."},
        format="json",
    )
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    past_response_deadline(pk)
    decided = unit.post(
        f"/api/v1/violations/{pk}/actions/",
        {"action": "decide", "decision": "suspension", "note": "تعلیق یک‌ماهه."},
        format="json",
    )
    assert decided.status_code == 200, decided.content
    town["office"].refresh_from_db()
    assert town["office"].status == OfficeStatus.SUSPENDED
    assert not may_register(town["office"])
    change = OfficeChange.objects.filter(office=town["office"]).latest("id")
    assert change.kind == OfficeChange.Kind.SUSPENDED and str(pk) in change.reason

    manager = as_user(town["manager"])
    appealed = manager.post(f"/api/v1/violations/{pk}/actions/", {"action": "appeal", "note": "اعتراض"}, format="json")
    assert appealed.status_code == 200 and appealed.json()["state"] == "appealed"
    final = unit.post(
        f"/api/v1/violations/{pk}/actions/",
        {"action": "decide", "decision": "fine", "fine_rials": 2_000_000, "note": "به جریمه تبدیل شد."},
        format="json",
    )
    assert final.status_code == 200, final.content
    body = final.json()
    assert body["state"] == "closed" and body["decision"]["final"] is True
    town["office"].refresh_from_db()
    assert town["office"].status == OfficeStatus.ACTIVE and may_register(town["office"])
    assert body["history"][-1]["data"]["appeal_outcome"] == "changed"
    assert FeeSlip.objects.filter(office=town["office"], kind="office_fine", status="issued").count() == 1


def test_an_appeal_that_lifts_one_suspension_leaves_the_office_suspended_while_another_stands(town, as_user):
    unit = as_user(town["supervisor"])

    def suspended_by_decision(decision="suspension"):
        url = ready_to_decide(unit, town["office"])
        assert unit.post(url, {"action": "decide", "decision": decision, "note": "n"}, format="json").status_code == 200
        return url

    def lifted_on_appeal(url):
        as_user(town["manager"]).post(url, {"action": "appeal", "note": "اعتراض"}, format="json")
        answer = unit.post(url, {"action": "decide", "decision": "dismissed", "note": "وارد است."}, format="json")
        assert answer.status_code == 200, answer.content

    def status():
        town["office"].refresh_from_db()
        return town["office"].status

    first = suspended_by_decision()
    second = suspended_by_decision()  # the office is suspended already: this decision changes nothing yet
    assert status() == OfficeStatus.SUSPENDED
    lifted_on_appeal(first)
    assert status() == OfficeStatus.SUSPENDED and not may_register(town["office"])  # the second still stands
    lifted_on_appeal(second)
    assert status() == OfficeStatus.ACTIVE and may_register(town["office"])

    # A termination lifted on appeal while a suspension stands leaves the office suspended, not active.
    suspension = suspended_by_decision()
    termination = suspended_by_decision("termination")
    assert status() == OfficeStatus.ENDED
    lifted_on_appeal(termination)
    assert status() == OfficeStatus.SUSPENDED
    lifted_on_appeal(suspension)
    assert status() == OfficeStatus.ACTIVE


def test_a_status_set_by_hand_outlasts_the_appeal_of_an_earlier_decision(town, as_user, client):
    """The unit suspended an office by decision, reactivated it by hand, then suspended it by hand for another
    reason: dismissing the appeal of the decision does not lift the suspension set by hand."""
    unit = as_user(town["supervisor"])
    url = ready_to_decide(unit, town["office"])
    assert unit.post(url, {"action": "decide", "decision": "suspension", "note": "n"}, format="json").status_code == 200
    client.force_login(town["supervisor"])
    page = f"/offices/manage/{town['office'].pk}/status/"
    assert client.post(page, {"action": "reactivate", "reason": "رفع مشکل"}).status_code == 302
    assert client.post(page, {"action": "suspend", "reason": "تعلیق به دلیلی دیگر"}).status_code == 302
    as_user(town["manager"]).post(url, {"action": "appeal", "note": "اعتراض"}, format="json")
    answer = unit.post(url, {"action": "decide", "decision": "dismissed", "note": "وارد است."}, format="json")
    assert answer.status_code == 200, answer.content
    town["office"].refresh_from_db()
    assert town["office"].status == OfficeStatus.SUSPENDED and town["office"].status_reason == "تعلیق به دلیلی دیگر"
    assert OfficeChange.objects.filter(office=town["office"]).latest("id").kind == OfficeChange.Kind.SUSPENDED


def test_an_appeal_that_lifts_a_fine_withdraws_the_unpaid_slip(town, as_user):
    unit = as_user(town["supervisor"])
    url = ready_to_decide(unit, town["office"], "wrong_answer", "پاسخ نادرست.")
    unit.post(url, {"action": "decide", "decision": "fine", "fine_rials": 1_000_000, "note": "n"}, format="json")
    as_user(town["manager"]).post(url, {"action": "appeal", "note": "مدارک جدید"}, format="json")
    final = unit.post(url, {"action": "decide", "decision": "dismissed", "note": "اعتراض وارد است."}, format="json")
    assert final.status_code == 200
    slip = FeeSlip.objects.get(office=town["office"], kind="office_fine")
    assert slip.status == FeeSlip.Status.VOID


def test_evidence_is_checked_by_content(town, as_user):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    unit = as_user(town["supervisor"])
    pk = unit.post(
        "/api/v1/violations/",
        {"office": town["office"].pk, "type": "misconduct", "description": "گزارش بازرسی."},
        format="json",
    ).json()["id"]
    fake = SimpleUploadedFile("report.pdf", b"<html><script>alert(1)</script>", content_type="application/pdf")
    refused = unit.post(f"/api/v1/violations/{pk}/evidence/", {"file": fake}, format="multipart")
    assert refused.status_code == 400 and "file" in refused.json()["errors"]
    pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    added = unit.post(
        f"/api/v1/violations/{pk}/evidence/", {"file": pdf, "description": "صورت‌جلسه"}, format="multipart"
    )
    assert added.status_code == 201, added.content
    detail = unit.get(f"/api/v1/violations/{pk}/").json()
    assert [e["name"] for e in detail["evidence"]] == ["report.pdf"]
    assert detail["history"][-1]["action"] == "evidence"
    download = unit.get(f"/api/v1/violations/{pk}/evidence/{added.json()['id']}/")
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert (
        as_user(town["other_manager"]).get(f"/api/v1/violations/{pk}/evidence/{added.json()['id']}/").status_code == 404
    )
    # A name that would make the download open as something else ends in what the file was checked to be.
    tricked = SimpleUploadedFile("\u202eFDP.exe", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    added = unit.post(f"/api/v1/violations/{pk}/evidence/", {"file": tricked}, format="multipart")
    assert added.status_code == 201, added.content
    page = Client()
    page.force_login(town["supervisor"])
    for client, path in (
        (unit, f"/api/v1/violations/{pk}/evidence/{added.json()['id']}/"),
        (page, f"/supervision/violations/{pk}/evidence/{added.json()['id']}/"),
    ):
        disposition = client.get(path)["Content-Disposition"]
        assert disposition.startswith("attachment;") and 'filename="FDP.exe.pdf"' in disposition, disposition


def test_public_complaint_input_and_answers(town, api):
    case = register_file(town["officer"])
    wrong = api.post(
        "/api/v1/complaints/",
        {"tracking_code": case.tracking_code, "national_id": "0012345679", "text": "کسی پاسخ تلفن را نداد."},
        format="json",
    )
    assert wrong.status_code == 404
    extra = api.post(
        "/api/v1/complaints/",
        {
            "tracking_code": case.tracking_code,
            "national_id": case.applicant_national_id,
            "text": "کسی پاسخ تلفن را نداد.",
            "office": 1,
        },
        format="json",
    )
    assert extra.status_code == 400 and "office" in extra.json()["errors"]
    # A word or two is not a complaint anyone can act on: refused in Persian, nothing opened.
    short = complain(api, case, text="  بد بود  ")
    assert short.status_code == 400 and "دست‌کم" in short.json()["errors"]["text"][0]
    assert not Violation.objects.filter(case=case).exists()
    assert complain(api, case).status_code == 201
    again = complain(api, case)
    assert again.status_code == 409
    assert Violation.objects.filter(case=case).count() == 1


def test_a_request_never_sent_to_the_office_is_not_complained_of(town, api):
    from tests.accounts.factories import CitizenFactory
    from tests.cases.factories import register

    draft = register(CitizenFactory(), office=town["office"])
    assert draft.state == "draft"
    refused = complain(api, draft)
    assert refused.status_code == 409 and refused.json()["code"] == "complaint-draft"
    assert "هرگز برای دفتر فرستاده نشده" in refused.json()["detail"]
    assert not Violation.objects.filter(office=town["office"]).exists()
