"""Overdue files reach their follow-up officer once per step; office managers get a morning digest."""

import datetime

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from accounts.models import Role
from cases.models import Case
from cases.services import register_case
from cases.tasks import escalate_overdue_cases, send_daily_digest
from core.validators import to_persian_digits as fa
from notifications.models import Message
from offices.models import Membership, Office
from tests.accounts.factories import SupervisorFactory
from tests.cases.helpers import notary_payload
from tests.offices.factories import OfficeManagerFactory

pytestmark = pytest.mark.django_db


def make_overdue(case_id, days=3):
    # The clock is what moves here: the deadline passed while nobody acted.
    Case.objects.filter(pk=case_id).update(deadline=timezone.localdate() - datetime.timedelta(days=days))


def test_overdue_file_reaches_its_followup_officer_once_per_step(city, login_api):
    officer = login_api(city.officer)
    case = officer.post("/api/v1/cases/", notary_payload(), format="json").json()
    make_overdue(case["id"])
    assert escalate_overdue_cases.delay().get() == 1
    assert escalate_overdue_cases.delay().get() == 0  # the second run finds it told already
    [message] = Message.objects.filter(event="overdue_followup")
    followup = city.followup
    assert message.user == followup and message.recipient == followup.mobile
    # Messages carry Persian digits, as the pages do.
    assert fa(case["tracking_code"]) in message.body and fa(city.office.code) in message.body
    assert "0499370899" not in message.body

    # A new step (any action) that is overdue again is a new reminder.
    officer.post(
        f"/api/v1/cases/{case['id']}/actions/", {"action": "extend_deadline", "days": 1, "note": "x"}, format="json"
    )  # refused: officer
    login_api(city.manager).post(
        f"/api/v1/cases/{case['id']}/actions/",
        {"action": "extend_deadline", "days": 1, "note": "مدارک تکمیلی"},
        format="json",
    )
    make_overdue(case["id"], days=1)
    assert escalate_overdue_cases.delay().get() == 1
    assert Message.objects.filter(event="overdue_followup").count() == 2


def test_an_office_without_a_followup_officer_escalates_to_the_supervisors(city):
    followed = Membership.objects.current().filter(role=Role.FOLLOWUP_OFFICER).values("office")
    office = Office.objects.exclude(pk__in=followed).select_related("district").order_by("code").first()
    assert office.district == city.other_district  # district 2 has no follow-up officer
    manager = OfficeManagerFactory(office=office)
    second = SupervisorFactory()
    payload = notary_payload(district=office.district.number)
    case = register_case(
        actor=manager,
        service=payload["service"],
        applicant=payload["applicant"],
        property=payload["property"],
        details=payload["details"],
    )
    make_overdue(case.pk)
    assert escalate_overdue_cases.delay().get() == 2
    assert escalate_overdue_cases.delay().get() == 0
    recipients = set(Message.objects.filter(event="overdue_followup").values_list("user__username", flat=True))
    assert recipients == {city.supervisor.username, second.username}


def test_escalation_reads_in_few_queries(city, login_api, django_assert_max_num_queries):
    officer = login_api(city.officer)
    ids = [officer.post("/api/v1/cases/", notary_payload(), format="json").json()["id"] for _ in range(5)]
    for case_id in ids:
        make_overdue(case_id)
    escalate_overdue_cases.delay()
    # Everything told already: reading the backlog costs a fixed number of queries, not one per file.
    with django_assert_max_num_queries(4):
        assert escalate_overdue_cases.delay().get() == 0


def test_daily_digest_reaches_each_office_manager_once_a_day(city, login_api):
    officer = login_api(city.officer)
    first = officer.post("/api/v1/cases/", notary_payload(), format="json").json()
    officer.post("/api/v1/cases/", notary_payload(), format="json")
    make_overdue(first["id"])
    managers = Membership.objects.current().filter(role=Role.OFFICE_MANAGER).values("user").distinct().count()
    assert send_daily_digest.delay().get() == managers
    assert send_daily_digest.delay().get() == 0
    digest = Message.objects.get(event="daily_digest", user=city.manager)
    assert fa(city.office.code) in digest.body
    assert "پرونده‌های باز: ۲" in digest.body and "گذشته از مهلت: ۱" in digest.body
    assert "پاسخ‌داده‌شده دیروز: ۰" in digest.body


def test_beat_schedules_are_registered():
    tasks = dict(PeriodicTask.objects.values_list("task", "enabled"))
    for name in [
        "pishkhan.tasks.retry_due_messages",
        "cases.tasks.escalate_overdue_cases",
        "cases.tasks.send_daily_digest",
        "inquiries.letters.tasks.render_pending_letters",
        "offices.tasks.warn_expiring_licences_and_contracts",
    ]:
        assert tasks.get(name) is True, name
    every_minute = PeriodicTask.objects.get(task="pishkhan.tasks.retry_due_messages").interval
    assert (every_minute.every, every_minute.period) == (1, "minutes")
    digest = PeriodicTask.objects.get(task="cases.tasks.send_daily_digest").crontab
    assert (digest.minute, digest.hour, str(digest.timezone)) == ("30", "7", "Asia/Tehran")
