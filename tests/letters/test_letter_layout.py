"""A full response letter (visit findings, the zone's rules, a few lines of answer) fits one A4 page."""

import subprocess

import pytest

from inquiries.letters.pdf import render_pdf
from inquiries.models import Letter
from tests.cases.helpers import user
from tests.letters.helpers import act, issue, to_municipal_review

pytestmark = pytest.mark.django_db

ANSWER = (
    "نقل و انتقال ملک با رعایت بر اصلاحی مصوب طرح تفصیلی بلامانع است. عقب‌نشینی ملک در زمان اخذ پروانه "
    "ساختمانی اجرا شود و مالک پیش از هر اقدام عمرانی به شهرداری منطقه مراجعه کند. این پاسخ برای دفترخانه "
    "صادر شده و برای امور دیگر اعتبار ندارد."
)


RULES = {"land_use": "residential", "max_floors": "4", "max_occupancy_percent": "60",
         "max_density_percent": "240", "setback_m": "2.5", "street_width_m": "12"}  # fmt: skip


def test_a_full_letter_is_one_page(demo_city, login_api, tmp_path, monkeypatch):
    import tests.letters.helpers as helpers

    reviewed = []

    def review_with_rules(api, case_id, action, **data):
        if action == "complete_plan_review":
            data = {**data, **RULES}
            reviewed.append(case_id)
        return act(api, case_id, action, **data)

    monkeypatch.setattr(helpers, "act", review_with_rules)
    case_id = to_municipal_review(
        login_api, officer=user("officer"), reviewer=user("manager"), inspector=user("inspector")
    )
    assert reviewed == [case_id]
    assert issue(login_api, case_id, user("municipal"), text=ANSWER + "\n" + ANSWER).status_code == 200
    letter = Letter.objects.get(case_id=case_id)
    path = tmp_path / "letter.pdf"
    path.write_bytes(render_pdf(letter))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages == 1
