"""A permit over HTTP, from its documented example to the permit, its PDF and its verification; an
extension; certificates with and without a deviation."""

import datetime
import re
import subprocess

import pytest
from rest_framework.test import APIClient

from billing.models import FeeSlip
from core.validators import to_persian_digits
from permits.models import Certificate, Permit
from tests.letters.helpers import loose, pdf_text
from tests.permits.factories import make_city
from tests.permits.helpers import act, client_for, permit_file, register, registration, visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(db):
    return make_city()


def test_a_new_building_permit_from_its_example_to_a_verified_pdf(city, tmp_path):
    officer, case_id, permit = permit_file(city)
    shown = officer.get(f"/api/v1/cases/{case_id}/").json()
    assert shown["permit"]["number"] == permit.number
    assert shown["permit"]["status"] == "valid"
    assert shown["details"]["floors_above"] == 3 and shown["details"]["owners"][0]["name"] == "علی رضایی"
    assert permit.number.startswith(f"{permit.year}/03/0000")
    assert permit.data["plan_review"] and permit.data["floors_above"] == 3

    response = officer.get(f"/api/v1/cases/{case_id}/permit.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "permit.pdf"
    path.write_bytes(response.content)
    text = pdf_text(path)
    assert permit.number in text
    assert "علی رضایی" in text
    # One page, its QR code and verification code with it (they spilled alone onto a second page).
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+1\n", info), info
    assert permit.verification_code in text
    # pdftotext splits the ligature of لا; the floors row still reads "floors above ground … 3".
    assert re.search(r"طبقات با\S*ی زمین\s+3\s", text), text

    page = APIClient().get(f"/verify/{permit.verification_code}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "این پروانه را شهرداری صادر کرده و معتبر است" in html and to_persian_digits(permit.number) in html
    api = APIClient().get(f"/api/v1/letters/verify/{permit.verification_code}/").json()
    assert api["kind"] == "permit" and api["valid"] is True and api["status"] == "valid"

    detail = officer.get(f"/api/v1/permits/{permit.number}/").json()
    assert detail["status"] == "valid" and [f["id"] for f in detail["files"]] == [case_id]


def test_an_extension_moves_the_permit_validity(city):
    officer, _case_id, permit = permit_file(city)
    before = permit.valid_until
    _officer, ext_id = register(
        city, "permit_extension", {"permit_number": permit.number, "request_reason": "تأخیر در ساخت"}
    )
    assert act(officer, ext_id, "accept")["state"] == "municipal_review"
    act(client_for(city.municipal), ext_id, "issue_response", result="approved", text="تمدید شد.")
    permit.refresh_from_db()
    assert permit.status == "extended"
    assert permit.valid_until == before.replace(year=before.year + 1)
    files = officer.get(f"/api/v1/permits/{permit.number}/").json()["files"]
    assert ext_id in [f["id"] for f in files]


def test_an_extension_of_a_completed_permit_is_refused_with_the_reason(city):
    _officer, _case_id, permit = permit_file(city)
    Permit.objects.filter(pk=permit.pk).update(status="completed")
    officer = client_for(city.officer)
    response = officer.post(
        "/api/v1/cases/",
        {
            "service": "permit_extension",
            "office": city.office.pk,
            "applicant": {
                "national_id": "0499370899",
                "first_name": "علی",
                "last_name": "رضایی",
                "mobile": "09131112233",
            },
            "property": {"renewal_code": "03-120-045-001-01-003", "address": "خیابان آزمون", "district": 3},
            "details": {"permit_number": permit.number},
        },
        format="json",
    )
    assert response.status_code == 400
    assert "details.permit_number" in response.json()["errors"]


def test_a_completion_certificate_with_a_deviation_goes_to_the_commission_and_gets_a_fine_slip(city):
    _officer, _case_id, permit = permit_file(city)
    officer, cert_id = register(city, "completion_certificate", {"permit_number": permit.number})
    deviation = [{"item": "تعداد طبقات", "permitted": "۳", "built": "۴"}]
    visit(city, officer, cert_id, deviations=deviation)
    shown = officer.get(f"/api/v1/cases/{cert_id}/").json()
    assert shown["state"] == "commission_review"
    assert shown["commission"]["deviations"] == [{"item": "تعداد طبقات", "permitted": "3", "built": "4"}]

    municipal = client_for(city.municipal)
    act(municipal, cert_id, "record_commission_decision", expect=400, decision="fine")
    # An amount is taken as typed or refused, never rounded (1,500 rials was billed as 1,000).
    for amount in (1500, 100_000_000_000):
        refused = act(municipal, cert_id, "record_commission_decision", expect=400, decision="fine", fine_rials=amount)
        assert refused["errors"]["fine_rials"], refused
    assert not FeeSlip.objects.filter(case_id=cert_id).exists()
    decided = act(municipal, cert_id, "record_commission_decision", decision="fine", fine_rials=50_000_000)
    assert decided["state"] == "municipal_review"
    fine = FeeSlip.objects.get(case_id=cert_id)
    assert fine.amount_rials == 50_000_000
    # The certificate waits until the fine is paid.
    act(municipal, cert_id, "issue_response", expect=409, result="approved", text="گواهی صادر شود.")
    assert not Certificate.objects.filter(case_id=cert_id).exists()


def test_a_completion_certificate_without_deviation_completes_the_permit(city):
    _officer, _case_id, permit = permit_file(city)
    officer, cert_id = register(city, "completion_certificate", {"permit_number": permit.number})
    assert visit(city, officer, cert_id, deviations=[])["state"] == "municipal_review"
    act(client_for(city.municipal), cert_id, "issue_response", result="approved", text="پایان کار صادر شد.")
    permit.refresh_from_db()
    assert permit.status == "completed"
    certificate = Certificate.objects.get(case_id=cert_id)
    assert certificate.kind == "completion" and certificate.number.startswith(
        f"{certificate.issued_at.year and permit.year}/03/P"
    )
    verified = APIClient().get(f"/api/v1/letters/verify/{certificate.verification_code}/").json()
    assert verified["kind"] == "completion_certificate" and verified["permit_number"] == permit.number
    assert officer.get(f"/api/v1/cases/{cert_id}/permit.pdf").status_code == 200


def test_permits_of_another_district_are_not_found(city):
    _officer, _case_id, permit = permit_file(city)
    other = make_city(code="othercity", district_number=4)
    assert client_for(other.municipal).get(f"/api/v1/permits/{permit.number}/").status_code == 404
    assert client_for(other.officer).get("/api/v1/cases/1/permit.pdf").status_code == 404
    assert datetime.date.today()  # the permits' dates are local dates


def test_a_plan_review_on_a_block_without_a_zonal_value_says_who_records_it(city):
    import copy

    from cases.plugins import registry
    from tests.permits.helpers import REVIEW

    example = copy.deepcopy(registry().family("building_permit").example("building_permit"))
    officer, case_id = register(city, "building_permit", example, code="03-999-045-001-01-002")
    assert visit(city, officer, case_id)["state"] == "plan_review"
    refused = act(officer, case_id, "complete_plan_review", expect=400, **REVIEW)
    assert refused["code"] == "zonal-value-missing"
    assert "۹۹۹" in refused["detail"] or "999" in refused["detail"]
    assert "واحد نظارت" in refused["detail"] and "دوباره" in refused["detail"]
    assert officer.get(f"/api/v1/cases/{case_id}/").json()["state"] == "plan_review"


def test_the_permit_page_offers_its_pdf_and_its_verification_page(city):
    from django.test import Client

    _officer, case_id, permit = permit_file(city)
    page_client = Client()
    page_client.force_login(city.municipal)
    page = page_client.get(f"/permits/{permit.number}/").content.decode()
    assert f'href="/api/v1/cases/{case_id}/permit.pdf"' in page
    assert f'href="/verify/{permit.verification_code}"' in page
    pdf = page_client.get(f"/api/v1/cases/{case_id}/permit.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert page_client.get(f"/verify/{permit.verification_code}").status_code == 200


def test_the_permits_list_filters_by_choices_of_year_district_and_status(city):
    from django.test import Client

    from core.jalali import jalali_year

    _officer, _case_id, permit = permit_file(city)
    client = Client()
    client.force_login(city.municipal)
    page = client.get("/permits/").content.decode()
    assert permit.number in page
    # The year and district are choices (with "all"), the status too: nothing to guess how to type.
    assert '<select id="f-year" name="year"' in page and f'<option value="{jalali_year()}">' in page
    assert '<select id="f-district" name="district"' in page
    assert f'<option value="{permit.district.number}">' in page
    assert 'name="status" class="form-select"><option value="">همه</option>' in page
    chosen = client.get("/permits/", {"district": permit.district.number, "year": permit.year}).content.decode()
    assert permit.number in chosen and f'<option value="{permit.district.number}" selected>' in chosen
    other = client.get("/permits/", {"year": permit.year - 1}).content.decode()
    assert permit.number not in other


def test_the_building_fee_slip_says_what_each_line_charges_on_screen_and_in_print(city, tmp_path):
    from django.test import Client
    from django.urls import reverse

    _officer, case_id, _permit = permit_file(city)
    slip = FeeSlip.objects.get(case_id=case_id, amount_rials=792_000_000)
    client = Client()
    client.force_login(city.officer)
    page = client.get(f"/billing/slips/{slip.pk}/").content.decode()
    details = re.findall(r'data-testid="item-detail">([^<]+)<', page)
    assert len(details) == 4 and len(set(details)) >= 2  # the basement's line differs from the floors'
    assert "۱۵۰" in details[0] and "۰٫۴" in details[0]
    path = tmp_path / "slip.pdf"
    path.write_bytes(client.get(reverse("billing:slip_pdf", args=[slip.pk])).content)
    printed = pdf_text(path)  # digits read back as ASCII
    assert "150" in printed and "2,000,000" in printed.replace("٬", ",")


def test_a_permits_file_takes_the_documents_of_its_service(city):
    from cases.plugins import registry
    from tests.cases.helpers import PDF, upload

    example = registry().family("building_permit").example("building_permit")
    officer, case_id = register(city, "building_permit", example)
    refused = officer.post(
        f"/api/v1/cases/{case_id}/documents/",
        {"kind": "inquiry_letter", "file": upload("letter.pdf", PDF)},
        format="multipart",
    )
    assert refused.status_code == 400 and refused.json()["errors"]["kind"] == ["پروندهٔ این خدمت چنین مدرکی نمی‌پذیرد."]
    taken = officer.post(
        f"/api/v1/cases/{case_id}/documents/", {"kind": "plans", "file": upload("plans.pdf", PDF)}, format="multipart"
    )
    assert taken.status_code == 201, taken.content
    from django.test import Client

    page = Client()
    page.force_login(city.officer)
    html = page.get(f"/cases/{case_id}/").content.decode()
    offered = re.search(r'<select name="kind"[^>]*>(.*?)</select>', html, re.S).group(1)  # the upload form's
    assert 'value="plans"' in offered and 'value="inquiry_letter"' not in offered
    # Nor is such a document asked for in a correction.
    item = {"kind": "document", "target": "inquiry_letter", "note": "نامه را بفرستید"}
    asked = act(officer, case_id, "return_to_applicant", expect=400, note="ناقص است", items=[item])
    assert "items.0.target" in asked["errors"], asked
    act(officer, case_id, "return_to_applicant", note="ناقص است", items=[{**item, "target": "plans"}])


def test_floors_are_named_on_the_file_the_permit_page_and_the_pdf(city, tmp_path):
    from django.test import Client

    _officer, case_id, permit = permit_file(city)
    client = Client()
    client.force_login(city.municipal)
    file_page = client.get(f"/cases/{case_id}/").content.decode()
    assert "زیرزمین اول (مسکونی): ۱۵۰ متر مربع، همکف (مسکونی): ۱۴۰ متر مربع" in file_page
    assert "طبقهٔ دوم (مسکونی): ۱۴۰ متر مربع" in file_page
    assert "m²" not in file_page

    permit_page = client.get(f"/permits/{permit.number}/").content.decode()
    floors = permit_page.split('data-testid="permit-floors"')[1].split("</table>")[0]
    assert [name in floors for name in ("زیرزمین اول", "همکف", "طبقهٔ اول", "طبقهٔ دوم")] == [True] * 4
    assert "-۱" not in floors

    path = tmp_path / "permit.pdf"
    path.write_bytes(client.get(f"/api/v1/cases/{case_id}/permit.pdf").content)
    text = loose(pdf_text(path))
    # pdftotext moves the hamza of «طبقهٔ» around: the ordinals beside their use are enough.
    assert loose("زیرزمین اول مسکونی 150 همکف مسکونی 140") in text, text
    assert loose("اول مسکونی 140") in text and loose("دوم مسکونی 140") in text


def test_the_building_fee_slip_is_titled_by_its_kind_and_names_the_reference_as_the_bank_receipt_does(city):
    from django.test import Client
    from django.urls import reverse

    _officer, case_id, _permit = permit_file(city)  # its building-fee slip is paid on the way
    slip = FeeSlip.objects.get(case_id=case_id)
    client = Client()
    client.force_login(city.municipal)
    page = client.get(reverse("billing:slip", args=[slip.pk])).content.decode()
    title = page.split('data-testid="slip-title">')[1].split("</h1>")[0]
    assert "عوارض پروانهٔ ساختمانی" in title and "هزینهٔ خدمت" not in title
    reference = page.split('data-testid="payment-reference"')[0].rsplit("<dt", 1)[1]
    assert "شمارهٔ مرجع" in reference and "پیگیری" not in reference


def test_a_permits_response_letter_answers_a_request_not_an_inquiry(city, tmp_path):
    from inquiries.letters.pdf import render_pdf
    from inquiries.models import Letter

    _officer, case_id, _permit = permit_file(city)
    letter = Letter.objects.get(case_id=case_id)
    assert letter.content["request"] is True
    path = tmp_path / "letter.pdf"
    path.write_bytes(render_pdf(letter))
    text = loose(pdf_text(path))
    assert "پاسخدرخواست" in text and "پاسخاستعلام" not in text  # loose: without spaces


def test_a_floor_table_that_does_not_match_the_floor_counts_says_what_it_expects(city):
    import copy

    from cases.plugins import registry

    example = copy.deepcopy(registry().family("building_permit").example("building_permit"))
    example["floors_above"], example["floors_below"] = 2, 0
    example["floor_areas"] = [{"level": level, "use": "residential", "area": "120"} for level in (0, 1, 2)]
    answer = client_for(city.officer).post(
        "/api/v1/cases/", registration(city, "building_permit", example, code="03-120-045-001-01-009"), format="json"
    )
    assert answer.status_code == 400, answer.content
    message = answer.json()["errors"]["details.floor_areas"][0]
    assert "۲ طبقه بالای زمین" in message and "همکف" in message and "اکنون ۳ و ۰ ردیف" in message
