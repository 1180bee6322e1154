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
