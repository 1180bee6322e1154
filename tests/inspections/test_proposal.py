"""The proposal: the least-loaded trained inspector of the office's district, never anyone else."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from inspections.models import Slot, Visit, VisitState
from inspections.selectors import propose_inspector
from inspections.services import assign_inspector, assign_proposed
from tests.inspections.helpers import district_inspectors, next_working_day, untrain

pytestmark = pytest.mark.django_db


def test_the_proposal_is_the_least_loaded_trained_inspector_of_the_district(city, awaiting):
    first, second, third = district_inspectors(1)[:3]
    officer = city.officer
    # Load the first two: the third (no open visit) must be proposed.
    assign_inspector(case=awaiting(), actor=officer, inspector=first)
    assign_inspector(case=awaiting(), actor=officer, inspector=second)
    proposal = propose_inspector(awaiting())
    assert proposal.inspector == third
    loads = {c.user.pk: c.open_visits for c in proposal.candidates}
    assert loads == {first.pk: 1, second.pk: 1, third.pk: 0}
    # Everyone proposed serves the office's district, and no one else is even a candidate.
    district_ids = {u.pk for u in district_inspectors(1)}
    assert {c.user.pk for c in proposal.candidates} == district_ids
    assert all(u.role == Role.INSPECTOR for u in (c.user for c in proposal.candidates))


def test_an_untrained_inspector_is_never_proposed_even_when_least_loaded(city, awaiting):
    first, second, third = district_inspectors(1)[:3]
    officer = city.officer
    assign_inspector(case=awaiting(), actor=officer, inspector=first)
    assign_inspector(case=awaiting(), actor=officer, inspector=second)
    untrain(third)
    proposal = propose_inspector(awaiting())
    assert proposal.inspector in (first, second)
    gap = next(c for c in proposal.candidates if c.user == third)
    assert gap.trained is False and gap.missing_courses
    # The untrained candidate is listed last, for the officer to pick knowingly.
    assert proposal.candidates[-1].user == third


def test_ties_go_to_the_earliest_free_slot(city, awaiting):
    first, second, third = district_inspectors(1)[:3]
    officer = city.officer
    day = next_working_day()
    later = next_working_day(day)
    # Equal loads (four each), but the first is booked solid on the earlier day.
    for inspector, booked_on in ((first, day), (second, later)):
        for slot in Slot:
            visit = assign_inspector(case=awaiting(), actor=officer, inspector=inspector)
            Visit.objects.filter(pk=visit.pk).update(state=VisitState.SCHEDULED, scheduled_on=booked_on, slot=slot)
    for _ in range(5):
        assign_inspector(case=awaiting(), actor=officer, inspector=third)
    now = timezone.make_aware(datetime.datetime.combine(day, datetime.time(7, 0)))
    proposal = propose_inspector(awaiting(), now=now)
    candidates = {c.user: c for c in proposal.candidates}
    assert [candidates[u].open_visits for u in (first, second, third)] == [4, 4, 5]
    assert candidates[first].next_free == (later, "08-10")
    assert candidates[second].next_free == (day, "08-10")
    assert proposal.inspector == second


def test_inspectors_who_left_or_serve_elsewhere_are_not_candidates(awaiting):
    first, second, third = district_inspectors(1)[:3]
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    first.memberships.update(ends_on=yesterday)
    third.is_active = False
    third.save(update_fields=["is_active"])
    other_district = district_inspectors(2)[0]
    proposal = propose_inspector(awaiting())
    ids = {c.user.pk for c in proposal.candidates}
    assert second.pk in ids
    assert other_district.pk not in ids and third.pk not in ids
    assert proposal.inspector == second


def test_assign_proposed_uses_the_proposal_and_says_so_in_the_history(city, awaiting):
    case = awaiting()
    expected = propose_inspector(case).inspector
    visit = assign_proposed(case=case, actor=city.officer)
    assert visit.inspector == expected and visit.proposed
    last = case.transitions.order_by("-seq").first()
    assert last.action == "assign_inspector" and last.data["proposed"] is True
    # The row names the inspector; the visit is the one assigned at the row's time.
    assert last.data == {"inspector": expected.pk, "proposed": True}
    assert visit.assigned_at == last.at
