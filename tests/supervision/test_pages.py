"""The supervision pages over HTTP: violations, the public complaint, scorecards, statistics."""

import datetime
import io
import json
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from accounts.models import Role
from billing.models import FeeSlip, Payment
from core.jalali import jalali_year
from offices.models import Contract
from supervision.demo import seed_figures
from supervision.models import Violation
from supervision.services import file_complaint
from tests.supervision.factories import PASSWORD, UserFactory, register_file

pytestmark = pytest.mark.django_db


def complaint_on(town):
    case = register_file(town["officer"])
    return file_complaint(
        tracking_code=case.tracking_code, national_id=case.applicant_national_id, text="پاسخ پرونده دیر داده شد."
    ).violation


def test_the_public_complaint_page_gives_the_complainant_a_code(town, client):
    case = register_file(town["officer"])
    page = client.get("/complaints/")
    assert page.status_code == 200 and "شکایت" in page.content.decode()
    # The box says how much to write before anyone is refused; a refusal is shown at the box, nothing is opened.
    assert "یک یا دو جمله، دست‌کم ۱۵ نویسه." in page.content.decode()
    short = client.post(
        "/complaints/",
        {"tracking_code": case.tracking_code, "national_id": case.applicant_national_id, "text": "بد بود"},
    )
    field = re.search(r"<textarea[^>]*>", short.content.decode()).group(0)
    assert short.status_code == 400 and 'name="text"' in field and 'aria-invalid="true"' in field
    error = re.search(r'id="id_text_error"[^>]*>(.*?)</', short.content.decode(), re.S).group(1)
    assert "دست‌کم ۱۵ نویسه" in error
    assert 'data-testid="complaint-message"' not in short.content.decode()
    assert not Violation.objects.filter(case=case).exists()
    made = client.post(
        "/complaints/",
        {
            "tracking_code": case.tracking_code,
            "national_id": case.applicant_national_id,
            "text": "پاسخ ندادند و پرونده ماند.",
        },
    )
    assert made.status_code == 200
    html = made.content.decode()
    code = re.search(r'data-testid="complaint-code">([^<]+)<', html).group(1)
    violation = Violation.objects.get(case=case)
    assert violation.office == town["office"] and violation.state == "open"
    ascii_code = code.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))
    assert ascii_code == violation.complaint.tracking_code
    status = client.post("/complaints/status/", {"tracking_code": code, "national_id": case.applicant_national_id})
    assert status.status_code == 200 and 'data-testid="complaint-state"' in status.content.decode()
    # The file's code typed instead of the complaint's: the answer says which code is asked for.
    mixed = client.post(
        "/complaints/status/", {"tracking_code": case.tracking_code, "national_id": case.applicant_national_id}
    )
    assert mixed.status_code == 404 and "نه کد رهگیری پرونده" in mixed.content.decode()
    wrong = client.post(
        "/complaints/",
        {"tracking_code": case.tracking_code, "national_id": "0012345679", "text": "کسی پاسخ تلفن را نداد."},
    )
    assert wrong.status_code == 404


def test_the_manager_answers_on_the_page_and_the_unit_decides_a_fine(town, signed_in):
    violation = complaint_on(town)
    client = signed_in(town["manager"])
    listed = client.get("/supervision/violations/")
    assert listed.status_code == 200 and f'data-violation="{violation.pk}"' in listed.content.decode()
    page = client.get(f"/supervision/violations/{violation.pk}/")
    assert 'data-testid="action-respond"' in page.content.decode()
    assert "پاسخ شما: چه پیش آمد" in page.content.decode()
    # The unit is told that its notes are read by the office.
    unit_page = signed_in(town["supervisor"]).get(f"/supervision/violations/{violation.pk}/").content.decode()
    assert 'data-testid="note-visibility"' in unit_page
    client = signed_in(town["manager"])
    empty = client.post(f"/supervision/violations/{violation.pk}/act/respond/", {"respond-note": ""})
    assert empty.status_code == 400
    answered = client.post(
        f"/supervision/violations/{violation.pk}/act/respond/", {"respond-note": "پرونده امروز پاسخ گرفت."}
    )
    assert answered.status_code == 302
    violation.refresh_from_db()
    assert violation.state == "responded" and violation.response == "پرونده امروز پاسخ گرفت."

    unit = signed_in(town["supervisor"])
    decided = unit.post(
        f"/supervision/violations/{violation.pk}/act/decide/",
        {"decide-decision": "fine", "decide-fine_rials": "3000000", "decide-note": "تأخیر"},
    )
    assert decided.status_code == 302
    slip = FeeSlip.objects.get(office=town["office"], kind="office_fine")
    assert slip.amount_rials == 3_000_000
    html = unit.get(f"/supervision/violations/{violation.pk}/").content.decode()
    assert 'data-testid="violation-decision"' in html and slip.bill_id in html.translate(
        str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")
    )
    # The office's manager finds the fine among the office's slips, to pay at the bank or online: the office's
    # own desk cannot record it paid with a card-reader reference, on the page or through the API.
    page = signed_in(town["manager"]).get(f"/billing/slips/{slip.pk}/")
    assert page.status_code == 200 and "/pos/" not in page.content.decode()
    desk = signed_in(town["officer"])
    refused = desk.post(f"/billing/slips/{slip.pk}/pos/", {"reference": "123456789012"})
    assert refused.status_code == 403
    api = APIClient()
    api.force_authenticate(town["officer"])
    body = {"bill_id": slip.bill_id, "payment_id": slip.payment_id, "amount_rials": slip.amount_rials}
    answer = api.post("/api/v1/payments/", {**body, "reference": "123456789012"}, format="json")
    assert answer.status_code == 403 and answer.json()["code"] == "fine-not-at-desk"
    slip.refresh_from_db()
    assert slip.status == "issued" and not Payment.objects.filter(slip=slip).exists()


