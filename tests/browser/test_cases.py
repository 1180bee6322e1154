"""The technical officer's day at the counter, in a real browser: register, attach, accept."""

import datetime
import io

import pytest
from django.utils import timezone
from PIL import Image

from cases.models import Case, State
from cases.services import register_case
from core.validators import to_ascii_digits
from tests.browser.conftest import screenshot, sign_in
from tests.cases.helpers import notary_payload, renewal_code, user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "pishkhan1403"


@pytest.fixture
def city(demo_city):
    # A few files already waiting, one of them late, so the cartable looks like a working day.
    officer = user("officer")
    for _ in range(4):
        register_case(actor=officer, **notary_payload(code=renewal_code(1)))
    late = Case.objects.order_by("pk").first()
    Case.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=2))


def _files(tmp_path):
    pdf = tmp_path / "inquiry-letter.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    png = tmp_path / "deed.png"
    buffer = io.BytesIO()
    Image.new("RGB", (24, 24), (30, 90, 200)).save(buffer, format="PNG")
    png.write_bytes(buffer.getvalue())
    return pdf, png


def test_officer_registers_attaches_and_accepts_a_notary_inquiry(page, city, tmp_path):
    pdf, png = _files(tmp_path)
    sign_in(page, "officer", PASSWORD)
    page.wait_for_selector("[data-testid=case-stats]")
    assert to_ascii_digits(page.inner_text("[data-stat=cartable]")) == "4"
    assert to_ascii_digits(page.inner_text("[data-stat=overdue]")) == "1"
    screenshot(page, "cases-dashboard")
    page.click("nav a[href='/cases/new/']")
    page.click("[data-service=notary_inquiry]")
    page.wait_for_selector("[data-testid=register-form]")

    # An empty form: every mistake at once, in Persian, and nothing saved.
    before = Case.objects.count()
    page.click("[data-testid=register-submit]")
    page.wait_for_selector("[data-error-for=national_id]")
    assert "کد ملی" in page.inner_text("[data-error-for=national_id]")
    assert page.locator("[data-error-for=letter_date]").count() == 1
    assert Case.objects.count() == before
    screenshot(page, "cases-register-errors")

    code = renewal_code(1)
    page.fill("#id_renewal_code", code)
    page.wait_for_selector("[data-testid=property-clear]")  # the property-first look-up answered
    page.fill("#id_address", "اصفهان، خیابان چهارباغ عباسی، پلاک ۱۸")
    page.fill("#id_national_id", "۰۴۹۹۳۷۰۸۹۹")
    page.fill("#id_first_name", "علی")
    page.fill("#id_last_name", "رضایی")
    page.fill("#id_mobile", "09131112233")
    page.fill("#id_notary_number", "۱۲۳")
    page.fill("#id_notary_city", "اصفهان")
    page.fill("#id_letter_number", "۴۵۶/ن")
    page.click("#id_letter_date")
    page.wait_for_selector("jdp-container", state="visible")  # the Jalali date picker opened
    page.wait_for_timeout(350)  # and finished opening (before that it ignores Escape and clicks elsewhere)
    page.type("#id_letter_date", "1404/07/01")
    # Tab leaves the box and the picker closes at once, opening or not (it once stayed over the fields below).
    page.keyboard.press("Tab")
    page.wait_for_selector("jdp-container", state="hidden")
    page.focus("#id_letter_date")
    page.wait_for_selector("jdp-container", state="visible")
    page.keyboard.press("Escape")
    page.wait_for_selector("jdp-container", state="hidden")
    page.click("h1")
    assert to_ascii_digits(page.input_value("#id_letter_date")) == "1404/07/01"
    screenshot(page, "cases-register-form")
    page.click("[data-testid=register-submit]")

    page.wait_for_selector("[data-testid=tracking-code]")
    tracking = to_ascii_digits(page.inner_text("[data-testid=tracking-code]")).strip()
    case = Case.objects.get(tracking_code=tracking)
    assert case.state == State.SUBMITTED and case.parcel.renewal_code == code
    assert case.inquiry.letter_date.isoformat() == "2025-09-23"  # 1404/07/01
    assert "کد رهگیری" in page.inner_text(".messages") and page.inner_text("[data-testid=tracking-code]") in (
        page.inner_text(".messages")
    )

    for kind, path in (("inquiry_letter", pdf), ("deed", png)):
        page.select_option("#id_kind", kind)
        page.set_input_files("#id_file", str(path))
        page.click("[data-testid=upload-form] button[type=submit]")
        page.wait_for_selector(f"[data-document={kind}]")
    assert page.locator("[data-testid=case-documents] li[data-document]").count() == 2
    assert case.documents.count() == 2

    url_before = page.url
    page.click("[data-action=accept]")
    page.wait_for_selector("[data-testid=case-state] [data-state=awaiting_visit]")
    assert page.url == url_before  # htmx swapped the page body; no reload
    assert "انجام شد" in page.inner_text("[data-testid=case-alert]")
    assert Case.objects.get(pk=case.pk).state == State.AWAITING_VISIT
    screenshot(page, "cases-file-page")

    page.goto(page.base + "/cartable/?state=submitted")
    page.wait_for_selector("[data-testid=cartable-table]")
    shown = to_ascii_digits(page.inner_text("[data-testid=cartable-table]"))
    assert tracking not in shown
    assert page.locator("tr.row-overdue").count() == 1
    page.goto(page.base + "/cartable/")
    page.wait_for_selector(f"#case-row-{case.pk}[data-state=awaiting_visit]")
    screenshot(page, "cases-cartable")

    # The filter form updates the table in place and the address bar follows it.
    page.select_option("#id_state", "awaiting_visit")
    page.wait_for_url("**state=awaiting_visit**")
    page.wait_for_selector(f"#case-row-{case.pk}")
    assert page.locator("#cartable-results tbody tr[id^=case-row-]").count() == 1


