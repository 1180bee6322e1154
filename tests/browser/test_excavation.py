"""An excavation request registers at the counter and online, its fields derived from its serializer."""

import pytest

from cases.models import Case, Channel, State
from core.validators import to_ascii_digits
from tests.browser.conftest import screenshot, sign_in
from tests.cases.helpers import renewal_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "pishkhan1403"


def _fill_excavation(page, code):
    page.fill("#id_renewal_code", code)
    page.fill("#id_address", "اصفهان، خیابان هزارجریب، مقابل پلاک ۴")
    page.fill("#id_utility_company", "شرکت گاز استان اصفهان")
    page.fill("#id_location", "پیاده‌روی ضلع شرقی خیابان هزارجریب")
    page.fill("#id_cut_length_m", "۱۲٫۵")
    page.fill("#id_cut_width_m", "0.8")
    page.fill("#id_letter_number", "۱۴۰۴/۷۷")
    for name, value in (("letter_date", "1404/07/01"), ("planned_start", "1404/08/01"), ("planned_end", "1404/08/05")):
        page.fill(f"#id_{name}", value)
        page.keyboard.press("Escape")
    page.click("h1")


def test_excavation_at_the_counter(page, demo_city):
    sign_in(page, "officer", PASSWORD)
    page.goto(page.base + "/cases/new/excavation/")
    page.wait_for_selector("[data-testid=register-form]")
    # The letter the server requires is on the form, marked.
    for name in ("letter_number", "letter_date", "utility_company", "cut_length_m", "planned_end"):
        assert page.locator(f"#id_{name}").count() == 1, name
    page.click("[data-testid=register-submit]")
    page.wait_for_selector("[data-error-for=letter_number]")
    assert page.locator("[data-error-for=planned_start]").count() == 1
    page.fill("#id_national_id", "0499370899")
    page.fill("#id_first_name", "شرکت")
    page.fill("#id_last_name", "گاز")
    page.fill("#id_mobile", "09131112233")
    _fill_excavation(page, renewal_code(1))
    screenshot(page, "excavation-counter")
    page.click("[data-testid=register-submit]")
    page.wait_for_selector("[data-testid=tracking-code]")
    tracking = to_ascii_digits(page.inner_text("[data-testid=tracking-code]")).strip()
    case = Case.objects.get(tracking_code=tracking)
    assert case.service_id == "excavation" and case.state == State.SUBMITTED
    assert str(case.inquiry.cut_length_m) == "12.50" and case.inquiry.letter_number == "1404/77"
    assert "شرکت گاز استان اصفهان" in page.inner_text("body")


def test_excavation_online(page, demo_city):
    sign_in(page, "citizen", PASSWORD)
    page.goto(page.base + "/cases/new/excavation/")
    page.wait_for_selector("[data-testid=register-form]")
    # The demo's offices are in two cities: the property's city first.
    from offices.models import Municipality

    page.select_option("#id_city", str(Municipality.objects.get(code="isfahan").pk))
    page.select_option("#id_district", "1")
    # Only the offices of the property's district are offered; the citizen picks the first.
    assert page.locator("[data-office-card][data-district='2']").first.is_hidden()
    first = page.locator("[data-office-card][data-district='1'] input[name=office]").first
    office = first.get_attribute("value")
    first.check()
    if not page.input_value("#id_mobile"):
        page.fill("#id_mobile", "09131112244")
    if not page.input_value("#id_national_id"):
        page.fill("#id_national_id", "0499370899")
    if not page.input_value("#id_first_name"):
        page.fill("#id_first_name", "مریم")
        page.fill("#id_last_name", "کریمی")
    _fill_excavation(page, renewal_code(1))
    page.click("[data-testid=register-submit]")
    page.wait_for_selector("[data-testid=tracking-code]")
    screenshot(page, "excavation-online")
    tracking = to_ascii_digits(page.inner_text("[data-testid=tracking-code]")).strip()
    case = Case.objects.get(tracking_code=tracking)
    assert case.service_id == "excavation" and case.channel == Channel.ONLINE and case.state == State.DRAFT
    assert case.office_id == int(office)
