"""Persian digits on every page, whatever the template forgot.

Data is stored with ASCII digits (see core.validators); people read Persian
digits. This rewrites the digits of an HTML page's visible text; attributes
(form values, links), scripts, styles, code and text areas keep theirs, so what
the browser sends back is unchanged.
"""

import re

from core.validators import to_persian_digits

_TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
_RAW_ELEMENTS = ("script", "style", "textarea", "pre", "code")
_OPEN = re.compile(r"<(%s)\b" % "|".join(_RAW_ELEMENTS), re.IGNORECASE)
_CLOSE = re.compile(r"</(%s)\s*>" % "|".join(_RAW_ELEMENTS), re.IGNORECASE)
_KEEP = re.compile(r"\bdata-ascii-digits\b")


def persianize_html(html):
    out = []
    raw_depth = 0
    keep_depth = 0
    for piece in _TAG.split(html):
        if not piece:
            continue
        if piece.startswith("<"):
            if _OPEN.match(piece) and not piece.endswith("/>"):
                raw_depth += 1
            elif _CLOSE.match(piece):
                raw_depth = max(0, raw_depth - 1)
            if _KEEP.search(piece):
                keep_depth += 1
            elif keep_depth and piece.startswith("</"):
                keep_depth -= 1
            out.append(piece)
        elif raw_depth or keep_depth:
            out.append(piece)
        else:
            out.append(to_persian_digits(piece))
    return "".join(out)


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
