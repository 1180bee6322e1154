"""Persian digits on every page, whatever the template forgot.

Data is stored with ASCII digits (see core.validators); people read Persian
digits. This rewrites the digits of an HTML page's visible text and of the
attributes people read (hints, tooltips, labels for screen readers); form values,
links, scripts, styles, code and text areas keep theirs, so what the browser
sends back is unchanged (see core.persian).
"""

from core.persian import persianize_html

__all__ = ["PersianDigitsMiddleware", "persianize_html"]


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
