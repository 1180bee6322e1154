"""A permit over HTTP, from its documented example to the permit, its PDF and its verification; an
extension; certificates with and without a deviation."""

import copy
import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from billing.models import FeeSlip
from billing.services import record_payment
from cases.plugins import registry
from core.validators import to_persian_digits
from permits.models import Certificate, Permit
from tests.cases.helpers import PDF
from tests.letters.helpers import pdf_text
from tests.permits.factories import PASSWORD, make_city

pytestmark = pytest.mark.django_db

REPORT = {
    "visited_on": "1403/07/15",
    "land_area": "240",
    "built_area": "570",
    "floors": "4",
    "usage": "residential",
    "findings": "زمین خالی، آماده ساخت",
}
REVIEW = {
    "land_use": "residential",
    "max_floors": 4,
    "max_occupancy_percent": "65",
    "max_density_percent": "200",
    "setback_m": "1.5",
    "setback_area_m2": "10",
    "street_width_m": "12",
}


@pytest.fixture
def city(db):
    return make_city()


def client_for(user):
    client = APIClient()
    token = client.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, format="json")
    assert token.status_code == 200, token.content
    client.credentials(HTTP_AUTHORIZATION="Token " + token.json()["token"])
    return client


def act(client, case_id, action, expect=200, **data):
    response = client.post(f"/api/v1/cases/{case_id}/actions/", {"action": action, **data}, format="json")
    assert response.status_code == expect, (action, response.content)
    return response.json()


def register(city, service, details, code="03-120-045-001-01-002"):
    officer = client_for(city.officer)
    payload = {
        "service": service,
        "office": city.office.pk,
        "applicant": {"national_id": "0499370899", "first_name": "علی", "last_name": "رضایی", "mobile": "09131112233"},
        "property": {"renewal_code": code, "address": "خیابان آزمون، پلاک ۳", "district": city.district.number},
        "details": details,
    }
    response = officer.post("/api/v1/cases/", payload, format="json")
    assert response.status_code == 201, response.content
    case_id = response.json()["id"]
    for kind in registry().flow(service).required_documents:
        r = officer.post(
            f"/api/v1/cases/{case_id}/documents/",
            {"kind": kind, "file": SimpleUploadedFile(f"{kind}.pdf", PDF, content_type="application/pdf")},
            format="multipart",
        )
        assert r.status_code == 201, r.content
    return officer, case_id


def visit(city, officer, case_id, **extra):
    act(officer, case_id, "accept")
    act(officer, case_id, "assign_inspector", inspector=city.inspector.pk)
    return act(client_for(city.inspector), case_id, "submit_visit_report", **REPORT, **extra)


def pay(slip):
    record_payment(
        bill_id=slip.bill_id,
        payment_id=slip.payment_id,
        amount_rials=slip.amount_rials,
        reference=f"REF{slip.pk:08d}",
        channel="api",
    )


def permit_file(city):
    """A new-building permit file taken to its permit; returns (officer, case id, permit)."""
    example = copy.deepcopy(registry().family("building_permit").example("building_permit"))
    officer, case_id = register(city, "building_permit", example)
    assert visit(city, officer, case_id)["state"] == "plan_review"

    # The rules as data: a zone of two floors is breached by three, and the review says so in Persian.
    refused = act(officer, case_id, "complete_plan_review", expect=400, **{**REVIEW, "max_floors": 2})
    assert refused["code"] == "plan-breaches"
    assert "۳ طبقه" in refused["detail"] and "۲" in refused["detail"]
    reviewed = act(officer, case_id, "complete_plan_review", **REVIEW)
    assert reviewed["state"] == "municipal_review"

    # The fee by formula (worked example): zonal value 2,000,000 rials of block 120,
    # basement 150 m² × 0.4 = 120,000,000; three floors of 140 m² × 0.8 = 224,000,000 each.
    slip = FeeSlip.objects.get(case_id=case_id)
    assert slip.amount_rials == 120_000_000 + 3 * 224_000_000 == 792_000_000
    lines = list(slip.items.order_by("id"))
    assert [line.amount_rials for line in lines] == [120_000_000, 224_000_000, 224_000_000, 224_000_000]
    assert "۱۵۰" in lines[0].description and "۲٬۰۰۰٬۰۰۰" in lines[0].description and "۰٫۴" in lines[0].description
    assert city.tariff.__class__.objects.get(pk=city.tariff.pk).used

    municipal = client_for(city.municipal)
    blocked = act(municipal, case_id, "issue_response", expect=409, result="approved", text="پروانه صادر شد.")
    assert blocked["code"] == "action-blocked"
    pay(slip)
    assert act(municipal, case_id, "issue_response", result="approved", text="پروانه صادر شد.")["state"] == "responded"
    return officer, case_id, Permit.objects.get(case_id=case_id)


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
