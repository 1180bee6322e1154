"""The IPG adapter end to end against a local fake bank (tests/billing/ipg_server.py), never the internet:
token, redirect, callback, verify, settle; reversal when verification fails; a replayed callback
changes nothing."""

import datetime
import json
import urllib.request
from urllib.parse import urlparse

import pytest
from django.utils import timezone

from billing.models import FeeSlip, OnlinePayment, Payment
from billing.tasks import ask_about_abandoned_payments
from tests.billing.helpers import pay
from tests.billing.ipg_server import KEY, TERMINAL, FakeIpg
from tests.cases.helpers import notary_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank(settings):
    with FakeIpg() as ipg:
        settings.BILLING_GATEWAY = "ipg"
        settings.BILLING_GATEWAY_URL = ipg.url
        settings.BILLING_GATEWAY_TERMINAL = TERMINAL
        settings.BILLING_GATEWAY_KEY = KEY
        settings.BILLING_GATEWAY_TIMEOUT = 5
        yield ipg


@pytest.fixture
def slip(api, officer):
    api.force_authenticate(officer)
    response = api.post("/api/v1/cases/", notary_payload(), format="json")
    assert response.status_code == 201, response.content
    return FeeSlip.objects.get(pk=response.json()["fee_slips"][0]["id"])


def start(client, slip):
    """The payer presses "pay online"; returns the bank page's URL Pishkhan sent them to."""
    response = client.post(f"/billing/slips/{slip.pk}/pay/")
    assert response.status_code == 302, response.content
    return response["Location"]


def at_the_bank(url, decision="pay"):
    """The payer on the fake bank's page; returns where and what the bank's page posts back."""
    with urllib.request.urlopen(f"{url}?decision={decision}", timeout=5) as answer:
        return json.loads(answer.read())


def call_back(client, back):
    path = urlparse(back["callback_url"]).path
    return client.post(path, back["fields"])


def test_pay_online_token_redirect_callback_verify_settle(client, bank, slip, officer):
    client.force_login(officer)
    url = start(client, slip)
    assert url.startswith(bank.url + "/pay/")
    [(endpoint, order_id)] = bank.calls
    online = OnlinePayment.objects.get(slip=slip)
    assert endpoint == "token" and order_id == online.order_id
    order = next(iter(bank.orders.values()))
    assert order["amount"] == slip.amount_rials == 1_550_000
    assert order["callback_url"] == "http://testserver/billing/gateway/callback/"
    assert FeeSlip.objects.get(pk=slip.pk).status == "issued"  # nothing moves before the bank confirms

    back = at_the_bank(url)
    response = call_back(client, back)
    assert response.status_code == 302 and response["Location"] == f"/billing/slips/{slip.pk}/"
    assert bank.endpoints_called() == ["token", "verify", "settle"]
    payment = Payment.objects.get(slip=slip)
    assert payment.channel == "gateway" and payment.bank == "ipg"
    assert payment.reference == next(iter(bank.orders.values()))["rrn"] and len(payment.reference) == 12
    online.refresh_from_db()
    assert online.status == "settled" and online.payment == payment and online.trace_no == "654321"
    assert FeeSlip.objects.get(pk=slip.pk).status == "paid"
    page = client.get(response["Location"]).content.decode()
    assert "فیش پرداخت شد" in page


def test_a_replayed_callback_changes_nothing_and_asks_the_bank_nothing(client, bank, slip, officer):
    client.force_login(officer)
    back = at_the_bank(start(client, slip))
    assert call_back(client, back).status_code == 302
    calls = list(bank.calls)
    again = call_back(client, back)
    assert again.status_code == 302 and again["Location"] == f"/billing/slips/{slip.pk}/"
    assert bank.calls == calls
    assert Payment.objects.filter(slip=slip).count() == 1
    assert OnlinePayment.objects.get(slip=slip).status == "settled"


def test_a_failed_verification_is_reversed_and_the_slip_stays_unpaid(client, bank, slip, officer):
    bank.verify_code = 54  # the bank refuses to confirm the payment
    client.force_login(officer)
    back = at_the_bank(start(client, slip))
    response = call_back(client, back)
    assert response.status_code == 302
    assert bank.endpoints_called() == ["token", "verify", "reverse"]
    online = OnlinePayment.objects.get(slip=slip)
    assert online.status == "reversed" and "برگشت" in online.message
    assert next(iter(bank.orders.values()))["state"] == "reversed"
    assert not Payment.objects.filter(slip=slip).exists()
    assert FeeSlip.objects.get(pk=slip.pk).status == "issued"
    page = client.get(response["Location"]).content.decode()
    assert "بانک پرداخت را تأیید نکرد" in page
    # Replayed: still reversed, the bank is not asked again.
    calls = list(bank.calls)
    call_back(client, back)
    assert bank.calls == calls and OnlinePayment.objects.get(slip=slip).status == "reversed"


def test_a_verified_amount_that_differs_from_the_slip_is_reversed(client, bank, slip, officer):
    bank.verify_amount_delta = -1000
    client.force_login(officer)
    call_back(client, at_the_bank(start(client, slip)))
    assert bank.endpoints_called() == ["token", "verify", "reverse"]
    assert not Payment.objects.exists() and OnlinePayment.objects.get().status == "reversed"


def test_cancelled_at_the_bank_asks_nothing_and_records_nothing(client, bank, slip, officer):
    client.force_login(officer)
    response = call_back(client, at_the_bank(start(client, slip), decision="cancel"))
    assert response.status_code == 302
    assert bank.endpoints_called() == ["token"]
    assert OnlinePayment.objects.get().status == "cancelled" and not Payment.objects.exists()
    assert "لغو شد" in client.get(response["Location"]).content.decode()


