import datetime

import jdatetime
import pytest

from cases.models import Case
from cases.services import replay_action, replay_registration
from tests.cases.helpers import notary_payload, user

pytestmark = pytest.mark.django_db


def at(y, m, d):
    from django.utils import timezone

    g = jdatetime.date(y, m, d).togregorian()
    return datetime.datetime.combine(g, datetime.time(10), tzinfo=timezone.get_current_timezone())


def file_registered(when, answered=None):
    payload = notary_payload()
    payload.pop("service")
    case = replay_registration(actor=user("officer"), service="notary_inquiry", at=when, **payload)
    if answered:
        replay_action(case, "reject", user("officer"), note="نمونه", at=answered)
    return case


def test_annual_figures_by_year_district_and_office(demo_city, login_api, django_assert_max_num_queries):
    file_registered(at(1403, 12, 29))  # last day of 1403
    file_registered(at(1403, 5, 1))
    case = file_registered(at(1403, 12, 28))
    Case.objects.filter(pk=case.pk).update(state="responded", closed_at=at(1404, 1, 5))
    file_registered(at(1404, 1, 1))

    api = login_api("supervisor")
    with django_assert_max_num_queries(6):
        body = api.get("/api/v1/stats/annual/", {"year": "۱۴۰۳"}).json()
    assert (body["year"], body["registered"], body["responded"]) == (1403, 3, 0)
    assert body["by_district"] == [{"district": 1, "name": "منطقه 1", "registered": 3, "responded": 0}]
    assert body["by_office"][0]["office"] == "10370001" and body["by_office"][0]["registered"] == 3
    next_year = api.get("/api/v1/stats/annual/", {"year": 1404}).json()
    assert (next_year["registered"], next_year["responded"]) == (1, 1)


def test_only_supervision_and_municipal_staff_read_statistics(demo_city, login_api):
    assert login_api("officer").get("/api/v1/stats/annual/").status_code == 403
    assert login_api("municipal").get("/api/v1/stats/annual/").status_code == 200
    bad = login_api("supervisor").get("/api/v1/stats/annual/", {"year": "abc"})
    assert bad.status_code == 400 and "year" in bad.json()["errors"]
