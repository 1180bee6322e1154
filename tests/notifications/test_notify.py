"""Messages: Persian per event, through the HTTP gateway, retried with backoff, never lost silently."""

import contextlib
import datetime

import pytest
from django.utils import timezone

from core.validators import to_persian_digits as fa
from notifications import notify
from notifications.models import Message
from notifications.tasks import retry_due_messages
from tests.cases.helpers import notary_payload
from tests.notifications.gateway import FakeGateway

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(city):
    """The city with free notary inquiries: registering one sends the applicant one message, not also a slip's."""
    from billing.models import Tariff

    Tariff.objects.filter(service_id="notary_inquiry").update(municipality_fee_rials=0, counter_fee_rials=0)
    return city


@pytest.fixture
def gateway(settings):
    with FakeGateway() as fake:
        settings.SMS_BACKEND = "http"
        settings.SMS_API_URL = fake.url + "/v1/{api_key}/sms/send.json"
        settings.SMS_LOOKUP_URL = fake.url + "/v1/{api_key}/verify/lookup.json"
        settings.SMS_API_KEY = "secret-key"
        settings.SMS_SENDER = "10004346"
        settings.SMS_TEMPLATES = {}
        yield fake


def register(city, login_api, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        response = login_api(city.officer).post("/api/v1/cases/", notary_payload(**overrides), format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_registration_sms_goes_through_the_http_gateway(city, login_api, gateway, django_capture_on_commit_callbacks):
    case = register(city, login_api, django_capture_on_commit_callbacks)
    message = Message.objects.get(event="case_registered")
    assert message.status == "sent" and message.attempts == 1 and message.provider_id == "8792343"
    assert message.next_attempt_at is None
    [request] = gateway.requests
    assert request["path"] == "/v1/secret-key/sms/send.json"
    fields = request["fields"]
    assert fields["receptor"] == "09131112233" and fields["sender"] == "10004346"
    assert fa(case["tracking_code"]) in fields["message"] and "ثبت شد" in fields["message"]
    # Only what the applicant needs: no national ID, no address.
    assert "0499370899" not in fields["message"] and "چهارباغ" not in fields["message"]


def test_gateway_templates_send_only_the_values(city, login_api, gateway, settings, django_capture_on_commit_callbacks):
    settings.SMS_TEMPLATES = {"case_registered": "pishkhan-registered"}
    case = register(city, login_api, django_capture_on_commit_callbacks)
    [request] = gateway.requests
    assert request["path"] == "/v1/secret-key/verify/lookup.json"
    assert request["fields"] == {
        "receptor": "09131112233",
        "template": "pishkhan-registered",
        "token": case["tracking_code"],
    }
    assert Message.objects.get(event="case_registered").status == "sent"


def test_failures_are_retried_with_backoff_then_marked_failed(
    city, login_api, gateway, settings, django_capture_on_commit_callbacks, client
):
    settings.NOTIFY_MAX_ATTEMPTS = 3
    gateway.answer = (500, {"return": {"status": 500, "message": "خطای داخلی"}})
    before = timezone.now()
    register(city, login_api, django_capture_on_commit_callbacks)
    message = Message.objects.get(event="case_registered")
    # Eager mode: the failed attempt is recorded and waits for the sweep.
    assert message.status == "retrying" and message.attempts == 1 and "HTTP 500" in message.last_error
    assert (
        before + datetime.timedelta(seconds=29)
        <= message.next_attempt_at
        <= timezone.now() + datetime.timedelta(seconds=31)
    )
    assert retry_due_messages.delay().get() == 0  # not due yet: nothing is sent early
    assert len(gateway.requests) == 1

    # The second failure waits twice as long.
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert retry_due_messages.delay().get() == 1
    message.refresh_from_db()
    assert message.attempts == 2 and message.status == "retrying"
    wait = (message.next_attempt_at - timezone.now()).total_seconds()
    assert 55 <= wait <= 61

    # A refusal in the JSON body is a failure too; the last attempt ends as failed.
    gateway.answer = (200, {"return": {"status": 418, "message": "اعتبار کافی نیست"}})
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    retry_due_messages.delay()
    message.refresh_from_db()
    assert message.status == "failed" and message.attempts == 3 and "418" in message.last_error
    assert message.next_attempt_at is None
    assert retry_due_messages.delay().get() == 0 and len(gateway.requests) == 3

    # It waits on the supervisor's page, where it can be sent again.
    client.force_login(city.supervisor)
    page = client.get("/supervision/messages/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'id="message-{message.pk}"' in html and 'data-status="failed"' in html
    gateway.answer = (200, {"return": {"status": 200}, "entries": [{"messageid": 77}]})
    with django_capture_on_commit_callbacks(execute=True):
        resent = client.post(f"/supervision/messages/{message.pk}/resend/", HTTP_HX_REQUEST="true")
    assert resent.status_code == 200 and 'data-testid="resent"' in resent.content.decode()
    message.refresh_from_db()
    assert message.status == "sent" and message.provider_id == "77" and len(gateway.requests) == 4


def test_unreachable_gateway_is_a_retry_not_a_loss(city, login_api, settings, django_capture_on_commit_callbacks):
    settings.SMS_BACKEND = "http"
    settings.SMS_API_URL = "http://127.0.0.1:9/{api_key}/send.json"  # discard port: connection refused
    settings.SMS_API_KEY = "k"
    register(city, login_api, django_capture_on_commit_callbacks)
    message = Message.objects.get(event="case_registered")
    assert message.status == "retrying" and "unreachable" in message.last_error


def test_returned_and_state_messages_are_specific(city, login_api, django_capture_on_commit_callbacks):
    case = register(city, login_api, django_capture_on_commit_callbacks)
    officer = login_api(city.officer)
    with django_capture_on_commit_callbacks(execute=True):
        r = officer.post(
            f"/api/v1/cases/{case['id']}/actions/",
            {"action": "return_to_applicant", "note": "تصویر سند خوانا نیست"},
            format="json",
        )
    assert r.status_code == 200, r.content
    returned = Message.objects.get(event="returned_for_correction")
    assert "تصویر سند خوانا نیست" in returned.body and fa(case["tracking_code"]) in returned.body
    assert returned.recipient == "09131112233" and returned.status == "sent"
    with django_capture_on_commit_callbacks(execute=True):
        officer.post(f"/api/v1/cases/{case['id']}/actions/", {"action": "cancel"}, format="json")
    changed = Message.objects.get(event="case_state_changed")
    assert "لغو" in changed.body and fa(case["tracking_code"]) in changed.body
    for message in Message.objects.all():
        assert "0499370899" not in message.body and "چهارباغ" not in message.body


def test_dedupe_key_sends_once(db):
    first = notify.notify("case_state_changed", mobile="09120000000", context={"state": "x"}, dedupe_key="k:1")
    second = notify.notify("case_state_changed", mobile="09120000000", context={"state": "x"}, dedupe_key="k:1")
    assert first is not None and second is None
    assert Message.objects.filter(dedupe_key="k:1").count() == 1


def test_a_transactions_messages_are_sent_together_once_it_commits(db, django_capture_on_commit_callbacks, monkeypatch):
    from django.db import transaction

    batches = []
    attempt_many = notify.attempt_many
    monkeypatch.setattr(notify, "attempt_many", lambda ids: batches.append(list(ids)) or attempt_many(ids))

    def tell(mobile):
        return notify.notify("case_state_changed", mobile=mobile, context={"state": "x"})

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        first = tell("09120000001")
        with contextlib.suppress(RuntimeError), transaction.atomic():
            tell("09120000002")  # rolled back with its savepoint: never sent
            raise RuntimeError
        second = tell("09120000003")
        assert Message.objects.get(pk=first.pk).status == "queued"  # nothing goes before the commit
    assert len(batches) == 1 and {first.pk, second.pk} <= set(batches[0])
    assert sorted(Message.objects.values_list("recipient", "status")) == [
        ("09120000001", "sent"),
        ("09120000003", "sent"),
    ]


def test_a_queued_message_whose_task_was_lost_is_sent_by_the_sweep(db):
    message = notify.notify("case_state_changed", mobile="09120000000", context={"state": "x"})
    # No on_commit run (the broker was down, say): it stays queued, then the sweep's margin passes.
    assert Message.objects.get(pk=message.pk).status == "queued"
    assert notify.requeue_due() == 0
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))
    assert notify.requeue_due() == 1
    assert Message.objects.get(pk=message.pk).status == "sent"


def test_supervisor_page_is_for_supervisors_and_filters(city, client, django_assert_max_num_queries):
    for n in range(30):
        Message.objects.create(
            channel="sms",
            event="case_registered",
            recipient=f"0912000{n:04d}",
            body=f"پیام {n}",
            status="failed" if n % 2 else "sent",
            attempts=6,
            last_error="HTTP 500",
            municipality=city.municipality,
        )
    client.force_login(city.officer)
    assert client.get("/supervision/messages/").status_code == 403
    client.force_login(city.supervisor)
    with django_assert_max_num_queries(12):
        page = client.get("/supervision/messages/")
    html = page.content.decode()
    assert html.count('data-testid="message-row"') == 15 and 'data-status="sent"' not in html
    sent = client.get("/supervision/messages/", {"status": "sent"}).content.decode()
    assert sent.count('data-status="sent"') == 15
    found = client.get("/supervision/messages/", {"status": "all", "q": "09120000003"}).content.decode()
    assert found.count('data-testid="message-row"') == 1
    everything = client.get("/supervision/messages/", {"status": "all"}).content.decode()
    assert everything.count('data-testid="message-row"') == 25  # 25 a page
    assert (
        client.get("/supervision/messages/", {"status": "all", "page": 2})
        .content.decode()
        .count('data-testid="message-row"')
        == 5
    )


def test_staff_without_a_mobile_are_reached_by_email(city, mailoutbox, django_capture_on_commit_callbacks):
    manager = city.manager
    manager.mobile, manager.email = "", "manager@example.ir"
    manager.save()
    office = city.office
    with django_capture_on_commit_callbacks(execute=True):
        message = notify.notify(
            "daily_digest",
            user=manager,
            context={
                "office": office,
                "today": timezone.localdate(),
                "open_count": 4,
                "overdue_count": 1,
                "responded_count": 2,
            },
        )
    message.refresh_from_db()
    assert message.channel == "email" and message.status == "sent"
    [mail] = mailoutbox
    assert mail.to == ["manager@example.ir"] and fa(office.code) in mail.subject
    assert "پرونده‌های باز: ۴" in mail.body
