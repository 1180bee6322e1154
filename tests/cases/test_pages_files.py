"""Files of my office: every file the person may see, in any state, searchable, exported; the header's
search box that jumps to a file; the cartable offers only the states it can hold."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Role
from cases.models import State
from core.validators import to_persian_digits
from tests.accounts.factories import PASSWORD
from tests.cases.factories import CaseFactory, staff
from tests.offices.factories import DistrictFactory, OfficeFactory

pytestmark = pytest.mark.django_db


def _responded(**kwargs):
    return CaseFactory(
        state=State.RESPONDED,
        holder_role="",
        deadline=None,
        result="approved",
        closed_at=timezone.now(),
        **kwargs,
    )


def _listed(html):
    return set(re.findall(r'data-case="(\d+)"', html))


@pytest.fixture
def desk(client):
    """An office with its technical officer signed in, and another office of the same district."""
    office = OfficeFactory()
    officer = staff(Role.TECHNICAL_OFFICER, office=office)
    client.login(username=officer.username, password=PASSWORD)
    return {"office": office, "officer": officer, "other": OfficeFactory(district=office.district)}


def test_a_responded_file_is_found_from_the_header_listed_and_exported(client, desk):
    answered = _responded(office=desk["office"], created_by=desk["officer"])
    elsewhere = _responded(office=desk["other"])

    # The header's box on any page jumps to the file.
    page = client.get("/offices/mine/").content.decode()
    assert 'data-testid="header-search"' in page and 'action="/cases/find/"' in page
    found = client.get("/cases/find/", {"q": answered.tracking_code})
    assert found.status_code == 302 and found["Location"] == f"/cases/{answered.pk}/"
    # Persian digits and spaces, as people type them, work too.
    typed = "".join("۰۱۲۳۴۵۶۷۸۹"[int(d)] for d in answered.tracking_code)
    assert client.get("/cases/find/", {"q": f" {typed[:6]} {typed[6:]} "})["Location"] == f"/cases/{answered.pk}/"
    assert client.get(found["Location"]).status_code == 200

    # Another office's file does not exist for this officer: a Persian "not found", never a jump.
    missing = client.get("/cases/find/", {"q": elsewhere.tracking_code})
    assert missing.status_code == 404
    assert "پرونده‌ای با کد رهگیری" in missing.content.decode()

    # The office's list holds it in any state (the cartable does not: nothing waits there).
    listed = client.get("/cases/", {"q": answered.tracking_code}).content.decode()
    assert _listed(listed) == {str(answered.pk)}
    assert _listed(client.get("/cases/").content.decode()) == {str(answered.pk)}
    cartable = client.get("/cartable/", {"q": answered.tracking_code}).content.decode()
    assert 'data-testid="found-elsewhere"' in cartable

    # The Excel export holds the same list, filters and all.
    export = client.get("/cases/export.xlsx", {"q": answered.tracking_code})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "کد رهگیری" and len(rows) == 2
    assert rows[1][0] == answered.tracking_code and rows[1][2] == "پاسخ داده‌شده"
    everything = load_workbook(io.BytesIO(client.get("/cases/export.xlsx").content)).active
    assert [r[0] for r in everything.iter_rows(min_row=2, values_only=True)] == [answered.tracking_code]


def test_a_name_in_the_header_searches_the_list_and_a_mistyped_code_is_explained(client, desk):
    response = client.get("/cases/find/", {"q": "رضایی"})
    assert response.status_code == 302 and response["Location"].startswith("/cases/?q=")
    wrong = client.get("/cases/find/", {"q": "123456789012"})  # twelve digits, wrong check digit
    assert wrong.status_code == 404 and "کد رهگیری درستی نیست" in wrong.content.decode()
    assert client.get("/cases/find/", {"q": ""})["Location"] == "/cases/"


def test_the_list_filters_by_state_service_dates_and_overdue(client, desk):
    office = desk["office"]
    submitted = CaseFactory(office=office)
    late = CaseFactory(office=office, deadline=timezone.localdate() - datetime.timedelta(days=2))
    answered = _responded(office=office)
    old = CaseFactory(office=office, created_at=timezone.now() - datetime.timedelta(days=400))

    assert _listed(client.get("/cases/", {"state": "responded"}).content.decode()) == {str(answered.pk)}
    assert _listed(client.get("/cases/", {"overdue": "on"}).content.decode()) == {str(late.pk)}
    assert _listed(client.get("/cases/", {"service": "bank_inquiry"}).content.decode()) == set()
    recent = {str(c.pk) for c in (submitted, late, answered)}
    this_year = f"{timezone.localdate().year - 621}/01/01"  # a Jalali date well after the old file
    assert _listed(client.get("/cases/", {"created_from": this_year}).content.decode()) >= recent - {str(old.pk)}
    assert str(old.pk) not in _listed(client.get("/cases/", {"created_from": this_year}).content.decode())
    # An htmx request gets the results alone.
    partial = client.get("/cases/", {"state": "submitted"}, HTTP_HX_REQUEST="true").content.decode()
    assert partial.startswith('<div id="files-results">')
    # A state that does not exist is reported beside the field, never a server error.
    assert client.get("/cases/", {"state": "nonsense"}).status_code == 200


def test_the_export_never_writes_a_formula(client, desk):
    CaseFactory(office=desk["office"], applicant_first_name='=HYPERLINK("http://evil.example","x")')
    sheet = load_workbook(io.BytesIO(client.get("/cases/export.xlsx").content)).active
    cell = sheet.cell(row=2, column=4)
    assert cell.data_type == "s" and cell.quotePrefix  # text, shown as typed, never run
    assert cell.value.startswith("=HYPERLINK")
    assert not any(c.data_type == "f" for r in sheet.iter_rows() for c in r)


def test_the_list_reads_a_fixed_number_of_queries(client, desk, django_assert_max_num_queries):
    for _ in range(12):
        CaseFactory(office=desk["office"])
    # session, user, services of the filter, navigation count, COUNT, page
    for size in (3, 50):
        with django_assert_max_num_queries(8):
            assert client.get("/cases/", {"page_size": size}).status_code == 200


def test_each_role_sees_its_own_files_and_citizens_none(client):
    district = DistrictFactory(number=1)
    office = OfficeFactory(district=district)
    mine = CaseFactory(office=office)
    far = CaseFactory(office=OfficeFactory(district=DistrictFactory(municipality=district.municipality, number=2)))
    municipal = staff(Role.MUNICIPAL_STAFF, district=district)
    client.login(username=municipal.username, password=PASSWORD)
    assert _listed(client.get("/cases/").content.decode()) == {str(mine.pk)}
    assert client.get("/cases/find/", {"q": far.tracking_code}).status_code == 404
    citizen = staff(Role.CITIZEN)
    client.login(username=citizen.username, password=PASSWORD)
    assert client.get("/cases/").status_code == 403
    assert 'data-testid="header-search"' not in client.get("/my/").content.decode()
    client.logout()
    assert client.get("/cases/export.xlsx").status_code == 302


def _state_options(html):
    select = html.split('id="id_state"')[1].split("</select>")[0]
    return re.findall(r'<option value="(\w+)"', select)


def test_the_cartable_offers_only_the_states_its_files_can_be_in(client, desk):
    assert _state_options(client.get("/cartable/").content.decode()) == ["submitted", "awaiting_visit", "plan_review"]
    municipal = staff(Role.MUNICIPAL_STAFF, district=desk["office"].district)
    client.login(username=municipal.username, password=PASSWORD)
    assert _state_options(client.get("/cartable/").content.decode()) == ["municipal_review"]
    # The files list offers every state.
    assert "responded" in _state_options(client.get("/cases/").content.decode())


def test_a_long_list_counts_up_to_its_cap_and_says_more(client, desk, monkeypatch):
    """Past ``COUNT_CAP`` files the page says "more than" instead of counting years of files, and pages
    through the first of them (the filters narrow the rest down); below it, the exact count."""
    files = [_responded(office=desk["office"]) for _ in range(5)]
    monkeypatch.setattr("core.api.COUNT_CAP", 3)
    first = client.get("/cases/", {"page_size": 2}).content.decode()
    assert "بیش از ۳ مورد" in first and "از ۲ (در مجموع" not in first
    seen = set()
    for number in (1, 2):
        seen |= _listed(client.get("/cases/", {"page_size": 2, "page": number}).content.decode())
    assert len(seen) == 4 and seen < {str(f.pk) for f in files}
    assert 'page=2"' in first
    monkeypatch.setattr("core.api.COUNT_CAP", 10)
    exact = client.get("/cases/", {"page_size": 2}).content.decode()
    assert "در مجموع ۵" in exact and "بیش از" not in exact


def test_an_export_of_too_many_files_is_refused_with_the_list_shown(client, desk, monkeypatch):
    files = [_responded(office=desk["office"]) for _ in range(3)]
    monkeypatch.setattr("cases.views.files.MAX_EXPORT_ROWS", 2)
    refused = client.get("/cases/export.xlsx")
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "بیش از ۲ پرونده با این فیلترها هست" in page
    assert _listed(page) == {str(f.pk) for f in files}
    # The rows show what the files page shows (the service, the renewal code), not blanks.
    assert files[0].service.title in page and to_persian_digits(files[0].parcel.renewal_code) in page
    monkeypatch.setattr("cases.views.files.MAX_EXPORT_ROWS", 3)
    assert client.get("/cases/export.xlsx").status_code == 200
