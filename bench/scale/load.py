"""Load N files into the benchmark's own PostgreSQL database, once.

The database is made if missing and migrated; a table ``bench_load`` remembers how
many files it holds, so a second run with the same N only migrates (new indexes)
and measures. A different N, or a load that did not finish, starts from an empty
database again.
"""

import os
import time

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

CHUNK = 5000
MARKER = "bench_load"


def _admin_connection():
    import psycopg2

    params = dict(_dsn())
    params["dbname"] = "postgres"
    conn = psycopg2.connect(**params)
    conn.autocommit = True
    return conn


def _dsn():
    db = settings.DATABASES["default"]
    return {
        "dbname": db["NAME"],
        "user": db.get("USER") or "postgres",
        "password": db.get("PASSWORD") or None,
        "host": db.get("HOST") or "127.0.0.1",
        "port": db.get("PORT") or 5432,
    }


def _world_name():
    return os.environ.get("BENCH_WORLD_DATABASE") or settings.DATABASES["default"]["NAME"] + "_world"


def _exists(cur, name):
    cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    return cur.fetchone() is not None


def create_database(drop=False):
    """The benchmark database; a fresh one starts as a copy of the saved world when there is one."""
    name = settings.DATABASES["default"]["NAME"]
    connection.close()
    conn = _admin_connection()
    with conn.cursor() as cur:
        if drop:
            cur.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
            cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not _exists(cur, name):
            template = _world_name()
            cur.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if _exists(cur, template) else ""))
    conn.close()


def save_world():
    """Keep the database as it is now (migrated, the cities built, no bulk files) for the next reload."""
    name = settings.DATABASES["default"]["NAME"]
    connection.close()
    conn = _admin_connection()
    with conn.cursor() as cur:
        if not _exists(cur, _world_name()):
            cur.execute(f'CREATE DATABASE "{_world_name()}" TEMPLATE "{name}"')
    conn.close()


def loaded_files():
    """(files, finished) of the load this database holds, or None before any."""
    with connection.cursor() as cur:
        cur.execute("SELECT to_regclass(%s) IS NOT NULL", [MARKER])
        if not cur.fetchone()[0]:
            return None
        cur.execute(f"SELECT n, finished_at IS NOT NULL FROM {MARKER}")
        return cur.fetchone()


def ensure(n, log=print, reload=False):
    """A database holding ``n`` benchmark files, migrated to the current code. Returns load seconds (0 if kept)."""
    create_database()
    state = loaded_files()
    if reload or (state is not None and state != (n, True)):
        log(f"dropping the benchmark database (it holds {state}; {n} files wanted)")
        create_database(drop=True)
        state = None
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if state is not None:
        log(f"the database holds {n:,} files already (migrated: {time.perf_counter() - started:.0f} s)")
        return 0.0
    _load(n, log)
    return time.perf_counter() - started


def _first_ids(models):
    ids = {}
    with connection.cursor() as cur:
        for key, model in models.items():
            pk = model._meta.pk.column
            if pk is None:
                continue  # keyed by its columns (the history: file and seq), no id to hand out
            cur.execute(f'SELECT COALESCE(MAX("{pk}"), 0) + 1 FROM "{model._meta.db_table}"')
            ids[key] = cur.fetchone()[0]
    return ids


