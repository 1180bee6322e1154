"""SMS backends. ``get_backend()`` returns the one named by settings.SMS_BACKEND."""

import json
import logging
import urllib.parse
import urllib.request

from django.conf import settings

logger = logging.getLogger("pishkhan.sms")


class SmsError(Exception):
    """The gateway refused or could not be reached; the task retries."""


class ConsoleBackend:
    def send(self, mobile, text):
        logger.info("SMS to %s: %s", mobile, text)
        print(f"[SMS → {mobile}] {text}")  # the console backend prints, by design
        return "console"


class HttpBackend:
    """A gateway in the style of Iran's common SMS providers: API key in the URL,
    sender line, receptor and message as form fields, JSON answer with a status."""

    def __init__(self, url=None, api_key=None, sender=None, timeout=10):
        self.url = url or settings.SMS_API_URL
        self.api_key = api_key or settings.SMS_API_KEY
        self.sender = sender or settings.SMS_SENDER
        self.timeout = timeout

    def send(self, mobile, text):
        url = self.url.replace("{api_key}", urllib.parse.quote(self.api_key))
        data = urllib.parse.urlencode({"receptor": mobile, "sender": self.sender, "message": text}).encode()
        request = urllib.request.Request(url, data=data, method="POST")  # noqa: S310 - configured gateway URL
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                body = json.loads(response.read().decode() or "{}")
        except (OSError, ValueError) as exc:
            raise SmsError(str(exc)) from exc
        status = (body.get("return") or {}).get("status", body.get("status"))
        if status not in (200, "200", "ok"):
            raise SmsError(f"gateway answered {body!r}")
        entries = body.get("entries") or [{}]
        return str(entries[0].get("messageid", ""))


def get_backend():
    if settings.SMS_BACKEND == "http":
        return HttpBackend()
    return ConsoleBackend()
