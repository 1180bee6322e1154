import pytest


@pytest.fixture
def awaiting(officer):
    """A builder of files waiting for a site visit at the officer's office (district 1)."""
    from tests.inspections.helpers import file_awaiting_visit

    return lambda: file_awaiting_visit(officer)
