"""Drive a file through the workflow over HTTP, up to the municipal staff's answer."""

import re
import shutil
import subprocess

from cases.models import Case
from tests.cases.factories import pay_fees
from tests.cases.helpers import PDF, notary_payload, png_bytes, upload

APPLICANT_NAME = "علی رضایی"


def act(api, case_id, action, **data):
    return api.post(f"/api/v1/cases/{case_id}/actions/", {"action": action, **data}, format="json")


def to_municipal_review(login_api, *, officer, reviewer, inspector):
    """Register a notary inquiry over HTTP as ``officer`` (of a district 1 office) and take it to the
    municipal staff's cartable: ``inspector`` visits, ``reviewer`` completes the plan review.
    Returns the file's id."""
    api = login_api(officer)
    response = api.post("/api/v1/cases/", notary_payload(district=1), format="json")
    assert response.status_code == 201, response.content
    case_id = response.json()["id"]
    pay_fees(Case.objects.get(pk=case_id))  # the bank reports the service fee, due before the answer
    for kind, name, content in [("inquiry_letter", "letter.pdf", PDF), ("deed", "deed.png", png_bytes())]:
        r = api.post(
            f"/api/v1/cases/{case_id}/documents/", {"kind": kind, "file": upload(name, content)}, format="multipart"
        )
        assert r.status_code == 201, r.content
    assert act(api, case_id, "accept").status_code == 200
    assert act(api, case_id, "assign_inspector", inspector=inspector.pk).status_code == 200
    visitor = login_api(inspector)
    r = act(
        visitor,
        case_id,
        "submit_visit_report",
        findings="ملک مسکونی دو طبقه با حیاط",
        land_area=220,
        built_area=310,
        floors=2,
        usage="residential",
    )
    assert r.status_code == 200, r.content
    r = act(login_api(reviewer), case_id, "complete_plan_review", note="کاربری مسکونی، بدون عقب‌نشینی")
    assert r.status_code == 200, r.content
    return case_id


def issue(login_api, case_id, municipal, text="نقل و انتقال ملک بلامانع است.", result="approved"):
    return act(login_api(municipal), case_id, "issue_response", result=result, text=text)


_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def pdf_text(path):
    """The PDF's text in logical order, ASCII digits, without direction marks."""
    from core.validators import to_ascii_digits

    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed to read letters"
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout
    return to_ascii_digits(_MARKS.sub("", out.decode("utf-8")))


def loose(text):
    """For comparing with pdftotext's output: no ZWNJ or spaces (it moves them around neutral
    characters such as «،»), and the لا ligature as it comes out (ال)."""
    return "".join(text.replace("\u200c", "").replace("لا", "ال").split())