def test_another_offices_manager_and_other_roles_get_nothing(town, signed_in):
    violation = complaint_on(town)
    other = signed_in(town["other_manager"])
    assert other.get(f"/supervision/violations/{violation.pk}/").status_code == 404
    assert other.post(f"/supervision/violations/{violation.pk}/act/respond/", {"respond-note": "x"}).status_code == 404
    assert f'data-violation="{violation.pk}"' not in other.get("/supervision/violations/").content.decode()
    assert signed_in(town["officer"]).get("/supervision/violations/").status_code == 403
    assert signed_in(town["officer"]).get(f"/supervision/violations/{violation.pk}/").status_code == 403


def test_a_unit_records_a_violation_on_the_page(town, signed_in):
    client = signed_in(town["supervisor"])
    form = client.get("/supervision/violations/new/")
    assert form.status_code == 200
    # The staff member is chosen by name and post, not typed as an internal number.
    html = form.content.decode()
    assert f'<option value="{town["officer"].pk}">{town["officer"].get_full_name()} (' in html
    assert 'name="subject_user" type="number"' not in html and "---------" not in html
    bad = client.post("/supervision/violations/new/", {"office": town["office"].pk, "source": "inspection"})
    assert bad.status_code == 400
    from supervision.models import ViolationType

    made = client.post(
        "/supervision/violations/new/",
        {
            "office": town["office"].pk,
            "type": ViolationType.objects.get(code="misconduct").pk,
            "source": "inspection",
            "description": "برخورد نامناسب با مراجع در بازرسی سرزده.",
            "subject_user": town["officer"].pk,
        },
    )
    assert made.status_code == 302
    violation = Violation.objects.get(office=town["office"])
    assert violation.subject_user == town["officer"] and violation.state == "open"


def test_scorecard_pages_the_manager_sees_their_own(town, signed_in):
    register_file(town["officer"])
    unit = signed_in(town["supervisor"])
    city_code = {"city": town["office"].district.municipality.code}
    ranking = unit.get("/supervision/scorecards/", city_code)
    assert ranking.status_code == 200 and f'data-office="{town["office"].code}"' in ranking.content.decode()
    # The office with no file this period is listed after the ranked one, unranked, not at the top.
    rows = re.findall(r'<tr data-office="(\d+)"[^>]*>\s*<td>(.*?)</td>', ranking.content.decode(), re.S)
    order = [code for code, _rank in rows]
    assert order.index(town["office"].code) < order.index(town["other"].code)
    assert 'data-testid="unranked"' in dict(rows)[town["other"].code]
    assert 'data-testid="unranked"' not in dict(rows)[town["office"].code]
    book = load_workbook(io.BytesIO(unit.get("/supervision/scorecards/export.xlsx", city_code).content))
    codes = [row[1] for row in book.active.iter_rows(min_row=3, values_only=True)]
    assert town["office"].code in codes
    card = unit.get(
        f"/supervision/scorecards/office/{town['office'].pk}/", {"kind": "quarter", "year": 1403, "number": 2}
    )
    assert card.status_code == 200 and 'data-testid="steps-table"' in card.content.decode()
    # The period boxes show the period the page shows: the year a choice, the quarter filled in, with a hint.
    boxes = card.content.decode()
    assert '<option value="quarter" selected>' in boxes and '<option value="1403" selected>' in boxes
    assert re.search(r'name="number" value="2"', boxes) and 'id="period-hint"' in boxes
    this_year = jalali_year()
    assert f'<option value="{this_year}" selected>' in ranking.content.decode()
    manager = signed_in(town["manager"])
    assert manager.get("/supervision/scorecards/").url == f"/supervision/scorecards/office/{town['office'].pk}/"
    assert manager.get(f"/supervision/scorecards/office/{town['office'].pk}/").status_code == 200
    assert manager.get(f"/supervision/scorecards/office/{town['other'].pk}/").status_code == 404
    assert manager.get("/supervision/scorecards/export.xlsx").status_code == 403


