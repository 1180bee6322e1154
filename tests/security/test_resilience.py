"""No 500 when a dependency is down, nor for what a client puts in a query string."""

from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client
from rest_framework.test import APIClient

from notifications.models import Message
from pishkhan.celery import app
from tests.security.conftest import signed_in
from tests.security.factories import notary_payload

CLOSED = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": CLOSED,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


@pytest.fixture
def broker_down(redis_down):
    eager, broker = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager, app.conf.broker_url = False, CLOSED
    app._pool = None
    yield
    app.conf.task_always_eager, app.conf.broker_url = eager, broker
    app._pool = None


def test_a_file_registers_with_redis_and_the_broker_down_and_its_message_waits(
    broker_down, officer, office, django_capture_on_commit_callbacks
):
    api = signed_in(officer)  # the sign-in throttle reads the cache too
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/cases/", notary_payload(office), format="json")
    assert response.status_code == 201, response.content
    case = response.json()
    assert case["deadline"]
    message = Message.objects.filter(event="case_registered").latest("pk")
    assert message.status == Message.Status.QUEUED and message.next_attempt_at is not None


def test_tracking_works_with_redis_down(redis_down, register):
    case = register()
    response = APIClient().get(f"/api/v1/track/{case['tracking_code']}/", {"national_id": "0499370899"})
    assert response.status_code == 200
    page = Client().post("/track/", {"tracking_code": case["tracking_code"], "national_id": "0499370899"})
    assert page.status_code == 200


def test_the_cache_falls_back_to_process_memory_and_still_counts(redis_down):
    from django.core.cache import cache

    assert cache.add("k", 1, 60) is True
    assert cache.add("k", 1, 60) is False
    assert cache.incr("k") == 2
    cache.delete("k")
    assert cache.get("k") is None


def _database_down():
    return mock.patch.object(
        connection, "cursor", side_effect=OperationalError("could not connect to server: Connection refused")
    )


def test_the_api_answers_503_in_its_json_form_when_the_database_is_down(db, officer):
    api = signed_in(officer)
    with _database_down():
        for response in (
            APIClient().get("/api/v1/districts/"),
            api.get("/api/v1/cases/"),
            APIClient().post("/api/v1/auth/token/", {"username": "x", "password": "y"}, format="json"),
        ):
            assert response.status_code == 503, response.content
            body = response.json()
            assert body["code"] == "service-unavailable"
            assert "دوباره تلاش کنید" in body["detail"]
            assert response["Retry-After"] == "60"


def test_pages_answer_a_persian_503_when_the_database_is_down(db, officer):
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    with _database_down():
        for path in ("/offices/", "/cartable/", "/"):
            response = client.get(path)
            assert response.status_code == 503, (path, response.status_code)
            assert "سامانه در دسترس نیست" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"inspector": "²"},
        {"inspector": "\x00"},
        {"date": "\x00"},
        {"date": "۱۴۰۳/²/۱"},
        {"state": "²"},
        {"q": "\x00"},
        {"late": "²"},
        {"page": "²"},
        {"page_size": "²"},
    ],
)
def test_odd_query_parameters_are_a_persian_400_or_ignored_never_a_500(officer_api, query):
    for url in ("/api/v1/inspections/", "/api/v1/cases/", "/api/v1/cartable/"):
        response = officer_api.get(url, query)
        # A page number that is not one is DRF's 404 "invalid page"; anything else reads or is refused.
        assert response.status_code in ((200, 400, 404) if "page" in query else (200, 400)), (url, query, response)
        if response.status_code == 400:
            detail = response.json()["detail"]
            assert any("\u0600" <= ch <= "\u06ff" for ch in detail), detail


@pytest.mark.parametrize("path", ["/offices/?district=%00", "/cartable/?q=%00", "/track/%00/"])
def test_nul_anywhere_in_a_page_request_is_a_persian_400(client, officer, path):
    client.force_login(officer)
    response = client.get(path)
    assert response.status_code == 400
    assert "مجاز نیستند" in response.content.decode()


def test_nul_in_a_form_field_is_a_400(client):
    response = client.post("/track/", {"tracking_code": "12\x0034", "national_id": "0499370899"})
    assert response.status_code == 400


@pytest.mark.parametrize("name", ["\u200c", "\u200c\u200c ", "\u200e\u200f", "   "])
def test_a_name_of_only_invisible_characters_is_as_empty_as_an_empty_box(api, officer, name):
    from cases.models import Case
    from tests.cases.helpers import notary_payload

    api.force_authenticate(officer)
    payload = notary_payload()
    payload["applicant"]["first_name"] = name
    response = api.post("/api/v1/cases/", payload, format="json")
    assert response.status_code == 400, response.content
    assert "first_name" in str(response.json()) and not Case.objects.exists()


@pytest.mark.parametrize("debug", [True, False])
def test_a_post_to_an_address_without_its_slash_is_a_404_not_a_500(client, settings, debug):
    settings.DEBUG = debug
    posted = client.post("/api/v1/payments", {"bill_id": "1"}, content_type="application/json")
    assert posted.status_code == 404
    assert client.post("/complaints/status", {"tracking_code": "1"}).status_code == 404
    assert client.get("/api/v1/offices")["Location"] == "/api/v1/offices/"  # a GET is still led to the slash


def test_what_a_signed_in_person_is_answered_is_kept_by_no_cache(client, officer, api):
    client.force_login(officer)
    for path in ("/cartable/", "/cases/", "/"):
        header = client.get(path)["Cache-Control"]
        assert "private" in header and "no-store" in header, path
    api.force_authenticate(officer)
    assert "no-store" in api.get("/api/v1/cases/", HTTP_AUTHORIZATION="Token x")["Cache-Control"]
    anonymous = client.__class__()
    assert "no-store" in anonymous.get("/verify/NOPE123456")["Cache-Control"]
    assert "no-store" not in (anonymous.get("/offices/").get("Cache-Control") or "")  # the public directory
