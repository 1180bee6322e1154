import pytest

from tests.billing.helpers import BANK, BANK_KEY


@pytest.fixture(autouse=True)
def _bank_keys(settings):
    """One bank with a known key; no online gateway unless a test picks one."""
    settings.BILLING_BANK_KEYS = {BANK: BANK_KEY}
    settings.BILLING_GATEWAY = ""


@pytest.fixture
def demo_city(demo_city):
    """The demo city with billing's demo data (tariffs, rates, assessed properties, vehicles)."""
    from billing.demo import seed

    seed(log=lambda *a: None)
