"""API refusals speak Persian, the session sign-in's CSRF refusal included."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_a_session_call_without_the_csrf_token_is_refused_in_persian(officer):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(officer)
    refused = client.post("/api/v1/cases/", {}, format="json")
    assert refused.status_code == 403
    body = refused.json()
    assert body["code"] == "csrf" and "CSRF Failed" not in body["detail"]
    assert "دوباره" in body["detail"]


@pytest.mark.parametrize("path", ["/api/v1/auth/token/", "/api/v1/cases/"])
def test_an_unreadable_or_too_deeply_nested_body_is_a_persian_400(officer, path):
    client = APIClient()
    client.force_authenticate(officer)
    for body in ('{"a": ' + "[" * 5000 + "]" * 5000 + "}", '{"username": "x",', "\u0000"):
        refused = client.post(path, body, content_type="application/json")
        assert refused.status_code == 400, (body[:20], refused.content[:200])
        detail = refused.json()["detail"]
        assert refused.json()["code"] == "parse_error" and "parse error" not in detail and "درخواست" in detail
    multipart = client.post(path, b"--x\r\n", content_type="multipart/form-data")
    assert multipart.status_code == 400 and "Multipart" not in multipart.json()["detail"]


def test_a_page_number_in_other_digits_is_refused_not_an_error(officer):
    client = APIClient()
    client.force_authenticate(officer)
    for page in ("²", "①", "٣"):
        assert client.get("/api/v1/cases/", {"q": "x", "page": page}).status_code == 404
    assert client.get("/api/v1/cases/", {"q": "²" * 12}).status_code == 200
