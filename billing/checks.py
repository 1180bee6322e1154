"""System checks: the payment settings a production server must not start with."""

from django.conf import settings
from django.core.checks import Error, register
from django.utils.module_loading import import_string


@register()
def payment_gateway(app_configs, **kwargs):
    from billing.gateways import ADAPTERS

    name = getattr(settings, "BILLING_GATEWAY", "")
    if not name:
        return []
    if name == "fake" and not settings.DEBUG:
        return [
            Error(
                "BILLING_GATEWAY is the built-in fake gateway while DEBUG is off.",
                hint="Set BILLING_GATEWAY to a real adapter (ipg or a dotted path), or leave it empty.",
                id="billing.E001",
            )
        ]
    if name == "ipg":
        missing = [
            key
            for key in ("BILLING_GATEWAY_URL", "BILLING_GATEWAY_TERMINAL", "BILLING_GATEWAY_KEY")
            if not getattr(settings, key, "")
        ]
        if missing:
            return [Error(f"BILLING_GATEWAY=ipg needs {', '.join(missing)}.", id="billing.E002")]
        return []
    try:
        import_string(ADAPTERS.get(name, name))
    except ImportError:
        return [Error(f"BILLING_GATEWAY {name!r} cannot be imported.", id="billing.E003")]
    return []
