import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from supervision.models import ViolationType
from tests.supervision.factories import OfficeFactory, staff, supervisor

# The catalogue entries the tests name (a data migration loads them; a transactional test's flush
# empties the table for the tests after it).
CATALOGUE = ("late_answer", "wrong_answer", "unauthorised_fee", "missing_documents", "misconduct")


@pytest.fixture
def city(db):
    """Two offices of one district with their staff, and a supervisor — nothing of the demo city."""
    for code in CATALOGUE:
        ViolationType.objects.get_or_create(code=code, defaults={"title": code})
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
