"""Building a permit file over HTTP, step by step, as the permits tests share it."""

import copy

from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from billing.models import FeeSlip
from billing.services import record_payment
from cases.plugins import registry
from permits.models import Permit
from tests.cases.helpers import PDF
from tests.permits.factories import PASSWORD

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


def registration(city, service, details, code="03-120-045-001-01-002"):
    """The body of ``POST /api/v1/cases/`` for a file of ``service`` at the city's office."""
    return {
        "service": service,
        "office": city.office.pk,
        "applicant": {"national_id": "0499370899", "first_name": "علی", "last_name": "رضایی", "mobile": "09131112233"},
        "property": {"renewal_code": code, "address": "خیابان آزمون، پلاک ۳", "district": city.district.number},
        "details": details,
    }


def register(city, service, details, code="03-120-045-001-01-002"):
    officer = client_for(city.officer)
    response = officer.post("/api/v1/cases/", registration(city, service, details, code), format="json")
    assert response.status_code == 201, response.content
    case_id = response.json()["id"]
    attach(officer, case_id, service)
    return officer, case_id


def attach(officer, case_id, service):
    """The documents the service requires, as PDFs."""
    for kind in registry().flow(service).required_documents:
        r = officer.post(
            f"/api/v1/cases/{case_id}/documents/",
            {"kind": kind, "file": SimpleUploadedFile(f"{kind}.pdf", PDF, content_type="application/pdf")},
            format="multipart",
        )
        assert r.status_code == 201, r.content


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