def _load(n, log):
    from billing import bill_ids, numbering, selectors
    from billing.models import FeeSlip, Payment, SlipItem
    from cases import counts
    from cases.models import Case, Document, Property, Transition
    from inquiries.models import Letter, LetterSequence
    from inspections.models import Visit, VisitReport
    from notifications.models import Message
    from offices.models import District, Municipality

    from . import world
    from .copy import Copier
    from .generate import SHARED_PATH, SHARED_PDF, Generator

    started = time.perf_counter()
    if not world.built():
        world.build(log=log)
        save_world()
    places = world.places()
    tariffs = {}  # (municipality id, service code) -> the city's tariff in force, as registration reads it
    for municipality_id in {place.municipality_id for place in places}:
        for code in ("notary_inquiry", "bank_inquiry", "excavation"):
            tariff = selectors.tariff_in_force(code, municipality=municipality_id)
            if tariff is not None:
                tariffs[municipality_id, code] = (tariff.pk, tariff.municipality_fee_rials, tariff.counter_fee_rials)
    with connection.cursor() as cur:
        cur.execute(f"CREATE TABLE IF NOT EXISTS {MARKER} (n integer, started_at timestamptz, finished_at timestamptz)")
        cur.execute(f"DELETE FROM {MARKER}")
        cur.execute(f"INSERT INTO {MARKER} VALUES (%s, now(), NULL)", [n])
        # Ten years of files arrive at once: a GIN index that takes each entry at once (the name index, cases
        # 0023) takes them through its pending list for the load, merged by the vacuum below, then as before.
        cur.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_am a ON a.oid = c.relam "
            "WHERE a.amname = 'gin' AND 'fastupdate=off' = ANY(c.reloptions)"
        )
        immediate_gin = [name for (name,) in cur.fetchall()]
        for name in immediate_gin:
            cur.execute(f'ALTER INDEX "{name}" SET (fastupdate = on)')
    models = {
        "case": Case,
        "property": Property,
        "document": Document,
        "transition": Transition,
        "slip": FeeSlip,
        "item": SlipItem,
        "payment": Payment,
        "visit": Visit,
        "report": VisitReport,
        "letter": Letter,
        "message": Message,
    }
    generator = Generator(
        n=n,
        places=places,
        tariffs=tariffs,
        first_ids=_first_ids(models),
        taken_codes=set(Case.objects.values_list("tracking_code", flat=True)),
        now=timezone.now(),
    )
    # Go on from the numbers the demo's own files took.
    for sequence in LetterSequence.objects.all():
        generator.letter_serials[(sequence.district_id, sequence.year)] = sequence.last_number
    for municipality_id, number in FeeSlip.objects.values_list("municipality_id", "number"):
        year, serial = bill_ids.split_slip_number(number)
        key = (municipality_id, year)
        generator.slip_serials[key] = max(generator.slip_serials.get(key, 0), serial)
    cities = len({p.municipality_id for p in places})
    log(f"world: {len(places)} offices in {cities} municipalities; loading {n:,} files")
    copier = Copier(_dsn())
    try:
        last_report = time.perf_counter()
        while generator.done < n:
            copier.put(generator.chunk(CHUNK))
            if time.perf_counter() - last_report > 30 or generator.done == n:
                last_report = time.perf_counter()
                rate = generator.done / (last_report - started)
                log(f"  {generator.done:,} files, {copier.rows:,} rows ({rate:,.0f} files/s)")
    finally:
        copier.close()
    generated = time.perf_counter() - started

    # What the services would have left behind: id sequences, letter and slip counters, the shared PDF.
    with connection.cursor() as cur:
        for model in models.values():
            table, pk = model._meta.db_table, model._meta.pk.column
            if pk is not None and model._meta.pk.get_internal_type() in ("AutoField", "BigAutoField"):
                cur.execute(
                    f'SELECT setval(pg_get_serial_sequence(%s, %s), (SELECT MAX("{pk}") FROM "{table}"))',
                    [table, pk],
                )
    districts = {d.pk: d for d in District.objects.all()}
    for (district_id, year), serial in generator.letter_serials.items():
        sequence, _ = LetterSequence.objects.get_or_create(district=districts[district_id], year=year)
        LetterSequence.objects.filter(pk=sequence.pk).update(last_number=max(sequence.last_number, serial))
    cities = {m.pk: m for m in Municipality.objects.all()}
    for (municipality_id, year), serial in generator.slip_serials.items():
        city = cities[municipality_id]
        numbering.set_last_serial(city, year, max(serial, numbering.last_serial(city, year)))
    # The monthly counts of files registered and answered, as the services keep them (one grouped pass).
    counted = time.perf_counter()
    rows = counts.rebuild()
    log(f"monthly file counts: {rows:,} rows in {time.perf_counter() - counted:.1f} s")
    shared = os.path.join(settings.MEDIA_ROOT, SHARED_PATH)
    os.makedirs(os.path.dirname(shared), exist_ok=True)
    with open(shared, "wb") as fh:
        fh.write(SHARED_PDF)
    log(f"generated and copied in {generated:.0f} s; vacuum and analyze ...")
    vacuum_started = time.perf_counter()
    old_autocommit = connection.get_autocommit()
    connection.set_autocommit(True)
    with connection.cursor() as cur:
        cur.execute("VACUUM (ANALYZE)")
        for name in immediate_gin:
            cur.execute(f'ALTER INDEX "{name}" SET (fastupdate = off)')
            cur.execute("SELECT gin_clean_pending_list(%s::regclass)", [name])
        cur.execute(f"UPDATE {MARKER} SET finished_at = now()")
    connection.set_autocommit(old_autocommit)
    log(f"vacuum and analyze: {time.perf_counter() - vacuum_started:.0f} s")
    log(f"load done in {time.perf_counter() - started:.0f} s")
