"""POST /api/v1/payments/: check digits, amounts, once and only once, who may call it."""

import pytest

from billing import bill_ids
from billing.models import FeeSlip, Payment
from core.validators import to_persian_digits as fa
from notifications.models import Message
from tests.billing.helpers import bank_pay, pay, register_notary

pytestmark = pytest.mark.django_db


@pytest.fixture
def slip(city, login_api):
    case = register_notary(login_api(city.officer))
    assert len(case["fee_slips"]) == 1
    return case["fee_slips"][0]


def test_registration_issues_the_service_fee_slip_at_the_tariff_in_force(
    city, login_api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = register_notary(login_api(city.officer))
    [fee] = case["fee_slips"]
    # This year's tariff: the municipality's 1,200,000 + the counter's 350,000 (tests.billing.factories.FEES).
    assert fee["amount_rials"] == 1_550_000 and fee["paid"] is False
    assert set(fee) >= {"id", "bill_id", "payment_id", "amount_rials", "paid"}
    bill = bill_ids.parse(fee["bill_id"], fee["payment_id"], company_code_length=4)
    assert bill.amount_rials == 1_550_000 and bill.company_code == "1002" and bill.service_type == 6
    slip = FeeSlip.objects.get(pk=fee["id"])
    assert [(i.kind, i.amount_rials) for i in slip.items.all()] == [
        ("municipal_fee", 1_200_000),
        ("counter_fee", 350_000),
    ]
    assert slip.counter_fee_rials == 350_000
    sms = Message.objects.get(event="slip_issued")
    assert fa(fee["bill_id"]) in sms.body and fa(fee["payment_id"]) in sms.body


def test_first_payment_201_repeat_200_same_payment_other_reference_409(
    city, slip, login_api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = bank_pay(slip, "REF-1001")
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["reference"] == "REF-1001" and body["amount_rials"] == 1_550_000 and body["bill_id"] == slip["bill_id"]
    again = bank_pay(slip, "REF-1001")
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    other = bank_pay(slip, "REF-2002")
    assert other.status_code == 409
    assert other.json()["code"] == "slip-already-paid"
    assert "مرجوع" in other.json()["detail"] or "پرداخت شده" in other.json()["detail"]
    assert Payment.objects.filter(slip_id=slip["id"]).count() == 1
    assert FeeSlip.objects.get(pk=slip["id"]).status == "paid"
    sms = Message.objects.get(event="payment_received")
    assert fa("REF-1001") in sms.body and sms.recipient == "09131112233"
    # The file shows its slip paid.
    case_id = FeeSlip.objects.get(pk=slip["id"]).case_id
    assert login_api(city.officer).get(f"/api/v1/cases/{case_id}/").json()["fee_slips"][0]["paid"] is True


def test_one_reference_cannot_settle_two_slips(city, login_api):
    officer = login_api(city.officer)
    a = register_notary(officer)["fee_slips"][0]
    b = register_notary(officer)["fee_slips"][0]
    assert bank_pay(a, "REF-77").status_code == 201
    clash = bank_pay(b, "REF-77")
    assert clash.status_code == 409 and clash.json()["code"] == "reference-used"
    assert a["bill_id"] not in clash.content.decode()


def _flip(digits, pos):
    return digits[:pos] + str((int(digits[pos]) + 1) % 10) + digits[pos + 1 :]


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda s: {"bill_id": _flip(s["bill_id"], 2)}, "bill_id"),
        (lambda s: {"bill_id": _flip(s["bill_id"], len(s["bill_id"]) - 1)}, "bill_id"),
        (lambda s: {"payment_id": _flip(s["payment_id"], 0)}, "payment_id"),
        (lambda s: {"payment_id": _flip(s["payment_id"], len(s["payment_id"]) - 1)}, "payment_id"),
        (lambda s: {"amount_rials": s["amount_rials"] - 1000}, "amount_rials"),
        (lambda s: {"amount_rials": "abc"}, "amount_rials"),
        (lambda s: {"reference": " "}, "reference"),
    ],
)
def test_bad_digits_or_amount_are_400_with_a_persian_message_and_record_nothing(city, slip, login_api, change, field):
    before = Payment.objects.count()
    response = bank_pay(slip, "REF-9", **change(slip))
    assert response.status_code == 400, response.content
    body = response.json()
    assert field in body["errors"], body
    assert any("\u0600" <= ch <= "\u06ff" for ch in body["detail"])
    assert Payment.objects.count() == before


def test_a_valid_pair_no_slip_has_is_404(city, login_api):
    response = bank_pay({"bill_id": "7748317800142", "payment_id": "1770160", "amount_rials": 17000}, "REF-1")
    assert response.status_code == 404 and response.json()["code"] == "slip-not-found"


@pytest.mark.parametrize(
    "role, status", [("citizen", 403), ("municipal", 403), ("supervisor", 403), ("admin", 403), (None, 401)]
)
def test_no_one_but_the_bank_and_the_slips_cashiers_may_report_payments(city, slip, login_api, api, role, status):
    if role:
        client = login_api(getattr(city, role))
    else:
        client = api
        client.credentials()
    assert pay(client, slip, "123456789012").status_code == status
    assert not Payment.objects.filter(reference="123456789012").exists()


def test_services_catalog_is_public_with_fees(city, api):
    response = api.get("/api/v1/services/")
    assert response.status_code == 200
    catalog = {row["code"]: row for row in response.json()}
    assert catalog["notary_inquiry"] == {
        "code": "notary_inquiry",
        "title": "استعلام دفترخانه (نقل و انتقال)",
        "fee_rials": 1_550_000,
        "fee_due": "answer",
    }
    assert catalog["renewal_duty"]["fee_rials"] == 60_000
    assert len(catalog) == 13
