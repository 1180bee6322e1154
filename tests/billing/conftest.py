import datetime

import pytest
from django.utils import timezone


@pytest.fixture
def demo_city(demo_city):
    """The demo city with a contract for every office (registration needs one) and billing's demo data."""
    from billing.demo import seed
    from offices.models import Contract, Office

    today = timezone.localdate()
    for office in Office.objects.filter(contracts__isnull=True):
        Contract.objects.create(
            office=office,
            number=f"T-{office.code}",
            starts_on=today - datetime.timedelta(days=30),
            ends_on=today + datetime.timedelta(days=300),
        )
    seed(log=lambda *a: None)
