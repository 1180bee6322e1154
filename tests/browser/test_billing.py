"""Billing in the browser: a citizen pays a slip through the test gateway; an officer issues a duty slip."""

import json

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def billing_city(demo_city, settings):
    from billing.demo import seed

    seed(log=lambda *a: None)
    settings.BILLING_GATEWAY = "fake"  # the stand-in bank (DEBUG or tests only)
    settings.BILLING_BANK_KEYS = {"testbank": "browser-test-key"}


def test_citizen_pays_a_slip_online_through_the_test_gateway(page, billing_city):
    from django.contrib.auth import get_user_model
    from rest_framework.test import APIClient

    from accounts.tokens import issue_token
    from billing.models import FeeSlip, Payment
    from offices.models import Office
    from tests.cases.helpers import notary_payload

    api = APIClient()
    # The demo citizen's token, as the SMS code's verification issues it (citizens have no password).
    api.credentials(HTTP_AUTHORIZATION="Token " + issue_token(get_user_model().objects.get(username="citizen")).key)
    office = Office.objects.get(code="10370001")
    case = api.post("/api/v1/cases/", notary_payload(office=office.pk), format="json").json()
    slip = FeeSlip.objects.get(pk=case["fee_slips"][0]["id"])

    sign_in(page, "citizen", "pishkhan1403")
    page.goto(f"{page.base}/billing/slips/{slip.pk}/")
    assert page.inner_text("[data-testid=slip-status]") == "در انتظار پرداخت"
    assert page.inner_text("[data-testid=bill-id]") == "".join("۰۱۲۳۴۵۶۷۸۹"[int(d)] for d in slip.bill_id)
    # The barcode is an image the browser draws (an inline SVG's styles were blocked by the CSP: a black box).
    barcode = page.locator(".barcode img[data-testid=slip-barcode]")
    assert barcode.count() == 1
    expect(barcode).to_have_js_property("complete", True)
    assert barcode.evaluate("img => img.naturalWidth") > 100
    screenshot(page, "billing-slip-unpaid")
    page.click("[data-testid=pay-online]")
    page.wait_for_selector("[data-testid=bank-confirm]")
    assert "۱٬۵۵۰٬۰۰۰" in page.inner_text("[data-testid=bank-amount]")
    screenshot(page, "billing-fake-bank")
    page.click("[data-testid=bank-confirm]")
    page.wait_for_selector("[data-testid=bank-receipt]")
    receipt = page.inner_text("[data-testid=bank-receipt]")
    assert "رسید پرداخت" in receipt and "۱٬۵۵۰٬۰۰۰" in receipt
    assert not any(ch.isascii() and ch.isalnum() for ch in receipt), receipt  # all Persian
    screenshot(page, "billing-fake-bank-receipt")
    page.click("[data-testid=bank-return]")
    page.wait_for_selector("[data-testid=payment-reference]")
    assert page.inner_text("[data-testid=slip-status]") == "پرداخت‌شده"
    assert "فیش پرداخت شد" in page.inner_text(".messages")
    assert page.locator("[data-testid=pay-online]").count() == 0
    screenshot(page, "billing-slip-paid")
    payment = Payment.objects.get(slip=slip)
    assert payment.channel == "gateway" and payment.reference.isdigit()
    # The bank's reference, exactly as the bank issued it (an identifier of another system).
    assert page.inner_text("[data-testid=payment-reference]") == payment.reference
    # Coming back through the bank's link again records nothing new.
    page.go_back()
    page.go_back()
    assert Payment.objects.filter(slip=slip).count() == 1


def test_officer_previews_and_issues_a_renewal_slip(page, billing_city):
    from billing.models import FeeSlip
    from cases.models import Property

    parcel = (
        Property.objects.get(renewal_code="01-901-102-001-00-000")
        if Property.objects.filter(renewal_code="01-901-102-001-00-000").exists()
        else Property.objects.filter(assessments__isnull=False, district__number=1).first()
    )
    sign_in(page, "officer", "pishkhan1403")
    page.goto(page.base + "/billing/slips/")
    page.wait_for_selector("[data-testid=slip-table]")
    screenshot(page, "billing-slip-list")
    page.click("text=فیش عوارض نوسازی")
    page.fill("#id_renewal_code", parcel.renewal_code)
    page.fill("#id_payer_name", "علی رضایی")
    page.click("[data-testid=preview]")
    page.wait_for_selector("[data-testid=arrears]")
    assert "ریال" in page.inner_text("[data-testid=arrears-total]")
    screenshot(page, "billing-renewal-preview")
    page.click("[data-testid=issue]")
    page.wait_for_selector("[data-testid=slip-items]")
    slip = FeeSlip.objects.filter(parcel=parcel, status="issued").get()
    assert slip.payer_name == "علی رضایی"
    screenshot(page, "billing-renewal-slip")
    # At phone width the slip's and the preview's amounts scroll inside their tables; the page never goes wide.
    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    page.wait_for_selector("[data-testid=slip-items]")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    # The amounts (the last column, at the left) are in view without scrolling the table.
    box = page.evaluate("JSON.stringify(document.querySelector('[data-testid=slip-total]').getBoundingClientRect())")
    assert json.loads(box)["left"] >= 0, box
    screenshot(page, "billing-renewal-slip-phone")
    page.goto(page.base + "/billing/renewal/")
    page.fill("#id_renewal_code", parcel.renewal_code)
    page.click("[data-testid=preview]")
    page.wait_for_selector("[data-testid=arrears]")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(page.base + "/billing/vehicle/")
    page.fill("#id_plate", "12345")
    page.click("[data-testid=preview]")
    page.wait_for_selector("#arrears .alert-danger")
    assert "پلاک" in page.inner_text("#arrears")


def test_supervisor_imports_a_bank_file_and_reads_the_settlement(page, billing_city, tmp_path):
    from billing.models import BankImport
    from billing.selectors import has_unpaid_renewal_duty
    from billing.services import issue_renewal_slip
    from cases.models import Property

    owing = [p for p in Property.objects.filter(assessments__isnull=False).distinct() if has_unpaid_renewal_duty(p)]
    unpaid = [issue_renewal_slip(renewal_code=p.renewal_code, actor=None) for p in owing[:2]]
    lines = ["bill_id,payment_id,amount,reference,date"]
    lines += [f"{s.bill_id},{s.payment_id},{s.amount_rials},BR-{s.pk},1405/09/01" for s in unpaid]
    lines.append("7748317800142,1770160,17000,BR-X,1405/09/01")
    path = tmp_path / "bank.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    from billing.bank_keys import sign

    sign_in(page, "supervisor", "pishkhan1403")
    page.goto(page.base + "/billing/reconciliation/")
    page.set_input_files("#id_file", str(path))
    page.select_option("#id_bank", "testbank")
    page.fill("#id_signature", sign("testbank", path.read_bytes()))
    page.click("[data-testid=import-form] button[type=submit]")
    page.wait_for_selector("[data-testid=import-progress][data-status=done]")
    assert "تطبیق‌یافته: ۲" in page.inner_text("[data-testid=count-matched]")
    assert "بی‌تطبیق: ۱" in page.inner_text("[data-testid=count-unmatched]")
    assert page.locator("[data-testid=import-rows] tbody tr").count() == 3
    screenshot(page, "billing-reconciliation")
    assert BankImport.objects.get().status == "done"

    page.goto(page.base + "/billing/settlement/")
    page.wait_for_selector("[data-testid=settlement-table]")
    assert page.locator("[data-testid=settlement-table] tbody tr").count() == 35
    screenshot(page, "billing-settlement")
