"""An HTTP adapter in the style of Iran's internet payment gateways (IPG).

The dialect (JSON over HTTPS; every call carries the terminal and a signature, as Sadad's
``SignData`` or Mellat's terminal credentials do):

- ``POST {url}/token``  ``{"terminal_id", "order_id", "amount", "callback_url", "mobile", "sign"}``
  with ``sign`` = HMAC-SHA256(key, "terminal_id;order_id;amount") → ``{"res_code": 0, "token"}``.
- The payer's browser: ``GET {url}/pay/{token}``.
- The bank's callback to us (the payer's browser, a form POST or a GET): ``token``, ``order_id``,
  ``res_code`` (0: the payer paid). Untrusted until verified.
- ``POST {url}/verify``, ``{url}/settle``, ``{url}/reverse``  ``{"terminal_id", "token", "order_id",
  "sign"}`` with ``sign`` = HMAC-SHA256(key, "terminal_id;token;order_id") → ``{"res_code": 0, ...}``;
  verify answers ``amount``, ``order_id``, ``rrn``, ``trace_no``, ``card_mask``.

A ``res_code`` other than 0 is the bank's refusal (its ``description`` kept for the record).
Settings: ``BILLING_GATEWAY_URL``, ``BILLING_GATEWAY_TERMINAL``, ``BILLING_GATEWAY_KEY``,
``BILLING_GATEWAY_TIMEOUT``.
"""

import hashlib
import hmac
import json
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

from billing.gateways.base import Callback, Gateway, GatewayError, Verification, text_param


def sign(key, *parts):
    return hmac.new(key.encode(), ";".join(str(p) for p in parts).encode(), hashlib.sha256).hexdigest()


class IpgGateway(Gateway):
    name = "ipg"

    def __init__(self, url=None, terminal_id=None, key=None, timeout=None):
        self.url = (url or settings.BILLING_GATEWAY_URL).rstrip("/")
        self.terminal_id = terminal_id or settings.BILLING_GATEWAY_TERMINAL
        self.key = key or settings.BILLING_GATEWAY_KEY
        self.timeout = timeout or settings.BILLING_GATEWAY_TIMEOUT

    def _post(self, endpoint, fields):
        body = json.dumps(fields).encode()
        request = urllib.request.Request(  # noqa: S310 - the configured gateway's URL
            f"{self.url}/{endpoint}", data=body, method="POST", headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                raw = response.read()
        except urllib.error.HTTPError as exc:
            raise GatewayError(f"{endpoint}: the bank answered HTTP {exc.code}") from exc
        except OSError as exc:
            raise GatewayError(f"{endpoint}: the bank could not be reached ({exc})") from exc
        try:
            answer = json.loads(raw or b"{}")
        except (ValueError, RecursionError) as exc:
            raise GatewayError(f"{endpoint}: the bank answered no JSON") from exc
        if not isinstance(answer, dict):
            raise GatewayError(f"{endpoint}: the bank answered no JSON object")
        return answer

    @staticmethod
    def _ok(answer):
        return str(answer.get("res_code", "")) == "0"

    def request_token(self, *, order_id, amount_rials, callback_url, mobile=""):
        answer = self._post(
            "token",
            {
                "terminal_id": self.terminal_id,
                "order_id": str(order_id),
                "amount": int(amount_rials),
                "callback_url": callback_url,
                "mobile": mobile,
                "sign": sign(self.key, self.terminal_id, order_id, int(amount_rials)),
            },
        )
        token = str(answer.get("token") or "")
        if not self._ok(answer) or not token or len(token) > 200:
            raise GatewayError(f"token refused: {answer.get('res_code')} {answer.get('description', '')}"[:300])
        return token

    def redirect_url(self, token):
        return f"{self.url}/pay/{urllib.parse.quote(token, safe='')}"

    def parse_callback(self, params):
        token = text_param(params, "token")
        order_id = text_param(params, "order_id", 20)
        code = text_param(params, "res_code", 10)
        if not token or not order_id:
            raise GatewayError("the callback names no token or order")
        return Callback(token=token, order_id=order_id, ok=code == "0", code=code)

    def _call(self, endpoint, token, order_id):
        return self._post(
            endpoint,
            {
                "terminal_id": self.terminal_id,
                "token": token,
                "order_id": str(order_id),
                "sign": sign(self.key, self.terminal_id, token, order_id),
            },
        )

    def verify(self, *, token, order_id, amount_rials):
        answer = self._call("verify", token, order_id)
        if not self._ok(answer):
            return Verification(ok=False, message=f"{answer.get('res_code')} {answer.get('description', '')}"[:300])
        try:
            amount = int(answer.get("amount"))
        except (TypeError, ValueError):
            amount = None
        return Verification(
            ok=True,
            amount_rials=amount,
            order_id=str(answer.get("order_id", "")),
            rrn=str(answer.get("rrn") or "")[:64],
            trace_no=str(answer.get("trace_no") or "")[:64],
            card_mask=str(answer.get("card_mask") or "")[:32],
        )

    def settle(self, *, token, order_id):
        answer = self._call("settle", token, order_id)
        if not self._ok(answer):
            raise GatewayError(f"settle refused: {answer.get('res_code')} {answer.get('description', '')}"[:300])

    def reverse(self, *, token, order_id):
        answer = self._call("reverse", token, order_id)
        if not self._ok(answer):
            raise GatewayError(f"reverse refused: {answer.get('res_code')} {answer.get('description', '')}"[:300])
