"""Issuing a response makes one numbered, verifiable letter whose PDF says what the file says."""

import hashlib
import re
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.jalali import jalali_year
from core.validators import to_persian_digits as fa
from inquiries.letters.selectors import events_of
from inquiries.models import Letter, LetterEvent
from notifications.models import Message
from tests.letters.helpers import APPLICANT_NAME, issue, loose, pdf_text

pytestmark = pytest.mark.django_db


def test_issuing_a_response_makes_one_letter_with_a_verifiable_pdf(
    city, file_for_answer, login_api, api, settings, django_capture_on_commit_callbacks
):
    case_id = file_for_answer()
    municipal = login_api(city.municipal)
    assert municipal.get(f"/api/v1/cases/{case_id}/letter.pdf").json()["code"] == "no-letter"
    with django_capture_on_commit_callbacks(execute=True):
        response = issue(login_api, case_id, city.municipal)
    assert response.status_code == 200, response.content

    letter = Letter.objects.get(case_id=case_id)
    year = jalali_year()
    assert re.fullmatch(rf"{year}/01/\d{{6}}", letter.number)
    assert re.fullmatch(r"[346789ABCDEFGHJKMNPQRTUVWXY]{10}", letter.verification_code)
    assert letter.status == "valid" and letter.result == "approved"
    # The PDF was made after commit, stored under letters/, and its hash recorded.
    assert letter.pdf.name.startswith("letters/") and letter.pdf_ready
    data = letter.pdf.read()
    assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == letter.sha256

    raw = pdf_text(letter.pdf.path)
    text = loose(raw)
    case = letter.case
    assert case.tracking_code in raw and APPLICANT_NAME in raw
    assert letter.number in text and letter.verification_code in text
    assert loose("نقل و انتقال ملک بلامانع است") in text  # the answer
    assert loose("ملک مسکونی دو طبقه با حیاط") in text  # the inspector's findings
    assert loose("کاربری مسکونی، بدون عقب‌نشینی") in text  # the plan review's result
    assert loose("شهرداری اصفهان") in text and case.parcel.renewal_code in text

    # The file's API carries the letter; the PDF downloads for who may see the file.
    body = municipal.get(f"/api/v1/cases/{case_id}/").json()
    assert body["letter"]["number"] == letter.number
    assert body["letter"]["verification_code"] == letter.verification_code
    assert body["letter"]["status"] == "valid" and body["letter"]["pdf_ready"] is True
    download = municipal.get(f"/api/v1/cases/{case_id}/letter.pdf")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == data

    # Public verification, no login.
    api.credentials()
    verified = api.get(f"/api/v1/letters/verify/{letter.verification_code}/")
    assert verified.status_code == 200
    payload = verified.json()
    assert payload["valid"] is True and payload["status"] == "valid"
    assert payload["tracking_code"] == case.tracking_code and payload["number"] == letter.number
    assert payload["sha256"] == letter.sha256 and payload["replaced_by"] is None
    assert payload["text"] == "نقل و انتقال ملک بلامانع است."
    assert "national_id" not in payload and case.applicant_national_id not in str(payload)
    # Lower case, spaces and dashes are forgiven; a wrong code is a 404.
    code = letter.verification_code
    assert api.get(f"/api/v1/letters/verify/{code[:5].lower()}-{code[5:]}/").status_code == 200
    wrong = "".join("3" if ch != "3" else "4" for ch in code)
    missing = api.get(f"/api/v1/letters/verify/{wrong}/")
    assert missing.status_code == 404 and missing.json()["detail"]

    # The applicant's SMS carries the verification code, not their national ID or address.
    sms = Message.objects.get(event="response_issued")
    assert sms.recipient == "09131112233"
    # The code travels in the verification link (addresses keep their ASCII form); digits are Persian.
    assert f"/verify/{letter.verification_code}" in sms.body and fa(case.tracking_code) in sms.body
    assert case.applicant_national_id not in sms.body and "چهارباغ" not in sms.body


def test_pdf_waits_for_the_commit_and_says_so(city, file_for_answer, login_api, client):
    case_id = file_for_answer()
    assert issue(login_api, case_id, city.municipal).status_code == 200  # on_commit callbacks not run: no worker yet
    municipal = login_api(city.municipal)
    body = municipal.get(f"/api/v1/cases/{case_id}/").json()
    assert body["letter"]["pdf_ready"] is False
    pending = municipal.get(f"/api/v1/cases/{case_id}/letter.pdf")
    assert pending.status_code == 404 and pending.json()["code"] == "letter-being-prepared"
    assert pending["Retry-After"] == "5"
    client.force_login(city.municipal)
    panel = client.get(f"/cases/{case_id}/letter/panel/")
    assert panel.status_code == 200
    assert 'data-testid="letter-preparing"' in panel.content.decode()
    assert 'hx-trigger="every 3s"' in panel.content.decode()


