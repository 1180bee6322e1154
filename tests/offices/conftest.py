import datetime

import pytest
from django.utils import timezone

from offices.models import Office

PASSWORD = "pishkhan1403"


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def signed_in(client):
    """Sign the test client in as one of the demo accounts."""

    def sign_in(username):
        assert client.login(username=username, password=PASSWORD)
        return client

    return sign_in


@pytest.fixture
def office(demo_city):
    """An active, selected office of the demo city with a contract in force."""
    return Office.objects.get(code="10370005")


def days(n):
    return datetime.timedelta(days=n)


@pytest.fixture
def queries_for_page_sizes(django_assert_max_num_queries):
    """The number of queries a list page takes at each page size, within ``budget``.

    Signed-in pages also run the navigation bar's queries (other apps' badges),
    so the budget leaves them a little room; the count must not depend on the size.
    """

    def measure(client, url, sizes=(5, 50), budget=12, **params):
        counts = []
        for size in sizes:
            with django_assert_max_num_queries(budget) as captured:
                response = client.get(url, {**params, "page_size": size})
            assert response.status_code == 200
            counts.append(len(captured))
        return counts

    return measure
