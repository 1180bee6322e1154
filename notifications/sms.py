"""SMS backends. ``get_backend()`` returns the one named by settings.SMS_BACKEND.

``console`` (the embedded default) prints; ``http`` talks to a gateway in the
style of Iran's common SMS providers (Kavenegar, Ghasedak, …): the API key in
the URL, a sender line, form fields, a JSON answer with a status. Any other
value is a dotted path to a class with the same ``send`` method, so a
provider with another dialect plugs in without touching this module.
"""

import json
import logging
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("notifications.sms")


class SmsError(Exception):
    """The gateway refused or could not be reached; the message is retried."""


class ConsoleBackend:
    def send(self, mobile, text, *, template="", params=()):
        logger.info("SMS to %s: %s", mobile, text)
        print(f"[SMS → {mobile}] {text}")  # the console backend prints, by design
        return "console"


class HttpBackend:
    """POST ``receptor``, ``sender``, ``message`` to ``SMS_API_URL`` (``{api_key}`` replaced).

    When the event has a gateway template (``SMS_TEMPLATES``) and ``SMS_LOOKUP_URL``
    is set, the message goes as ``receptor``, ``template``, ``token``, ``token2``…
    instead: operators approve template texts once, and only the values travel.
    The answer is ``{"return": {"status": 200, ...}, "entries": [{"messageid": ...}]}``.
    """

    def __init__(self, url=None, api_key=None, sender=None, lookup_url=None, timeout=10):
        self.url = url or settings.SMS_API_URL
        self.lookup_url = lookup_url if lookup_url is not None else settings.SMS_LOOKUP_URL
        self.api_key = api_key or settings.SMS_API_KEY
        self.sender = sender or settings.SMS_SENDER
        self.timeout = timeout

    def _endpoint(self, url):
        return url.replace("{api_key}", urllib.parse.quote(self.api_key, safe=""))

    def send(self, mobile, text, *, template="", params=()):
        if template and self.lookup_url:
            fields = {"receptor": mobile, "template": template}
            for index, value in enumerate(params[:3], start=1):
                # Gateways refuse spaces inside template tokens.
                fields["token" if index == 1 else f"token{index}"] = str(value).replace(" ", "_")
            return self._post(self._endpoint(self.lookup_url), fields)
        if not self.url:
            raise SmsError("SMS_API_URL is not set")
        return self._post(self._endpoint(self.url), {"receptor": mobile, "sender": self.sender, "message": text})

    def _post(self, url, fields):
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(url, data=data, method="POST")  # noqa: S310 - configured gateway URL
        request.add_header("Accept", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                raw = response.read().decode() or "{}"
        except urllib.error.HTTPError as exc:
            raise SmsError(f"gateway answered HTTP {exc.code}: {exc.read()[:300]!r}") from exc
        except OSError as exc:
            raise SmsError(f"gateway unreachable: {exc}") from exc
        try:
            body = json.loads(raw)
        except (ValueError, RecursionError) as exc:
            raise SmsError(f"gateway answered no JSON: {raw[:300]!r}") from exc
        status = (body.get("return") or {}).get("status", body.get("status"))
        if status not in (200, "200", "ok"):
            raise SmsError(f"gateway refused: {body!r}"[:500])
        entries = body.get("entries") or [{}]
        return str(entries[0].get("messageid", ""))


def get_backend():
    name = settings.SMS_BACKEND
    if name == "http":
        return HttpBackend()
    if name in ("", "console"):
        return ConsoleBackend()
    return import_string(name)()


def template_for(event):
    """The gateway template for an event, or "" to send the full text."""
    return (getattr(settings, "SMS_TEMPLATES", None) or {}).get(event, "")
