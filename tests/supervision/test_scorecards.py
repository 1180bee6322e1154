"""Office scorecards against a month worked out by hand (Mehr 1403: 22 Sep – 21 Oct 2024)."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from accounts.models import Role
from cases.models import Holiday
from cases.services import replay_action
from offices.models import Acknowledgement, Attendance, Course, Instruction, Membership
from supervision.models import Complaint, Violation
from supervision.selectors.periods import Period
from supervision.selectors.scorecards import ranking, scorecards
from supervision.services import act, file_complaint
from tests.supervision.factories import UserFactory, register_file, staff

pytestmark = pytest.mark.django_db

MEHR_1403 = Period("month", 1403, 7)


def on(month, day, hour=10):
    return datetime.datetime(2024, month, day, hour, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def worked_month(town):
    """Three files of the office in Mehr 1403 (weekend: Fridays; no holidays), as the comments say."""
    Holiday.objects.all().delete()
    Course.objects.all().delete()
    Instruction.objects.all().delete()
    cache.clear()
    office, officer = town["office"], town["officer"]
    inspector = staff(office, Role.INSPECTOR)
    Membership.objects.filter(user=inspector).update(starts_on=datetime.date(2020, 1, 1))
    municipal = UserFactory(role=Role.MUNICIPAL_STAFF)
    Membership.objects.create(
        user=municipal, role=Role.MUNICIPAL_STAFF, district=office.district, starts_on=datetime.date(2020, 1, 1)
    )

    # File 1. Registered Sun 22 Sep: submitted, due Mon 23 (1 working day).
    one = register_file(officer, at=on(9, 22))
    replay_action(one, "accept", officer, at=on(9, 23))  # on time, 1 working day; visit due Thu 26
    replay_action(one, "assign_inspector", officer, at=on(9, 24), inspector=inspector.pk)
    replay_action(  # Sun 29 > Thu 26: late, charged to the inspector; 5 working days (24, 25, 26, 28, 29)
        one,
        "submit_visit_report",
        inspector,
        at=on(9, 29),
        findings="مطابق",
        land_area=200,
        built_area=300,
        floors=2,
        usage="residential",
    )
    replay_action(one, "complete_plan_review", officer, at=on(10, 1))  # due Tue 1 Oct: on time, 2 days
    replay_action(one, "issue_response", municipal, at=on(10, 2), result="approved", text="بلامانع")

    # File 2. Registered Sat 28 Sep, due Sun 29; returned on Sun 29 with 0 days left; resubmitted
    # Tue 1 Oct, due that day; accepted Wed 2 Oct: late (1 + 1 working days), at the office's desk.
    two = register_file(officer, at=on(9, 28))
    replay_action(two, "return_to_applicant", officer, at=on(9, 29), note="نامه بانک ناخوانا است")
    replay_action(two, "resubmit", officer, at=on(10, 1))
    replay_action(two, "accept", officer, at=on(10, 2))
    # Its visit, due Sun 6 Oct (3, 5, 6), never got an inspector: late from Mon 7 Oct, at the desk.

    # File 3. Registered Sun 13 Oct, accepted Mon 14 (on time, 1 day); visit due Thu 17, reported
    # Thu 17 (on time, 3 days); plan review due Sun 20, done Sun 27 Oct — in Aban, not in Mehr.
    three = register_file(officer, at=on(10, 13))
    replay_action(three, "accept", officer, at=on(10, 14))
    replay_action(three, "assign_inspector", officer, at=on(10, 16), inspector=inspector.pk)
    replay_action(
        three,
        "submit_visit_report",
        inspector,
        at=on(10, 17),
        findings="مطابق",
        land_area=200,
        built_area=300,
        floors=2,
        usage="residential",
    )
    replay_action(three, "complete_plan_review", officer, at=on(10, 27))

    # One complaint (on 5 Oct) and its decision, a warning (on 10 Oct).
    complaint = file_complaint(
        tracking_code=one.tracking_code, national_id=one.applicant_national_id, text="پاسخ پرونده دیر داده شد."
    )
    violation = complaint.violation
    Violation.objects.filter(pk=violation.pk).update(response_due=datetime.date(2024, 10, 8))
    act(violation, "decide", town["supervisor"], decision="warning", note="تذکر")
    Complaint.objects.filter(pk=complaint.pk).update(created_at=on(10, 5))
    Violation.objects.filter(pk=violation.pk).update(created_at=on(10, 5), decided_at=on(10, 10))

    # Training: one course for technical officers and inspectors, passed by the officer only.
    course = Course.objects.create(
        title="ضوابط",
        kind=Course.Kind.THEORY,
        starts_on=datetime.date(2024, 7, 22),
        ends_on=datetime.date(2024, 7, 25),
        hours=24,
        required_for=[Role.TECHNICAL_OFFICER, Role.INSPECTOR],
    )
    Attendance.objects.create(course=course, user=officer, attended=True, passed=True)
    Attendance.objects.create(course=course, user=inspector, attended=True, passed=False)
    # An instruction to technical officers and managers (1 Oct), acknowledged by the officer (3 Oct).
    instruction = Instruction.objects.create(
        title="دستور", text="متن", audience=[Role.TECHNICAL_OFFICER, Role.OFFICE_MANAGER], published_on=on(10, 1).date()
    )
    ack = Acknowledgement.objects.create(instruction=instruction, user=officer)
    Acknowledgement.objects.filter(pk=ack.pk).update(at=on(10, 3))
    return {**town, "inspector": inspector}


def test_the_months_scorecard_matches_the_hand_computed_figures(worked_month):
    office = worked_month["office"]
    card = scorecards([MEHR_1403])[MEHR_1403.key][office.pk]
    assert (card.registered, card.answered) == (3, 1)
    steps = {state: (f.counted, f.on_time, f.late, f.median_working_days) for state, f in card.steps.items()}
    assert steps == {
        "submitted": (3, 2, 1, 1),  # files 1, 3 on time; file 2 late; days 1, 2, 1
        "awaiting_visit": (3, 1, 2, 4),  # file 3 on time; file 1 late (ended), file 2 late (open); days 5, 3
        "plan_review": (1, 1, 0, 2),  # file 1; file 3's ends in Aban
    }
    assert dict(card.late_by_person) == {worked_month["inspector"].pk: 1}
    assert card.late_at_desk == 2
    assert (card.returns, card.complaints, card.violations, dict(card.decisions)) == (1, 1, 1, {"warning": 1})
    assert (card.training_required, card.training_passed) == (2, 1)
    assert (card.instructions_addressed, card.instructions_acknowledged) == (2, 1)
    assert card.components == pytest.approx(
        {
            "on_time": 4 / 7,
            "returns": 1 - 1 / 3,
            "complaints": 0.0,  # 10 × 1/3 > 1
            "violations": 1 / 2,
            "training": 1 / 2,
            "instructions": 1 / 2,
        }
    )
    # (40 × 4/7 + 10 × 2/3 + 15 × 0 + 15 × 1/2 + 10 × 1/2 + 10 × 1/2) / 100 × 100 = 47.02…
    assert card.score == 47.0


def test_the_ranking_and_the_api_show_the_same_card(worked_month, as_user):
    office, other = worked_month["office"], worked_month["other"]
    rows = ranking(MEHR_1403)
    mine = [r for r in rows if r.office.pk in (office.pk, other.pk)]
    # The other office had no file: every component whole but its manager's unread instruction. It has nothing
    # to be ranked on: listed after the ranked office, unranked.
    assert [(r.office.pk, r.score) for r in mine] == [(office.pk, 47.0), (other.pk, 90.0)]
    assert mine[0].rank is not None and mine[1].rank is None

    body = as_user(worked_month["manager"]).get(f"/api/v1/offices/{office.pk}/scorecard/", {"year": 1403, "month": 7})
    assert body.status_code == 200, body.content
    data = body.json()
    assert data["score"] == 47.0 and data["steps"]["awaiting_visit"]["late"] == 2
    assert data["late_charged"]["people"] == [
        {"user": worked_month["inspector"].pk, "name": str(worked_month["inspector"]), "late": 1}
    ]
    year = as_user(worked_month["supervisor"]).get(f"/api/v1/offices/{office.pk}/scorecard/", {"year": 1403}).json()
    # File 3's plan review, late in Aban, counts in the year: 8 working days (17 → 27 Oct, two Fridays).
    assert year["steps"]["plan_review"] == {
        "counted": 2,
        "on_time": 1,
        "late": 1,
        "on_time_rate": 0.5,
        "median_working_days": 5.0,  # median of 2 and 8
    }
    assert len(year["months"]) == 12
    assert as_user(worked_month["other_manager"]).get(f"/api/v1/offices/{office.pk}/scorecard/").status_code == 404
    assert as_user(worked_month["officer"]).get(f"/api/v1/offices/{office.pk}/scorecard/").status_code == 404
    bad = as_user(worked_month["supervisor"]).get(f"/api/v1/offices/{office.pk}/scorecard/", {"year": "x"})
    assert bad.status_code == 400


def test_scorecards_take_a_fixed_number_of_queries(worked_month, django_assert_max_num_queries):
    from tests.supervision.factories import OfficeFactory

    for _ in range(3):
        OfficeFactory(district=worked_month["office"].district)
    with django_assert_max_num_queries(20) as few:
        ranking(Period("year", 1403))
    for _ in range(5):
        register_file(worked_month["officer"], at=on(10, 20))
        OfficeFactory(district=worked_month["office"].district)
    with django_assert_max_num_queries(len(few)):
        ranking(Period("year", 1403))


def test_the_office_chart_plots_only_months_that_happened_and_had_files(town, signed_in):
    import json
    import re

    from core.jalali import to_jalali

    register_file(town["officer"], at=on(10, 13))  # Mehr 1403
    register_file(town["officer"])  # this month
    manager = signed_in(town["manager"])

    def chart(year):
        page = manager.get(f"/supervision/scorecards/office/{town['office'].pk}/", {"kind": "year", "year": year})
        html = page.content.decode()
        data = json.loads(re.search(r'<script id="score-data" type="application/json">(.*?)</script>', html).group(1))
        return data, html

    past, html = chart(1403)
    assert [i for i, score in enumerate(past["scores"]) if score is not None] == [6]  # Mehr only: no 100 for no file
    assert "بدون پرونده (بی‌امتیاز)" in html and "فروردین ۱۴۰۳" in html.split('data-testid="months-without-files"')[1]
    # The red dashed line is named in the legend.
    assert past["names"] == {"score": "امتیاز", "threshold": "آستانهٔ هشدار (۶۰)"}
    today = to_jalali(timezone.localdate())
    current, _html = chart(today.year)
    assert current["scores"][today.month - 1] is not None
    assert current["scores"][today.month :] == [None] * (12 - today.month)  # months still to come


def test_the_manager_reads_the_instruction_figure_the_scorecard_counts(town, signed_in):
    # One instruction reaches the officer and the manager, another the follow-up officer: three acknowledgements
    # owed by the office's staff, one given. The manager is addressed by one of them only.
    today = timezone.localdate()
    desk = Instruction.objects.create(
        title="مدارک", text="متن", audience=[Role.TECHNICAL_OFFICER, Role.OFFICE_MANAGER], published_on=today
    )
    Instruction.objects.create(title="پیگیری", text="متن", audience=[Role.FOLLOWUP_OFFICER], published_on=today)
    Acknowledgement.objects.create(instruction=desk, user=town["officer"])
    manager = signed_in(town["manager"])
    figure = "۱ از ۳ تأیید مطالعه"
    card = manager.get(f"/supervision/scorecards/office/{town['office'].pk}/").content.decode()
    assert figure in card
    # The parts of the score are named by what they measure; their weights have a column of their own.
    assert "مراحل به‌موقع" in card and "تأیید مطالعهٔ دستورالعمل‌ها" in card and "وزن:" not in card
    page = manager.get("/offices/instructions/").content.decode()
    assert figure in page.split('data-testid="office-ack-total"')[1]
    assert page.count('data-testid="acknowledge"') == 1  # the manager's own: the one to managers
