import pytest
from rest_framework.test import APIClient

from tests.security.factories import PASSWORD, OfficeFactory, notary_payload, staff


@pytest.fixture
def office(db):
    return OfficeFactory()


@pytest.fixture
def officer(office):
    return staff(office)


def signed_in(user):
    client = APIClient()
    response = client.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    client.credentials(HTTP_AUTHORIZATION="Token " + response.json()["token"])
    return client


@pytest.fixture
def officer_api(officer):
    return signed_in(officer)


@pytest.fixture
def register(officer_api, office):
    def make(**overrides):
        response = officer_api.post("/api/v1/cases/", notary_payload(office, **overrides), format="json")
        assert response.status_code == 201, response.content
        return response.json()

    return make
