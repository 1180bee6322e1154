"""The letter on the file's page, its correction, public verification, and the supervisor's messages page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from inquiries.models import Letter
from notifications.models import Message
from tests.browser.conftest import screenshot, sign_in
from tests.cases.helpers import user
from tests.letters.helpers import issue, to_municipal_review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_letter_panel_correction_and_public_verification(page, demo_city, login_api, tmp_path):
    case_id = to_municipal_review(
        login_api, officer=user("officer"), reviewer=user("manager"), inspector=user("inspector")
    )
    assert (
        issue(login_api, case_id, user("municipal")).status_code == 200
    )  # the PDF is made in-process (eager) on commit
    first = Letter.objects.get(case_id=case_id)
    assert first.pdf_ready

    sign_in(page, "municipal", "pishkhan1403")
    page.goto(f"{page.base}/cases/{case_id}/")
    panel = page.locator("[data-testid=letter-panel]")
    panel.wait_for()
    assert first.verification_code in panel.inner_text()
    # The answer reads on the page, without opening the PDF.
    assert panel.locator("[data-testid=letter-text]").inner_text() == "نقل و انتقال ملک بلامانع است."
    assert panel.locator("[data-testid=letter-download]").is_visible()
    panel.scroll_into_view_if_needed()
    screenshot(page, "letters-panel")

    with page.expect_download() as download:
        panel.locator("[data-testid=letter-download]").click()
    saved = tmp_path / "copy.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes() == first.pdf.read()

    panel.locator("summary").click()
    page.fill("#letter-text", "نقل و انتقال با رعایت بر اصلاحی ۳ متر بلامانع است.")
    page.fill("#letter-reason", "عرض بر اصلاحی از قلم افتاده بود")
    page.click("[data-testid=letter-correct-form] button[type=submit]")
    page.wait_for_selector("text=نامهٔ اصلاحی صادر شد")
    second = Letter.objects.get(case_id=case_id, status="valid")
    assert second.replaces_id == first.pk
    assert "بر اصلاحی ۳ متر" in page.inner_text("[data-testid=letter-text]")
    assert "عرض بر اصلاحی از قلم افتاده بود" in page.inner_text("[data-testid=letter-events]")
    screenshot(page, "letters-panel-corrected")

    # Anyone (a notary, a bank) checks a letter by its code, no sign-in.
    page.context.clear_cookies()
    page.goto(f"{page.base}/verify/")
    page.fill("#code", first.verification_code.lower())
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=verify-status]")
    status = page.inner_text("[data-testid=verify-status]")
    assert "باطل" in status and "۱" in page.inner_text("[data-testid=verify-number]")
    screenshot(page, "letters-verify-cancelled")
    page.click("text=مشاهده نامه معتبر")
    page.wait_for_selector("[data-testid=verify-status].alert-success")
    page.set_input_files("input[name=copy]", str(saved))
    page.click("button:has-text('مقایسه')")
    page.wait_for_selector("[data-testid=copy-result]")
    assert "متفاوت" in page.inner_text("[data-testid=copy-result]")  # the copy is of the cancelled letter
    screenshot(page, "letters-verify-valid")


def test_supervisor_resends_a_failed_message(page, demo_city):
    from offices.models import Municipality

    isfahan = Municipality.objects.get(code="isfahan")  # a supervisor reads their own city's messages
    message = Message.objects.create(
        municipality=isfahan,
        channel="sms",
        event="case_registered",
        recipient="09131112233",
        body="پرونده شما ثبت شد.\nکد رهگیری: 140512345678",
        status="failed",
        attempts=6,
        last_error="SmsError: gateway answered HTTP 502",
    )
    Message.objects.create(
        municipality=isfahan,
        channel="sms",
        event="response_issued",
        recipient="09120001122",
        body="پاسخ صادر شد.",
        status="retrying",
        attempts=2,
        last_error="SmsError: gateway unreachable",
        next_attempt_at=timezone.now() + datetime.timedelta(minutes=2),
    )
    sign_in(page, "supervisor", "pishkhan1403")
    page.goto(f"{page.base}/supervision/messages/")
    page.wait_for_selector("[data-testid=message-table]")
    assert page.locator("[data-testid=message-row]").count() == 2
    screenshot(page, "supervision-messages")
    row = page.locator(f"#message-{message.pk}")
    row.locator("button").click()
    page.wait_for_selector(f"#message-{message.pk} [data-testid=resent]")
    message.refresh_from_db()
    assert message.status == "sent"  # the console backend in tests
    assert page.locator(f"#message-{message.pk}").get_attribute("data-status") == "sent"
    screenshot(page, "supervision-messages-resent")


def test_after_a_refused_issue_a_template_still_fills_the_text(page, demo_city, login_api):
    from inquiries.letters.drafting import drafts_for

    case_id = to_municipal_review(
        login_api, officer=user("officer"), reviewer=user("manager"), inspector=user("inspector")
    )
    from cases.models import Case
    from inquiries.models import LetterTemplate

    case = Case.objects.select_related("district").get(pk=case_id)
    LetterTemplate.objects.create(
        municipality_id=case.district.municipality_id, service_id=case.service_id, result="approved",
        title="بلامانع", text="نقل و انتقال ملک {address} بلامانع است.",
    )  # fmt: skip
    drafts = drafts_for(case)
    assert drafts
    sign_in(page, "municipal", "pishkhan1403")
    page.goto(f"{page.base}/cases/{case_id}/")
    composer = page.locator("[data-testid=letter-issue]")
    composer.wait_for()
    # Issue with no text: refused beside the box, the panel swapped in again by htmx.
    page.fill("#id_text", "")
    composer.locator("[data-submit=issue_response]").click()
    page.wait_for_selector("[data-testid=letter-issue] .invalid-feedback, [data-testid=issue-alert]")
    page.select_option("[data-testid=letter-template]", str(drafts[0]["id"]))
    expect(page.locator("#id_text")).to_have_value(drafts[0]["text"])
