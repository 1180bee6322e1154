"""core.pdf: a document's style sheet and its fonts are parsed once per thread, and still apply."""

import re
import shutil
import subprocess
import threading

from core.pdf import html_to_pdf, stylesheet

CSS = "p { font-size: 30pt; } .gone { display: none; }"


def _text(data):
    return re.sub(
        "[\u202a-\u202e]", "", subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True).stdout.decode()
    )


def test_a_style_sheet_is_parsed_once_per_thread_and_applies_to_every_document():
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed"
    first = stylesheet(CSS, base_url=".")
    assert stylesheet(CSS, base_url=".") is first
    assert stylesheet(CSS + " ", base_url=".") is not first
    for word in ("یکم", "دوم"):
        data = html_to_pdf(
            f'<html dir="rtl"><body><p>{word}</p><p class="gone">پنهان</p></body></html>', base_url=".", css=CSS
        )
        text = _text(data)
        assert word in text and "پنهان" not in text

    other = []
    worker = threading.Thread(target=lambda: other.append(stylesheet(CSS, base_url=".")))
    worker.start()
    worker.join()
    assert other[0] is not first  # WeasyPrint's objects are never shared between threads


def _lines(data):
    """(left, right) of each line of text, in points, from pdftotext's boxes."""
    out = subprocess.run(["pdftotext", "-bbox-layout", "-", "-"], input=data, capture_output=True).stdout.decode()
    boxes = re.findall(r'<line xMin="([\d.]+)" [^>]*xMax="([\d.]+)"', out)
    return [(float(left), float(right)) for left, right in boxes]


def test_right_to_left_lines_stand_where_their_alignment_puts_them():
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed"
    css = (
        "@page { size: 200mm 120mm; margin: 10mm } body { margin: 0; font-size: 12pt }"
        " .left { text-align: left } .center { text-align: center } .float { float: right; width: 40mm; height: 30mm }"
    )
    long = "این بند بلند در چند سطر شکسته می‌شود تا جای هر سطر در صفحه سنجیده شود. " * 3
    html = (
        f'<html dir="rtl"><body><p>راست</p><p class="left">چپ</p><p class="center">میان</p><p>{long}</p>'
        '<div class="float"></div><p>کنار شناور</p></body></html>'
    )
    lines = _lines(html_to_pdf(html, base_url=".", css=css))
    point = 72 / 25.4
    left_edge, right_edge, middle, float_edge = 10 * point, 190 * point, 100 * point, 150 * point
    right, left, center, *paragraph, beside_float = lines
    assert len(paragraph) >= 2
    assert abs(right[1] - right_edge) < 1 and right[0] > middle
    assert abs(left[0] - left_edge) < 1 and left[1] < middle
    assert abs((center[0] + center[1]) / 2 - middle) < 1
    for line in paragraph:
        assert abs(line[1] - right_edge) < 1 and line[0] > left_edge - 1
    assert abs(beside_float[1] - float_edge) < 1  # a float on the right pushes the line's start
