"""The factory city works like a real one: its offices may register every file service, a file moves to
every state through the workflow, and the people see what their posts let them see."""

import pytest

from accounts.models import Role
from cases.models import State, Transition
from cases.workflow import file_services
from offices.models import Membership
from offices.services import may_register
from tests.accounts.factories import PASSWORD
from tests.cases.factories import register

pytestmark = pytest.mark.django_db


def test_every_office_of_the_city_may_register_every_file_service(city):
    for office in city.offices:
        for code in file_services():
            assert may_register(office, code).allowed, (office.code, code)
    assert {o.district.number for o in city.offices} == {1, 2}


def test_the_staff_hold_the_posts_their_names_say(city):
    def posts(user):
        return {(m.role, m.office_id, m.district_id) for m in Membership.objects.current().filter(user=user)}

    assert posts(city.officer) == {(Role.TECHNICAL_OFFICER, city.office.pk, city.district.pk)}
    assert posts(city.manager) == {(Role.OFFICE_MANAGER, city.office.pk, city.district.pk)}
    assert city.office.manager == city.manager
    for inspector in city.inspectors:
        assert {p[1] for p in posts(inspector)} == {city.office.pk, city.office_b.pk}
    assert posts(city.municipal) == {(Role.MUNICIPAL_STAFF, None, city.district.pk)}
    assert posts(city.other_municipal) == {(Role.MUNICIPAL_STAFF, None, city.other_district.pk)}
    assert posts(city.supervisor) == set() and city.supervisor.is_staff
    assert city.officer.check_password(PASSWORD)


def test_a_registered_file_has_its_history_deadline_and_fee_slip(city):
    case = register(city.officer)
    assert case.state == State.SUBMITTED and case.office == city.office and case.district == city.district
    assert case.deadline is not None
    assert list(Transition.objects.filter(case=case).values_list("action", flat=True)) == ["register"]
    [slip] = case.fee_slips.all()
    assert slip.amount_rials == 1_550_000


def test_an_online_request_starts_as_a_draft_at_the_chosen_office(city):
    case = register(city.citizen, office=city.other_office)
    assert case.state == State.DRAFT and case.office == city.other_office and case.district == city.other_district


@pytest.mark.parametrize(
    "to, actions",
    [
        (State.AWAITING_VISIT, ["register", "accept"]),
        ("assigned", ["register", "accept", "assign_inspector"]),
        (State.PLAN_REVIEW, ["register", "accept", "assign_inspector", "submit_visit_report"]),
        (
            State.MUNICIPAL_REVIEW,
            ["register", "accept", "assign_inspector", "submit_visit_report", "complete_plan_review"],
        ),
        (
            State.RESPONDED,
            ["register", "accept", "assign_inspector", "submit_visit_report", "complete_plan_review", "issue_response"],
        ),
        (State.RETURNED, ["register", "return_to_applicant"]),
        (State.REJECTED, ["register", "reject"]),
        (State.CANCELLED, ["register", "cancel"]),
    ],
)
def test_advance_takes_a_file_to_each_state_through_the_workflow(city, advance, to, actions):
    case = advance(register(city.officer), to)
    assert case.state == (State.AWAITING_VISIT if to == "assigned" else to)
    assert list(case.transitions.order_by("seq").values_list("action", flat=True)) == actions
    if to == "assigned":
        assert case.holder == city.inspector
    from cases.history import broken_chains

    assert broken_chains([case.pk]) == []
