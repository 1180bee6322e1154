"""Schemathesis over the whole API, in process: every operation, as every role and anonymous.

Bounded so the suite stays fast: a few generated cases per operation (``SCHEMATHESIS_MAX_EXAMPLES``,
default 3), positive and negative data, no shrinking, derandomized (the same cases on every run).
Each case is sent once per role; the checks: no server error, a status code the schema lists, a
content type and a body that conform to the schema.
"""

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import Role
from tests.security.factories import OfficeFactory, UserFactory, staff

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "3"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=MAX_EXAMPLES, deterministic=True
)


@pytest.fixture
def tokens(db):
    """A token for each role (in an office and district of our own), and None for anonymous."""
    office = OfficeFactory()
    people = {
        Role.CITIZEN: UserFactory(role=Role.CITIZEN),
        Role.SUPERVISOR: UserFactory(role=Role.SUPERVISOR),
        Role.ADMIN: UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True),
    }
    for role in (Role.TECHNICAL_OFFICER, Role.INSPECTOR, Role.FOLLOWUP_OFFICER, Role.OFFICE_MANAGER):
        people[role] = staff(office, role=role)
    people[Role.MUNICIPAL_STAFF] = staff(office, role=Role.MUNICIPAL_STAFF)
    result = {"anonymous": None}
    result.update({str(role): Token.objects.create(user=user).key for role, user in people.items()})
    return result


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_as_every_role(case, tokens):
    for role, token in tokens.items():
        headers = {"Authorization": f"Token {token}"} if token else {}
        try:
            case.call_and_validate(headers=headers, checks=CHECKS)
        except Exception as exc:
            exc.add_note(f"as {role}")
            raise
