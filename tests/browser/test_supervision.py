"""The supervision pages in Chromium: a complaint becomes a violation the manager answers and the
unit fines; the statistics chart shows the published series and the Excel export holds it."""

import io

import pytest
from openpyxl import load_workbook

from billing.models import FeeSlip
from offices.models import Municipality
from supervision.demo import seed_figures
from supervision.models import Violation
from tests.browser.conftest import screenshot, sign_in
from tests.cases.helpers import user
from tests.supervision.factories import register_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "pishkhan1403"


def test_a_complaint_is_answered_fined_and_hidden_from_another_office(page, demo_city):
    case = register_file(user("officer"))

    page.goto(page.base + "/complaints/")
    page.fill("#id_tracking_code", case.tracking_code)
    page.fill("#id_national_id", case.applicant_national_id)
    page.fill("#id_text", "دو هفته است پاسخ استعلام بانک داده نشده است.")
    page.click("[data-testid=complaint-form] button[type=submit]")
    page.wait_for_selector("[data-testid=complaint-code]")
    violation = Violation.objects.get(case=case)
    assert violation.office.code == "10370001" and violation.state == "open"
    screenshot(page, "supervision-complaint")

    sign_in(page, "manager", PASSWORD)
    page.wait_for_selector("[data-testid=dashboard-title]")
    page.click("[data-testid=nav-menu] .dropdown-toggle")  # the supervision tools' menu
    page.click("nav >> text=تخلفات")
    page.click(f"[data-violation='{violation.pk}'] a")
    page.fill("[data-testid=action-respond] textarea", "نامه بانک دیر رسید؛ پاسخ امروز صادر شد.")
    page.click("[data-testid=action-respond] button[type=submit]")
    page.wait_for_selector(".alert-success")
    assert "نامه بانک دیر رسید" in page.inner_text("[data-testid=office-response]")
    page.context.clear_cookies()

    sign_in(page, "supervisor", PASSWORD)
    page.wait_for_selector("[data-testid=dashboard-title]")
    page.goto(page.base + f"/supervision/violations/{violation.pk}/")
    page.select_option("[data-testid=action-decide] select[name=decide-decision]", "fine")
    page.fill("[data-testid=action-decide] input[name=decide-fine_rials]", "5000000")
    page.fill("[data-testid=action-decide] textarea", "تأخیر بدون عذر موجه.")
    page.click("[data-testid=action-decide] button[type=submit]")
    page.wait_for_selector("[data-testid=violation-decision]")
    slip = FeeSlip.objects.get(office__code="10370001", kind="office_fine")
    assert slip.amount_rials == 5_000_000
    history = page.locator("[data-testid=violation-history] li").evaluate_all(
        "items => items.map(i => i.dataset.action)"
    )
    assert history == ["created", "respond", "decide"]
    screenshot(page, "supervision-violation-decided")
    page.context.clear_cookies()

    sign_in(page, "manager", PASSWORD)
    page.wait_for_selector("[data-testid=dashboard-title]")
    page.goto(page.base + f"/billing/slips/{slip.pk}/")
    assert "جریمه دفتر" in page.inner_text("main")
    page.context.clear_cookies()

    sign_in(page, "manager02", PASSWORD)
    page.wait_for_selector("[data-testid=dashboard-title]")
    response = page.goto(page.base + f"/supervision/violations/{violation.pk}/")
    assert response.status == 404


def test_the_statistics_chart_shows_the_published_series_and_the_excel_holds_it(page, demo_city):
    seed_figures(Municipality.objects.get(code="isfahan"))
    sign_in(page, "supervisor", PASSWORD)
    page.wait_for_selector("[data-testid=dashboard-title]")
    page.click("nav >> text=آمار")
    page.wait_for_selector("#years-chart[data-drawn='1']", state="attached")
    chart = page.evaluate(
        """() => { const c = Chart.getChart(document.getElementById('years-chart'));
                   const [registered, answered] = c.data.datasets.map(d => d.data);
                   return {labels: c.data.labels, registered, answered}; }"""
    )
    series = dict(zip(chart["labels"], zip(chart["registered"], chart["answered"], strict=True), strict=True))
    assert series[1395] == (7949, 5985) and series[1397] == (86820, 77730) and series[1402] == (41626, 36123)
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    screenshot(page, "supervision-statistics")

    with page.expect_download() as download:
        page.click("[data-testid=statistics-excel]")
    with open(download.value.path(), "rb") as saved:  # the download's temporary name has no extension
        book = load_workbook(io.BytesIO(saved.read()))
    years = {row[0]: row[1:3] for row in book["سال‌ها"].iter_rows(min_row=2, values_only=True)}
    assert years[1395] == (7949, 5985) and years[1397] == (86820, 77730) and years[1402] == (41626, 36123)
    permits = {row[0]: row[1] for row in book["پروانه‌های ساختمانی"].iter_rows(min_row=2, values_only=True)}
    assert (permits[1402], permits[1403]) == (1301, 1645)

    page.set_viewport_size({"width": 360, "height": 800})
    page.reload()
    page.wait_for_selector("#years-chart[data-drawn='1']", state="attached")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(page, "supervision-statistics-360")


def test_the_followup_officer_logs_a_call_on_a_late_file(page, demo_city):
    import datetime

    from django.utils import timezone

    late = register_file(user("officer"), at=timezone.now() - datetime.timedelta(days=12))
    sign_in(page, "followup", PASSWORD)
    page.wait_for_selector("[data-testid=dashboard-title]")
    page.click("nav >> text=پیگیری")
    card = page.locator(f"[data-case='{late.pk}']")
    card.locator("summary").click()
    card.locator("[data-testid=followup-call] select").select_option("no_answer")
    card.locator("[data-testid=followup-call] input[name=note]").fill("دو بار تماس؛ پاسخ نداد")
    card.locator("[data-testid=followup-call] button").click()
    page.wait_for_selector(".alert-success")
    assert "دو بار تماس" in page.inner_text(f"[data-case='{late.pk}'] [data-testid=followup-events]")
    screenshot(page, "supervision-followup-desk")
    page.goto(page.base + f"/cases/{late.pk}/")
    assert "دو بار تماس؛ پاسخ نداد" in page.inner_text("main")


def test_a_zonal_value_typed_with_a_persian_keyboard_is_saved(page, demo_city):
    from billing.models import ZonalValue

    sign_in(page, "supervisor", PASSWORD)
    page.wait_for_selector("[data-testid=dashboard-title]")
    page.goto(page.base + "/supervision/reference/zonal-values/new/")
    page.select_option("select[name=district]", index=1)
    page.fill("input[name=block]", "۹۷")
    page.click("input[name=value_rials]")
    page.keyboard.type("۲۵۰۰۰۰۰")  # as a Persian keyboard types it
    assert page.input_value("input[name=value_rials]") == "۲۵۰۰۰۰۰"
    page.fill("input[name=valid_from]", "۱۴۰۵/۰۶/۰۱")  # a version of its own beside the demo's values
    page.keyboard.press("Escape")
    page.click("[data-testid=reference-form] button[type=submit]")
    page.wait_for_load_state()
    saved = ZonalValue.objects.filter(block="97", value_rials=2_500_000)
    assert saved.count() == 1, list(ZonalValue.objects.filter(block="97").values("valid_from", "value_rials")[:3])
