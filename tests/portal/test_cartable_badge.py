"""The navigation's cartable badge (and the dashboard's cards) are counted at most once a minute per person,
afresh on the cartable page, and at once after the person's own action."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.documents import add_document
from cases.services import apply_action
from tests.cases.helpers import PDF, png_bytes, upload
from tests.cases.test_pages_support import html, register, signed_in
from tests.letters.helpers import issue, to_municipal_review

pytestmark = pytest.mark.django_db

BADGE = re.compile(r'badge text-bg-danger rounded-pill">([۰-۹]+)<')


def badge(page):
    found = BADGE.search(page)
    return found.group(1) if found else None


def _aggregates(queries):
    return [q["sql"] for q in queries if "COUNT(" in q["sql"] and '"state" AS "state"' in q["sql"]]


def test_the_badge_is_counted_once_then_kept(officer):
    register(officer)
    browser = signed_in(officer)
    with CaptureQueriesContext(connection) as first:
        assert badge(html(browser.get("/offices/instructions/"))) == "۱"
    with CaptureQueriesContext(connection) as second:
        assert badge(html(browser.get("/offices/instructions/"))) == "۱"
    assert len(_aggregates(first.captured_queries)) == 1
    assert _aggregates(second.captured_queries) == []


def test_someone_elses_file_shows_on_the_cartable_page_at_once_and_then_everywhere(officer, manager):
    register(officer)
    browser = signed_in(officer)
    assert badge(html(browser.get("/"))) == "۱"
    register(manager)  # a colleague of the same office: the file waits for the officer too
    # Other pages show the count of a moment ago (at most COUNTS_SECONDS old) ...
    assert badge(html(browser.get("/"))) == "۱"
    # ... the cartable counts afresh, above its own list, and the other pages follow it.
    assert badge(html(browser.get("/cartable/"))) == "۲"
    assert badge(html(browser.get("/"))) == "۲"


def test_ones_own_actions_show_at_once(officer, inspector, django_capture_on_commit_callbacks):
    first, _second = register(officer), register(officer)
    add_document(case=first, actor=officer, kind="inquiry_letter", upload=upload("l.pdf", PDF))
    add_document(case=first, actor=officer, kind="deed", upload=upload("d.png", png_bytes()))
    browser, inspectors = signed_in(officer), signed_in(inspector)
    assert badge(html(browser.get("/"))) == "۲"
    assert badge(html(inspectors.get("/"))) is None
    with django_capture_on_commit_callbacks(execute=True):  # forgotten once the action commits
        apply_action(first, "accept", officer)
        apply_action(first, "assign_inspector", officer, inspector=inspector.pk)  # now it waits for the inspector
    assert badge(html(browser.get("/"))) == "۱"
    # The person the file now waits for sees it at once too.
    assert badge(html(inspectors.get("/"))) == "۱"
    with django_capture_on_commit_callbacks(execute=True):
        register(officer)
    assert badge(html(browser.get("/"))) == "۲"


def test_the_kept_count_is_the_persons_own(officer, manager, city):
    register(officer)
    assert badge(html(signed_in(officer).get("/"))) == "۱"
    # Another office's officer has nothing waiting: no badge, whatever the officer's count.
    assert badge(html(signed_in(city.colleague).get("/"))) is None


def test_an_action_on_the_file_page_brings_the_badge_along(officer, inspector):
    case = register(officer)
    register(officer)
    add_document(case=case, actor=officer, kind="inquiry_letter", upload=upload("l.pdf", PDF))
    add_document(case=case, actor=officer, kind="deed", upload=upload("d.png", png_bytes()))
    browser = signed_in(officer)
    assert badge(html(browser.get("/"))) == "۲"
    accepted = browser.post(f"/cases/{case.pk}/actions/accept/", {}, HTTP_HX_REQUEST="true")
    assigned = browser.post(
        f"/cases/{case.pk}/actions/assign_inspector/",
        {"assign_inspector-inspector": inspector.pk},
        HTTP_HX_REQUEST="true",
    )
    assert accepted.status_code == 200 and assigned.status_code == 200
    # The swapped page carries the navigation's badge, out of band, as counted after the action.
    oob = re.search(r'<span id="nav-count-casescartable" hx-swap-oob="true">(.*?)</span>\s*$', html(assigned), re.S)
    assert oob is not None and badge(oob.group(1) + "<") == "۱"


def test_the_answered_this_month_card_is_kept_and_ones_own_answer_shows_at_once(
    city, login_api, django_capture_on_commit_callbacks
):
    case_id = to_municipal_review(login_api, officer=city.officer, reviewer=city.manager, inspector=city.inspectors[0])
    municipal, officer = signed_in(city.municipal), signed_in(city.officer)
    assert _answered(municipal.get("/")) == "۰" and _answered(officer.get("/")) == "۰"
    with django_capture_on_commit_callbacks(execute=True):  # forgotten once the answer commits
        answered = issue(login_api, case_id, city.municipal)
    assert answered.status_code == 200, answered.content
    # The one who answered sees it at once; the office within the minute the count is kept ...
    assert _answered(municipal.get("/")) == "۱"
    assert _answered(officer.get("/")) == "۰"
    cache.clear()  # ... a minute later
    assert _answered(officer.get("/")) == "۱"


def _answered(response):
    return re.search(r'data-stat="responded">([۰-۹]+)<', html(response)).group(1)
