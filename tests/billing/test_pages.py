"""The slip pages, the printed PDF, settlement, and tariffs that never change under a slip."""

import base64
import datetime
import io
import re
import subprocess

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from billing.models import FeeSlip, Tariff
from billing.services import add_tariff, update_tariff
from core.errors import Conflict, DomainError
from core.jalali import to_jalali
from core.validators import to_ascii_digits
from tests.billing.helpers import bank_pay, register_notary
from tests.browser.conftest import ARTIFACTS
from tests.cases.factories import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def slip(city, login_api):
    return FeeSlip.objects.get(pk=register_notary(login_api(city.officer))["fee_slips"][0]["id"])


def test_slip_list_is_paginated_searchable_and_has_a_fixed_query_budget(
    city, login_api, client, django_assert_max_num_queries
):
    for _ in range(26):  # older slips, more than a page
        register(city.officer)
    slip = FeeSlip.objects.get(pk=register_notary(login_api(city.officer))["fee_slips"][0]["id"])
    client.force_login(city.supervisor)
    # session, user, COUNT, page (slips joined with office/file/property/vehicle/municipality/payment)
    with django_assert_max_num_queries(6):
        page = client.get("/billing/slips/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "۲۵ در همه" not in body and slip.bill_id in to_ascii_digits(body)
    assert FeeSlip.objects.count() > 25
    assert "page=2" in body
    found = client.get("/billing/slips/", {"q": slip.bill_id}).content.decode()
    assert to_ascii_digits(found).count(slip.bill_id) >= 1 and "هیچ فیشی" not in found
    only_paid = client.get("/billing/slips/", {"status": "paid", "q": slip.bill_id}).content.decode()
    assert "هیچ فیشی با این شرایط پیدا نشد" in only_paid


def test_who_sees_a_slip(city, slip, client):
    url = f"/billing/slips/{slip.pk}/"
    for user, status in [
        (city.officer, 200),
        (city.manager, 200),
        (city.municipal, 200),
        (city.supervisor, 200),
        (city.other_municipal, 404),
        (city.colleague, 404),
        (city.citizen, 404),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == status, user.username


def test_slip_page_shows_both_ids_and_the_barcode(city, slip, client):
    client.force_login(city.officer)
    body = client.get(f"/billing/slips/{slip.pk}/").content.decode()
    assert slip.bill_id in to_ascii_digits(body) and slip.payment_id in to_ascii_digits(body)
    assert "۱٬۵۵۰٬۰۰۰ ریال" in body
    # The barcode is an image of its own (its SVG's styles are the image's, outside the page's CSP, which
    # allows no inline style): the page itself carries no SVG with inline styles.
    assert "<svg" not in body
    found = re.search(
        r'<img class="img-fluid" src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"[^>]*slip-barcode', body
    )
    svg = base64.b64decode(found.group(1)).decode()
    assert svg.count("<rect") > 30 and "fill:white" in svg.replace(" ", "")


def test_slip_pdf_text_carries_the_bill_and_payment_ids(city, slip, client):
    client.force_login(city.officer)
    response = client.get(f"/billing/slips/{slip.pk}/slip.pdf")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "slip.pdf").write_bytes(response.content)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True).stdout
    text = to_ascii_digits(text.decode())
    for mark in "\u202a\u202b\u202c\u202d\u202e":
        text = text.replace(mark, "")
    assert slip.bill_id in text and slip.payment_id in text
    # pdftotext splits the combining hamza of «شناسهٔ» off its letter.
    assert "شناس" in text and "فیش" in text


def test_case_page_panel_lists_the_slips(city, slip):
    from cases.plugins import registry

    [(template, context)] = [p for p in registry().page_panels(slip.case, city.officer) if "billing" in p[0]]
    from django.template.loader import render_to_string

    html = render_to_string(template, context)
    assert slip.bill_id in html and slip.payment_id in html


