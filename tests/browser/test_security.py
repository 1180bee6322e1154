"""In a real browser: the Content-Security-Policy breaks nothing, and an office name never runs as HTML."""

import pytest

from offices.models import Office
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EVIL = '<img src=x onerror="window.__xss=1">دفتر'

WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sourceFile || "") + ":" + e.lineNumber);
});
"""


def _violations(page):
    return page.evaluate("window.__csp || []")


def test_an_office_name_in_the_map_tooltip_is_text(page, demo_city, settings):
    settings.MAP_TILE_URL = ""
    Office.objects.authorized().update(name=EVIL)
    page.add_init_script(WATCH)
    page.goto(page.base + "/offices/")
    page.wait_for_selector("#office-map[data-markers]", state="attached")
    page.locator("#office-map path.leaflet-interactive").first.hover(force=True)
    tooltip = page.wait_for_selector(".leaflet-tooltip:not(.district-label)")  # the districts' names are labels
    assert tooltip.inner_text() == EVIL
    assert page.locator(".leaflet-tooltip img").count() == 0
    assert page.evaluate("window.__xss") is None
    assert _violations(page) == []


@pytest.mark.parametrize(
    ("username", "paths"),
    [
        (None, ["/offices/", "/track/", "/accounts/login/", "/api/docs/"]),
        ("officer", ["/", "/cartable/", "/cases/new/", "/billing/slips/"]),
        ("supervisor", ["/inspections/workload/", "/offices/manage/", "/supervision/messages/", "/admin/"]),
    ],
)
def test_pages_work_under_the_content_security_policy(page, demo_city, username, paths):
    page.add_init_script(WATCH)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    if username:
        sign_in(page, username, "pishkhan1403")
        page.wait_for_load_state("networkidle")
    for path in paths:
        page.goto(page.base + path)
        page.wait_for_load_state("networkidle")
        assert _violations(page) == [], path
    assert errors == []
    if "/inspections/workload/" in paths:
        page.goto(page.base + "/inspections/workload/")
        page.wait_for_selector("#workload-chart[data-drawn='1']", state="attached")
