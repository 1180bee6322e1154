"""Who may say money moved: the bank's signed systems, or a cashier of the slip's own office with the
card reader's RRN. Everyone else is refused, and nobody learns another slip's data."""

import time

import pytest

from billing.models import FeeSlip, Payment
from tests.billing.helpers import BANK, bank_pay, pay, payment_body, signed_post
from tests.cases.helpers import notary_payload

pytestmark = pytest.mark.django_db
RRN = "123456789012"


def issue_slip(api, officer):
    """A file registered at ``officer``'s desk; its service-fee slip."""
    api.force_authenticate(officer)
    response = api.post("/api/v1/cases/", notary_payload(), format="json")
    assert response.status_code == 201, response.content
    api.force_authenticate(None)
    return FeeSlip.objects.get(pk=response.json()["fee_slips"][0]["id"])


@pytest.fixture
def slip(api, officer):
    return issue_slip(api, officer)


def as_user(api, user):
    api.force_authenticate(user)
    return api


@pytest.mark.parametrize("desk", ["officer", "manager"])
def test_a_cashier_of_the_slips_office_records_a_card_reader_payment_once(api, slip, city, desk):
    cashier = getattr(city, desk)
    first = pay(as_user(api, cashier), slip, "۱۲۳۴۵۶۷۸۹۰۱۲")  # Persian digits, as typed from the receipt
    assert first.status_code == 201, first.content
    assert first.json()["channel"] == "pos" and first.json()["reference"] == RRN
    payment = Payment.objects.get(slip=slip)
    assert payment.channel == "pos" and payment.recorded_by == cashier and payment.bank == ""
    assert FeeSlip.objects.get(pk=slip.pk).status == "paid"
    again = pay(api, slip, RRN, channel="pos")
    assert again.status_code == 200 and again.json()["id"] == payment.pk


@pytest.mark.parametrize("stranger", ["colleague", "other_officer"])  # same district / another district
def test_staff_of_another_office_get_403_and_learn_nothing_of_the_slip(api, slip, city, stranger):
    stranger = getattr(city, stranger)
    refused = pay(as_user(api, stranger), slip, RRN)
    assert refused.status_code == 403 and refused.json()["code"] == "not-your-office"
    # A wrong amount is not a hint either: the office is checked before anything about the slip is said.
    wrong = pay(api, slip, RRN, amount_rials=1000)
    assert wrong.status_code == 403 and "1550000" not in wrong.content.decode()
    assert not Payment.objects.exists()


# The inspector and the follow-up officer work for the slip's own office, yet they do not take money.
@pytest.mark.parametrize("who", ["inspector", "followup", "citizen", "municipal", "supervisor", "admin"])
def test_every_other_role_is_refused(api, slip, city, who):
    user = getattr(city, who)
    response = pay(as_user(api, user), slip, RRN)
    assert response.status_code == 403, response.content
    assert not Payment.objects.exists()


def test_anonymous_is_401(api, slip):
    assert pay(api, slip, RRN).status_code == 401


def test_a_cashier_may_not_claim_a_bank_payment_or_a_made_up_reference(api, slip, officer):
    as_user(api, officer)
    bank = pay(api, slip, RRN, channel="bank")
    assert bank.status_code == 403 and bank.json()["code"] == "bank-only"
    for reference in ("BANK-123", "12345", "1234567890123", "12345678901a"):
        response = pay(api, slip, reference)
        assert response.status_code == 400 and "reference" in response.json()["errors"], reference
    assert not Payment.objects.exists()


def test_a_reference_used_on_another_slip_is_409_without_that_slips_data(api, slip, city):
    other_slip = issue_slip(api, city.colleague)
    assert pay(as_user(api, city.colleague), other_slip, RRN).status_code == 201
    clash = pay(as_user(api, city.manager), slip, RRN)
    assert clash.status_code == 409 and clash.json()["code"] == "reference-used"
    body = clash.content.decode()
    assert other_slip.bill_id not in body and other_slip.payment_id not in body and '"id"' not in body
    assert FeeSlip.objects.get(pk=slip.pk).status == "issued"


