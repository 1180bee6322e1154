"""The monthly counts of files registered and answered that the statistics read: kept by registration and the
answering actions, they always equal a recount from the files (``rebuild_file_counts``)."""

import datetime

import jdatetime
import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import Case, FileCount, Property
from core.jalali import jalali_year
from supervision.selectors import stats
from tests.cases.factories import move
from tests.cases.helpers import notary_payload, renewal_code
from tests.supervision.factories import answer_file, register_file

pytestmark = pytest.mark.django_db


def tehran(y, m, d, hour, minute):
    """An aware datetime at a Jalali date and Asia/Tehran wall-clock time."""
    day = jdatetime.date(y, m, d).togregorian()
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def register(api, **overrides):
    response = api.post("/api/v1/cases/", notary_payload(**overrides), format="json")
    assert response.status_code == 201, response.content
    return Case.objects.get(pk=response.json()["id"])


def act(api, case, action, **data):
    response = api.post(f"/api/v1/cases/{case.pk}/actions/", {"action": action, **data}, format="json")
    assert response.status_code == 200, response.content


def figures(api, city, years):
    """What the statistics publish for the city: each year's table and months (API), the series of years,
    and the permits' months; with the counts themselves."""
    published = {year: api.get("/api/v1/stats/annual/", {"year": year}).json() for year in years}
    series = [stats.yearly_series(kind, municipality=city, until=max(years)) for kind in ("files", "permits")]
    permits = [stats.monthly(year, municipality=city, services=stats.permit_services()) for year in years]
    rows = sorted(
        FileCount.objects.values_list(
            "year", "month", "municipality", "district", "office", "service", "registered", "responded", "approved"
        )
    )
    return published, series, permits, rows


def test_the_counts_equal_a_recount_from_the_files(city, login_api, api):
    officer = login_api(city.officer)
    # Registered today at the counter, through the API: one stays submitted, two are answered (approved and
    # denied), one is answered at once (its property is on the record), one rejected, one cancelled, one
    # returned and resubmitted.
    register(officer)
    approved = register(officer)
    denied = register(officer)
    code = renewal_code()
    Property.objects.create(renewal_code=code, district=city.district, address="x", on_record=True)
    instant = register(officer, code=code)
    assert Case.objects.get(pk=instant.pk).state == "responded"
    rejected, cancelled, returned = register(officer), register(officer), register(officer)
    act(officer, rejected, "reject", note="مدارک جعلی است")
    act(officer, cancelled, "cancel")
    act(officer, returned, "return_to_applicant", note="نامه ناخوانا است")
    act(officer, returned, "resubmit")
    crew = {"officer": city.officer, "inspector": city.inspectors[0], "municipal": city.municipal}
    move(approved, "responded", **crew)
    move(denied, "responded", result="denied", **crew)
    # Imported from an earlier system, either side of the new year's midnight in Tehran (20:30 UTC the day
    # before); the second answered a month later.
    register_file(city.officer, at=tehran(1401, 12, 29, 23, 50))
    late = register_file(city.officer, at=tehran(1402, 1, 1, 0, 10))
    answer_file(late, city.officer, at=tehran(1402, 2, 1, 9, 0))

    api.credentials()
    api.force_authenticate(city.supervisor)
    this_year = jalali_year()
    kept = figures(api, city.municipality, [1401, 1402, this_year])
    table = kept[0]
    assert (table[this_year]["registered"], table[this_year]["responded"]) == (7, 3)
    assert (table[1401]["registered"], table[1401]["responded"]) == (1, 0)
    assert [m["registered"] for m in table[1401]["monthly"]] == [0] * 11 + [1]
    assert (table[1402]["registered"], table[1402]["responded"]) == (1, 1)
    assert [(m["registered"], m["responded"]) for m in table[1402]["monthly"][:3]] == [(1, 0), (0, 1), (0, 0)]
    today = [row for row in kept[3] if row[0] == this_year and row[5] == "notary_inquiry"]
    assert [row[6:] for row in today] == [(7, 3, 2)]  # the instant answer and one of the two are approvals

    call_command("rebuild_file_counts")
    assert figures(api, city.municipality, [1401, 1402, this_year]) == kept
    # A repair from nothing gives the same again.
    FileCount.objects.all().delete()
    call_command("rebuild_file_counts")
    assert figures(api, city.municipality, [1401, 1402, this_year]) == kept


def test_no_action_takes_a_file_out_of_responded():
    """The counts only ever add an answer: were an action to reopen an answered file, it would have to
    subtract it (cases.counts)."""
    from io import StringIO

    out = StringIO()
    call_command("workflow_graph", stdout=out)
    edges = [line.split(":")[0].split("-->") for line in out.getvalue().splitlines() if "-->" in line]
    assert any(target.strip() == "responded" for _source, target in edges)
    assert all(target.strip() == "responded" for source, target in edges if source.strip() == "responded")
