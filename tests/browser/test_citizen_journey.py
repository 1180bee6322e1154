"""Issue 15, done when: at phone width a citizen signs in with the SMS code, chooses an office of the
property's district, registers a notary inquiry with uploads through the guided steps, answers the two
correction items the office returns it with, pays through the stand-in bank and, once the staff have acted
(through the API), downloads the letter. Another citizen gets 404 for the file."""

import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.cases.helpers import PDF, png_bytes, renewal_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NATIONAL_ID = "0499370899"
MOBILE = "09131112233"


@pytest.fixture
def journey_city(demo_city, settings):
    from billing.demo import seed

    seed(log=lambda *a: None)
    settings.BILLING_GATEWAY = "fake"  # the stand-in bank (DEBUG or tests only)


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def staff_api(username):
    from rest_framework.test import APIClient

    api = APIClient()
    token = api.post("/api/v1/auth/token/", {"username": username, "password": "pishkhan1403"}, format="json")
    api.credentials(HTTP_AUTHORIZATION="Token " + token.json()["token"])
    return api


def act(api, case_id, action, **data):
    response = api.post(f"/api/v1/cases/{case_id}/actions/", {"action": action, **data}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def sign_in_by_code(page, capsys):
    page.goto(page.base + "/accounts/login/")
    page.click("[data-testid=citizen-sign-in]")
    page.wait_for_selector("[data-testid=otp-request-form]")
    page.fill("#id_mobile", MOBILE)
    page.fill("#id_national_id", NATIONAL_ID)
    page.click("[data-testid=otp-send]")
    page.wait_for_selector("[data-testid=otp-verify-form]")
    [code] = re.findall(rf"\[SMS → {MOBILE}\][^\n]*?(\d{{6}})", capsys.readouterr().out)
    page.fill("#id_code", code)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/my/$"))


def test_a_citizen_s_request_from_sign_in_to_the_letter_at_360_px(browser, live_server, journey_city, capsys):
    from django.contrib.auth import get_user_model

    from cases.models import Case, CorrectionItem, Document
    from core.validators import to_ascii_digits
    from offices.models import Membership

    officer_office = Membership.objects.current().get(user__username="officer").office
    code = renewal_code(officer_office.district.number)
    context = browser.new_context(locale="fa-IR", viewport={"width": 360, "height": 740}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20000)
    page.base = live_server.url
    try:
        sign_in_by_code(page, capsys)

        # The service, then what it needs up front: the documents and the fee with when it is due.
        page.goto(page.base + "/cases/new/")
        page.click("[data-service=notary_inquiry]")
        page.wait_for_selector("[data-testid=needed]")
        needed = page.inner_text("[data-testid=needed]")
        assert "سند" in needed and "ریال" in needed
        assert page.get_attribute("[data-step=property]", "aria-current") == "step"
        assert no_horizontal_scroll(page)
        screenshot(page, "journey-1-property-360")

        # Step 1: the city (the demo has two), the property, then an office of its city and district (the
        # cards follow the city and district chosen).
        city = officer_office.district.municipality_id
        page.select_option("#id_city", str(city))
        page.fill("#id_renewal_code", code)
        # Before the district is chosen, no office is listed: the box says to choose the district first.
        expect(page.locator("[data-district-first]")).to_be_visible()
        expect(page.locator("[data-office-card]:visible")).to_have_count(0)
        page.select_option("#id_district", str(officer_office.district.number))
        expect(page.locator("[data-district-first]")).to_be_hidden()
        assert page.locator("[data-office-card]:visible").count() > 0
        page.fill("#id_address", "اصفهان، خیابان چهارباغ، پلاک ۱۲")
        other = page.locator("[data-office-card]:not([data-district='%d'])" % officer_office.district.number)
        assert other.count() > 0 and not other.first.is_visible()
        # Another city's office of a district with the same number is not offered either.
        elsewhere = page.locator("[data-office-card]:not([data-city='%d'])" % city)
        assert elsewhere.count() > 0
        assert all(not elsewhere.nth(i).is_visible() for i in range(elsewhere.count()))
        page.check(f"input[name=office][value='{officer_office.pk}']")
        page.click("[data-testid=step-next]")

        # Step 2: the applicant (the national ID and mobile come from the sign-in).
        page.wait_for_selector("[data-step=applicant][aria-current=step]")
        assert to_ascii_digits(page.input_value("#id_national_id")) == NATIONAL_ID
        page.fill("#id_first_name", "علی")
        page.fill("#id_last_name", "رضایی")
        page.click("[data-testid=step-next]")

        # Step 3: the service's own fields; a mistake is announced beside its field first.
        page.wait_for_selector("[data-step=details][aria-current=step]")
        page.fill("#id_notary_number", "abc")
        page.fill("#id_notary_city", "اصفهان")
        page.focus("#id_notary_city")
        page.keyboard.press("Enter")
        page.wait_for_selector("[data-testid=error-summary]")
        assert page.get_attribute("#id_notary_number", "aria-invalid") == "true"
        assert page.get_attribute("#id_notary_number", "aria-describedby") == "id_notary_number_error"
        assert page.locator("#id_notary_number_error").count() == 1
        screenshot(page, "journey-3-details-error-360")
        page.fill("#id_notary_number", "۱۲۳")
        page.fill("#id_letter_number", "۴۵۶/ن")
        page.fill("#id_letter_date", "۱۴۰۴/۰۷/۰۱")
        page.keyboard.press("Escape")
        page.focus("#id_notary_city")
        page.keyboard.press("Enter")

        # Step 4: the documents, each uploaded as it is chosen, with a preview.
        page.wait_for_selector("[data-step=documents][aria-current=step]")
        assert page.locator("[data-slot=inquiry_letter] [data-progress]").count() == 1
        page.set_input_files(
            "[data-testid=file-inquiry_letter]", {"name": "letter.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        page.wait_for_selector("[data-slot=inquiry_letter][data-uploaded]")
        assert "letter.pdf" in page.inner_text("[data-slot=inquiry_letter]")
        page.set_input_files(
            "[data-testid=file-deed]", {"name": "deed.png", "mimeType": "image/png", "buffer": png_bytes((40, 30))}
        )
        page.wait_for_selector("[data-slot=deed] [data-testid=thumbnail]")
        thumbnail = page.locator("[data-slot=deed] [data-testid=thumbnail]")
        assert thumbnail.evaluate("img => img.decode().then(() => img.naturalWidth)") == 40  # the photo itself
        assert no_horizontal_scroll(page)
        screenshot(page, "journey-4-documents-360")
        page.click("[data-testid=step-next]")

        # Step 5: the review, in Persian digits, with the fee; then submit.
        page.wait_for_selector("[data-testid=review]")
        review = page.inner_text("[data-testid=review]")
        assert "۱۴۰۴/۰۷/۰۱" in review and "letter.pdf" in review and "deed.png" in review
        assert "ریال" in page.inner_text("[data-testid=needed]")
        screenshot(page, "journey-5-review-360")
        page.click("[data-testid=guided-submit]")
        page.wait_for_url(re.compile(r"/cases/\d+/$"))
        case = Case.objects.get(parcel__renewal_code=code)
        assert case.channel == "online" and case.state == "submitted" and case.office == officer_office
        assert Document.objects.filter(case=case).count() == 2

        # The office returns it with two correction items.
        officer = staff_api("officer")
        act(
            officer,
            case.pk,
            "return_to_applicant",
            note="دو مورد را اصلاح کنید.",
            items=[
                {"kind": "document", "target": "deed", "note": "تصویر سند خوانا نیست."},
                {"kind": "field", "target": "applicant.mobile", "note": "شماره همراه را بررسی کنید."},
            ],
        )
        deed, mobile = CorrectionItem.objects.filter(case=case).order_by("id")

        # The citizen answers both on the file's page.
        page.reload()
        page.wait_for_selector("[data-testid=corrections]")
        assert "تصویر سند خوانا نیست." in page.inner_text("[data-testid=corrections]")
        page.set_input_files(
            f"#correction-file-{deed.pk}", {"name": "deed-2.png", "mimeType": "image/png", "buffer": png_bytes()}
        )
        page.click(f"[data-answer='{deed.pk}']")
        page.wait_for_selector(f"[data-correction='{deed.pk}'][data-status=answered]")
        page.fill(f"#correction-text-{mobile.pk}", "09131112233")
        page.click(f"[data-answer='{mobile.pk}']")
        page.wait_for_selector(f"[data-correction='{mobile.pk}'][data-status=answered]")
        screenshot(page, "journey-6-corrections-360")
        page.click("[data-action=resubmit]")
        page.wait_for_selector("[data-state=submitted]")
        case.refresh_from_db()
        assert case.state == "submitted"

        # The office accepts both answers and the file goes on: visit, plan review.
        for item in (deed, mobile):
            response = officer.post(
                f"/api/v1/cases/{case.pk}/corrections/{item.pk}/decision/", {"decision": "accept"}, format="json"
            )
            assert response.status_code == 200, response.content
        act(officer, case.pk, "accept")
        inspector = get_user_model().objects.get(username="inspector")
        act(officer, case.pk, "assign_inspector", inspector=inspector.pk)
        act(
            staff_api("inspector"),
            case.pk,
            "submit_visit_report",
            findings="ملک مسکونی دو طبقه با حیاط",
            land_area=220,
            built_area=310,
            floors=2,
            usage="residential",
        )
        act(officer, case.pk, "complete_plan_review", note="کاربری مسکونی، بدون عقب‌نشینی")

        # The citizen pays the fee, due before the answer, through the stand-in bank.
        page.goto(f"{page.base}/cases/{case.pk}/")
        page.click("[data-testid=fee-slips-panel] a[href*='/billing/slips/']")
        page.click("[data-testid=pay-online]")
        page.click("[data-testid=bank-confirm]")
        page.wait_for_selector("[data-testid=bank-receipt]")
        screenshot(page, "journey-7-bank-360")
        page.click("[data-testid=bank-return]")
        page.wait_for_selector("[data-testid=payment-reference]")
        assert page.inner_text("[data-testid=slip-status]") == "پرداخت‌شده"

        # The district's municipal staff answer; the citizen downloads the letter from the file's page.
        municipal = get_user_model().objects.get(username="municipal")
        assert municipal.memberships.filter(district=case.district).exists()
        act(staff_api("municipal"), case.pk, "issue_response", result="approved", text="نقل و انتقال ملک بلامانع است.")
        page.goto(f"{page.base}/cases/{case.pk}/")
        page.wait_for_selector("[data-testid=letter-download]")
        assert no_horizontal_scroll(page)
        screenshot(page, "journey-8-letter-360")
        with page.expect_download() as download:
            page.click("[data-testid=letter-download]")
        body = Path(download.value.path()).read_bytes()
        assert body.startswith(b"%PDF")
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=body, capture_output=True).stdout
        assert case.tracking_code in to_ascii_digits(
            re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text.decode())
        )
    finally:
        context.close()

    # Another citizen gets 404 for the file, on its page and over the API.
    from django.test import Client
    from rest_framework.test import APIClient

    stranger = get_user_model().objects.create_user(
        username="stranger", role="citizen", national_id="0012345679", mobile="09120000000"
    )
    pages = Client()
    pages.force_login(stranger)
    assert pages.get(f"/cases/{case.pk}/").status_code == 404
    api = APIClient()
    api.force_authenticate(stranger)
    assert api.get(f"/api/v1/cases/{case.pk}/").status_code == 404
    assert api.get(f"/api/v1/cases/{case.pk}/letter.pdf").status_code == 404
