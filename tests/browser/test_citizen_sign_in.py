"""A citizen signs in with the code read from the console SMS backend, on a phone-sized screen."""

import re

import pytest

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_citizen_signs_in_by_mobile_at_360_px(browser, live_server, capsys):
    from django.contrib.auth import get_user_model

    context = browser.new_context(locale="fa-IR", viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto(live_server.url + "/accounts/login/")
        page.click("[data-testid=citizen-sign-in]")
        page.wait_for_selector("[data-testid=otp-request-form]")
        assert no_horizontal_scroll(page)
        # A mistake first: the error is beside the field and tied to it.
        page.fill("#id_mobile", "0912")
        page.fill("#id_national_id", "۰۴۹۹۳۷۰۸۹۹")
        page.click("[data-testid=otp-send]")
        page.wait_for_selector("#id_mobile_error")
        assert page.get_attribute("#id_mobile", "aria-invalid") == "true"
        assert "id_mobile_error" in page.get_attribute("#id_mobile", "aria-describedby")
        assert "همراه" in page.inner_text("#id_mobile_error")
        screenshot(page, "citizen-sign-in-error-360")
        # By keyboard from here on.
        page.fill("#id_mobile", "۰۹۱۳ ۱۱۱ ۲۲۳۳")
        page.focus("#id_national_id")
        page.keyboard.press("Enter")
        page.wait_for_selector("[data-testid=otp-verify-form]")
        assert no_horizontal_scroll(page)
        [code] = re.findall(r"\[SMS → 09131112233\][^\n]*?(\d{6})", capsys.readouterr().out)
        page.fill("#id_code", code)
        screenshot(page, "citizen-sign-in-code-360")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/my/$"))
        assert no_horizontal_scroll(page)
        user = get_user_model().objects.get(national_id="0499370899")
        assert user.role == "citizen" and user.mobile == "09131112233"
        screenshot(page, "citizen-signed-in-360")
    finally:
        context.close()