def test_unknown_keys_and_bad_types_are_400(api, slip, officer):
    as_user(api, officer)
    unknown = api.post("/api/v1/payments/", {**payment_body(slip, RRN), "paid_at": "2020-01-01"}, format="json")
    assert unknown.status_code == 400 and "paid_at" in unknown.json()["errors"]
    nul = api.post("/api/v1/payments/", payment_body(slip, "1234\x0056789012"), format="json")
    assert nul.status_code == 400
    assert not Payment.objects.exists()


# --- the bank's systems -------------------------------------------------------------------------------------


def test_the_banks_signed_report_is_recorded_with_the_bank_and_a_replay_is_the_same_payment(slip):
    first = bank_pay(slip, "BANK-REF-1")
    assert first.status_code == 201, first.content
    payment = Payment.objects.get(slip=slip)
    assert payment.channel == "api" and payment.bank == BANK and payment.recorded_by is None
    assert bank_pay(slip, "BANK-REF-1").status_code == 200
    assert Payment.objects.count() == 1


def test_the_bank_may_report_its_own_card_readers(slip):
    assert bank_pay(slip, "BANK-POS-1", channel="pos").status_code == 201
    assert Payment.objects.get().channel == "pos"


@pytest.mark.parametrize(
    "tamper",
    [
        {"key": "not-the-bank-key"},
        {"bank": "otherbank"},
        {"timestamp": int(time.time()) - 3600},
        {"timestamp": int(time.time()) + 3600},
        {"signed_body": b'{"bill_id": "1"}'},  # the signature of another body
    ],
)
def test_a_wrong_expired_or_foreign_signature_is_401(slip, tamper):
    response = signed_post("/api/v1/payments/", payment_body(slip, "BANK-REF-2"), **tamper)
    assert response.status_code == 401, response.content
    assert any("\u0600" <= ch <= "\u06ff" for ch in response.json()["detail"])
    assert not Payment.objects.exists()


# --- the card reader on the slip's page ---------------------------------------------------------------------


def test_the_slip_page_offers_the_card_reader_form_to_its_cashiers_only(client, slip, city):
    client.force_login(city.followup)
    page = client.get(f"/billing/slips/{slip.pk}/")
    assert page.status_code == 200 and 'data-testid="pos-form"' not in page.content.decode()
    refused = client.post(f"/billing/slips/{slip.pk}/pos/", {"reference": RRN})
    assert refused.status_code == 403 and not Payment.objects.exists()
    client.force_login(city.colleague)
    assert client.get(f"/billing/slips/{slip.pk}/").status_code == 404
    assert client.post(f"/billing/slips/{slip.pk}/pos/", {"reference": RRN}).status_code == 404


def test_the_cashier_records_the_rrn_on_the_slip_page_with_errors_beside_the_field(client, slip, officer):
    client.force_login(officer)
    page = client.get(f"/billing/slips/{slip.pk}/").content.decode()
    assert 'data-testid="pos-form"' in page and 'inputmode="numeric"' in page
    wrong = client.post(f"/billing/slips/{slip.pk}/pos/", {"reference": "12345"})
    html = wrong.content.decode()
    assert wrong.status_code == 400
    assert 'aria-invalid="true"' in html and 'id="id_reference_error"' in html
    assert "شمارهٔ مرجع پایانه را وارد کنید" in html
    done = client.post(f"/billing/slips/{slip.pk}/pos/", {"reference": RRN})
    assert done.status_code == 302 and done["Location"] == f"/billing/slips/{slip.pk}/"
    paid = client.get(done["Location"]).content.decode()
    assert "پرداخت کارتخوان ثبت شد" in paid and 'data-testid="pos-form"' not in paid
    assert "کارتخوان دفتر" in paid  # the channel
    assert Payment.objects.get(slip=slip).recorded_by == officer


def test_another_citys_cashier_is_told_there_is_no_such_slip(api, slip, city):
    from tests.city import build_second_city

    elsewhere = build_second_city().officer
    refused = pay(as_user(api, elsewhere), slip, RRN)
    assert refused.status_code == 404 and refused.json()["code"] == "slip-not-found"
    assert not Payment.objects.exists()