def test_letter_pdf_follows_the_files_visibility(city, file_for_answer, login_api, django_capture_on_commit_callbacks):
    case_id = file_for_answer()
    with django_capture_on_commit_callbacks(execute=True):
        issue(login_api, case_id, city.municipal)
    assert login_api(city.officer).get(f"/api/v1/cases/{case_id}/letter.pdf").status_code == 200
    other_district = login_api(city.other_municipal).get(f"/api/v1/cases/{case_id}/letter.pdf")
    assert other_district.status_code == 404 and other_district.json()["code"] == "not_found"
    login_api(city.citizen)
    assert login_api(city.citizen).get(f"/api/v1/cases/{case_id}/letter.pdf").status_code == 404


def test_the_letters_qr_code_carries_where_to_verify_it_and_what_it_says(
    city, file_for_answer, login_api, django_capture_on_commit_callbacks, tmp_path
):
    import qrcode
    from django.conf import settings
    from PIL import Image

    from core.jalali import format_jalali

    assert shutil.which("pdfimages"), "pdfimages (poppler-utils) is needed to read the QR code"
    case_id = file_for_answer()
    with django_capture_on_commit_callbacks(execute=True):
        issue(login_api, case_id, city.municipal)
    letter = Letter.objects.get(case_id=case_id)
    subprocess.run(["pdfimages", "-png", letter.pdf.path, str(tmp_path / "image")], check=True)
    (image,) = tmp_path.glob("image-*.png")
    pixels = Image.open(image).convert("L")

    payload = "\n".join(
        [
            f"{settings.SITE_URL}/verify/{letter.verification_code}",
            letter.number,
            format_jalali(letter.issued_at, persian=False),
            letter.content["organization"],
        ]
    )
    # One pixel per module with a one-module white border, black on white: the same modules as one of
    # the eight valid codes for the payload (they differ only in their mask pattern).
    dark = [[pixels.getpixel((x, y)) < 128 for x in range(pixels.width)] for y in range(pixels.height)]
    codes = []
    for mask in range(8):
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=1, mask_pattern=mask)
        code.add_data(payload.encode())
        code.make(fit=True)
        border = [False] * (code.modules_count + 2)
        codes.append([border] + [[False, *row, False] for row in code.modules] + [border])
    assert dark in codes


def test_make_pdf_is_idempotent(city, file_for_answer, login_api, django_capture_on_commit_callbacks):
    from inquiries.letters.services import make_pdf

    case_id = file_for_answer()
    with django_capture_on_commit_callbacks(execute=True):
        issue(login_api, case_id, city.municipal)
    letter = Letter.objects.get(case_id=case_id)
    before = (letter.pdf.name, letter.sha256, letter.rendered_at)
    again = make_pdf(letter.pk)
    assert (again.pdf.name, again.sha256, again.rendered_at) == before
    assert before[2] is not None
    # Making the PDF is the letter's rendered_at, and its issue the letter itself: no event rows.
    assert not LetterEvent.objects.filter(letter=letter).exists()


def test_correction_is_a_new_letter_that_cancels_the_old(
    city, file_for_answer, login_api, client, api, django_capture_on_commit_callbacks
):
    case_id = file_for_answer()
    with django_capture_on_commit_callbacks(execute=True):
        issue(login_api, case_id, city.municipal)
    old = Letter.objects.get(case_id=case_id)
    client.force_login(city.municipal)
    # A correction needs its reason; nothing changes without one.
    refused = client.post(f"/letters/{old.pk}/correct/", {"text": "متن اصلاح‌شده", "reason": ""}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 400
    assert Letter.objects.filter(case_id=case_id).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/letters/{old.pk}/correct/",
            {
                "text": "نقل و انتقال با رعایت بر اصلاحی بلامانع است.",
                "reason": "اشتباه در متن پاسخ",
                "result": "approved",
            },
            HTTP_HX_REQUEST="true",
        )
    assert response.status_code == 200, response.content
    new = Letter.objects.get(case_id=case_id, status="valid")
    old.refresh_from_db()
    assert old.status == "cancelled" and new.replaces == old
    assert new.number != old.number and new.verification_code != old.verification_code
    assert int(new.number[-6:]) == int(old.number[-6:]) + 1
    assert new.pdf_ready and new.sha256 != old.sha256
    assert "اشتباه در متن پاسخ" in response.content.decode()  # the reason shows in the letter's history
    assert LetterEvent.objects.filter(letter=old, kind="cancelled", reason="اشتباه در متن پاسخ").exists()
    # The letter's history: the first letter issued (from the letter itself), then cancelled and its
    # correction issued, both with the reason (stored events), oldest first.
    events = [(e.kind, e.letter.number, e.reason, e.actor) for e in events_of(old.case)]
    assert events == [
        ("issued", old.number, "", city.municipal),
        ("cancelled", old.number, "اشتباه در متن پاسخ", city.municipal),
        ("corrected", new.number, "اشتباه در متن پاسخ", city.municipal),
    ]
    page = client.get(f"/cases/{case_id}/").content.decode()
    history = page[page.index('data-testid="letter-events"') :]
    assert history.index(fa(old.number)) < history.index("اشتباه در متن پاسخ") < history.index(fa(new.number))

    api.credentials()
    verified_old = api.get(f"/api/v1/letters/verify/{old.verification_code}/").json()
    assert verified_old["valid"] is False and verified_old["status"] == "cancelled"
    assert verified_old["replaced_by"] == new.number
    assert api.get(f"/api/v1/letters/verify/{new.verification_code}/").json()["replaces"] == old.number
    # The old letter cannot be corrected again; other districts' staff may not correct at all.
    again = client.post(f"/letters/{old.pk}/correct/", {"text": "x", "reason": "y"}, HTTP_HX_REQUEST="true")
    assert again.status_code == 409
    client.force_login(city.other_municipal)
    assert client.post(f"/letters/{new.pk}/correct/", {"text": "x", "reason": "y"}).status_code == 404
    client.force_login(city.officer)
    assert client.post(f"/letters/{new.pk}/correct/", {"text": "x", "reason": "y"}).status_code == 403
    assert Letter.objects.filter(case_id=case_id).count() == 2
    # The applicant hears about the corrected letter.
    assert Message.objects.filter(event="response_issued", body__contains=new.verification_code).exists()


