import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from tests.supervision.factories import OfficeFactory, staff, supervisor


@pytest.fixture
def city(db):
    """Two offices of one district with their staff, and a supervisor — nothing of the demo city."""
    office = OfficeFactory()
    other = OfficeFactory(district=office.district)
    return {
        "office": office,
        "other": other,
        "officer": staff(office, Role.TECHNICAL_OFFICER),
        "manager": staff(office, Role.OFFICE_MANAGER),
        "other_manager": staff(other, Role.OFFICE_MANAGER),
        "followup": staff(office, Role.FOLLOWUP_OFFICER),
        "supervisor": supervisor(),
    }


@pytest.fixture
def as_user():
    """An API client signed in as ``user``."""

    def client_for(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return client_for
