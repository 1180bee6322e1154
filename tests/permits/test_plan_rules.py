"""An inquiry's plan review records the zone's rules whole or not at all: part of them is refused, not a 500."""

import pytest

from cases.models import State
from permits.models import PlanReview
from tests.cases.test_pages_support import html, register, signed_in

pytestmark = pytest.mark.django_db

SOME_RULES = {"land_use": "residential", "max_floors": "4"}
ALL_RULES = {**SOME_RULES, "max_occupancy_percent": "60", "max_density_percent": "240", "setback_m": "0"}


def test_part_of_the_rules_is_refused_on_the_page_with_the_missing_ones_marked(city, officer, advance):
    case = advance(register(officer), State.PLAN_REVIEW)
    form = {f"complete_plan_review-{name}": value for name, value in SOME_RULES.items()}
    response = signed_in(officer).post(f"/cases/{case.pk}/actions/complete_plan_review/", form, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    page = html(response)
    assert "همهٔ ضوابط پهنه را وارد کنید یا همه را خالی بگذارید." in page
    assert page.count("همراه با دیگر ضوابط پهنه لازم است.") == 3
    case.refresh_from_db()
    assert case.state == State.PLAN_REVIEW and not PlanReview.objects.filter(case=case).exists()


def test_part_of_the_rules_is_refused_by_the_api_naming_the_missing_ones(city, officer, advance, login_api):
    case = advance(register(officer), State.PLAN_REVIEW)
    response = login_api(officer).post(
        f"/api/v1/cases/{case.pk}/actions/", {"action": "complete_plan_review", **SOME_RULES}, format="json"
    )
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "plan-rules-incomplete"
    assert set(body["errors"]) == {"max_occupancy_percent", "max_density_percent", "setback_m"}
    case.refresh_from_db()
    assert case.state == State.PLAN_REVIEW


def test_all_or_none_of_the_rules_is_accepted(city, officer, advance, login_api):
    api = login_api(officer)
    reviewed = advance(register(officer), State.PLAN_REVIEW)
    answer = api.post(f"/api/v1/cases/{reviewed.pk}/actions/", {"action": "complete_plan_review", **ALL_RULES})
    assert answer.status_code == 200, answer.content
    assert PlanReview.objects.get(case=reviewed).max_floors == 4
    bare = advance(register(officer), State.PLAN_REVIEW)
    answer = api.post(f"/api/v1/cases/{bare.pk}/actions/", {"action": "complete_plan_review"}, format="json")
    assert answer.status_code == 200 and not PlanReview.objects.filter(case=bare).exists()


def test_the_file_page_shows_the_rules_the_review_recorded(city, officer, advance, login_api):
    case = advance(register(officer), State.PLAN_REVIEW)
    login_api(officer).post(f"/api/v1/cases/{case.pk}/actions/", {"action": "complete_plan_review", **ALL_RULES})
    page = html(signed_in(city.municipal).get(f"/cases/{case.pk}/"))
    assert 'data-testid="plan-review-panel"' in page
    panel = page.split('data-testid="plan-review-panel"')[1].split("</div>\n</div>")[0]
    assert "مسکونی" in panel and "۲۴۰" in panel and "۶۰" in panel and "۴" in panel
    # A file reviewed without rules has no panel.
    bare = advance(register(officer), State.PLAN_REVIEW)
    login_api(officer).post(f"/api/v1/cases/{bare.pk}/actions/", {"action": "complete_plan_review"}, format="json")
    assert 'data-testid="plan-review-panel"' not in html(signed_in(city.municipal).get(f"/cases/{bare.pk}/"))
