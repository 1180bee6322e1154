import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone


@pytest.fixture
def today():
    return timezone.localdate()


def days(n):
    return datetime.timedelta(days=n)


@pytest.fixture
def queries_for_page_sizes(django_assert_max_num_queries):
    """The number of queries a list page takes at each page size, within ``budget``.

    Signed-in pages also run the navigation bar's queries (other apps' badges),
    so the budget leaves them a little room; the count must not depend on the size.
    Each page is measured with the badges to count (as they are once a minute).
    """

    def measure(client, url, sizes=(5, 50), budget=12, **params):
        counts = []
        for size in sizes:
            cache.clear()
            with django_assert_max_num_queries(budget) as captured:
                response = client.get(url, {**params, "page_size": size})
            assert response.status_code == 200
            counts.append(len(captured))
        return counts

    return measure
