import datetime

import pytest
from django.utils import timezone


@pytest.fixture
def demo_city(demo_city):
    """The demo city, with a contract for every office (registration needs one in force)."""
    from offices.models import Contract, Office

    today = timezone.localdate()
    for office in Office.objects.filter(contracts__isnull=True):
        Contract.objects.create(
            office=office,
            number=f"T-{office.code}",
            starts_on=today - datetime.timedelta(days=30),
            ends_on=today + datetime.timedelta(days=300),
        )


@pytest.fixture
def awaiting(demo_city):
    """A builder of files waiting for a site visit at the demo officer's office (district 1)."""
    from tests.inspections.helpers import file_awaiting_visit

    return file_awaiting_visit
