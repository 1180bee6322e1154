import pytest
from django.core.management import call_command

from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_technical_officer_signs_in_and_sees_the_persian_dashboard(page, demo_city):
    call_command(
        "add_user",
        "b.officer",
        "--role",
        "technical_officer",
        "--password",
        "Browser-pass-55",
        "--office",
        "10370002",
        "--first-name",
        "مریم",
        "--last-name",
        "کاظمی",
    )
    sign_in(page, "b.officer", "Browser-pass-55")
    page.wait_for_selector("[data-testid=dashboard-title]")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "fa"
    assert "مریم کاظمی، خوش آمدید" in page.inner_text("[data-testid=dashboard-title]")
    assert "مسئول فنی" in page.inner_text("main")
    today = page.inner_text("[data-testid=today]")
    assert any(ch in "۰۱۲۳۴۵۶۷۸۹" for ch in today) and not any(ch.isascii() and ch.isdigit() for ch in today)
    # The Vazirmatn font and Bootstrap RTL really loaded from our own server.
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("Vazirmatn")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.evaluate("document.fonts.check('16px Vazirmatn')")
    screenshot(page, "dashboard-technical-officer")
    # By keyboard: the first Tab offers to skip the navigation, and the navigation's focus ring is white.
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.testid") == "skip-link"
    assert page.is_visible("[data-testid=skip-link]") and "پرش" in page.inner_text("[data-testid=skip-link]")
    page.keyboard.press("Enter")
    page.wait_for_url("**#main")  # the jump to the anchor lands after the key press returns
    page.keyboard.press("Tab")  # into the page after the skipped navigation
    assert not page.evaluate("!!document.activeElement.closest('nav.navbar')")
    page.locator(".navbar-brand").focus()
    ring = page.evaluate("getComputedStyle(document.querySelector('.navbar-brand')).outlineColor")
    assert ring == "rgb(255, 255, 255)"
    # At 1366 px the officer's navigation, the longest of the office's, keeps one row: the public pages are in
    # the person's menu, under the role.
    assert page.evaluate("document.querySelector('nav.navbar').getBoundingClientRect().height") < 70
    page.click("[data-testid=user-menu]")
    assert page.inner_text("[data-testid=user-role]") == "مسئول فنی"
    assert page.is_visible("[data-testid=nav-public]") and page.is_visible(".dropdown-menu >> text=پیگیری پرونده")


def test_wrong_password_stays_on_login_with_a_persian_error(page, demo_city):
    sign_in(page, "officer", "wrong-password")
    assert "نام کاربری یا گذرواژه نادرست است" in page.inner_text("main")
