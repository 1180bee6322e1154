"""The cartable pages: who sees what, filters, search, sorting, htmx, quick actions, query budget."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from cases.documents import add_document
from cases.models import Case, State
from cases.services import apply_action
from core.jalali import format_jalali
from tests.cases.helpers import PDF, png_bytes, renewal_code, upload
from tests.cases.test_pages_support import fa, html, register, signed_in

pytestmark = pytest.mark.django_db


def _with_documents(case, actor):
    add_document(case=case, actor=actor, kind="inquiry_letter", upload=upload("l.pdf", PDF))
    add_document(case=case, actor=actor, kind="deed", upload=upload("d.png", png_bytes()))
    return case


def test_officer_sees_their_office_files_only(city, officer):
    mine = register(officer)
    other = register(city.colleague)
    page = html(signed_in(officer).get("/cartable/"))
    assert fa(mine.tracking_code) in page
    assert fa(other.tracking_code) not in page
    # The navigation shows how many files wait, and the state counts sit above the table.
    assert 'badge text-bg-danger rounded-pill">۱<' in page
    assert 'data-state="submitted"' in page


def test_each_role_sees_its_own_queue(city, officer, inspector, municipal, followup, supervisor):
    submitted = register(officer)
    at_visit = _with_documents(register(officer), officer)
    apply_action(at_visit, "accept", officer)
    apply_action(at_visit, "assign_inspector", officer, inspector=inspector.pk)
    at_municipal = _with_documents(register(officer), officer)
    apply_action(at_municipal, "accept", officer)
    apply_action(at_municipal, "assign_inspector", officer, inspector=inspector.pk)
    apply_action(
        at_municipal,
        "submit_visit_report",
        inspector,
        findings="ok",
        land_area=100,
        built_area=120,
        floors=1,
        usage="residential",
    )
    apply_action(at_municipal, "complete_plan_review", officer)
    codes = {c.tracking_code: fa(c.tracking_code) for c in (submitted, at_visit, at_municipal)}

    def seen(user):
        page = html(signed_in(user).get("/cartable/"))
        return {code for code, shown in codes.items() if shown in page}

    assert seen(officer) == {submitted.tracking_code}
    assert seen(inspector) == {at_visit.tracking_code}
    assert seen(municipal) == {at_municipal.tracking_code}
    assert seen(city.other_municipal) == set()
    assert seen(followup) == set()  # nothing is late yet
    page = html(signed_in(supervisor).get("/cartable/"))
    assert all(shown in page for shown in codes.values())
    assert "quick/accept" not in page  # read only


def test_followup_officer_sees_late_files_highlighted(officer, followup):
    late = register(officer)
    on_time = register(officer)
    Case.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=3))
    page = html(signed_in(followup).get("/cartable/"))
    assert fa(late.tracking_code) in page and fa(on_time.tracking_code) not in page
    assert f'id="case-row-{late.pk}" class="row-overdue"' in page


def test_citizen_is_sent_to_their_requests(citizen):
    response = signed_in(citizen).get("/cartable/")
    assert response.status_code == 302 and response["Location"] == "/my/"


def test_filters_and_search(officer):
    notary = register(officer)
    bank = register(
        officer,
        service="bank_inquiry",
        details={"bank_name": "ملی", "bank_branch": "مرکزی", "letter_number": "12", "letter_date": "1404/07/01"},
    )
    Case.objects.filter(pk=bank.pk).update(
        applicant_national_id="4608968882", applicant_first_name="مریم", applicant_last_name="کاظمی"
    )
    client = signed_in(officer)

    def shown(query):
        page = html(client.get("/cartable/", query))
        return {c for c in (notary, bank) if fa(c.tracking_code) in page}

    assert shown({}) == {notary, bank}
    assert shown({"service": "bank_inquiry"}) == {bank}
    assert shown({"state": "submitted", "service": "notary_inquiry"}) == {notary}
    assert shown({"state": "plan_review"}) == set()
    assert shown({"q": fa(bank.tracking_code)}) == {bank}  # Persian digits
    assert shown({"q": "4608968882"}) == {bank}
    assert shown({"q": "كاظمي"}) == {bank}  # Arabic letters are read as Persian
    assert shown({"q": notary.parcel.renewal_code}) == {notary}
    assert shown({"overdue": "on"}) == set()
    today = format_jalali(timezone.localdate(), persian=False)
    assert shown({"created_from": fa(today), "created_to": today}) == {notary, bank}
    assert shown({"created_to": "1390/01/01"}) == set()
    bad = html(client.get("/cartable/", {"created_from": "1403/13/40"}))
    assert "invalid-feedback" in bad and fa(notary.tracking_code) in bad


def test_sorted_by_deadline_or_newest(officer):
    first, second = register(officer), register(officer)
    Case.objects.filter(pk=first.pk).update(deadline=timezone.localdate() + datetime.timedelta(days=9))
    client = signed_in(officer)
    by_deadline = html(client.get("/cartable/"))
    assert by_deadline.index(fa(second.tracking_code)) < by_deadline.index(fa(first.tracking_code))
    newest = html(client.get("/cartable/", {"sort": "created"}))
    assert newest.index(fa(second.tracking_code)) < newest.index(fa(first.tracking_code))
    Case.objects.filter(pk=second.pk).update(created_at=timezone.now() - datetime.timedelta(days=1))
    newest = html(client.get("/cartable/", {"sort": "created"}))
    assert newest.index(fa(first.tracking_code)) < newest.index(fa(second.tracking_code))


def test_htmx_filter_answers_with_the_table_only(officer):
    case = register(officer)
    response = signed_in(officer).get("/cartable/", {"state": "submitted"}, HTTP_HX_REQUEST="true")
    page = html(response)
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="cartable-results">') and "<html" not in page
    assert fa(case.tracking_code) in page
    assert 'id="cartable-states" class="d-flex flex-wrap gap-2 mb-3" hx-swap-oob="true"' in page
    assert "HX-Request" in response["Vary"]


def test_quick_accept_from_the_row(city, officer, supervisor):
    bare = register(officer)
    ready = _with_documents(register(officer), officer)
    client = signed_in(officer)
    refused = client.post(f"/cases/{bare.pk}/quick/accept/", HTTP_HX_REQUEST="true")
    assert refused.status_code == 409
    assert "این مدارک بارگذاری نشده است" in html(refused) and 'data-testid="row-error"' in html(refused)
    assert Case.objects.get(pk=bare.pk).state == State.SUBMITTED
    done = client.post(f"/cases/{ready.pk}/quick/accept/", HTTP_HX_REQUEST="true")
    assert done.status_code == 200
    row = html(done)
    assert row.lstrip().startswith(f'<tr id="case-row-{ready.pk}"')
    assert 'data-state="awaiting_visit"' in row and 'data-testid="row-done"' in row
    assert Case.objects.get(pk=ready.pk).state == State.AWAITING_VISIT
    # Someone who may not accept is refused, and nothing changes.
    other = register(officer)
    assert signed_in(supervisor).post(f"/cases/{other.pk}/quick/accept/", HTTP_HX_REQUEST="true").status_code == 403
    assert signed_in(city.other_municipal).post(f"/cases/{other.pk}/quick/accept/").status_code == 404
    assert Case.objects.get(pk=other.pk).state == State.SUBMITTED


def test_cartable_needs_sign_in_and_a_cartable_role(client):
    assert client.get("/cartable/").status_code == 302


def _many_files(officer, count):
    from cases.services import register_case
    from tests.cases.helpers import notary_payload

    for _ in range(count):
        register_case(actor=officer, **notary_payload(code=renewal_code(1)))


@pytest.mark.parametrize("role", ["officer", "supervisor", "followup"])
def test_cartable_query_count_does_not_grow_with_the_page(city, role, django_assert_max_num_queries):
    _many_files(city.officer, 55)
    Case.objects.update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    client = signed_in(getattr(city, role))
    counts = []
    for size in (5, 50):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/cartable/", {"page_size": size})
        assert response.status_code == 200
        assert html(response).count('id="case-row-') == size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(8):
        client.get("/cartable/", {"page_size": 50, "q": "رضایی", "overdue": "on"})


def test_my_requests_query_count_is_fixed(officer, citizen, django_assert_max_num_queries):
    client = signed_in(citizen)
    assert "هنوز درخواستی ثبت نکرده‌اید" in html(client.get("/my/"))
    _many_files(officer, 55)
    Case.objects.update(applicant_user=citizen)
    counts = []
    for size in (5, 50):
        with CaptureQueriesContext(connection) as queries:
            page = html(client.get("/my/", {"page_size": size}))
        assert page.count("/cases/") >= size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    # session, user, the counts by state, the guided drafts, COUNT, the page, its newest history rows, letters,
    # unpaid slips
    with django_assert_max_num_queries(9):
        client.get("/my/")


def test_my_requests_is_for_citizens(officer, citizen):
    assert signed_in(officer).get("/my/").status_code == 403
    assert citizen.role == Role.CITIZEN and signed_in(citizen).get("/my/").status_code == 200
