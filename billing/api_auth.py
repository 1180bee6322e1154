"""The bank's systems as an API caller: a signed request, not a user account.

See billing.bank_keys for the signature. A request without ``X-Bank-Id`` is left to the other
authentication classes (a cashier's token or session); a request with it is the bank's or is
refused (401), never quietly treated as anonymous.
"""

import time

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication

from billing import bank_keys
from core.validators import is_digits


class BankCaller:
    """request.user for a bank's signed request."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    role = "bank"
    pk = id = None

    def __init__(self, bank):
        self.bank = bank

    def __str__(self):
        return f"bank:{self.bank}"


class BankSignatureAuthentication(BaseAuthentication):
    def authenticate(self, request):
        bank = request.META.get("HTTP_X_BANK_ID")
        if bank is None:
            return None
        timestamp = request.META.get("HTTP_X_BANK_TIMESTAMP", "")
        signature = request.META.get("HTTP_X_BANK_SIGNATURE", "")
        refused = exceptions.AuthenticationFailed(_("The bank's signature is missing, expired or wrong."))
        if bank not in bank_keys.banks() or not is_digits(timestamp) or len(timestamp) > 12:
            raise refused
        if abs(time.time() - int(timestamp)) > settings.BILLING_BANK_SIGNATURE_MAX_AGE:
            raise refused
        message = bank_keys.request_message(timestamp, request.method, request.path, request._request.body)
        if not bank_keys.verify(bank, message, signature):
            raise refused
        return BankCaller(bank), None

    def authenticate_header(self, request):
        return "Bank-Signature"


class BankSignatureScheme(OpenApiAuthenticationExtension):
    target_class = "billing.api_auth.BankSignatureAuthentication"
    name = "bankSignature"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-Bank-Signature",
            "description": (
                "The bank's systems: X-Bank-Id (the bank's name), X-Bank-Timestamp (Unix seconds, within "
                "BILLING_BANK_SIGNATURE_MAX_AGE of now) and X-Bank-Signature = hex HMAC-SHA256 under the bank's "
                'key (BILLING_BANK_KEYS) of "<timestamp>\\n<METHOD>\\n<path>\\n" followed by the body bytes.'
            ),
        }
