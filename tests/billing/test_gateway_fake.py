"""The embedded default's stand-in bank: the same round trip inside Pishkhan, a receipt all in Persian,
and never with DEBUG off."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from billing.models import FeeSlip, OnlinePayment, Payment
from tests.cases.helpers import notary_payload

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fake_gateway(settings):
    settings.BILLING_GATEWAY = "fake"  # tests may; a server with DEBUG off may not (see below)


@pytest.fixture
def slip_and_officer(api, officer):
    api.force_authenticate(officer)
    response = api.post("/api/v1/cases/", notary_payload(), format="json")
    return FeeSlip.objects.get(pk=response.json()["fee_slips"][0]["id"]), officer


def _text(html, testid):
    """The visible text of the element with this data-testid (tags dropped, spaces collapsed)."""
    match = re.search(rf'<div data-testid="{testid}">(.*?)</div>\s*<form', html, flags=re.S)
    assert match, html
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def callback_fields(html):
    """What the bank's page posts back: the hidden fields of its form to Pishkhan's callback."""
    action = "http://testserver/billing/gateway/callback/"
    form = re.search(rf'<form method="post" action="{action}">(.*?)</form>', html, re.S)
    assert form, html
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form.group(1)))


def test_the_stand_in_bank_pays_with_a_persian_receipt_and_a_replay_changes_nothing(
    client, fake_gateway, slip_and_officer
):
    slip, officer = slip_and_officer
    client.force_login(officer)
    bank_url = client.post(f"/billing/slips/{slip.pk}/pay/")["Location"]
    assert bank_url.startswith("/billing/bank/")
    page = client.get(bank_url).content.decode()
    assert "۱٬۵۵۰٬۰۰۰ ریال" in page and 'data-testid="bank-confirm"' in page

    receipt = client.post(bank_url, {"decision": "pay"}).content.decode()
    text = _text(receipt, "bank-receipt")
    assert "رسید پرداخت" in text and "پرداخت موفق" in text and "۱٬۵۵۰٬۰۰۰ ریال" in text
    # All Persian: no Latin letters, no ASCII digits (the reference numbers are in Persian digits too).
    assert not re.search(r"[A-Za-z0-9]", text), text
    assert "تا نیم ساعت دیگر از بانک می‌پرسد" in receipt  # the payer knows why to go back, and what if not
    fields = callback_fields(receipt)
    assert set(fields) == {"token", "order_id", "res_code"} and fields["res_code"] == "0"

    back = client.post("/billing/gateway/callback/", fields)
    assert back.status_code == 302 and back["Location"] == f"/billing/slips/{slip.pk}/"
    payment = Payment.objects.get(slip=slip)
    assert payment.channel == "gateway" and payment.reference.isdigit() and len(payment.reference) == 12
    assert OnlinePayment.objects.get().status == "settled"
    slip_page = client.get(back["Location"]).content.decode()
    assert "فیش پرداخت شد" in slip_page and 'data-testid="pay-online"' not in slip_page

    assert client.post("/billing/gateway/callback/", fields).status_code == 302  # the same callback again
    assert Payment.objects.filter(slip=slip).count() == 1 and OnlinePayment.objects.get().status == "settled"


def test_cancelled_on_the_stand_in_bank(client, fake_gateway, slip_and_officer):
    slip, officer = slip_and_officer
    client.force_login(officer)
    bank_url = client.post(f"/billing/slips/{slip.pk}/pay/")["Location"]
    page = client.post(bank_url, {"decision": "cancel"}).content.decode()
    assert "پرداخت لغو شد" in page and "تا نیم ساعت دیگر از بانک می‌پرسد" not in page  # nothing to record
    fields = callback_fields(page)
    assert fields["res_code"] == "17"
    client.post("/billing/gateway/callback/", fields)
    assert OnlinePayment.objects.get().status == "cancelled" and not Payment.objects.exists()


@pytest.mark.parametrize("paid", [True, False])
def test_a_payer_back_without_the_banks_answer_asks_the_bank_and_cannot_pay_twice(
    client, fake_gateway, slip_and_officer, paid
):
    """The payer paid (or left the bank's page) and never went back to the site: the slip's page says a payment
    is at the bank and offers no second online payment; asking the bank settles it, or cancels it."""
    slip, officer = slip_and_officer
    client.force_login(officer)
    bank_url = client.post(f"/billing/slips/{slip.pk}/pay/")["Location"]
    if paid:
        client.post(bank_url, {"decision": "pay"})  # the receipt, and the payer closes the window
    page = client.get(f"/billing/slips/{slip.pk}/").content.decode()
    assert 'data-testid="at-the-bank"' in page and 'data-testid="pay-online"' not in page
    again = client.post(f"/billing/slips/{slip.pk}/pay/")
    assert again["Location"] == f"/billing/slips/{slip.pk}/" and OnlinePayment.objects.count() == 1
    assert "هم‌اکنون در بانک است" in client.get(again["Location"]).content.decode()

    asked = client.post(f"/billing/slips/{slip.pk}/ask-bank/", follow=True).content.decode()
    slip.refresh_from_db()
    if paid:
        assert "فیش پرداخت شد" in asked and slip.status == "paid"
        assert OnlinePayment.objects.get().status == "settled" and Payment.objects.filter(slip=slip).count() == 1
    else:
        assert "در بانک پرداخت نشد" in asked and slip.status == "issued" and not Payment.objects.exists()
        assert OnlinePayment.objects.get().status == "cancelled"
        assert 'data-testid="pay-online"' in asked and 'data-testid="at-the-bank"' not in asked
    assert 'data-testid="at-the-bank"' not in asked


def test_without_a_gateway_there_is_no_online_payment_and_no_stand_in_bank(client, settings, slip_and_officer):
    settings.BILLING_GATEWAY = ""
    slip, officer = slip_and_officer
    client.force_login(officer)
    assert 'data-testid="pay-online"' not in client.get(f"/billing/slips/{slip.pk}/").content.decode()
    assert client.get("/billing/bank/" + "a" * 32 + "/").status_code == 404
    assert client.post(f"/billing/slips/{slip.pk}/pay/").status_code == 302
    assert not OnlinePayment.objects.exists()
    settings.BILLING_GATEWAY = "ipg"
    assert client.get("/billing/bank/" + "a" * 32 + "/").status_code == 404  # only the fake has a bank page here


def _start_server(**env):
    """Import the settings and load the WSGI application, as gunicorn does, with this environment."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("BILLING_", "DEBUG"))}
    environment.update(env, DJANGO_SETTINGS_MODULE="pishkhan.settings")
    code = "from pishkhan.wsgi import application"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_with_the_fake_gateway():
    refused = _start_server(DEBUG="0", BILLING_GATEWAY="fake")
    assert refused.returncode != 0
    assert "ImproperlyConfigured" in refused.stderr and "BILLING_GATEWAY=fake" in refused.stderr
    assert _start_server(DEBUG="0").returncode == 0  # no gateway configured: it starts, without online payment
    assert _start_server(DEBUG="1", BILLING_GATEWAY="fake").returncode == 0


def test_the_system_check_refuses_the_fake_gateway_with_debug_off(settings):
    settings.DEBUG = False
    settings.BILLING_GATEWAY = "fake"
    with pytest.raises(SystemCheckError, match=r"billing\.E001"):
        call_command("check")
    settings.BILLING_GATEWAY = "ipg"
    settings.BILLING_GATEWAY_URL = ""
    with pytest.raises(SystemCheckError, match=r"billing\.E002"):
        call_command("check")
    settings.BILLING_GATEWAY = "billing.gateways.nowhere.Bank"
    with pytest.raises(SystemCheckError, match=r"billing\.E003"):
        call_command("check")
    settings.BILLING_GATEWAY = ""
    call_command("check")
