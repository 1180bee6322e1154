"""Online payment gateways (درگاه پرداخت): one small interface, one adapter per bank.

A gateway sends the payer to the bank (``start``) and, when the bank calls back, confirms the
payment and returns the bank's reference (``verify``). The payment itself is then recorded by
``billing.services.record_payment`` like any other, so a callback that arrives twice records
one payment.

The embedded default is ``FakeGateway``: a page of our own plays the bank, so the citizen's
flow (open the slip, pay, come back paid) works on a machine with no bank. Production sets
``BILLING_GATEWAY`` to a real adapter's dotted path.
"""

import abc
import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from core.errors import DomainError


class Gateway(abc.ABC):
    name = ""

    @abc.abstractmethod
    def start(self, slip, return_url):
        """Begin paying ``slip``; returns the URL to send the payer to."""

    @abc.abstractmethod
    def verify(self, data):
        """Check the bank's callback (a dict of its parameters plus ``slip``, the slip's id the
        callback arrived for); returns the bank reference.

        Raises DomainError when the callback is forged, cancelled or for another slip.
        """


class FakeGateway(Gateway):
    """A stand-in bank: a signed token carries the slip to our own "bank" page and back."""

    name = "fake"
    salt = "billing.fake-gateway"
    max_age = 30 * 60

    def start(self, slip, return_url):
        token = signing.dumps(
            {"slip": slip.pk, "bill_id": slip.bill_id, "amount": slip.amount_rials, "return": return_url},
            salt=self.salt,
        )
        return reverse("billing:fake_bank", args=[token])

    def read(self, token):
        try:
            return signing.loads(token, salt=self.salt, max_age=self.max_age)
        except signing.BadSignature as exc:
            raise DomainError("gateway-token", _("This payment link is not valid or has expired.")) from exc

    def callback_url(self, token, approved):
        session = self.read(token)
        reference = self.reference_for(token) if approved else ""
        signature = signing.dumps({"token": token, "reference": reference}, salt=self.salt)
        query = urlencode({"status": "OK" if approved else "NOK", "token": token, "signature": signature})
        return f"{session['return']}?{query}"

    @staticmethod
    def reference_for(token):
        # One token, one reference: a confirmation clicked twice is one payment.
        return "FAKE" + hashlib.sha256(token.encode()).hexdigest()[:16].upper()

    def verify(self, data):
        if data.get("status") != "OK":
            raise DomainError("gateway-cancelled", _("The payment was cancelled at the bank."))
        try:
            signed = signing.loads(data.get("signature", ""), salt=self.salt, max_age=self.max_age)
        except signing.BadSignature as exc:
            raise DomainError("gateway-forged", _("The bank's answer could not be verified.")) from exc
        if signed.get("token") != data.get("token") or not signed.get("reference"):
            raise DomainError("gateway-forged", _("The bank's answer could not be verified."))
        session = self.read(signed["token"])
        if str(session["slip"]) != str(data.get("slip")):
            raise DomainError("gateway-forged", _("The bank's answer could not be verified."))
        return signed["reference"]


def get_gateway():
    path = getattr(settings, "BILLING_GATEWAY", "billing.gateways.FakeGateway")
    return import_string(path)()
