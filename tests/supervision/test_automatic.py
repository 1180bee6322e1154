"""A file overdue past the unit's threshold drafts ONE violation against the office that held it."""

import datetime

import pytest
from django.utils import timezone

from cases import deadlines
from supervision.models import Policy, Violation
from supervision.selectors.steps import threshold_date
from supervision.tasks import draft_overdue_violations
from tests.supervision.factories import register_file

pytestmark = pytest.mark.django_db


def days_ago(n):
    return timezone.now() - datetime.timedelta(days=n)


def test_an_overdue_file_drafts_one_violation_however_often_the_sweep_runs(city):
    late = register_file(city["officer"], at=days_ago(30))
    register_file(city["officer"], at=days_ago(3))  # late, but not past the threshold
    register_file(city["officer"])  # on time

    assert draft_overdue_violations.delay().get() == 1
    assert draft_overdue_violations.delay().get() == 0
    violation = Violation.objects.get()
    assert (violation.case, violation.office, violation.source, violation.state) == (
        late,
        city["office"],
        "automatic",
        "draft",
    )
    assert violation.type.code == "late_answer"
    assert late.tracking_code in violation.description
    assert violation.events.get().action == "created"


def test_the_threshold_is_the_units_and_counts_working_days(city):
    policy = Policy.current()
    policy.overdue_after_days = 0
    policy.save()
    register_file(city["officer"], at=days_ago(4))
    assert draft_overdue_violations.delay().get() == 1
    friday = datetime.date(2025, 1, 3)
    assert friday.weekday() == deadlines.FRIDAY
    # Five working days before Saturday 4 Jan 2025, Friday 3 Jan not counted: Thu 2, Wed 1, Tue 31,
    # Mon 30, Sun 29 Dec.
    assert threshold_date(datetime.date(2025, 1, 4), 5) == datetime.date(2024, 12, 29)


def test_a_draft_is_dismissed_or_opened_by_the_unit(city, as_user):
    register_file(city["officer"], at=days_ago(30))
    draft_overdue_violations()
    violation = Violation.objects.get()
    manager = as_user(city["manager"])
    assert manager.get(f"/api/v1/violations/{violation.pk}/").status_code == 404  # the unit's draft
    unit = as_user(city["supervisor"])
    url = f"/api/v1/violations/{violation.pk}/actions/"
    fined = unit.post(url, {"action": "decide", "decision": "fine", "fine_rials": 1000, "note": "n"}, format="json")
    assert fined.status_code == 409  # the office has not been heard
    opened = unit.post(url, {"action": "open"}, format="json")
    assert opened.status_code == 200 and opened.json()["state"] == "open"
    assert manager.get(f"/api/v1/violations/{violation.pk}/").json()["allowed_actions"] == ["respond"]
