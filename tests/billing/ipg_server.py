"""A local fake of an Iranian internet payment gateway, for the IPG adapter's tests.

A tiny HTTP server on 127.0.0.1 (a random port) that speaks billing.gateways.ipg's dialect and
keeps a ledger: the tests play the payer at ``/pay/<token>`` and set knobs to make the bank
refuse verification, answer a wrong amount or fail to settle. ``calls`` records every server to
server call, so a test can see that a replayed callback asked the bank nothing.
"""

import hashlib
import hmac
import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

TERMINAL, KEY = "98765432", "ipg-test-key"


def _sign(*parts):
    return hmac.new(KEY.encode(), ";".join(str(p) for p in parts).encode(), hashlib.sha256).hexdigest()


class FakeIpg:
    def __init__(self):
        self.orders = {}  # token -> dict
        self.calls = []  # (endpoint, token or order)
        self.verify_code = 0  # anything else: the bank refuses verification
        self.verify_amount_delta = 0  # the bank confirms another amount
        self.settle_code = 0
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def endpoints_called(self):
        return [endpoint for endpoint, _ in self.calls]

    # --- the bank's answers --------------------------------------------------------------------------------------

    def token(self, body):
        if body.get("terminal_id") != TERMINAL or body.get("sign") != _sign(
            TERMINAL, body.get("order_id"), body.get("amount")
        ):
            return {"res_code": 11, "description": "bad signature"}
        token = secrets.token_hex(12)
        self.orders[token] = {
            "order_id": body["order_id"],
            "amount": body["amount"],
            "callback_url": body["callback_url"],
            "state": "new",
        }
        return {"res_code": 0, "token": token}

    def _order(self, body):
        token = body.get("token")
        if body.get("sign") != _sign(TERMINAL, token, body.get("order_id")):
            return None
        order = self.orders.get(token)
        return order if order and order["order_id"] == body.get("order_id") else None

    def verify(self, body):
        order = self._order(body)
        if order is None or order["state"] not in ("paid", "verified"):
            return {"res_code": 101, "description": "no such paid order"}
        if self.verify_code:
            return {"res_code": self.verify_code, "description": "verification refused"}
        order["state"] = "verified"
        return {
            "res_code": 0,
            "amount": order["amount"] + self.verify_amount_delta,
            "order_id": order["order_id"],
            "rrn": order["rrn"],
            "trace_no": "654321",
            "card_mask": "603799******1234",
        }

    def settle(self, body):
        order = self._order(body)
        if order is None or order["state"] != "verified" or self.settle_code:
            return {"res_code": self.settle_code or 102, "description": "cannot settle"}
        order["state"] = "settled"
        return {"res_code": 0}

    def reverse(self, body):
        order = self._order(body)
        if order is None or order["state"] == "settled":
            return {"res_code": 103, "description": "cannot reverse"}
        order["state"] = "reversed"
        return {"res_code": 0}

    def pay_page(self, token, decision):
        """The payer on the bank's page; answers what the bank's page would post back to the merchant."""
        order = self.orders.get(token)
        if order is None:
            return 404, {}
        if order["state"] == "new":
            if decision == "pay":
                order.update(state="paid", rrn=f"{secrets.randbelow(9 * 10**11) + 10**11}")
            else:
                order["state"] = "cancelled"
        code = "0" if order["state"] in ("paid", "verified", "settled") else "17"
        return 200, {
            "callback_url": order["callback_url"],
            "fields": {"token": token, "order_id": order["order_id"], "res_code": code},
        }

    def _handler(self):
        ipg = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status, body):
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def do_POST(self):
                endpoint = self.path.strip("/")
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                handler = {"token": ipg.token, "verify": ipg.verify, "settle": ipg.settle, "reverse": ipg.reverse}
                if endpoint not in handler:
                    return self._answer(404, {})
                with ipg.lock:
                    ipg.calls.append((endpoint, body.get("token") or body.get("order_id")))
                    return self._answer(200, handler[endpoint](body))

            def do_GET(self):
                url = urlparse(self.path)
                if not url.path.startswith("/pay/"):
                    return self._answer(404, {})
                decision = parse_qs(url.query).get("decision", ["pay"])[0]
                with ipg.lock:
                    return self._answer(*ipg.pay_page(url.path.removeprefix("/pay/"), decision))

        return Handler