def test_quick_accept_from_the_cartable_row(page, city):
    case = Case.objects.order_by("-pk").first()
    from cases.documents import add_document
    from tests.cases.helpers import PDF, png_bytes, upload

    add_document(case=case, actor=user("officer"), kind="inquiry_letter", upload=upload("l.pdf", PDF))
    add_document(case=case, actor=user("officer"), kind="deed", upload=upload("d.png", png_bytes()))
    sign_in(page, "officer", PASSWORD)
    page.goto(page.base + "/cartable/")
    bare = Case.objects.order_by("pk").first()
    page.click(f"#case-row-{bare.pk} button:has-text('پذیرش')")
    page.wait_for_selector(f"#case-row-{bare.pk} [data-testid=row-error]")  # documents missing, said in the row
    page.click(f"#case-row-{case.pk} button:has-text('پذیرش')")
    page.wait_for_selector(f"#case-row-{case.pk}[data-state=awaiting_visit] [data-testid=row-done]")
    assert Case.objects.get(pk=case.pk).state == State.AWAITING_VISIT
    assert Case.objects.get(pk=bare.pk).state == State.SUBMITTED


def test_public_tracking_page(page, city):
    case = Case.objects.order_by("pk").first()
    page.goto(page.base + "/track/")
    page.fill("#id_tracking_code", case.tracking_code)
    page.fill("#id_national_id", "۰۴۹۹۳۷۰۸۹۹")
    page.click("[data-testid=track-form] button[type=submit]")
    page.wait_for_selector("[data-testid=track-result]")
    assert "ثبت‌شده" in page.inner_text("[data-testid=track-result]")
    screenshot(page, "cases-tracking")
    page.fill("#id_national_id", "4608968882")
    page.click("[data-testid=track-form] button[type=submit]")
    page.wait_for_selector("[data-testid=track-message]")
    assert page.locator("[data-testid=track-result]").count() == 0
