"""An inspector on a phone fills and submits a visit report with a photo; the panel shows it."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        locale="fa-IR",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        permissions=["geolocation"],
        geolocation={"latitude": 32.657123, "longitude": 51.677456},
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base = live_server.url
    yield page
    context.close()


def test_an_inspector_submits_a_report_with_a_photo_on_a_phone(phone, demo_city):
    from inspections.models import VisitReport
    from inspections.services import assign_inspector, schedule_visit
    from tests.cases.helpers import user
    from tests.inspections.helpers import file_awaiting_visit, next_working_day, png

    inspector = user("inspector")
    case = file_awaiting_visit(user("officer"))
    visit = assign_inspector(case=case, actor=user("officer"), inspector=inspector)
    visit = schedule_visit(visit=visit, actor=inspector, day=next_working_day(), slot="10-12")
    from core.jalali import format_jalali

    page = phone
    sign_in(page, "inspector", "pishkhan1403")
    page.wait_for_selector("[data-testid=user-menu]", state="attached")
    page.goto(f"{page.base}/inspections/day/?date={format_jalali(visit.scheduled_on, persian=False)}")
    page.wait_for_selector("[data-testid=plan-visit]")
    screenshot(page, "inspections-day-plan-phone")
    page.click("[data-testid=plan-visit] a.btn-success")
    page.wait_for_selector("#report-form")
    # The position was shared (the browser allows it here), into the hidden fields.
    expect(page.locator("#id_latitude")).not_to_have_value("")
    page.click("#id_visited_on")
    page.wait_for_selector("jdp-container", state="visible")  # the Jalali date picker opened
    # The picker finishes opening 300 ms after it appears, and then shows itself again if a day was picked
    # in between: pick as a person does, once it is open.
    page.wait_for_timeout(350)
    page.click("jdp-container .jdp-day:not(.not-in-month):not(.disabled-day) >> nth=0")
    page.wait_for_selector("jdp-container", state="hidden")
    picked = page.input_value("#id_visited_on")
    page.fill("#id_visited_at_time", "10:30")
    page.fill("#id_present", "مالک")
    page.fill("#id_land_area", "۲۴۰")
    page.fill("#id_built_area", "360")
    page.fill("#id_floors", "2")
    page.select_option("#id_usage", "residential")
    page.click("label[for=id_building_state_2]")
    page.click("#add-violation")
    page.select_option("select[name=violation_type_0]", "extra_floor")
    page.fill("input[name=violation_area_0]", "35")
    page.fill("#id_findings", "ساختمان مسکونی دو طبقه؛ طبقه سوم بدون پروانه در حال ساخت است.")
    page.set_input_files("#photos", files=[{"name": "nama.png", "mimeType": "image/png", "buffer": png((800, 600))}])
    page.wait_for_selector("#photo-preview img")
    # Big touch targets: the two action buttons are at least 48 px tall on the phone.
    for name in ("Save draft", "Submit report"):
        box = page.locator("#report-form .report-actions button").nth(0 if name == "Save draft" else 1).bounding_box()
        assert box["height"] >= 48
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "inspections-report-form-phone")

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#submit-report")
    page.wait_for_load_state()
    screenshot(page, "inspections-after-submit")
    page.wait_for_selector("[data-testid=visit-gallery] img")
    screenshot(page, "inspections-panel-phone")

    report = VisitReport.objects.get(case=case)
    assert report.status == "submitted" and report.version == 1
    from core.validators import to_ascii_digits

    assert format_jalali(report.visited_on, persian=False) == to_ascii_digits(picked)
    assert str(report.land_area) == "240.00" and report.floors == 2 and report.building_state == "finished"
    assert report.violations == [{"type": "extra_floor", "area": "35.00"}]
    assert (str(report.latitude), str(report.longitude)) == ("32.657123", "51.677456")
    assert report.photos.count() == 1
    case.refresh_from_db()
    assert case.state == "plan_review"
    panel = page.inner_text("[data-testid=visit-report]")
    assert "طبقه سوم" in panel and "نسخه ۱" in panel


def test_officer_confirms_the_proposal_and_supervisor_sees_workload(page, demo_city):
    from tests.cases.helpers import user
    from tests.inspections.helpers import file_awaiting_visit

    case = file_awaiting_visit(user("officer"))
    sign_in(page, "officer", "pishkhan1403")
    page.wait_for_selector("[data-testid=user-menu]", state="attached")
    page.goto(f"{page.base}/inspections/case/{case.pk}/")
    page.wait_for_selector("[data-testid=proposal]")
    page.click("[data-testid=proposal] summary")
    screenshot(page, "inspections-proposal")
    page.click("text=ارجاع به کارشناس پیشنهادی")
    page.wait_for_selector("[data-testid=visit-schedule]")
    assert "هنوز زمان‌بندی نشده" in page.inner_text("[data-testid=visit-schedule]")
    # The file's own page shows the same panel (the Inspections plugin's page panel).
    page.goto(f"{page.base}/cases/{case.pk}/")
    page.wait_for_selector("[data-testid=visit-panel] [data-testid=visit-schedule]")
    screenshot(page, "inspections-file-page")
    # Assigned on the file's own page, the whole page follows: who holds the file, the message, the history.
    second = file_awaiting_visit(user("officer"))
    page.goto(f"{page.base}/cases/{second.pk}/")
    before = page.inner_text("[data-testid=case-holder]")
    page.click("[data-testid=proposal] summary")
    page.click("text=ارجاع به کارشناس پیشنهادی")
    page.wait_for_selector("[data-testid=case-alert]")
    from inspections.models import Visit

    inspector = str(Visit.objects.get(case=second).inspector)
    assert inspector not in before
    expect(page.locator("[data-testid=case-holder]")).to_contain_text(inspector)
    expect(page.locator("[data-testid=case-alert]")).to_contain_text(inspector)
    expect(page.locator("[data-testid=timeline] [data-action=assign_inspector]")).to_have_count(1)
    page.wait_for_selector("[data-testid=visit-panel] [data-testid=visit-schedule]")
    screenshot(page, "inspections-assigned-on-file-page")

    page.context.clear_cookies()
    sign_in(page, "supervisor", "pishkhan1403")
    page.wait_for_selector("[data-testid=user-menu]", state="attached")
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{page.base}/inspections/workload/")
    page.wait_for_selector("[data-testid=workload-table]")
    screenshot(page, "inspections-workload")
    page.wait_for_selector("#workload-chart[data-drawn='1']", state="attached")
    assert not errors, errors
    screenshot(page, "inspections-workload")


def test_an_incomplete_report_is_not_confirmed_but_answered_with_every_mistake(phone, demo_city):
    from inspections.services import assign_inspector
    from tests.cases.helpers import user
    from tests.inspections.helpers import file_awaiting_visit

    inspector = user("inspector")
    case = file_awaiting_visit(user("officer"))
    visit = assign_inspector(case=case, actor=user("officer"), inspector=inspector)
    page = phone
    sign_in(page, "inspector", "pishkhan1403")
    page.wait_for_selector("[data-testid=user-menu]", state="attached")
    page.goto(f"{page.base}/inspections/visits/{visit.pk}/report/")
    page.wait_for_selector("#report-form")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.click("#submit-report")
    page.wait_for_selector("#report-form .invalid-feedback")
    assert asked == []  # nothing to confirm while boxes are empty: the page marks them instead
    assert page.locator("#report-form .invalid-feedback").count() >= 5
