"""The follow-up desk: late or stuck files of the officer's offices, and a call, an SMS, a reminder or
an escalation on one — each an event in the file's history."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from cases.models import Case, State
from core.validators import to_persian_digits as fa
from notifications.models import Message
from supervision.models import Violation
from tests.supervision.factories import register_file, staff

pytestmark = pytest.mark.django_db


def days_ago(n):
    return timezone.now() - datetime.timedelta(days=n)


@pytest.fixture
def desk(client, town):
    late = register_file(town["officer"], at=days_ago(10), mobile="09135550000")
    on_time = register_file(town["officer"])
    elsewhere = register_file(staff(town["other"], Role.TECHNICAL_OFFICER), at=days_ago(10))
    client.force_login(town["followup"])
    return {**town, "client": client, "late": late, "on_time": on_time, "elsewhere": elsewhere}


def history(client, case):
    return client.get(f"/api/v1/cases/{case.pk}/history/").json()


def test_the_desk_lists_the_late_files_of_the_officers_offices(desk):
    html = desk["client"].get("/supervision/followup/").content.decode()
    assert f'data-case="{desk["late"].pk}"' in html
    assert f'data-case="{desk["on_time"].pk}"' not in html
    assert f'data-case="{desk["elsewhere"].pk}"' not in html


def test_a_call_shows_in_the_files_history(desk, api):
    client = desk["client"]
    logged = client.post(
        f"/supervision/followup/{desk['late'].pk}/call/", {"outcome": "reached", "note": "قول داد فردا بیاید"}
    )
    assert logged.status_code == 302
    desk["late"].refresh_from_db()
    assert desk["late"].state == State.SUBMITTED  # an event keeps the state
    api.force_authenticate(desk["followup"])
    rows = history(api, desk["late"])
    assert rows[-1]["action"] == "followup_call"
    assert rows[-1]["data"] == {"outcome": "reached"} and rows[-1]["note"] == "قول داد فردا بیاید"
    assert rows[-1]["from_state"] == rows[-1]["to_state"] == "submitted"
    html = client.get("/supervision/followup/").content.decode()
    assert 'data-event="followup_call"' in html and "قول داد فردا بیاید" in html


def test_an_sms_goes_to_the_files_mobile_only_with_the_fixed_text(desk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = desk["client"].post(f"/supervision/followup/{desk['late'].pk}/sms/", {"note": "x"})
    assert sent.status_code == 302
    message = Message.objects.get(event="followup_applicant")
    assert message.recipient == "09135550000"
    late = desk["late"]
    assert fa(late.tracking_code) in message.body  # messages carry Persian digits, as the pages do
    assert late.applicant_national_id not in message.body and fa(late.applicant_national_id) not in message.body
    event = desk["late"].transitions.order_by("-seq").first()
    assert (event.action, event.data["message"]) == ("followup_sms", message.pk)
    # The desk says an SMS went out, not only that something was recorded.
    said = desk["client"].get(sent["Location"]).content.decode()
    assert f"پیامک برای متقاضی پرونده {fa(late.tracking_code)} فرستاده" in said


def test_a_reminder_reaches_the_holder_once_a_day(desk):
    url = f"/supervision/followup/{desk['late'].pk}/remind/"
    assert desk["client"].post(url, {"note": "لطفاً امروز بررسی شود"}).status_code == 302
    reminder = Message.objects.get(event="followup_reminder")
    assert reminder.user == desk["officer"]  # the office's technical officer holds a submitted file
    again = desk["client"].post(url, {})
    assert again.status_code == 409
    assert Message.objects.filter(event="followup_reminder").count() == 1


def test_escalation_drafts_one_violation_for_the_unit(desk):
    url = f"/supervision/followup/{desk['late'].pk}/escalate/"
    assert desk["client"].post(url, {"note": ""}).status_code == 400
    assert desk["client"].post(url, {"note": "ده روز است بی‌پاسخ مانده و دفتر پاسخ تلفن نمی‌دهد."}).status_code == 302
    violation = Violation.objects.get(case=desk["late"])
    assert (violation.source, violation.state, violation.office) == ("followup", "draft", desk["office"])
    assert Message.objects.filter(event="followup_escalated", user=desk["supervisor"]).exists()
    assert desk["client"].post(url, {"note": "هنوز"}).status_code == 302
    assert Violation.objects.filter(case=desk["late"]).count() == 1
    events = list(desk["late"].transitions.filter(action="followup_escalation").values_list("data", flat=True))
    assert events == [{"violation": violation.pk}, {"violation": violation.pk}]


def test_only_late_or_stuck_files_of_ones_offices(desk, client, town):
    assert (
        desk["client"].post(f"/supervision/followup/{desk['on_time'].pk}/call/", {"outcome": "reached"}).status_code
        == 409
    )
    assert (
        desk["client"].post(f"/supervision/followup/{desk['elsewhere'].pk}/call/", {"outcome": "reached"}).status_code
        == 404
    )
    assert (
        desk["client"].post(f"/supervision/followup/{desk['late'].pk}/call/", {"outcome": "lunch"}).status_code == 400
    )
    assert desk["client"].post(f"/supervision/followup/{desk['late'].pk}/fly/", {}).status_code == 404
    client.force_login(town["officer"])
    assert client.get("/supervision/followup/").status_code == 403


def test_a_file_stuck_with_the_applicant_is_on_the_desk(desk):
    stuck = desk["on_time"]
    Case.objects.filter(pk=stuck.pk).update(state=State.RETURNED, deadline=None, step_started_at=days_ago(30))
    html = desk["client"].get("/supervision/followup/", {"kind": "stuck"}).content.decode()
    assert f'data-case="{stuck.pk}"' in html and f'data-case="{desk["late"].pk}"' not in html
    refused = desk["client"].post(f"/supervision/followup/{stuck.pk}/remind/", {})
    assert refused.status_code == 409  # the applicant holds it: call or text them
    assert desk["client"].post(f"/supervision/followup/{stuck.pk}/call/", {"outcome": "no_answer"}).status_code == 302


def test_the_desk_page_takes_a_fixed_number_of_queries(desk):
    desk["client"].get("/supervision/followup/")  # sessions and caches warm
    with CaptureQueriesContext(connection) as few:
        desk["client"].get("/supervision/followup/")
    for _ in range(4):
        case = register_file(desk["officer"], at=days_ago(12))
        desk["client"].post(f"/supervision/followup/{case.pk}/call/", {"outcome": "no_answer"})
    with CaptureQueriesContext(connection) as many:
        desk["client"].get("/supervision/followup/")
    assert len(many) == len(few)
