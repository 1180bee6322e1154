"""When the fee is due is a per-service setting: at registration, before acceptance, or before the answer."""

import pytest

from accounts.models import Role
from billing.models import FeeDue, FeePolicy
from cases.models import Case
from tests.billing.factories import OfficeFactory, UserFactory, file_payload, office_staff, tariff
from tests.billing.helpers import bank_pay
from tests.cases.helpers import PDF, png_bytes, upload

pytestmark = pytest.mark.django_db
NOT_PAID = "هزینهٔ خدمت پرداخت نشده است"


@pytest.fixture
def office():
    tariff()
    return OfficeFactory()


@pytest.fixture
def officer(office, api):
    user = office_staff(office)
    api.force_authenticate(user)
    return user


def due(timing):
    FeePolicy.objects.update_or_create(service_id="notary_inquiry", defaults={"fee_due": timing})


def act(api, case_id, action, **data):
    return api.post(f"/api/v1/cases/{case_id}/actions/", {"action": action, **data}, format="json")


def counter_file(api, office):
    case = api.post("/api/v1/cases/", file_payload(office), format="json").json()
    for kind, name, content in [("inquiry_letter", "letter.pdf", PDF), ("deed", "deed.png", png_bytes())]:
        response = api.post(
            f"/api/v1/cases/{case['id']}/documents/", {"kind": kind, "file": upload(name, content)}, format="multipart"
        )
        assert response.status_code == 201, response.content
    return case


@pytest.mark.parametrize("timing", [FeeDue.REGISTRATION, FeeDue.ACCEPTANCE])
def test_acceptance_waits_for_the_fee_when_it_is_due_at_registration_or_acceptance(api, office, officer, timing):
    due(timing)
    case = counter_file(api, office)
    refused = act(api, case["id"], "accept")
    assert refused.status_code == 409 and refused.json()["code"] == "action-blocked"
    assert NOT_PAID in refused.json()["detail"] and case["fee_slips"][0]["bill_id"] in refused.json()["detail"]
    assert Case.objects.get(pk=case["id"]).state == "submitted"
    assert bank_pay(case["fee_slips"][0], "BANK-T1").status_code == 201
    assert act(api, case["id"], "accept").status_code == 200


@pytest.mark.parametrize("timing", [FeeDue.ANSWER, FeeDue.NONE])
def test_acceptance_goes_ahead_unpaid_when_the_fee_is_due_later_or_never(api, office, officer, timing):
    due(timing)
    case = counter_file(api, office)
    assert act(api, case["id"], "accept").status_code == 200


def test_an_online_file_is_submitted_only_once_paid_when_the_fee_is_due_at_registration(api, office):
    due(FeeDue.REGISTRATION)
    citizen = UserFactory(role=Role.CITIZEN)
    api.force_authenticate(citizen)
    case = api.post("/api/v1/cases/", file_payload(office), format="json").json()
    assert case["state"] == "draft" and case["fee_slips"]
    refused = act(api, case["id"], "submit")
    assert refused.status_code == 409 and NOT_PAID in refused.json()["detail"]
    assert bank_pay(case["fee_slips"][0], "BANK-T2").status_code == 201
    assert act(api, case["id"], "submit").json()["state"] == "submitted"


def test_an_online_file_is_submitted_unpaid_when_the_fee_is_due_at_acceptance(api, office):
    due(FeeDue.ACCEPTANCE)
    api.force_authenticate(UserFactory(role=Role.CITIZEN))
    case = api.post("/api/v1/cases/", file_payload(office), format="json").json()
    assert act(api, case["id"], "submit").json()["state"] == "submitted"


def test_without_a_policy_row_the_settings_default_applies(api, office, officer, settings):
    FeePolicy.objects.filter(service_id="notary_inquiry").delete()
    settings.BILLING_FEE_DUE = {"notary_inquiry": FeeDue.ACCEPTANCE}
    case = counter_file(api, office)
    assert act(api, case["id"], "accept").status_code == 409
    settings.BILLING_FEE_DUE = {}
    assert act(api, case["id"], "accept").status_code == 200


def test_the_catalog_shows_the_fee_and_when_it_is_due_before_anyone_commits(api, office):
    due(FeeDue.REGISTRATION)
    tariff("bank_inquiry", 0, 0)
    catalog = {row["code"]: row for row in api.get("/api/v1/services/").json()}
    assert catalog["notary_inquiry"]["fee_rials"] == 1_550_000
    assert catalog["notary_inquiry"]["fee_due"] == "registration"
    assert catalog["bank_inquiry"]["fee_rials"] == 0 and catalog["bank_inquiry"]["fee_due"] == "none"
