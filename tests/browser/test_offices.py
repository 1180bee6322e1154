import pytest

from offices.models import Office
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_public_directory_shows_the_offices_on_a_map(page, demo_city, settings):
    settings.MAP_TILE_URL = ""
    page.goto(page.base + "/offices/")
    page.wait_for_selector("#office-map.leaflet-container")
    assert "دفاتر پیشخوان مجاز" in page.inner_text("[data-testid=directory-title]")
    assert page.locator("[data-testid=office-list] [data-office]").count() == 25
    # Every authorized office is a marker, drawn without any tile server.
    page.wait_for_selector("#office-map[data-markers]", state="attached")
    assert int(page.get_attribute("#office-map", "data-markers")) == Office.objects.authorized().count()
    assert page.locator("#office-map path.leaflet-interactive").count() == Office.objects.authorized().count()
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    screenshot(page, "offices-directory")

    # The demo has two cities: each district is named with its city.
    page.select_option("#id_district", label="شهرداری اصفهان | منطقه ۴")
    page.click("[data-testid=directory-filters] button[type=submit]")
    page.wait_for_url("**district=*")
    assert page.locator("[data-testid=office-list] [data-office]").count() == 2
    # A city: its offices only, on the list and on the map.
    page.goto(page.base + "/offices/?city=najafabad")
    page.wait_for_selector("#office-map[data-markers]", state="attached")
    najafabad = Office.objects.authorized().filter(district__municipality__code="najafabad").count()
    assert int(page.get_attribute("#office-map", "data-markers")) == najafabad


def test_the_supervisor_opens_an_office(page, demo_city):
    sign_in(page, "supervisor", "pishkhan1403")
    page.wait_for_selector("[data-testid=dashboard-title]")
    page.goto(page.base + "/offices/manage/")
    page.wait_for_selector("[data-testid=office-table]")
    screenshot(page, "offices-manage-list")
    page.click("[data-office='10370012'] a")
    page.wait_for_selector("[data-testid=office-title]")
    main = page.inner_text("main")
    assert "این دفتر نمی‌تواند پروندهٔ جدید ثبت کند" in main
    assert "تاریخچهٔ تغییرات" in main and "قراردادها" in main
    assert page.locator("[data-testid=staff-table] tbody tr").count() >= 1
    screenshot(page, "offices-supervisor-office")


def test_the_manager_sees_the_office_and_a_technical_officer_acknowledges(page, demo_city):
    sign_in(page, "manager", "pishkhan1403")
    page.wait_for_selector("[data-testid=dashboard-title]")
    page.goto(page.base + "/offices/mine/")
    page.wait_for_selector("[data-testid=my-office-title]")
    assert "این دفتر مجاز به ثبت پروندهٔ جدید است." in page.inner_text("main")
    assert page.locator("[data-testid=staff-table] tbody tr").count() >= 3
    screenshot(page, "offices-my-office")
    page.context.clear_cookies()

    sign_in(page, "officer", "pishkhan1403")
    page.wait_for_selector("[data-testid=dashboard-title]")
    page.goto(page.base + "/offices/instructions/")
    before = page.locator("[data-testid=acknowledge]").count()
    assert before >= 1
    page.locator("[data-testid=acknowledge]").first.click()
    page.wait_for_selector(".alert-success")
    assert "تأیید مطالعهٔ شما ثبت شد" in page.inner_text("main")
    assert page.locator("[data-testid=acknowledge]").count() == before - 1
    screenshot(page, "offices-instructions")
