"""Supervision figures: the yearly table, the monthly trend, the series of years and the office
ranking, over a few hundred files of the demo city with their history.

The statistics are aggregate queries (their count does not grow with the files); the ranking
rebuilds every file's steps from its history in one pass.
"""

import time

from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext


def run():
    from notifications.notify import silenced

    with silenced(), transaction.atomic():
        _run()
        transaction.set_rollback(True)


def _files(n):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from cases.models import Document, DocumentKind
    from cases.services import apply_action, register_case

    officer = get_user_model().objects.get(username="officer")
    for i in range(n):
        case = register_case(
            actor=officer,
            service="notary_inquiry",
            applicant={"national_id": "0499370899", "first_name": "علی", "last_name": "رضایی", "mobile": "09131112233"},
            property={
                "renewal_code": f"01-{i // 900 + 1:03d}-{i % 900 + 1:03d}-002-01-001",
                "address": "اصفهان",
                "district": 1,
            },
            details={"notary_number": "12", "notary_city": "اصفهان", "letter_number": "1", "letter_date": "1404/01/20"},
        )
        for kind in (DocumentKind.INQUIRY_LETTER, DocumentKind.DEED):
            Document.objects.create(
                case=case,
                kind=kind,
                file="x.pdf",
                original_name="x.pdf",
                content_type="application/pdf",
                size=1,
                sha256="",
            )
        if case.state == "submitted" and i % 3:
            apply_action(case, "accept", officer)
    return timezone.localdate()


def _time(label, fn, repeat=5):
    fn()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx:
        for _ in range(repeat):
            fn()
    elapsed = (time.perf_counter() - started) / repeat
    print(f"{label}: {elapsed * 1000:.1f} ms, {len(ctx.captured_queries) // repeat} queries")


def _run():
    from core.jalali import jalali_year
    from offices.models import Municipality
    from supervision.selectors import stats
    from supervision.selectors.periods import Period
    from supervision.selectors.scorecards import ranking

    call_command("seed_demo", "--city-only", verbosity=0)
    _files(300)
    city = Municipality.objects.get(code="isfahan")
    year = jalali_year()
    _time("annual table", lambda: stats.annual(year, municipality=city))
    _time("monthly trend", lambda: stats.monthly(year, municipality=city))
    _time("series of years", lambda: stats.yearly_series(municipality=city))
    _time("office ranking (year, 35 offices)", lambda: ranking(Period("year", year)), repeat=2)
