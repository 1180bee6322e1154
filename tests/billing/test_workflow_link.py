"""A file whose service fee is unpaid cannot be answered; zero tariffs issue no slip."""

import pytest

from billing.models import FeePolicy, FeeSlip, Tariff
from cases.models import Case
from tests.billing.helpers import bank_pay, pay, register_notary
from tests.cases.helpers import PDF, png_bytes, upload, user

pytestmark = pytest.mark.django_db

NOT_PAID = "هزینهٔ خدمت پرداخت نشده است"


def act(api, case_id, action, **data):
    return api.post(f"/api/v1/cases/{case_id}/actions/", {"action": action, **data}, format="json")


def drive_to_municipal_review(login_api):
    officer = login_api("officer")
    case = register_notary(officer)
    cid = case["id"]
    for kind, name, content in [("inquiry_letter", "letter.pdf", PDF), ("deed", "deed.png", png_bytes())]:
        assert (
            officer.post(
                f"/api/v1/cases/{cid}/documents/", {"kind": kind, "file": upload(name, content)}, format="multipart"
            ).status_code
            == 201
        )
    assert act(officer, cid, "accept").json()["state"] == "awaiting_visit"
    assert act(officer, cid, "assign_inspector", inspector=user("inspector").id).status_code == 200
    visitor = login_api("inspector")
    assert (
        act(
            visitor,
            cid,
            "submit_visit_report",
            findings="مسکونی",
            land_area=200,
            built_area=300,
            floors=2,
            usage="residential",
        ).json()["state"]
        == "plan_review"
    )
    assert act(login_api("manager"), cid, "complete_plan_review").json()["state"] == "municipal_review"
    return case


def test_issue_response_is_409_until_the_fee_is_paid_then_200(demo_city, login_api):
    case = drive_to_municipal_review(login_api)
    [slip] = case["fee_slips"]
    municipal = login_api("municipal")
    refused = act(municipal, case["id"], "issue_response", result="approved", text="بلامانع است.")
    assert refused.status_code == 409, refused.content
    assert refused.json()["code"] == "action-blocked"
    assert NOT_PAID in refused.json()["detail"] and slip["bill_id"] in refused.json()["detail"]
    assert Case.objects.get(pk=case["id"]).state == "municipal_review"
    # The other steps were never held up: only the configured one waits for the fee.
    assert bank_pay(slip, "BANK-555").status_code == 201
    answered = act(login_api("municipal"), case["id"], "issue_response", result="approved", text="بلامانع است.")
    assert answered.status_code == 200, answered.content
    assert answered.json()["state"] == "responded"


def test_the_fee_requirement_is_a_per_service_setting(demo_city, login_api):
    FeePolicy.objects.update_or_create(service_id="notary_inquiry", defaults={"fee_due": "none"})
    case = drive_to_municipal_review(login_api)
    assert case["fee_slips"] and not case["fee_slips"][0]["paid"]
    answered = act(login_api("municipal"), case["id"], "issue_response", result="denied", text="نیاز به اصلاح.")
    assert answered.status_code == 200, answered.content


def test_a_step_can_wait_for_the_fee_earlier_in_the_flow(demo_city, login_api):
    FeePolicy.objects.update_or_create(service_id="notary_inquiry", defaults={"fee_due": "acceptance"})
    officer = login_api("officer")
    case = register_notary(officer)
    for kind, name, content in [("inquiry_letter", "letter.pdf", PDF), ("deed", "deed.png", png_bytes())]:
        officer.post(
            f"/api/v1/cases/{case['id']}/documents/", {"kind": kind, "file": upload(name, content)}, format="multipart"
        )
    assert act(officer, case["id"], "accept").status_code == 409
    assert pay(officer, case["fee_slips"][0], "123456789012").status_code == 201  # the counter's card reader
    assert act(officer, case["id"], "accept").status_code == 200


def test_a_zero_tariff_issues_no_slip_and_blocks_nothing(demo_city, login_api):
    Tariff.objects.filter(service_id="notary_inquiry").update(municipality_fee_rials=0, counter_fee_rials=0)
    case = register_notary(login_api("officer"))
    assert case["fee_slips"] == []
    assert not FeeSlip.objects.filter(case_id=case["id"]).exists()
