"""Scheduling: a working day and a free slot; the applicant gets an SMS each time, with nothing personal."""

import datetime

import pytest
from django.utils import timezone

from core.errors import DomainError
from core.jalali import long_jalali
from core.validators import to_persian_digits as fa
from inspections.models import Visit, VisitState
from inspections.services import assign_inspector, schedule_visit
from notifications.models import Message
from tests.inspections.helpers import district_inspectors, next_working_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(city, awaiting):
    return assign_inspector(case=awaiting(), actor=city.officer, inspector=district_inspectors(1)[0])


def test_scheduling_tells_the_applicant_date_slot_inspector_and_office_phone(visit, django_capture_on_commit_callbacks):
    day = next_working_day()
    with django_capture_on_commit_callbacks(execute=True):
        schedule_visit(visit=visit, actor=visit.inspector, day=day, slot="10-12")
    visit.refresh_from_db()
    assert (visit.state, visit.scheduled_on, visit.slot) == (VisitState.SCHEDULED, day, "10-12")
    sms = Message.objects.get(event="visit_scheduled")
    case = visit.case
    assert sms.recipient == case.applicant_mobile and sms.status == Message.Status.SENT
    assert long_jalali(day) in sms.body
    assert visit.inspector.get_full_name() in sms.body
    assert fa(case.office.phone) in sms.body and fa(case.tracking_code) in sms.body
    assert "۱۰" in sms.body and "۱۲" in sms.body  # the slot, as the applicant reads it
    # Nothing more personal: not the applicant's national ID, name or address.
    for private in (case.applicant_national_id, case.applicant_last_name, case.parcel.address):
        assert private not in sms.body

    # Rescheduling tells them again; the same booking a second time does not.
    later = next_working_day(day)
    with django_capture_on_commit_callbacks(execute=True):
        schedule_visit(visit=visit, actor=visit.inspector, day=later, slot="08-10")
        schedule_visit(visit=visit, actor=visit.inspector, day=later, slot="08-10")
    assert Message.objects.filter(event="visit_scheduled").count() == 2
    assert long_jalali(later) in Message.objects.filter(event="visit_scheduled").first().body


def test_bad_dates_and_slots_are_refused(city, visit, awaiting):
    inspector = visit.inspector
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    friday = timezone.localdate() + datetime.timedelta(days=(4 - timezone.localdate().weekday()) % 7 or 7)
    for day, slot, field in [
        (yesterday, "08-10", "date"),
        (friday, "08-10", "date"),
        (next_working_day(), "7-9", "slot"),
    ]:
        with pytest.raises(DomainError) as refused:
            schedule_visit(visit=visit, actor=inspector, day=day, slot=slot)
        assert field in refused.value.fields and refused.value.http_status == 400
    # Another visit of the same inspector already holds the slot.
    other = assign_inspector(case=awaiting(), actor=city.officer, inspector=inspector)
    day = next_working_day()
    schedule_visit(visit=visit, actor=inspector, day=day, slot="12-14")
    with pytest.raises(DomainError) as taken:
        schedule_visit(visit=other, actor=inspector, day=day, slot="12-14")
    assert taken.value.code == "slot-taken"
    assert Visit.objects.get(pk=other.pk).scheduled_on is None


def test_only_the_inspector_or_the_supervisor_schedules(city, visit):
    with pytest.raises(DomainError) as refused:
        schedule_visit(visit=visit, actor=city.officer, day=next_working_day(), slot="08-10")
    assert refused.value.http_status == 403
    schedule_visit(visit=visit, actor=city.supervisor, day=next_working_day(), slot="08-10")
