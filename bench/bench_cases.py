"""Files: registrations and actions per second, and a cartable page over many files.

The peak year (86,820 inquiries) is about 240 files a calendar day; a national
rollout is two orders of magnitude more. These figures say how far one web
process is from that.
"""

import time

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext


def run():
    from notifications.notify import silenced

    with silenced():  # no console SMS for the benchmark's files
        _run()


def _run():
    from django.contrib.auth import get_user_model

    from cases.selectors import cartable_for, visible_cases
    from cases.services import apply_action, register_case

    call_command("seed_demo", "--city-only", verbosity=0)

    officer = get_user_model().objects.get(username="officer")
    n = 300
    started = time.perf_counter()
    ids = []
    for i in range(n):
        case = register_case(
            actor=officer,
            service="notary_inquiry",
            applicant={"national_id": "0499370899", "first_name": "علی", "last_name": "رضایی", "mobile": "09131112233"},
            property={
                "renewal_code": f"01-{i // 900 + 1:03d}-{i % 900 + 1:03d}-001-01-001",
                "address": "اصفهان",
                "district": 1,
            },
            details={"notary_number": "12", "notary_city": "اصفهان", "letter_number": "1", "letter_date": "1404/01/20"},
        )
        ids.append(case.id)
    elapsed = time.perf_counter() - started
    print(f"register_case: {n / elapsed:,.0f} files/s ({elapsed / n * 1000:.1f} ms each)")

    for label, qs in [("cartable page", cartable_for(officer)), ("file list page", visible_cases(officer))]:
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            for _ in range(20):
                list(qs.all()[:25])
                qs.count()
        elapsed = (time.perf_counter() - started) / 20
        print(f"{label} (25 of {qs.count()} rows): {elapsed * 1000:.1f} ms, {len(ctx.captured_queries) // 20} queries")

    started = time.perf_counter()
    for case_id in ids:
        apply_action(case_id, "return_to_applicant", officer, note="ناقص")
    elapsed = time.perf_counter() - started
    print(f"apply_action: {n / elapsed:,.0f} actions/s ({elapsed / n * 1000:.1f} ms each)")
    print(f"peak-year load (240 files/day) uses {240 / (86400 * n / elapsed) * 100:.4f}% of one process's day")