def test_a_slip_paid_at_the_counter_meanwhile_is_not_paid_twice(client, bank, slip, officer, api):
    client.force_login(officer)
    back = at_the_bank(start(client, slip))
    api.force_authenticate(officer)
    assert pay(api, slip, "123456789012").status_code == 201  # the card reader was faster
    call_back(client, back)
    assert bank.endpoints_called() == ["token", "verify", "reverse"]
    assert list(Payment.objects.filter(slip=slip).values_list("channel", flat=True)) == ["pos"]
    assert OnlinePayment.objects.get().status == "reversed"


def test_settling_that_fails_is_reversed(client, bank, slip, officer):
    bank.settle_code = 61
    client.force_login(officer)
    call_back(client, at_the_bank(start(client, slip)))
    assert bank.endpoints_called() == ["token", "verify", "settle", "reverse"]
    assert not Payment.objects.exists() and OnlinePayment.objects.get().status == "reversed"


def test_a_forged_callback_is_404_and_records_nothing(client, bank, slip, officer):
    client.force_login(officer)
    back = at_the_bank(start(client, slip))
    forged = {**back["fields"], "token": "f" * 24}
    response = client.post("/billing/gateway/callback/", forged)
    assert response.status_code == 404 and "شناخته" in response.content.decode()
    wrong_order = {**back["fields"], "order_id": "999999"}
    assert client.post("/billing/gateway/callback/", wrong_order).status_code == 404
    assert client.post("/billing/gateway/callback/", {"token": "x" * 500, "order_id": "1"}).status_code == 404
    assert bank.endpoints_called() == ["token"] and not Payment.objects.exists()


def test_the_bank_unreachable_or_refusing_a_token_leaves_the_slip_as_it_was(client, bank, slip, officer, settings):
    client.force_login(officer)
    settings.BILLING_GATEWAY_KEY = "not-the-terminal-key"  # the bank refuses the signature
    response = client.post(f"/billing/slips/{slip.pk}/pay/")
    assert response.status_code == 302 and response["Location"] == f"/billing/slips/{slip.pk}/"
    assert "درگاه بانک پاسخ نداد" in client.get(response["Location"]).content.decode()
    settings.BILLING_GATEWAY_URL = "http://127.0.0.1:9"  # nothing listens there
    client.post(f"/billing/slips/{slip.pk}/pay/")
    assert list(OnlinePayment.objects.values_list("status", flat=True)) == ["failed", "failed"]
    assert FeeSlip.objects.get(pk=slip.pk).status == "issued"


def _abandoned(minutes):
    """The online payments started ``minutes`` ago (the payer went to the bank and never came back)."""
    OnlinePayment.objects.update(started_at=timezone.now() - datetime.timedelta(minutes=minutes))


def test_a_payer_who_paid_and_never_came_back_is_settled_and_recorded_by_the_inquiry_job(client, bank, slip, officer):
    client.force_login(officer)
    back = at_the_bank(start(client, slip))  # paid at the bank; the browser closed before the callback
    _abandoned(5)
    assert ask_about_abandoned_payments() == 0  # still within the bank page's time: nobody is asked
    assert bank.endpoints_called() == ["token"]
    _abandoned(25)
    assert ask_about_abandoned_payments() == 1
    assert bank.endpoints_called() == ["token", "verify", "settle"]
    online = OnlinePayment.objects.get(slip=slip)
    payment = Payment.objects.get(slip=slip)
    assert online.status == "settled" and online.payment == payment and payment.channel == "gateway"
    assert FeeSlip.objects.get(pk=slip.pk).status == "paid"
    # A second run, and the callback arriving at last, change nothing and ask the bank nothing.
    assert ask_about_abandoned_payments() == 0
    assert call_back(client, back).status_code == 302
    assert bank.endpoints_called() == ["token", "verify", "settle"] and Payment.objects.count() == 1


def test_a_payer_who_left_the_banks_page_without_paying_is_cancelled_by_the_inquiry_job(client, bank, slip, officer):
    client.force_login(officer)
    start(client, slip)
    _abandoned(25)
    assert ask_about_abandoned_payments() == 1
    assert bank.endpoints_called() == ["token", "verify"]
    online = OnlinePayment.objects.get(slip=slip)
    assert online.status == "cancelled" and online.message == "پرداخت نشد: پرداخت‌کننده صفحهٔ بانک را بی‌پرداخت ترک کرد."
    assert not Payment.objects.exists() and FeeSlip.objects.get(pk=slip.pk).status == "issued"
    # The slip can be paid again.
    assert client.post(f"/billing/slips/{slip.pk}/pay/")["Location"].startswith(bank.url + "/pay/")


def test_the_inquiry_job_asks_again_while_the_bank_is_down_and_gives_up_after_72_hours(
    client, bank, slip, officer, settings
):
    client.force_login(officer)
    at_the_bank(start(client, slip))
    settings.BILLING_GATEWAY_URL = "http://127.0.0.1:9"  # the bank is down
    _abandoned(25)
    assert ask_about_abandoned_payments() == 0
    assert OnlinePayment.objects.get().status == "started" and not Payment.objects.exists()
    _abandoned(73 * 60)
    assert ask_about_abandoned_payments() == 1
    online = OnlinePayment.objects.get()
    assert online.status == "failed" and online.message == "بانک هرگز دربارهٔ این پرداخت پاسخ نداد."
    assert FeeSlip.objects.get(pk=slip.pk).status == "issued"


def test_the_inquiry_job_is_on_the_schedule():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="billing.tasks.ask_about_abandoned_payments")
    assert task.enabled and (task.interval.every, task.interval.period) == (5, "minutes")
