"""Training: a technical officer or inspector without a required course is flagged to the supervisor."""

import pytest

from offices.models import Attendance, Course, Membership
from offices.selectors import has_required_training, untrained_staff
from tests.offices.conftest import days

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(db, today):
    return Course.objects.create(
        title="دوره آزمایشی ضوابط",
        kind=Course.Kind.THEORY,
        starts_on=today - days(30),
        ends_on=today - days(28),
        hours=8,
        required_for=["technical_officer"],
    )


@pytest.fixture
def flagged(city):
    """Three of the city's staff fall short of its course: one never came, one failed, one came to nothing."""
    never, failed = city.colleague, city.inspectors[1]
    Attendance.objects.filter(user=never).delete()
    Attendance.objects.filter(user=failed).update(passed=False)
    Attendance.objects.filter(user=city.other_inspector).update(attended=False, passed=False)
    return {never, failed, city.other_inspector}


def test_staff_short_of_a_required_course_are_flagged(city, flagged):
    gaps = untrained_staff()
    assert {gap.user for gap in gaps} == flagged
    assert {gap.role for gap in gaps} == {"technical_officer", "inspector"}
    assert all(gap.missing and gap.offices for gap in gaps)
    assert city.officer not in {gap.user for gap in gaps}


def test_a_missing_or_failed_course_flags_the_person(city, course):
    officer = city.officer
    assert not has_required_training(officer, "technical_officer")
    office = Membership.objects.current().get(user=officer).office
    assert officer in [gap.user for gap in untrained_staff(office=office)]
    Attendance.objects.create(course=course, user=officer, attended=True, passed=False)
    assert not has_required_training(officer, "technical_officer")
    Attendance.objects.filter(course=course, user=officer).update(passed=True)
    assert has_required_training(officer, "technical_officer")
    assert officer not in [gap.user for gap in untrained_staff()]
    # The course is not required of inspectors, so it flags none of them.
    assert has_required_training(city.inspector, "inspector")


def test_roles_without_required_courses_are_never_flagged(city, django_user_model):
    person = django_user_model.objects.create_user("x")
    assert has_required_training(person, "followup_officer")
    gaps = untrained_staff()
    assert person not in [gap.user for gap in gaps]
    # Only the roles some course is required of are ever flagged (the city's course: officers, inspectors).
    assert {gap.role for gap in gaps} <= {"technical_officer", "inspector"}


def test_the_supervisor_sees_the_flags(signed_in, city, flagged):
    client = signed_in(city.supervisor)
    flagged = untrained_staff()
    html = client.get("/offices/manage/").content.decode()
    assert 'data-testid="untrained-count"' in html
    page = client.get("/offices/manage/training/").content.decode()
    for gap in flagged:
        assert f'data-user="{gap.user.username}"' in page
    office = flagged[0].offices[0]
    detail = client.get(f"/offices/manage/{office.pk}/").content.decode()
    assert "دورهٔ الزامی نگذرانده" in detail
    assert flagged[0].missing[0].title in detail


def test_the_training_page_is_paginated_with_a_fixed_number_of_queries(
    signed_in, city, flagged, queries_for_page_sizes
):
    client = signed_in(city.supervisor)
    # session, user, district choices, courses, posts, passes
    small, large = queries_for_page_sizes(client, "/offices/manage/training/", sizes=(2, 50), budget=9)
    assert small == large
    assert "صفحهٔ ۱ از" in client.get("/offices/manage/training/", {"page_size": 2}).content.decode()
