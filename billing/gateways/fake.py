"""The embedded default's stand-in bank (DEBUG only): the whole IPG round trip inside Pishkhan.

It keeps its own "bank side" in the cache, as a bank keeps its ledger: a token per order, the
payer's decision on the bank page (``billing.views.gateway.fake_bank``), and verify, settle and
reverse answered from that ledger, so the flow through ``billing.services.online`` is the one a
real bank takes. Settings refuse it with DEBUG off (pishkhan/settings.py, billing.checks).
"""

import secrets

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from billing.gateways.base import Callback, Gateway, GatewayError, Verification, text_param

PAID, CANCELLED, VERIFIED, SETTLED, REVERSED = "paid", "cancelled", "verified", "settled", "reversed"


class FakeGateway(Gateway):
    name = "fake"
    ttl = 30 * 60

    @staticmethod
    def _key(token):
        return f"billing:fake-bank:{token}"

    def _save(self, token, session):
        cache.set(self._key(token), session, self.ttl)
        return session

    def session(self, token):
        """The bank's record of a token, or None (unknown or expired)."""
        if not token or len(token) > 64:
            return None
        return cache.get(self._key(token))

    # --- what Pishkhan asks, server to bank ------------------------------------------------------------------

    def request_token(self, *, order_id, amount_rials, callback_url, mobile=""):
        token = secrets.token_hex(16)
        self._save(
            token,
            {
                "order_id": str(order_id),
                "amount": int(amount_rials),
                "callback": callback_url,
                "state": "new",
                "rrn": "",
                "trace_no": "",
            },
        )
        return token

    def redirect_url(self, token):
        return reverse("billing:fake_bank", args=[token])

    def parse_callback(self, params):
        token = text_param(params, "token", 64)
        order_id = text_param(params, "order_id", 20)
        code = text_param(params, "res_code", 10)
        if not token or not order_id:
            raise GatewayError("the callback names no token or order")
        return Callback(token=token, order_id=order_id, ok=code == "0", code=code)

    def verify(self, *, token, order_id, amount_rials):
        session = self.session(token)
        if session is None or session["order_id"] != str(order_id):
            return Verification(ok=False, message="unknown token")
        if session["state"] not in (PAID, VERIFIED, SETTLED):
            return Verification(ok=False, message=f"not paid ({session['state']})")
        if session["state"] == PAID:
            session["state"] = VERIFIED
            self._save(token, session)
        return Verification(
            ok=True,
            amount_rials=session["amount"],
            order_id=session["order_id"],
            rrn=session["rrn"],
            trace_no=session["trace_no"],
        )

    def settle(self, *, token, order_id):
        session = self.session(token)
        if session is None or session["state"] not in (VERIFIED, SETTLED):
            raise GatewayError("nothing verified to settle")
        session["state"] = SETTLED
        self._save(token, session)

    def reverse(self, *, token, order_id):
        session = self.session(token)
        if session is None:
            raise GatewayError("unknown token")
        session["state"] = REVERSED
        self._save(token, session)

    # --- what the payer does on the bank's page --------------------------------------------------------------

    def pay(self, token):
        session = self.session(token)
        if session is None:
            raise GatewayError("unknown token")
        if session["state"] == "new":
            session.update(
                state=PAID,
                # Shaparak's shapes: a 12-digit retrieval reference and a 6-digit trace number.
                rrn=str(secrets.randbelow(9 * 10**11) + 10**11),
                trace_no=str(secrets.randbelow(9 * 10**5) + 10**5),
                paid_at=timezone.now().isoformat(),
            )
            self._save(token, session)
        return session

    def cancel(self, token):
        session = self.session(token)
        if session is None:
            raise GatewayError("unknown token")
        if session["state"] == "new":
            session["state"] = CANCELLED
            self._save(token, session)
        return session

    @staticmethod
    def callback_fields(token, session):
        """What the bank's page posts back to Pishkhan: 0 paid, 17 cancelled by the payer."""
        return {"token": token, "order_id": session["order_id"], "res_code": "0" if session["state"] == PAID else "17"}
