"""The slip pages, the printed PDF, settlement, and tariffs that never change under a slip."""

import datetime
import io
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

pytestmark = pytest.mark.django_db


@pytest.fixture
def slip(demo_city, login_api):
    return FeeSlip.objects.get(pk=register_notary(login_api("officer"))["fee_slips"][0]["id"])


def test_slip_list_is_paginated_searchable_and_has_a_fixed_query_budget(slip, client, django_assert_max_num_queries):
    client.login(username="supervisor", password="pishkhan1403")
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


def test_who_sees_a_slip(slip, client):
    url = f"/billing/slips/{slip.pk}/"
    for username, status in [
        ("officer", 200),
        ("manager", 200),
        ("municipal", 200),
        ("supervisor", 200),
        ("municipal022", 404),
        ("officer01", 404),
        ("citizen", 404),
    ]:
        client.login(username=username, password="pishkhan1403")
        assert client.get(url).status_code == status, username


def test_slip_page_shows_both_ids_and_the_barcode(slip, client):
    client.login(username="officer", password="pishkhan1403")
    body = client.get(f"/billing/slips/{slip.pk}/").content.decode()
    assert slip.bill_id in to_ascii_digits(body) and slip.payment_id in to_ascii_digits(body)
    assert "<svg" in body and "۱٬۵۵۰٬۰۰۰ ریال" in body


def test_slip_pdf_text_carries_the_bill_and_payment_ids(slip, client):
    client.login(username="officer", password="pishkhan1403")
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


def test_case_page_panel_lists_the_slips(slip):
    from cases.plugins import registry
    from tests.cases.helpers import user

    [(template, context)] = [p for p in registry().page_panels(slip.case, user("officer")) if "billing" in p[0]]
    from django.template.loader import render_to_string

    html = render_to_string(template, context)
    assert slip.bill_id in html and slip.payment_id in html


def test_settlement_screen_and_excel_show_the_offices_share(slip, client, login_api):
    assert bank_pay(slip, "SET-1").status_code == 201
    today = to_jalali(timezone.localdate())
    client.login(username="manager", password="pishkhan1403")
    page = client.get("/billing/settlement/", {"year": today.year, "month": today.month})
    assert page.status_code == 200
    body = page.content.decode()
    assert "10370001" in to_ascii_digits(body) and "10370002" not in to_ascii_digits(body)  # only their office
    assert "۳۵۰٬۰۰۰" in body  # the counter-fee part of the paid slip
    excel = client.get("/billing/settlement/export.xlsx", {"year": today.year, "month": today.month})
    sheet = load_workbook(io.BytesIO(excel.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    office_row = next(r for r in rows if r[0] == "10370001")
    assert office_row[6] >= 1_550_000 and office_row[7] >= 350_000
    client.login(username="officer", password="pishkhan1403")
    assert client.get("/billing/settlement/").status_code == 403


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


def test_the_admin_refuses_to_edit_a_used_tariff(slip, client):
    client.login(username="admin", password="pishkhan1403")
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


def test_the_demo_seed_is_idempotent(demo_city):
    from billing.demo import seed
    from billing.models import FeeSlip, Payment, PropertyAssessment, Tariff, Vehicle

    def counts():
        return [m.objects.count() for m in (Tariff, PropertyAssessment, Vehicle, FeeSlip, Payment)]

    before = counts()
    assert before[0] == 13 * 3 and before[2] == 16
    seed(log=lambda *a: None)
    assert counts() == before
