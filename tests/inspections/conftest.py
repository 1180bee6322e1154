import pytest


@pytest.fixture
def awaiting(demo_city):
    """A builder of files waiting for a site visit at the demo officer's office (district 1)."""
    from tests.inspections.helpers import file_awaiting_visit

    return file_awaiting_visit
