"""Two people acting on the same file at the same moment: exactly one wins (PostgreSQL and SQLite)."""

import pytest

from cases.models import Case, Transition
from cases.services import apply_action
from tests.cases.helpers import notary_payload
from tests.threads import race

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_officers_taking_the_same_action_at_once(officer, manager, login_api):
    response = login_api(officer).post("/api/v1/cases/", notary_payload(), format="json")
    case_id = response.json()["id"]
    actors = [officer, manager]
    results = race(2, lambda i: apply_action(case_id, "return_to_applicant", actors[i], note=f"ناقص {i}").state)
    assert sorted(r[0] for r in results) == ["ok", "refused"], results
    assert [r[1] for r in results if r[0] == "refused"] == [409]
    case = Case.objects.get(pk=case_id)
    assert case.state == "returned" and case.version == 2
    assert Transition.objects.filter(case_id=case_id).count() == 2


def test_different_actions_at_once_leave_one_consistent_history(officer, manager, login_api):
    response = login_api(officer).post("/api/v1/cases/", notary_payload(), format="json")
    case_id = response.json()["id"]
    calls = [
        lambda: apply_action(case_id, "reject", officer, note="مدارک جعلی"),
        lambda: apply_action(case_id, "cancel", manager),
    ]
    results = race(2, lambda i: calls[i]().state)
    assert sorted(r[0] for r in results) == ["ok", "refused"], results
    rows = list(Transition.objects.filter(case_id=case_id).order_by("seq").values_list("seq", "action"))
    assert len(rows) == 2 and rows[0] == (1, "register")
    from cases.history import broken_chains

    assert broken_chains([case_id]) == []
