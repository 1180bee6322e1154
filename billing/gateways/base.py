"""The shape every online payment gateway has, in the style of Iran's internet payment gateways (IPG).

1. ``request_token``: server to bank, "this order, this amount, call me back here" → a token.
2. ``redirect``: the payer's browser goes to the bank's page with the token.
3. The bank sends the payer back to our callback with the token, the order and a result code;
   nothing in it is trusted (``parse_callback`` only reads it).
4. ``verify``: server to bank, "did this token really pay this amount?" → the bank's references.
5. ``settle``: server to bank, "keep the money"; ``reverse``: "give it back" (when verification
   fails, or the slip cannot take the payment any more).

``billing.services.online`` drives these steps and records the payment; an adapter only talks to
its bank. Adapters raise ``GatewayError`` when the bank cannot be reached or answers nonsense.
"""

import abc
from dataclasses import dataclass, field


class GatewayError(Exception):
    """The bank could not be reached, refused the request or answered something unreadable."""


@dataclass(frozen=True)
class Callback:
    token: str
    order_id: str
    ok: bool  # the bank's page says the payer paid (still to be verified)
    code: str = ""  # the bank's result code, for the record


@dataclass(frozen=True)
class Verification:
    ok: bool
    amount_rials: int | None = None
    order_id: str = ""
    rrn: str = ""  # the retrieval reference number (شماره مرجع): the payment's bank reference
    trace_no: str = ""  # the trace number (شماره پیگیری) shown to the payer
    card_mask: str = ""
    message: str = ""
    extra: dict = field(default_factory=dict)


class Gateway(abc.ABC):
    name = ""

    @abc.abstractmethod
    def request_token(self, *, order_id, amount_rials, callback_url, mobile=""):
        """Ask the bank for a payment token; returns it (raises GatewayError)."""

    @abc.abstractmethod
    def redirect_url(self, token):
        """Where to send the payer's browser (a GET) to pay with ``token``."""

    @abc.abstractmethod
    def parse_callback(self, params):
        """Read the bank's callback parameters into a Callback (raises GatewayError when unreadable)."""

    @abc.abstractmethod
    def verify(self, *, token, order_id, amount_rials):
        """Ask the bank whether ``token`` paid; returns a Verification (raises GatewayError)."""

    @abc.abstractmethod
    def settle(self, *, token, order_id):
        """Tell the bank to keep a verified payment (raises GatewayError)."""

    @abc.abstractmethod
    def reverse(self, *, token, order_id):
        """Tell the bank to return a payment to the payer (raises GatewayError)."""


def text_param(params, name, max_length=200):
    """One callback parameter as text: absent is "", anything too long or with NUL is refused."""
    value = params.get(name, "")
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    value = str(value).strip()
    if len(value) > max_length or "\x00" in value:
        raise GatewayError(f"callback parameter {name!r} is not valid")
    return value
