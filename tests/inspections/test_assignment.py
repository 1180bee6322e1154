"""Assigning and reassigning: district and departure rules, the training flag, the file's history."""

import datetime

import pytest
from django.utils import timezone

from cases.models import Case
from core.errors import DomainError, Forbidden
from inspections.models import Visit, VisitState
from inspections.selectors import workload
from inspections.services import assign_inspector, reassign_visit, save_draft
from tests.inspections.helpers import REPORT, district_inspectors, untrain

pytestmark = pytest.mark.django_db


def test_an_inspector_of_another_district_is_refused_with_a_persian_400(city, awaiting):
    case = awaiting()
    stranger = district_inspectors(2)[0]
    with pytest.raises(DomainError) as refused:
        assign_inspector(case=case, actor=city.officer, inspector=stranger)
    assert refused.value.http_status == 400
    assert "منطقه" in refused.value.message
    assert not Visit.objects.filter(case=case).exists()
    assert Case.objects.get(pk=case.pk).inspector is None


def test_an_inspector_who_left_is_refused(city, awaiting):
    case = awaiting()
    gone, disabled = district_inspectors(1)[:2]
    gone.memberships.update(ends_on=timezone.localdate() - datetime.timedelta(days=1))
    disabled.is_active = False
    disabled.save(update_fields=["is_active"])
    for inspector in (gone, disabled):
        with pytest.raises(DomainError) as refused:
            assign_inspector(case=case, actor=city.officer, inspector=inspector)
        assert refused.value.http_status == 400
    assert not Visit.objects.filter(case=case).exists()


def test_an_untrained_inspector_is_allowed_but_flagged_for_the_supervisor(city, awaiting):
    case = awaiting()
    inspector = district_inspectors(1)[0]
    untrain(inspector)
    visit = assign_inspector(case=case, actor=city.officer, inspector=inspector)
    assert visit.untrained is True
    history = case.transitions.order_by("-seq").first()
    assert history.data["untrained"] is True
    row = next(r for r in workload() if r.pk == inspector.pk)
    assert row.untrained_visits == 1


def test_only_the_supervisor_reassigns_and_needs_a_reason(city, awaiting):
    case = awaiting()
    first, second = district_inspectors(1)[:2]
    visit = assign_inspector(case=case, actor=city.officer, inspector=first)
    save_draft(visit=visit, actor=first, data={"findings": "پیش‌نویس"})
    with pytest.raises(Forbidden):
        assign_inspector(case=case, actor=city.officer, inspector=second)
    with pytest.raises(DomainError) as no_reason:
        reassign_visit(visit=visit, actor=city.supervisor, inspector=second, reason="  ")
    assert "reason" in no_reason.value.fields
    new = reassign_visit(visit=visit, actor=city.supervisor, inspector=second, reason="مرخصی استعلاجی کارشناس")
    assert new.inspector == second and new.pk != visit.pk
    old = Visit.objects.get(pk=visit.pk)
    assert old.state == VisitState.REASSIGNED and old.closed_reason == "مرخصی استعلاجی کارشناس"
    case.refresh_from_db()
    assert case.inspector == second and case.holder == second
    # Both the assignment and the reassignment are in the file's history, with the reason.
    rows = list(case.transitions.filter(action="assign_inspector").order_by("seq"))
    assert [r.actor for r in rows] == [city.officer, city.supervisor]
    assert rows[1].note == "مرخصی استعلاجی کارشناس"
    assert rows[1].data["reassigned_from_id"] == first.pk and rows[1].data["discarded_draft"] is True
    # The previous inspector's draft is gone, and the file is out of their reach.
    assert not old.reports.exists()
    from cases.selectors import case_for

    assert case_for(first, case.pk) is None


def test_the_same_inspector_twice_is_a_conflict(city, awaiting):
    case = awaiting()
    first = district_inspectors(1)[0]
    assign_inspector(case=case, actor=city.officer, inspector=first)
    with pytest.raises(DomainError) as again:
        reassign_visit(visit=Visit.objects.get(case=case), actor=city.supervisor, inspector=first, reason="x")
    assert again.value.http_status == 409


def test_an_extended_deadline_moves_the_visit_deadline(city, awaiting):
    from cases.services import apply_action

    case = awaiting()
    visit = assign_inspector(case=case, actor=city.officer, inspector=district_inspectors(1)[0])
    apply_action(case, "extend_deadline", city.supervisor, note="ملک در دسترس نیست", days=3)
    case.refresh_from_db()
    visit.refresh_from_db()
    assert visit.deadline == case.deadline


def test_a_report_submitted_after_the_deadline_counts_against_the_inspector(city, awaiting):
    from inspections.selectors import late_visits
    from inspections.services import submit_report

    inspector = district_inspectors(1)[0]
    on_time = assign_inspector(case=awaiting(), actor=city.officer, inspector=inspector)
    late = assign_inspector(case=awaiting(), actor=city.officer, inspector=inspector)
    still_open = assign_inspector(case=awaiting(), actor=city.officer, inspector=inspector)
    past = timezone.localdate() - datetime.timedelta(days=2)
    Case.objects.filter(pk__in=[late.case_id, still_open.case_id]).update(deadline=past)
    Visit.objects.filter(pk=still_open.pk).update(deadline=past)
    for visit in (on_time, late):
        submit_report(visit=visit, actor=inspector, data=REPORT)
    assert {v.pk for v in late_visits(inspector)} == {late.pk, still_open.pk}
    row = next(r for r in workload() if r.pk == inspector.pk)
    assert (row.open_visits, row.late_visits, row.reported_visits) == (1, 2, 2)
    assert row.avg_days is not None
    # The follow-up officer's and the supervisor's cartables list the overdue file waiting for its visit.
    from cases.selectors import cartable_for

    for person in (city.followup, city.supervisor):
        assert still_open.case_id in set(cartable_for(person).values_list("pk", flat=True))
