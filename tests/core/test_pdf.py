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
