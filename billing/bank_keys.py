"""Banks' shared secrets (``settings.BILLING_BANK_KEYS``): how Pishkhan knows a bank said so.

A bank's systems sign what they send with HMAC-SHA256 under their key, written as lowercase hex:

- a call of ``POST /api/v1/payments/``: headers ``X-Bank-Id`` (the bank's name in the setting),
  ``X-Bank-Timestamp`` (Unix seconds; refused when further than ``BILLING_BANK_SIGNATURE_MAX_AGE``
  from now) and ``X-Bank-Signature`` = HMAC(key, "<timestamp>\\n<METHOD>\\n<path>\\n" + body bytes);
- a daily reconciliation file: HMAC(key, the file's bytes), typed beside the file on upload
  (``python manage.py sign_bank_file FILE --bank NAME`` prints it, for testing a key).
"""

import hashlib
import hmac
import re

from django.conf import settings

SIGNATURE = re.compile(r"^[0-9a-f]{64}$")


def banks():
    return sorted((getattr(settings, "BILLING_BANK_KEYS", None) or {}).keys())


def _key(bank):
    key = (getattr(settings, "BILLING_BANK_KEYS", None) or {}).get(bank)
    return key.encode() if key else None


def sign(bank, message):
    key = _key(bank)
    if key is None:
        raise KeyError(bank)
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def verify(bank, message, signature):
    """True when ``signature`` is the bank's signature of ``message`` (bytes)."""
    key = _key(bank)
    signature = (signature or "").strip().lower()
    if key is None or not SIGNATURE.match(signature):
        return False
    return hmac.compare_digest(hmac.new(key, message, hashlib.sha256).hexdigest(), signature)


def request_message(timestamp, method, path, body):
    return f"{timestamp}\n{method.upper()}\n{path}\n".encode() + (body or b"")
