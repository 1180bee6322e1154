"""Persian as people read it: numbers keep their decimals, sizes and coordinates in Persian words, hints
of this year, file boxes in Persian, SMS and PDFs in Persian digits with their links untouched."""

import datetime
import re
import shutil
import subprocess
from decimal import Decimal

import jdatetime
import pytest
from django import forms
from django.template import Context, Template

from core.persian import fa_coordinates, fa_number, fa_size, persianize_html


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("320.50"), "۳۲۰٫۵"),
        ("250.00", "۲۵۰"),
        (1250000, "۱٬۲۵۰٬۰۰۰"),
        (Decimal("1234.25"), "۱٬۲۳۴٫۲۵"),
        (0.5, "۰٫۵"),
        ("۳۲۰٫۵", "۳۲۰٫۵"),
        (None, ""),
        ("بدون عدد", "بدون عدد"),
    ],
)
def test_numbers_keep_their_decimals_with_the_persian_separator(value, shown):
    assert fa_number(value) == shown


def test_sizes_and_coordinates_read_in_persian():
    assert fa_size(17510) == "۱۷٫۱ کیلوبایت"
    assert fa_size(800) == "۸۰۰ بایت"
    assert fa_size(3 * 1024 * 1024) == "۳ مگابایت"
    assert fa_coordinates(Decimal("32.654600"), Decimal("51.668000")) == "عرض ۳۲٫۶۵۴۶، طول ۵۱٫۶۶۸"
    html = Template("{{ n|fanum }} · {{ s|fasize }}").render(Context({"n": Decimal("320.50"), "s": 31440}))
    assert html == "۳۲۰٫۵ · ۳۰٫۷ کیلوبایت"


def test_pages_keep_addresses_code_and_values_but_rewrite_what_people_read():
    html = (
        "<p>رسید 1.5 برای pishkhan@example.ir در http://127.0.0.1:8123/verify/AB3 <code>X1</code></p>"
        "<td>1,550,000 ریال، ۲,۹۰۰,۰۰۰ ریال؛ ردیف‌های 1,2 و 12,3456</td>"
        '<input value="1405/07/15" placeholder="1405/07/15" aria-label="کد 12">'
    )
    assert persianize_html(html) == (
        "<p>رسید ۱٫۵ برای pishkhan@example.ir در http://127.0.0.1:8123/verify/AB3 <code>X1</code></p>"
        "<td>۱٬۵۵۰٬۰۰۰ ریال، ۲٬۹۰۰٬۰۰۰ ریال؛ ردیف‌های ۱,۲ و ۱۲,۳۴۵۶</td>"
        '<input value="1405/07/15" placeholder="۱۴۰۵/۰۷/۱۵" aria-label="کد ۱۲">'
    )


def test_every_jalali_date_box_hints_a_date_of_this_year():
    class Dated(forms.Form):
        day = forms.CharField(widget=forms.TextInput({"data-jdp": "", "placeholder": "1403/07/15"}))

    year = jdatetime.date.today().year
    shown = "".join("۰۱۲۳۴۵۶۷۸۹"[int(d)] for d in str(year))
    assert f'placeholder="{shown}/۰۷/۱۵"' in str(Dated()["day"])


def test_file_boxes_are_persian_controls():
    class Upload(forms.Form):
        file = forms.FileField()

    html = str(Upload()["file"])
    assert "انتخاب فایل" in html and "فایلی انتخاب نشده است" in html
    assert re.search(r'<label class="btn[^"]*file-picker-button">[^<]*<input type="file" name="file"', html)


@pytest.mark.django_db
def test_messages_carry_persian_digits_and_keep_their_links(settings):
    from notifications.notify import render

    settings.SITE_URL = "http://127.0.0.1:8123"

    class Case:
        tracking_code = "051234567890"
        deadline = datetime.date(2026, 12, 1)
        service = type("S", (), {"title": "استعلام بانک"})

    _subject, body = render("case_registered", {"case": Case(), "site_url": settings.SITE_URL, "site_name": "پیشخوان"})
    assert "۰۵۱۲۳۴۵۶۷۸۹۰" in body and "http://127.0.0.1:8123/track/" in body
    assert not re.search("[0-9]", body.replace("http://127.0.0.1:8123/track/", ""))


def test_pdfs_print_persian_digits_whatever_the_template_forgot():
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed"
    from core.pdf import html_to_pdf

    data = html_to_pdf('<html dir="rtl"><body><p>مساحت 250.75 متر</p></body></html>', base_url=".")
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True).stdout.decode()
    assert "۲۵۰٫۷۵" in re.sub("[\u202a-\u202e]", "", text)


def test_a_hyphenated_code_reads_as_written_inside_persian_text_on_screen_and_in_the_pdf():
    """A renewal code's Persian digit groups joined by hyphens are isolated left to right; a range of two
    numbers is not (it reads right to left, as the sentence does)."""
    page = persianize_html("<p>ملک به کد نوسازی 05-162-028-000-04-011 در ساعت 10-12</p>")
    assert "\u2066۰۵-۱۶۲-۰۲۸-۰۰۰-۰۴-۰۱۱\u2069" in page and "ساعت ۱۰-۱۲<" in page
    assert persianize_html(page) == page  # isolated once, whatever runs twice

    from core.pdf import html_to_pdf
    from inquiries.letters.pdf import fonts

    font = fonts()["regular"]
    style = f'<style>@font-face {{ font-family: V; src: url("{font}"); }} body {{ font-family: V; }}</style>'
    body = "<p>ملک به کد نوسازی 05-162-028-000-04-011 به نشانی اصفهان</p>"
    data = html_to_pdf(f'<html dir="rtl"><head>{style}</head><body>{body}</body></html>', base_url=".")
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True).stdout.decode()
    assert "۰۵-۱۶۲-۰۲۸-۰۰۰-۰۴-۰۱۱" in re.sub("[\u202a-\u202e ]", "", text)


def test_character_references_keep_their_digits_on_pages_and_in_pdfs():
    """An escaped apostrophe (O'Neil, written ``O&#x27;Neil`` by the template) is markup, not a number: turned
    Persian it showed as ``O&#x۲۷;Neil`` on the page and in the letter's PDF."""
    page = persianize_html("<p>متقاضی: O&#x27;Neil، D&#39;Arc، پلاک 12</p>")
    assert page == "<p>متقاضی: O&#x27;Neil، D&#39;Arc، پلاک ۱۲</p>"

    from core.pdf import html_to_pdf

    data = html_to_pdf('<html dir="rtl"><body><p>O&#x27;Neil 12</p></body></html>', base_url=".")
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True).stdout.decode()
    assert "O'Neil" in text and "&#" not in text
