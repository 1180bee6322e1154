"""A file whose service fee is unpaid cannot be answered; zero tariffs issue no slip."""

import re

import pytest

from billing.models import FeePolicy, FeeSlip, Tariff
from cases.models import Case
from tests.billing.helpers import bank_pay, pay, register_notary
from tests.cases.helpers import PDF, png_bytes, upload

pytestmark = pytest.mark.django_db

NOT_PAID = "هزینهٔ خدمت پرداخت نشده است"


def act(api, case_id, action, **data):
    return api.post(f"/api/v1/cases/{case_id}/actions/", {"action": action, **data}, format="json")


def drive_to_municipal_review(city, login_api):
    officer = login_api(city.officer)
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
    assert act(officer, cid, "assign_inspector", inspector=city.inspector.id).status_code == 200
    visitor = login_api(city.inspector)
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
    assert act(login_api(city.manager), cid, "complete_plan_review").json()["state"] == "municipal_review"
    return case


def test_issue_response_is_409_until_the_fee_is_paid_then_200(city, login_api):
    case = drive_to_municipal_review(city, login_api)
    [slip] = case["fee_slips"]
    municipal = login_api(city.municipal)
    refused = act(municipal, case["id"], "issue_response", result="approved", text="بلامانع است.")
    assert refused.status_code == 409, refused.content
    assert refused.json()["code"] == "action-blocked"
    assert NOT_PAID in refused.json()["detail"] and slip["bill_id"] in refused.json()["detail"]
    assert Case.objects.get(pk=case["id"]).state == "municipal_review"
    # The other steps were never held up: only the configured one waits for the fee.
    assert bank_pay(slip, "BANK-555").status_code == 201
    answered = act(login_api(city.municipal), case["id"], "issue_response", result="approved", text="بلامانع است.")
    assert answered.status_code == 200, answered.content
    assert answered.json()["state"] == "responded"


def test_the_composer_says_the_fee_is_unpaid_before_anyone_writes_the_response(city, login_api, signed_in):
    case = drive_to_municipal_review(city, login_api)
    [slip] = case["fee_slips"]
    page = signed_in(city.municipal).get(f"/cases/{case['id']}/").content.decode()
    composer = page.split('data-testid="letter-issue"')[1].split("</form>")[0]
    assert 'data-testid="issue-blocked"' in composer and NOT_PAID in composer
    assert re.search(r'<button[^>]*data-submit="issue_response"[^>]*disabled', composer)
    assert bank_pay(slip, "BANK-556").status_code == 201
    page = signed_in(city.municipal).get(f"/cases/{case['id']}/").content.decode()
    composer = page.split('data-testid="letter-issue"')[1].split("</form>")[0]
    assert 'data-testid="issue-blocked"' not in composer
    assert not re.search(r'<button[^>]*data-submit="issue_response"[^>]*disabled', composer)


def test_the_fee_requirement_is_a_per_service_setting(city, login_api):
    FeePolicy.objects.update_or_create(service_id="notary_inquiry", defaults={"fee_due": "none"})
    case = drive_to_municipal_review(city, login_api)
    assert case["fee_slips"] and not case["fee_slips"][0]["paid"]
    answered = act(login_api(city.municipal), case["id"], "issue_response", result="denied", text="نیاز به اصلاح.")
    assert answered.status_code == 200, answered.content


def test_a_step_can_wait_for_the_fee_earlier_in_the_flow(city, login_api):
    FeePolicy.objects.update_or_create(service_id="notary_inquiry", defaults={"fee_due": "acceptance"})
    officer = login_api(city.officer)
    case = register_notary(officer)
    for kind, name, content in [("inquiry_letter", "letter.pdf", PDF), ("deed", "deed.png", png_bytes())]:
        officer.post(
            f"/api/v1/cases/{case['id']}/documents/", {"kind": kind, "file": upload(name, content)}, format="multipart"
        )
    assert act(officer, case["id"], "accept").status_code == 409
    assert pay(officer, case["fee_slips"][0], "123456789012").status_code == 201  # the counter's card reader
    assert act(officer, case["id"], "accept").status_code == 200


def test_a_zero_tariff_issues_no_slip_and_blocks_nothing(city, login_api):
    Tariff.objects.filter(service_id="notary_inquiry").update(municipality_fee_rials=0, counter_fee_rials=0)
    case = register_notary(login_api(city.officer))
    assert case["fee_slips"] == []
    assert not FeeSlip.objects.filter(case_id=case["id"]).exists()
