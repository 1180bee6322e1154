"""HTML to PDF (WeasyPrint) for every printed document: letters, slips, visit reports.

What a PDF shows is Persian like a page: digits and decimal separators are rewritten as the
pages' middleware does (core.persian), so a template that forgot ``|fa`` still prints
Persian digits. A leaf module: it imports no app.

A document that passes its style sheet apart (``css=``) has it parsed, and the fonts its
``@font-face`` rules name loaded, once per process and thread instead of on every document:
parsing the rules and loading two Vazirmatn faces cost about as much as laying out a
short letter. WeasyPrint's objects are not made to be shared between threads, so each
thread keeps its own.
"""

import atexit
import threading

from core.persian import persianize_html

# Few distinct style sheets exist (one per document kind and language); past this many, start afresh.
_MAX_STYLESHEETS = 16
_local = threading.local()


@atexit.register
def _forget_stylesheets():
    # A FontConfiguration removes its temporary font folder when collected: let that happen while the
    # interpreter can still run it, not during its shutdown.
    _local.__dict__.clear()


def stylesheet(css, *, base_url):
    """(parsed ``weasyprint.CSS``, the ``FontConfiguration`` holding its fonts) for this CSS text."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    cache = getattr(_local, "stylesheets", None)
    if cache is None or len(cache) >= _MAX_STYLESHEETS:
        cache = _local.stylesheets = {}
    key = (css, base_url)
    entry = cache.get(key)
    if entry is None:
        font_config = FontConfiguration()
        entry = cache[key] = (CSS(string=css, base_url=base_url, font_config=font_config), font_config)
    return entry


def html_to_pdf(html, *, base_url, font_config=None, css=None):
    """The PDF bytes of ``html``; ``css``, if given, is the document's style sheet (parsed once, see above)."""
    from weasyprint import HTML

    document = HTML(string=persianize_html(html), base_url=base_url)
    if css is not None:
        parsed, font_config = stylesheet(css, base_url=base_url)
        return document.write_pdf(stylesheets=[parsed], font_config=font_config)
    return document.write_pdf(font_config=font_config)
