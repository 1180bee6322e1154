"""Lists and cartables cost the same number of queries whatever the page size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.services import register_case
from notifications.models import Message
from tests.cases.helpers import notary_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_files(officer):
    for _ in range(55):
        payload = notary_payload()
        payload.pop("service")
        register_case(actor=officer, service="notary_inquiry", **payload)


def count_queries(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.json()


@pytest.mark.parametrize("url", ["/api/v1/cases/", "/api/v1/cartable/"])
@pytest.mark.parametrize("role", ["officer", "municipal", "supervisor"])
def test_lists_cost_a_fixed_number_of_queries(city, many_files, login_api, url, role):
    api = login_api(getattr(city, role))
    small, _ = count_queries(api, url, page_size=5)
    large, body_large = count_queries(api, url, page_size=50)
    if role != "municipal" or url == "/api/v1/cases/":
        assert len(body_large["results"]) == 50
    assert small == large, (small, large)
    assert large <= 6  # session/token auth, count, page, and the membership subqueries inlined


def test_applying_an_action_stays_within_its_budget(officer, django_assert_max_num_queries):
    from cases.services import apply_action

    payload = notary_payload()
    payload.pop("service")
    case = register_case(actor=officer, service="notary_inquiry", **payload)
    # lock+read, visibility, works_for, guard-free, version-guarded update, previous hash, insert,
    # the file's keyed history head, notify, the file's correction items
    with django_assert_max_num_queries(14), CaptureQueriesContext(connection) as ctx:
        apply_action(case, "return_to_applicant", officer, note="ناقص")
    # The history row is inserted, never first tried as an update of its (case, seq) key.
    history = [q["sql"] for q in ctx.captured_queries if '"cases_transition"' in q["sql"]]
    assert [s.split()[0] for s in history if not s.startswith("SELECT")] == ["INSERT"]


def test_a_list_longer_than_the_cap_is_paged_without_a_total(officer, many_files, login_api, monkeypatch):
    api = login_api(officer)
    monkeypatch.setattr("core.api.COUNT_CAP", 20)
    with CaptureQueriesContext(connection) as ctx:
        body = api.get("/api/v1/cases/", {"page_size": 5, "page": 2}).json()
    assert body["count"] is None and len(body["results"]) == 5
    assert "page=3" in body["next"] and body["previous"] is not None
    assert len(ctx.captured_queries) <= 6  # token, the capped count, the page, its holders
    monkeypatch.setattr("core.api.COUNT_CAP", 55)
    assert api.get("/api/v1/cases/", {"page_size": 5}).json()["count"] == 55


@pytest.mark.parametrize("url", ["/api/v1/cases/", "/api/v1/cartable/"])
def test_list_rows_are_the_declared_fields(city, officer, many_files, login_api, url):
    """The list's quick path writes each row by hand: it must say exactly what the declared fields say."""
    from rest_framework import serializers as drf

    from cases.models import Case
    from cases.serializers import CaseListSerializer

    Case.objects.filter(pk=Case.objects.order_by("pk").first().pk).update(holder=officer, deadline=None)
    rows = login_api(city.supervisor).get(url, {"page_size": 100}).json()["results"]
    assert len(rows) == 55
    cases = Case.objects.select_related("service", "office", "district", "parcel", "holder").in_bulk(
        [row["id"] for row in rows]
    )
    generic = CaseListSerializer()
    for row in rows:
        expected = drf.Serializer.to_representation(generic, cases[row["id"]])
        assert row == dict(expected)
    assert any(row["holder"] and row["holder"]["id"] == officer.pk for row in rows)
    assert any(row["deadline"] is None for row in rows)


def test_registration_stays_within_its_budget(city, login_api, django_capture_on_commit_callbacks):
    """POST /api/v1/cases/ at the counter, a new parcel, its fee slip and two messages sent after commit."""
    api = login_api(city.officer)
    with django_capture_on_commit_callbacks(execute=True):
        api.post("/api/v1/cases/", notary_payload(), format="json")  # the calendar's holidays, read once a process
    # token; service; the officer's offices; the covering contract, whether the office delivers the service and
    # the contract lists it; the parcel (locked; created under a savepoint); the file's id; the step's duration;
    # the file (under a savepoint for its tracking code); its inquiry; its first history row, the head already in
    # the file; the tariff; the slip serial; whether a waiting slip holds the bill ID; the slip; its items; the
    # two messages; the office-month's count of files registered; then after commit both sent in one
    # transaction (locked together, each marked sent); the
    # answer: the file with its inquiry, its documents, correction items, visit, fee slips and letter.
    with CaptureQueriesContext(connection) as ctx, django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/cases/", notary_payload(), format="json")
    assert response.status_code == 201, response.content
    assert Message.objects.filter(status=Message.Status.SENT).count() == 4  # both registrations' two each
    statements = [q["sql"] for q in ctx.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    if connection.vendor == "postgresql":
        assert len(statements) == 28, "\n".join(s[:100] for s in statements)
        assert not any(s.startswith('UPDATE "cases_case"') for s in statements)  # written once
    else:
        # SQLite has no sequence to take the file's id from (the history head is written after the file) and
        # no upsert of the slip counter's row.
        assert len(statements) == 30, "\n".join(s[:100] for s in statements)


def _case_reads(ctx):
    """(capped counts, other reads) of the files table among the captured queries."""
    reads = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT") and '"cases_case"' in q["sql"]]
    counts = [s for s in reads if s.startswith("SELECT COUNT(*)")]
    return len(counts), len(reads) - len(counts)


def test_a_list_that_fits_its_first_page_is_not_counted_and_the_first_page_is_read_once(
    officer, many_files, login_api, monkeypatch
):
    api = login_api(officer)
    with CaptureQueriesContext(connection) as ctx:
        whole = api.get("/api/v1/cases/", {"page_size": 60}).json()
    assert whole["count"] == 55 and len(whole["results"]) == 55 and whole["next"] is None
    assert _case_reads(ctx) == (0, 1)
    with CaptureQueriesContext(connection) as ctx:
        first = api.get("/api/v1/cases/", {"page_size": 50}).json()
    assert first["count"] == 55 and len(first["results"]) == 50 and "page=2" in first["next"]
    assert _case_reads(ctx) == (1, 1)
    second = api.get("/api/v1/cases/", {"page_size": 50, "page": 2}).json()
    assert second["count"] == 55 and len(second["results"]) == 5 and second["next"] is None
    assert {r["id"] for r in first["results"]}.isdisjoint(r["id"] for r in second["results"])
    # Past the cap the first page is answered uncounted, from the rows read before the count gave up.
    monkeypatch.setattr("core.api.COUNT_CAP", 20)
    with CaptureQueriesContext(connection) as ctx:
        capped = api.get("/api/v1/cases/", {"page_size": 5}).json()
    assert capped["count"] is None and len(capped["results"]) == 5 and "page=2" in capped["next"]
    assert _case_reads(ctx) == (1, 1)
    assert [r["id"] for r in capped["results"]] == [r["id"] for r in first["results"][:5]]


def test_a_files_page_that_holds_the_whole_list_is_not_counted(officer, many_files, client):
    client.force_login(officer)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/cases/", {"page_size": 100}).content.decode()
    assert "در مجموع ۵۵" in page  # (beside the counts by state the page shows)
    assert _case_reads(ctx)[0] == 0
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/cases/", {"page_size": 10}).content.decode()
    assert "در مجموع ۵۵" in page
    assert _case_reads(ctx)[0] == 1
