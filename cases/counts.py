"""Files registered and answered per Jalali month, service, district and office (``FileCount``): what the
published figures (supervision.selectors.stats) read instead of counting a million files.

The services keep the rows in the transaction of the change: registration adds to ``registered`` in the month
of ``created_at``; the action that puts a file into "responded" adds to ``responded`` (and ``approved``) in the
month of its ``closed_at``. No action takes a file out of "responded" (cases.workflow: no action starts there),
so nothing ever subtracts. Each change is one UPSERT of one office-month row, whose lock is held only by the
transactions of that office, service and month; nothing city-wide.

``rebuild`` recomputes every row from the files with two grouped scans (the migration that made the table, the
benchmark's loader and ``manage.py rebuild_file_counts`` use it): a repair, never needed on the hot path.
"""

import datetime

import jdatetime
from django.db import connection, connections, transaction
from django.utils import timezone

from cases.models import Case, FileCount, State
from core.jalali import to_jalali

APPROVED = "approved"


def _add(case, at, *, registered=0, responded=0, approved=0):
    """Add to the row of ``case``'s office, service and district for the Jalali month of ``at``."""
    when = to_jalali(at)
    table = connection.ops.quote_name(FileCount._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (year, month, municipality_id, district_id, office_id, service_code,"  # noqa: S608
            " registered, responded, approved) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (year, month, municipality_id, district_id, office_id, service_code) DO UPDATE SET"
            f" registered = {table}.registered + excluded.registered,"
            f" responded = {table}.responded + excluded.responded,"
            f" approved = {table}.approved + excluded.approved",
            [
                when.year,
                when.month,
                case.district.municipality_id,
                case.district_id,
                case.office_id,
                case.service_id,
                registered,
                responded,
                approved,
            ],
        )


def count_registered(case):
    """A file was registered (at its ``created_at``)."""
    _add(case, case.created_at, registered=1)


def count_responded(case):
    """A file was put in "responded" (at its ``closed_at``, with its ``result``)."""
    _add(case, case.closed_at, responded=1, approved=int(case.result == APPROVED))


# --- rebuilding from the files ----------------------------------------------------------------------------------


def _months(first, last):
    """[(year, month, start, end)] of every Jalali month from ``first`` to ``last`` (aware datetimes, Tehran)."""
    tz = timezone.get_current_timezone()
    start = to_jalali(first)
    year, month = start.year, start.month
    end = to_jalali(last)
    months = []
    while (year, month) <= (end.year, end.month):
        following = (year + 1, 1) if month == 12 else (year, month + 1)
        bounds = [
            datetime.datetime.combine(jdatetime.date(y, m, 1).togregorian(), datetime.time.min, tzinfo=tz)
            for y, m in ((year, month), following)
        ]
        months.append((year, month, *bounds))
        year, month = following
    return months


def _span(db, cases):
    """(first, last) datetime any file was registered or answered at, or None without files."""
    with db.cursor() as cursor:
        cursor.execute(f"SELECT MIN(created_at), MAX(created_at) FROM {cases}")  # noqa: S608
        first, last = cursor.fetchone()
        cursor.execute(f"SELECT MAX(closed_at) FROM {cases} WHERE state = %s", [State.RESPONDED])  # noqa: S608
        (closed,) = cursor.fetchone()
    if first is None:
        return None
    if db.vendor == "sqlite":  # raw SQL on SQLite returns the stored text (UTC)
        first, last, closed = (_utc(value) for value in (first, last, closed))
    return first, max(v for v in (last, closed) if v is not None)


def _utc(value):
    if value is None or isinstance(value, datetime.datetime):
        return value
    return timezone.make_aware(datetime.datetime.fromisoformat(str(value)), datetime.UTC)


def rebuild(using="default"):
    """Recompute every row from the files (idempotent). Returns the number of rows.

    Two grouped scans, set-based: the registrations by ``created_at`` and the answers by ``closed_at`` (each an
    index range per month, migration 0010), each placed in its Jalali month by joining a list of the months'
    bounds; written in key order, so that a year's rows lie together. On PostgreSQL the table is locked against
    writes meanwhile: a registration or an answer waits for the rebuild to commit, then adds to its result.
    """
    db = connections[using]
    table = db.ops.quote_name(FileCount._meta.db_table)
    cases = db.ops.quote_name(Case._meta.db_table)
    districts = db.ops.quote_name(Case._meta.get_field("district").related_model._meta.db_table)
    with transaction.atomic(using=using), db.cursor() as cursor:
        if db.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        span = _span(db, cases)
        if span is None:
            return 0
        months = _months(*span)
        adapt = db.ops.adapt_datetimefield_value
        params = [p for y, m, s, e in months for p in (y, m, adapt(s), adapt(e))]
        # PostgreSQL takes the list's column types from its first row.
        row = "(%s, %s, %s, %s)"
        first = "(%s, %s, %s::timestamptz, %s::timestamptz)" if db.vendor == "postgresql" else row
        values = ", ".join([first] + [row] * (len(months) - 1))
        keys = "m.year, m.month, d.municipality_id, c.district_id, c.office_id, c.service_code"
        cursor.execute(
            f"""WITH months (year, month, starts, ends) AS (VALUES {values})
            INSERT INTO {table} (year, month, municipality_id, district_id, office_id, service_code,
                                 registered, responded, approved)
            SELECT year, month, municipality_id, district_id, office_id, service_code,
                   SUM(registered), SUM(responded), SUM(approved)
            FROM (
                SELECT {keys}, COUNT(*) AS registered, 0 AS responded, 0 AS approved
                FROM {cases} c
                JOIN months m ON c.created_at >= m.starts AND c.created_at < m.ends
                JOIN {districts} d ON d.id = c.district_id
                GROUP BY {keys}
                UNION ALL
                SELECT {keys}, 0, COUNT(*), SUM(CASE WHEN c.result = %s THEN 1 ELSE 0 END)
                FROM {cases} c
                JOIN months m ON c.closed_at >= m.starts AND c.closed_at < m.ends
                JOIN {districts} d ON d.id = c.district_id
                WHERE c.state = %s
                GROUP BY {keys}
            ) AS counted
            GROUP BY year, month, municipality_id, district_id, office_id, service_code
            ORDER BY year, month, municipality_id, district_id, office_id, service_code""",  # noqa: S608
            [*params, APPROVED, State.RESPONDED],
        )
        return cursor.rowcount