def test_the_renewal_form_shows_last_years_scorecard_and_warns(town, signed_in):
    office = town["office"]
    contract = Contract.objects.get(office=office)
    client = signed_in(town["supervisor"])
    # Last year: a file whose first step was late and three upheld decisions.
    last_year = timezone.now() - datetime.timedelta(days=365)
    register_file(town["officer"], at=last_year)
    for _ in range(3):
        v = complaint_on(town)
        Violation.objects.filter(pk=v.pk).update(
            decision="warning", decided_at=last_year, created_at=last_year, state="decided"
        )
    html = client.get(f"/offices/manage/{office.pk}/contracts/new/", {"renews": contract.pk}).content.decode()
    assert 'data-testid="renewal-scorecard"' in html
    assert 'data-testid="renewal-warning"' in html
    clean = client.get(f"/offices/manage/{town['other'].pk}/contracts/new/").content.decode()
    assert 'data-testid="renewal-scorecard"' in clean and 'data-testid="renewal-warning"' not in clean
    # The other office registered nothing last year: its clean score is said to rest on nothing.
    assert 'data-testid="renewal-no-files"' in clean and 'data-testid="renewal-no-files"' not in html


def test_the_statistics_page_carries_the_historic_series(town, signed_in):
    seed_figures(town["office"].district.municipality)
    client = signed_in(town["supervisor"])
    page = client.get("/supervision/statistics/", {"city": town["office"].district.municipality.code, "year": 1403})
    assert page.status_code == 200
    html = page.content.decode()
    data = json.loads(re.search(r'<script id="stats-data" type="application/json">(.+?)</script>', html).group(1))
    years = dict(zip(data["years"]["labels"], data["years"]["registered"], strict=True))
    assert (years[1395], years[1397], years[1402]) == (7949, 86820, 41626)
    assert "<script>" not in html  # data rides in json_script, code in static files
    assert None not in data["months"]["registered"]  # a past year: every month is a point
    # This year, the months still to come are no point at all, rather than a fall to zero.
    from core.jalali import to_jalali

    now = to_jalali(timezone.localdate())
    this_year = client.get("/supervision/statistics/", {"city": town["office"].district.municipality.code})
    months = json.loads(
        re.search(r'<script id="stats-data" type="application/json">(.+?)</script>', this_year.content.decode()).group(
            1
        )
    )["months"]
    assert None not in months["registered"][: now.month]
    assert months["registered"][now.month :] == [None] * (12 - now.month)
    assert months["answered"][now.month :] == [None] * (12 - now.month)
    export = client.get(
        "/supervision/statistics/export.xlsx", {"city": town["office"].district.municipality.code, "year": 1403}
    )
    book = load_workbook(io.BytesIO(export.content))
    series = {row[0]: row[1:3] for row in book.worksheets[-2].iter_rows(min_row=2, values_only=True)}
    assert series[1397] == (86820, 77730)
    permits = {row[0]: row[1] for row in book.worksheets[-1].iter_rows(min_row=2, values_only=True)}
    assert permits[1402] == 1301 and permits[1403] == 1645
    assert signed_in(town["officer"]).get("/supervision/statistics/").status_code == 403
    assert signed_in(UserFactory(role=Role.MUNICIPAL_STAFF)).get("/supervision/statistics/").status_code == 200


def test_the_navigation_shows_the_supervision_entries(town, signed_in):
    html = signed_in(town["supervisor"]).get("/").content.decode()
    for url in (
        "/supervision/statistics/",
        "/supervision/violations/",
        "/supervision/scorecards/",
        "/supervision/reference/",
    ):
        assert f'href="{url}"' in html
    manager = signed_in(town["manager"]).get("/").content.decode()
    assert 'href="/supervision/violations/"' in manager and 'href="/supervision/reference/"' not in manager
    assert PASSWORD


@pytest.mark.parametrize("renews", ["abc", "²", "\u200f1", "1" * 30, "-1"])
def test_a_renewal_naming_no_contract_is_not_found(town, signed_in, renews):
    client = signed_in(town["supervisor"])
    response = client.get(f"/offices/manage/{town['office'].pk}/contracts/new/", {"renews": renews})
    assert response.status_code == 404
