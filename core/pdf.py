"""HTML to PDF (WeasyPrint) for every printed document: letters, slips, visit reports.

What a PDF shows is Persian like a page: digits and decimal separators are rewritten as the
pages' middleware does (core.persian), so a template that forgot ``|fa`` still prints
Persian digits. A leaf module: it imports no app.

A document that passes its style sheet apart (``css=``) has it parsed, and the fonts its
``@font-face`` rules name loaded, once per process and thread instead of on every document:
parsing the rules and loading two Vazirmatn faces cost about as much as laying out a
short letter. WeasyPrint's objects are not made to be shared between threads, so each
thread keeps its own.

A document is laid out with Python's cyclic garbage collector paused, and the collector then
runs once over what the document left (a millisecond): a layout makes some ten thousand
objects, and a collection started half-way would walk every long-lived object of the process
(tens of milliseconds in a Django process) and promote the half-built boxes it finds, so that
later collections walk them again.

Right-to-left lines are laid out once, not twice (see ``_lay_out_rtl_lines_once``).
"""

import atexit
import gc
import threading
from contextlib import contextmanager

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


# The WeasyPrint release whose line layout ``_lay_out_rtl_lines_once`` corrects (requirements.txt pins it).
_RTL_LINES_FIXED_FOR = "70.0"
_rtl_lines_lock = threading.Lock()
_rtl_lines_checked = False


def _lay_out_rtl_lines_once():
    """Stop WeasyPrint from laying out every right-to-left line twice.

    ``get_next_linebox`` lays a line out, then asks ``avoid_collisions`` where the line goes now
    that its height is known, and accepts it when the place is unchanged. For a right-to-left
    line it compares right edges as ``position_x + width``, taking ``position_x`` for the line's
    left edge, while ``avoid_collisions`` returns the right edge (where a right-to-left line
    starts): the two never match, and each line of a Persian document is laid out a second time
    (a tenth of a letter's time). Without floats on the page (the only case handled; with floats
    WeasyPrint is left as it is), the left edge of a line box is its right edge less its width:
    report that to ``get_next_linebox``, the only caller in its module. The first call, made
    before the line has a width, gets the same answer as before, so lines are placed as before.
    """
    global _rtl_lines_checked
    if _rtl_lines_checked:
        return
    with _rtl_lines_lock:
        if not _rtl_lines_checked:
            _install_rtl_line_fix()
            _rtl_lines_checked = True


def _install_rtl_line_fix():
    import weasyprint
    from weasyprint.formatting_structure.boxes import LineBox
    from weasyprint.layout import inline

    if weasyprint.__version__ != _RTL_LINES_FIXED_FOR:
        return
    avoid_collisions = inline.avoid_collisions

    def avoid_collisions_at_left_edge(context, box, containing_block, outer=True):
        position_x, position_y, available_width = avoid_collisions(context, box, containing_block, outer)
        if (
            not outer
            and not context.excluded_shapes
            and isinstance(box, LineBox)
            and containing_block.style["direction"] == "rtl"
        ):
            position_x -= box.width
        return position_x, position_y, available_width

    inline.avoid_collisions = avoid_collisions_at_left_edge


_gc_lock = threading.Lock()
_gc_paused = {"documents": 0, "was_enabled": False}


@contextmanager
def _collector_paused():
    """Pause the cyclic collector while a document is made (any thread), then collect its leftovers."""
    with _gc_lock:
        if _gc_paused["documents"] == 0:
            _gc_paused["was_enabled"] = gc.isenabled()
            gc.disable()
        _gc_paused["documents"] += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_paused["documents"] -= 1
            resume = _gc_paused["documents"] == 0 and _gc_paused["was_enabled"]
            if resume:
                gc.enable()
        if resume:
            gc.collect(0)


def html_to_pdf(html, *, base_url, font_config=None, css=None):
    """The PDF bytes of ``html``; ``css``, if given, is the document's style sheet (parsed once, see above)."""
    from weasyprint import HTML

    _lay_out_rtl_lines_once()
    with _collector_paused():
        document = HTML(string=persianize_html(html), base_url=base_url)
        if css is not None:
            parsed, font_config = stylesheet(css, base_url=base_url)
            return document.write_pdf(stylesheets=[parsed], font_config=font_config)
        return document.write_pdf(font_config=font_config)