def test_settlement_screen_and_excel_show_the_offices_share(city, slip, client, login_api):
    assert bank_pay(slip, "SET-1").status_code == 201
    elsewhere = FeeSlip.objects.get(case=register(city.colleague))  # office_b's paid slip
    assert bank_pay(elsewhere, "SET-2").status_code == 201
    today = to_jalali(timezone.localdate())
    client.force_login(city.manager)
    page = client.get("/billing/settlement/", {"year": today.year, "month": today.month})
    assert page.status_code == 200
    body = page.content.decode()
    shown = to_ascii_digits(body)
    assert city.office.code in shown and city.office_b.code not in shown  # only their office
    assert "۳۵۰٬۰۰۰" in body  # the counter-fee part of the paid slip
    assert "پول در ماهی که پرداخت شد" in body  # what each column counts, said on the page
    excel = client.get("/billing/settlement/export.xlsx", {"year": today.year, "month": today.month})
    sheet = load_workbook(io.BytesIO(excel.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert city.office_b.code not in {r[0] for r in rows}
    office_row = next(r for r in rows if r[0] == city.office.code)
    assert office_row[6] >= 1_550_000 and office_row[7] >= 350_000
    client.force_login(city.officer)
    assert client.get("/billing/settlement/").status_code == 403


def test_settlement_counts_only_live_slips_the_office_issued_for_its_services(city, client):
    from billing.services import issue_office_fine_slip
    from tests.billing.test_duties import assessed_property

    parcel = assessed_property()
    client.force_login(city.officer)
    for _ in range(3):  # each slip replaces the one before: one is live
        assert (
            client.post("/billing/renewal/", {"renewal_code": parcel.renewal_code, "action": "issue"}).status_code
            == 302
        )
    live = FeeSlip.objects.get(parcel=parcel, status="issued")
    assert FeeSlip.objects.filter(parcel=parcel, status="void").count() == 2
    fine = issue_office_fine_slip(office=city.office, amount_rials=5_000_000, description="تخلف", actor=city.supervisor)
    bank_pay(fine, "FINE-1")  # the office paid its own fine: not money it collected
    today = to_jalali(timezone.localdate())
    client.force_login(city.manager)
    page = client.get("/billing/settlement/", {"year": today.year, "month": today.month}).content.decode()
    assert "فیشی که با فیش تازه‌تری جایگزین شده" in page  # what is counted, said on the page
    excel = client.get("/billing/settlement/export.xlsx", {"year": today.year, "month": today.month})
    rows = list(load_workbook(io.BytesIO(excel.content)).active.iter_rows(values_only=True))
    office_row = next(r for r in rows if r[0] == city.office.code)
    assert office_row[3:8] == (1, live.amount_rials, 0, 0, 0)
    assert any("فیشی که با فیش تازه‌تری جایگزین شده" in str(r[0]) for r in rows)  # and in the sheet


def test_a_used_tariff_is_never_edited_a_change_is_a_new_version(slip):
    used = slip.tariff
    with pytest.raises(Conflict) as info:
        update_tariff(tariff=used, counter_fee_rials=400_000)
    assert "نسخهٔ تازه" in info.value.message
    with pytest.raises(DomainError):
        add_tariff(
            service="notary_inquiry",
            valid_from=used.valid_from,
            municipality_fee_rials=1_000,
            counter_fee_rials=0,
            approval_reference="x",
            approved_on=used.valid_from,
        )
    with pytest.raises(DomainError) as info:
        add_tariff(
            service="notary_inquiry",
            valid_from=timezone.localdate(),
            municipality_fee_rials=1_500,
            counter_fee_rials=0,
            approval_reference="x",
            approved_on=timezone.localdate(),
        )
    assert "municipality_fee_rials" in info.value.fields
    newer = add_tariff(
        service="notary_inquiry",
        valid_from=timezone.localdate(),
        municipality_fee_rials=1_300_000,
        counter_fee_rials=400_000,
        approval_reference="مصوبه ۱۴۰۵/۲۰۰",
        approved_on=timezone.localdate() - datetime.timedelta(days=3),
    )
    assert newer.year == to_jalali(timezone.localdate()).year
    from billing.selectors import tariff_in_force

    assert tariff_in_force("notary_inquiry") == newer
    slip.refresh_from_db()
    assert slip.amount_rials == 1_550_000  # the slip keeps the price it was issued at


def test_the_admin_refuses_to_edit_a_used_tariff(city, slip, client):
    client.force_login(city.admin)
    tariff = slip.tariff
    response = client.post(
        f"/admin/billing/tariff/{tariff.pk}/change/",
        {
            "service": "notary_inquiry",
            "valid_from": "1405/01/01",
            "municipality_fee_rials": 1,
            "counter_fee_rials": 2,
            "approval_reference": "x",
            "approved_on": "1404/12/10",
        },
    )
    assert response.status_code == 200
    assert "با این تعرفه فیش صادر شده" in response.content.decode()
    tariff.refresh_from_db()
    assert tariff.municipality_fee_rials == 1_200_000
    assert Tariff.history.filter(id=tariff.pk).count() == 1
    unused = Tariff.objects.create(
        service_id="excavation",
        year=1406,
        valid_from=datetime.date(2027, 3, 21),
        municipality_fee_rials=1000,
        counter_fee_rials=0,
        approval_reference="x",
        approved_on=datetime.date(2027, 3, 1),
    )
    saved = client.post(
        f"/admin/billing/tariff/{unused.pk}/change/",
        {
            "service": "excavation",
            "valid_from": "۱۴۰۶/۰۱/۰۱",
            "municipality_fee_rials": 3_000_000,
            "counter_fee_rials": 500_000,
            "approval_reference": "مصوبه",
            "approved_on": "1405/12/10",
        },
    )
    assert saved.status_code == 302, saved.content.decode()[:2000]
    unused.refresh_from_db()
    assert unused.municipality_fee_rials == 3_000_000 and Tariff.history.filter(id=unused.pk).count() == 2
