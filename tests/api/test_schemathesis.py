"""Schemathesis over the whole API, in process: every operation, as every role and anonymous.

Bounded so the suite stays fast: a few generated cases per operation (``SCHEMATHESIS_MAX_EXAMPLES``,
default 3), positive and negative data, no shrinking, derandomized (the same cases on every run).
Each case is sent once per role; the checks: no server error, a status code the schema lists, a
content type and a body that conform to the schema.
"""

import contextlib
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
# Findings in the files API that its owners are fixing (the schema says octet-stream; the file is served
# with its own type): only that check is left out for that operation, never the server-error check.
KNOWN = {("GET", "/api/v1/cases/{id}/documents/{doc_id}/file/"): {content_type_conformance}}

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
# The coverage phase sends hundreds of boundary cases per operation: too slow for every run of the suite.
schema.config.phases.update(phases=["examples", "fuzzing"])
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=MAX_EXAMPLES, deterministic=True
)


@contextlib.contextmanager
def _keep_the_test_connection():
    """Like Django's test client: the WSGI handler must not close the connection of the test's transaction."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def office(db):
    return OfficeFactory()


@pytest.fixture
def tokens(office):
    """A token for each role (in an office and district of our own), and None for anonymous."""
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


@pytest.fixture
def known(tokens, office):
    """Real objects for the path parameters, so answers with data are checked too, not only 404s."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from rest_framework.test import APIClient

    from tests.security.factories import notary_payload

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {tokens[str(Role.TECHNICAL_OFFICER)]}")
    case = api.post("/api/v1/cases/", notary_payload(office), format="json").json()
    pdf = SimpleUploadedFile("deed.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    document = api.post(f"/api/v1/cases/{case['id']}/documents/", {"kind": "deed", "file": pdf}, format="multipart")
    return {"id": case["id"], "case_id": case["id"], "doc_id": document.json()["id"], "code": case["tracking_code"]}


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_as_every_role(case, tokens, known):
    generated = dict(case.path_parameters or {})
    variants = [generated]
    if generated:
        variants.append({name: known.get(name, value) for name, value in generated.items()})
    with _keep_the_test_connection():
        _call_as_everyone(case, tokens, variants)


def _call_as_everyone(case, tokens, variants):
    for path_parameters in variants:
        case.path_parameters = path_parameters
        for role, token in tokens.items():
            headers = {"Authorization": f"Token {token}"} if token else {}
            try:
                known = KNOWN.get((case.operation.method.upper(), case.operation.path), set())
                case.call_and_validate(headers=headers, checks=[c for c in CHECKS if c not in known])
            except Exception as exc:
                exc.add_note(f"as {role}, path {path_parameters}")
                raise