def test_verify_page_confirms_and_compares_a_copy(
    city, file_for_answer, login_api, client, django_capture_on_commit_callbacks
):
    case_id = file_for_answer()
    with django_capture_on_commit_callbacks(execute=True):
        issue(login_api, case_id, city.municipal)
    letter = Letter.objects.get(case_id=case_id)
    page = client.get(f"/verify/{letter.verification_code}")
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="verify-status"' in html
    assert "نقل و انتقال ملک بلامانع است" in html and letter.sha256 in html
    same = client.post(
        f"/verify/{letter.verification_code}",
        {"copy": SimpleUploadedFile("l.pdf", letter.pdf.read(), "application/pdf")},
    )
    assert "Your copy is exactly" not in same.content.decode()  # Persian, not the msgid
    assert "دقیقاً" in same.content.decode()
    forged = client.post(
        f"/verify/{letter.verification_code}",
        {"copy": SimpleUploadedFile("l.pdf", b"%PDF-1.4 forged", "application/pdf")},
    )
    assert "متفاوت" in forged.content.decode()
    assert client.get("/verify/?code=" + letter.verification_code.lower()).status_code == 302
    assert client.get("/verify/ABCDEFGHJK").status_code == 404


def test_backdated_answers_get_their_date_and_a_pdf_when_first_needed(
    city, file_for_answer, login_api, client, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    from cases.models import Case
    from cases.services import replay_action
    from inquiries.letters.services import queue_missing_pdfs

    case_id = file_for_answer()
    at = timezone.now() - datetime.timedelta(days=400)  # an answer imported from an earlier system
    with django_capture_on_commit_callbacks(execute=True):
        replay_action(
            Case.objects.get(pk=case_id),
            "issue_response",
            city.municipal,
            result="denied",
            text="با نقل و انتقال مخالفت می‌شود.",
            at=at,
        )
    letter = Letter.objects.get(case_id=case_id)
    assert letter.issued_at == at and letter.year == jalali_year(at)
    assert letter.number.startswith(f"{jalali_year(at)}/01/")
    assert not letter.pdf_ready  # not rendered at once: a whole import would wait on its PDFs
    # The 5-minute sweep (or the first look at the file) makes it.
    assert queue_missing_pdfs() == 1
    letter.refresh_from_db()
    assert letter.pdf_ready


def test_a_verification_code_longer_than_any_printed_one_is_simply_not_found(client):
    response = client.get("/verify/", {"code": "A" * 20_000})
    assert response.status_code == 404 and "<form" in response.content.decode()


def test_verification_pages_are_throttled_per_connection(
    city, file_for_answer, login_api, client, django_capture_on_commit_callbacks
):
    case_id = file_for_answer()
    with django_capture_on_commit_callbacks(execute=True):
        issue(login_api, case_id, city.municipal)
    code = Letter.objects.get(case_id=case_id).verification_code
    for n in range(60):
        assert client.get(f"/verify/ABCDEFG{n:03d}").status_code == 404
    blocked = client.get(f"/verify/{code}")
    html = blocked.content.decode()
    assert blocked.status_code == 429 and 'data-testid="verify-throttled"' in html
    assert "یک دقیقه صبر کنید" in html and 'data-testid="verify-status"' not in html
    # Another connection is not held back by this one.
    assert client.get(f"/verify/{code}", REMOTE_ADDR="10.20.30.40").status_code == 200
