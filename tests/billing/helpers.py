"""Builders for the billing tests: registering a file over the API, paying a slip over the API."""

from billing.models import FeeSlip
from tests.cases.helpers import notary_payload


def register_notary(api, **overrides):
    response = api.post("/api/v1/cases/", notary_payload(**overrides), format="json")
    assert response.status_code == 201, response.content
    return response.json()


def pay(api, slip, ref, **overrides):
    body = {
        "bill_id": slip["bill_id"] if isinstance(slip, dict) else slip.bill_id,
        "payment_id": slip["payment_id"] if isinstance(slip, dict) else slip.payment_id,
        "amount_rials": slip["amount_rials"] if isinstance(slip, dict) else slip.amount_rials,
        "reference": ref,
    }
    body.update(overrides)
    return api.post("/api/v1/payments/", body, format="json")


def slip_of(case_id):
    return FeeSlip.objects.get(case_id=case_id, kind=FeeSlip.Kind.SERVICE_FEE)
