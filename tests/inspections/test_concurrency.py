"""Two files assigned "auto" at the same moment go to two equally loaded inspectors, not the same one."""

import pytest

from inspections.models import Visit
from inspections.services import assign_inspector, assign_proposed
from tests.inspections.helpers import district_inspectors, file_awaiting_visit, untrain
from tests.threads import race

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def slow_proposal(monkeypatch):
    """Hold each proposal a moment before it is used, so two assignments surely overlap in time."""
    import time

    from inspections.services import assignment

    real = assignment.propose_inspector

    def slow(case, now=None):
        proposal = real(case, now)
        time.sleep(0.4)
        return proposal

    monkeypatch.setattr(assignment, "propose_inspector", slow)


@pytest.mark.parametrize("attempt", range(2))
def test_two_files_assigned_at_once_go_to_two_equally_loaded_inspectors(city, slow_proposal, attempt):
    first, second, third = district_inspectors(1)[:3]
    untrain(third)  # two trained candidates, both with no open visit
    cases = [file_awaiting_visit(city.officer), file_awaiting_visit(city.officer)]
    officer = city.officer
    results = race(2, lambda i: assign_proposed(case=cases[i], actor=officer).inspector_id)
    assert [r[0] for r in results] == ["ok", "ok"], results
    assert sorted(r[1] for r in results) == sorted([first.pk, second.pk])
    assert Visit.objects.filter(inspector=first).count() == Visit.objects.filter(inspector=second).count() == 1


def test_concurrent_assignments_stay_balanced_under_load(city, slow_proposal):
    first, second, third = district_inspectors(1)[:3]
    officer = city.officer
    assign_inspector(case=file_awaiting_visit(city.officer), actor=officer, inspector=third)
    cases = [file_awaiting_visit(city.officer) for _ in range(4)]
    results = race(4, lambda i: assign_proposed(case=cases[i], actor=officer).inspector_id)
    assert all(r[0] == "ok" for r in results), results
    loads = sorted(Visit.objects.filter(inspector=u).count() for u in (first, second, third))
    # Five visits over three inspectors, as evenly as possible.
    assert loads == [1, 2, 2]
