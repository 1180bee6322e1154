"""Request and response plumbing every page shares.

The client's address from trusted proxies only; a Persian 400 for control characters in a request;
a POST to an address missing its final slash answered 404, not redirected (its body would be lost);
what a signed-in person is answered kept by no cache;
a 503 when the database is down; a Content-Security-Policy on every answer; and Persian digits on
every page, whatever the template forgot:

Data is stored with ASCII digits (see core.validators); people read Persian
digits. This rewrites the digits of an HTML page's visible text and of the
attributes people read (hints, tooltips, labels for screen readers); form values,
links, scripts, styles, code and text areas keep theirs, so what the browser
sends back is unchanged (see core.persian).
"""

import functools
import ipaddress
import logging
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.middleware import common as django_common
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from core.persian import persianize_html

__all__ = ["PersianDigitsMiddleware", "persianize_html"]

logger = logging.getLogger(__name__)


class PersianDigitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if (
            response.streaming
            or not content_type.startswith("text/html")
            or response.status_code in (301, 302, 304)
            or request.path.startswith(("/api/", "/admin/jsi18n"))
        ):
            return response
        charset = response.charset or "utf-8"
        response.content = persianize_html(response.content.decode(charset)).encode(charset)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response


class PrivateResponsesMiddleware:
    """Whatever is answered to someone with a session (signed in) or a token (the API), and the verification of a
    letter or permit (it names the applicant) is kept by no cache: ``Cache-Control: private, no-store`` unless
    the view set its own (a photo may be kept in the person's own browser)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        # A session cookie, not the user behind it: reading the user would ask the database, which may be the
        # very thing that is down (the 503 passes here too).
        personal = (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            or "HTTP_AUTHORIZATION" in request.META
            or request.path.startswith("/verify/")
        )
        if personal:
            patch_cache_control(response, private=True, no_store=True)
        return response


class CommonMiddleware(django_common.CommonMiddleware):
    """Django's, except that only a GET or HEAD is redirected to the address with its slash. A POST (or any
    request with a body) to an address without it is answered as any unknown address, 404: redirected, its
    body would be lost, and with DEBUG on Django refuses it with an error."""

    def should_redirect_with_slash(self, request):
        return request.method in ("GET", "HEAD") and super().should_redirect_with_slash(request)


# --- the client's address -------------------------------------------------------------------------------------


@functools.cache
def _trusted_networks(proxies):
    networks = []
    for entry in proxies:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            logger.error("TRUSTED_PROXIES: %r is not an address or a network; ignored", entry)
    return tuple(networks)


def _parse(address):
    try:
        return ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return None


def _trusted(address, networks):
    return address is not None and any(address in network for network in networks)


def resolve_client_address(meta):
    """The client's address: the connection's, unless it is a trusted proxy, in which case the
    X-Forwarded-For hops are read from the right, skipping trusted proxies; the first other hop is
    the client. A stranger's X-Forwarded-For is never read."""
    peer = meta.get("REMOTE_ADDR", "")
    networks = _trusted_networks(tuple(settings.TRUSTED_PROXIES))
    if not networks or not _trusted(_parse(peer), networks):
        return peer
    hops = [hop for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            return peer  # a malformed chain: trust nothing past the proxy
        if not _trusted(address, networks):
            return str(address)
    return str(_parse(hops[0])) if hops else peer


def client_address(request):
    """For django-axes and anyone else: the address ClientAddressMiddleware settled on."""
    return request.META.get("REMOTE_ADDR", "")


class ClientAddressMiddleware:
    """Sets REMOTE_ADDR to the client's address (see ``resolve_client_address``), once, first; the
    connection's own address stays in ``PISHKHAN_PEER_ADDR``. Throttles, the sign-in lockout and the
    logs all read REMOTE_ADDR."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        if "PISHKHAN_PEER_ADDR" not in meta:
            meta["PISHKHAN_PEER_ADDR"] = meta.get("REMOTE_ADDR", "")
            meta["REMOTE_ADDR"] = resolve_client_address(meta)
        return self.get_response(request)


# --- nothing a client sends is a 500 --------------------------------------------------------------------------

# C0 controls but tab, newline and carriage return, and DEL: never meaningful in a path or a form field,
# and PostgreSQL refuses NUL in text outright (a 500 if it reached a query).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _json_or_page(request, status, code, message, template):
    if request.path.startswith("/api/"):
        return JsonResponse({"code": code, "detail": message}, status=status)
    from django.template.loader import render_to_string

    # Rendered without the request's context processors: they may need the database.
    html = render_to_string(template, {"message": message, "SITE_NAME": settings.SITE_NAME})
    return HttpResponse(persianize_html(html), status=status, content_type="text/html; charset=utf-8")


class RefuseControlCharactersMiddleware:
    """A path, query parameter or form field with a control character (NUL…) is a Persian 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._bad(request):
            return _json_or_page(
                request,
                400,
                "invalid-characters",
                _("The request contains characters that are not allowed (such as NUL)."),
                "errors/400.html",
            )
        return self.get_response(request)

    @staticmethod
    def _bad(request):
        if _CONTROL.search(request.path):
            return True
        pairs = list(request.GET.lists())
        if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
            try:
                pairs += list(request.POST.lists())
            except Exception:  # an unreadable body: the view answers it as it would
                pairs = pairs
        return any(_CONTROL.search(key) or any(_CONTROL.search(v) for v in values) for key, values in pairs)


# --- a dependency that is down is a 503, not a 500 ------------------------------------------------------------

# PostgreSQL errors that are about this request's transaction, not the server: a conflict worth a retry.
_CONFLICT_SQLSTATES = {"40001", "40P01", "55P03"}


def is_database_outage(exc):
    """True for a database that cannot be reached or dropped the connection."""
    if not isinstance(exc, (OperationalError, InterfaceError)):
        return False
    if "locked" in str(exc):  # SQLite's writer lock: busy, not down
        return False
    cause = exc.__cause__ or exc.__context__
    return getattr(cause, "pgcode", None) not in _CONFLICT_SQLSTATES


def unavailable_response(request):
    response = _json_or_page(
        request,
        503,
        "service-unavailable",
        _("The service is briefly unavailable. Please try again in a few minutes."),
        "errors/503.html",
    )
    response["Retry-After"] = "60"
    return response


class ServiceUnavailableMiddleware:
    """A view that fails because the database is down answers 503 (JSON under /api/, a page otherwise).

    Failures outside views (a session saved after the view) reach ``portal.views.error_500``,
    which answers the same."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_outage(exception):
            logger.error("database unavailable: %s %s: %s", request.method, request.path, exception)
            return unavailable_response(request)
        return None


# --- Content-Security-Policy ----------------------------------------------------------------------------------


def _tile_source():
    url = settings.MAP_TILE_URL
    if not url:
        return ""
    parts = urlsplit(url)
    host = re.sub(r"\{[a-z]\}", "*", parts.netloc.split("@")[-1])
    return f"{parts.scheme}://{host}" if parts.scheme and host else ""


@functools.cache
def _policy(relaxed_styles, tile_source, extra):
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"] if relaxed_styles else ["'self'"],
        "img-src": ["'self'", "data:", "blob:"] + ([tile_source] if tile_source else []),
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
    for item in extra.split(";"):
        name, _sep, sources = item.partition("=")
        if name.strip() and sources.strip():
            directives.setdefault(name.strip(), []).extend(sources.split())
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


class ContentSecurityPolicyMiddleware:
    """Every answer carries a CSP: no inline script anywhere, no inline style on our pages.

    Django's admin and the Swagger UI keep inline styles (their own templates); scripts stay strict.
    """

    RELAXED_STYLE_PATHS = ("/admin/", "/api/docs/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            relaxed = request.path.startswith(self.RELAXED_STYLE_PATHS)
            response["Content-Security-Policy"] = _policy(relaxed, _tile_source(), settings.CSP_EXTRA)
        return response
