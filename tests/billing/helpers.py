"""Builders for the billing tests: registering a file over the API, paying a slip as the bank or a cashier."""

import hashlib
import hmac
import json
import time

from rest_framework.test import APIClient

from billing.models import FeeSlip
from tests.cases.helpers import notary_payload

# The bank the billing tests configure (tests/billing/conftest.py).
BANK, BANK_KEY = "testbank", "test-bank-key"


def register_notary(api, **overrides):
    response = api.post("/api/v1/cases/", notary_payload(**overrides), format="json")
    assert response.status_code == 201, response.content
    return response.json()


def payment_body(slip, ref, **overrides):
    body = {
        "bill_id": slip["bill_id"] if isinstance(slip, dict) else slip.bill_id,
        "payment_id": slip["payment_id"] if isinstance(slip, dict) else slip.payment_id,
        "amount_rials": slip["amount_rials"] if isinstance(slip, dict) else slip.amount_rials,
        "reference": ref,
    }
    body.update(overrides)
    return body


def signed_post(path, body, *, bank=BANK, key=BANK_KEY, timestamp=None, signed_body=None):
    """POST as a bank's system: the body signed under the bank's key (billing.bank_keys).
    ``signed_body`` signs other bytes than those sent (a tampered request)."""
    raw = json.dumps(body).encode()
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signed = raw if signed_body is None else signed_body
    signature = hmac.new(key.encode(), f"{stamp}\nPOST\n{path}\n".encode() + signed, hashlib.sha256).hexdigest()
    return APIClient().generic(
        "POST",
        path,
        raw,
        content_type="application/json",
        HTTP_X_BANK_ID=bank,
        HTTP_X_BANK_TIMESTAMP=stamp,
        HTTP_X_BANK_SIGNATURE=signature,
    )


def bank_pay(slip, ref, **overrides):
    """The bank's systems report a payment of ``slip`` under reference ``ref``."""
    return signed_post("/api/v1/payments/", payment_body(slip, ref, **overrides))


def pay(api, slip, ref, **overrides):
    """``api``'s own user reports a payment (only a cashier of the slip's office may: channel pos)."""
    return api.post("/api/v1/payments/", payment_body(slip, ref, **overrides), format="json")


def slip_of(case_id):
    return FeeSlip.objects.get(case_id=case_id, kind__in=FeeSlip.FILE_KINDS)


def sign_file(data, key=BANK_KEY):
    return hmac.new(key.encode(), data, hashlib.sha256).hexdigest()
