"""A building permit at the counter on a phone: the owners' and floor-area tables, the engineers; then,
after the office and the municipality act (through the API), the permit's page and its public check."""

import pytest

from billing.models import FeeSlip
from core.validators import to_ascii_digits
from permits.models import Permit, PermitRequest
from tests.browser.conftest import screenshot, sign_in
from tests.permits.factories import PASSWORD, make_city
from tests.permits.helpers import REVIEW, act, attach, client_for, pay, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill(page, values):
    for name, value in values.items():
        page.fill(f"[name='{name}']", value)


def test_a_building_permit_registered_on_a_phone_yields_a_permit_page_and_its_check(page):
    city = make_city()
    page.set_viewport_size({"width": 360, "height": 800})
    sign_in(page, city.officer.username, PASSWORD)
    page.goto(page.base + "/cases/new/building_permit/")
    page.wait_for_selector("[data-testid=rows-owners]")
    # The tables fit the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    _fill(
        page,
        {
            "national_id": "0499370899",
            "first_name": "علی",
            "last_name": "رضایی",
            "mobile": "09131112233",
            "renewal_code": "03-120-045-001-01-002",
            "address": "خیابان آزمون، پلاک ۳",
            "plate_main": "۱۲۵۰",
            "plate_sub": "۳۴",
            "deed_area": "۲۵۰",
            "parcel_area": "۲۴۰",
            "floors_above": "۳",
            "floors_below": "۰",
            "units": "۳",
            "parking_spaces": "۳",
        },
    )
    page.select_option("[name=district]", "3")
    page.select_option("[name=requested_use]", "residential")
    _fill(page, {"owners-0-national_id": "0499370899", "owners-0-name": "علی رضایی", "owners-0-share": "۴"})
    _fill(page, {"owners-1-national_id": "0084575948", "owners-1-name": "مریم احمدی", "owners-1-share": "۲"})
    # A third floor row is one button away.
    assert not page.is_visible("[name='floor_areas-2-area']")
    page.click("[data-add-row=floor_areas]")
    assert page.is_visible("[name='floor_areas-2-area']")
    for index in range(3):
        _fill(page, {f"floor_areas-{index}-level": str(index), f"floor_areas-{index}-area": "۱۴۰٫۵"})
        page.select_option(f"[name='floor_areas-{index}-use']", "residential")
    for role, name, number in (
        ("designer", "سارا کریمی", "10-12-34567"),
        ("structural", "حمید نوری", "10-13-22110"),
        ("supervising", "مجید صالحی", "10-12-40981"),
    ):
        _fill(page, {f"engineers-{role}-name": name, f"engineers-{role}-membership_number": number})
    screenshot(page, "permits-register-360")
    page.click("[data-testid=register-submit]")
    page.wait_for_url("**/cases/*/")
    request = PermitRequest.objects.get()
    assert [o["name"] for o in request.owners] == ["علی رضایی", "مریم احمدی"]
    assert len(request.floor_areas) == 3 and str(request.floor_areas[2]["area"]).startswith("140.5")
    case_id = request.case_id

    # The office and the municipality act through the API.
    officer = client_for(city.officer)
    attach(officer, case_id, "building_permit")
    visit(city, officer, case_id)
    act(officer, case_id, "complete_plan_review", **REVIEW)
    pay(FeeSlip.objects.get(case_id=case_id))
    act(client_for(city.municipal), case_id, "issue_response", result="approved", text="پروانه صادر شد.")
    permit = Permit.objects.get(case_id=case_id)

    page.goto(page.base + f"/permits/{permit.number}/")
    body = to_ascii_digits(page.inner_text("main"))
    assert permit.number in body and "مریم احمدی" in body
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(page, "permits-permit-360")

    page.goto(page.base + f"/verify/{permit.verification_code}")
    shown = to_ascii_digits(page.inner_text("main"))
    assert "معتبر" in shown and permit.number in shown
    screenshot(page, "permits-verify-360")
