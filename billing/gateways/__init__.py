"""Online payment gateways (درگاه پرداخت): one interface (``base.Gateway``), one adapter per bank.

``settings.BILLING_GATEWAY`` picks the adapter: ``ipg`` (the HTTP adapter in ``ipg.py``),
``fake`` (the stand-in bank in ``fake.py``, DEBUG only), a dotted path to another adapter, or
empty for no online payment. The payment itself is recorded by ``billing.services.online``.
"""

from django.conf import settings
from django.utils.module_loading import import_string

from billing.gateways.base import Callback, Gateway, GatewayError, Verification

ADAPTERS = {"ipg": "billing.gateways.ipg.IpgGateway", "fake": "billing.gateways.fake.FakeGateway"}

__all__ = ["ADAPTERS", "Callback", "Gateway", "GatewayError", "Verification", "get_gateway"]


def get_gateway():
    """The configured gateway, or None when online payment is off."""
    name = getattr(settings, "BILLING_GATEWAY", "")
    if not name:
        return None
    return import_string(ADAPTERS.get(name, name))()
