import datetime

import pytest
from django.utils import timezone


@pytest.fixture
def demo_city(demo_city):
    """Every office gets a contract in force (seed_demo may not add them yet)."""
    from offices.models import Contract, Office

    today = timezone.localdate()
    for office in Office.objects.filter(contracts__isnull=True):
        Contract.objects.create(
            office=office,
            number=f"T-{office.code}",
            starts_on=today - datetime.timedelta(days=30),
            ends_on=today + datetime.timedelta(days=300),
        )
