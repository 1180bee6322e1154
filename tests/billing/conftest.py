import pytest


@pytest.fixture
def demo_city(demo_city):
    """The demo city with billing's demo data (tariffs, rates, assessed properties, vehicles)."""
    from billing.demo import seed

    seed(log=lambda *a: None)
