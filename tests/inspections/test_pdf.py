"""The visit report's PDF: Persian text a reader (pdftotext) finds, attached to the file."""

import re
import shutil
import subprocess

import pytest

from inspections.services import assign_inspector, submit_report
from tests.inspections.helpers import REPORT, district_inspectors, photo

pytestmark = pytest.mark.django_db

BIDI_MARKS = dict.fromkeys(range(0x202A, 0x202F))


def pdf_text(data, tmp_path):
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed"
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return out.stdout.decode().translate(BIDI_MARKS)


def test_the_pdf_carries_the_tracking_code_and_the_findings(
    city, awaiting, tmp_path, django_capture_on_commit_callbacks
):
    case = awaiting()
    inspector = district_inspectors(1)[0]
    visit = assign_inspector(case=case, actor=city.officer, inspector=inspector)
    with django_capture_on_commit_callbacks(execute=True):
        report = submit_report(visit=visit, actor=inspector, data=REPORT, photos=[photo()])
    report.refresh_from_db()
    document = report.pdf
    assert document.case_id == case.pk and document.kind == "other" and document.content_type == "application/pdf"
    with document.file.open("rb") as f:
        data = f.read()
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    from core.validators import to_persian_digits

    assert to_persian_digits(case.tracking_code) in text
    assert "مسکونی" in text and "آجری" in text
    assert "گزارش بازدید" in text
    # Areas keep their decimals, with the Persian separator; no Latin digit anywhere, the page counter too.
    assert "۳۱۰٫۵" in text and re.search("صفحه [۰-۹] / [۰-۹]", text)
    assert not re.search("[0-9]", text), re.findall(".*[0-9].*", text)
    # The file's page and the API download the same PDF.
    from django.test import Client

    client = Client()
    client.force_login(city.officer)
    response = client.get(f"/inspections/reports/{report.pk}/pdf/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == data
