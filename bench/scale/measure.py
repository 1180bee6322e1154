"""Measure the loaded database through gunicorn (2 sync workers, DEBUG off), every figure against its floor.

Bounded: each figure takes at most ``BENCH_REQUESTS`` requests (60) or
``BENCH_FIGURE_SECONDS`` seconds (20); registration runs ``BENCH_REGISTER_SECONDS`` (20)
or ``BENCH_REGISTER_MAX`` files (3,000). Requests go to 127.0.0.1 only.
"""

import json
import math
import os
import platform
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

from bench.scale import http, report

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "pishkhan1403"
WORKERS = 2


def _int(name, default):
    return int(os.environ.get(name, default))


REQUESTS = _int("BENCH_REQUESTS", 60)
FIGURE_SECONDS = _int("BENCH_FIGURE_SECONDS", 20)
FLOOR_REQUESTS = _int("BENCH_FLOOR_REQUESTS", 150)
REGISTER_SECONDS = _int("BENCH_REGISTER_SECONDS", 20)
REGISTER_MAX = _int("BENCH_REGISTER_MAX", 3000)
REGISTER_CLIENTS = 4
# BENCH_ONLY=officer_cartable,registration,letter_pdf,stats: measure only the figures whose name starts with
# one of these (the floors always); the result is kept apart from the full run's.
ONLY = tuple(p.strip() for p in os.environ.get("BENCH_ONLY", "").split(",") if p.strip())


def wanted(key):
    return not ONLY or key.startswith("floor") or key.startswith(ONLY)


def percentile(values, q):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


# --- the server -----------------------------------------------------------------------------------------------


class Server:
    def __init__(self):
        with socket.socket() as s:
            s.bind((http.HOST, 0))
            self.port = s.getsockname()[1]
        env = dict(os.environ)
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "bench.scale.settings",
                "DATABASE_URL": os.environ["DATABASE_URL"],
                "DEBUG": "0",
                "SECRET_KEY": "bench-" + "k" * 50,
                "SECURE_HTTPS": "0",
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "REDIS_URL": os.environ.get("BENCH_REDIS_URL", ""),
                "LOG_LEVEL": "WARNING",
            }
        )
        self.log = open(ROOT / "var" / "bench-gunicorn.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "pishkhan.wsgi:application",
                "--workers",
                str(WORKERS),
                "--worker-class",
                "sync",
                "--bind",
                f"{http.HOST}:{self.port}",
                "--timeout",
                "120",
                "--no-control-socket",  # the default socket path is shared by every gunicorn on the machine
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=self.log,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if http.Client(self.port).get("/healthz")[0] == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.5)
        self.stop()
        raise RuntimeError("gunicorn did not start; see var/bench-gunicorn.log")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


# --- what to ask for ------------------------------------------------------------------------------------------


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def _sample(qs, k, rng):
    """k rows of a (possibly huge) queryset, spread over its whole history, without sorting it all."""
    from django.db.models import Max, Min

    bounds = qs.aggregate(lo=Min("pk"), hi=Max("pk"))
    if bounds["lo"] is None:
        return []
    rows = []
    for _ in range(k * 4):
        pk = rng.randint(bounds["lo"], bounds["hi"])
        row = qs.filter(pk__gte=pk).order_by("pk").values("pk", "tracking_code", "applicant_national_id").first()
        if row is not None:
            rows.append(row)
        if len(rows) >= k:
            break
    return rows


def inputs(rng):
    from cases.models import Case
    from offices.models import Membership

    officer = Membership.objects.current().filter(user__username="officer").exclude(office=None).first()
    municipal = Membership.objects.current().filter(user__username="municipal").first()
    mine = _sample(Case.objects.filter(office_id=officer.office_id), 30, rng)
    district = _sample(Case.objects.filter(district_id=municipal.district_id), 30, rng)
    anywhere = _sample(Case.objects.all(), 30, rng)
    names = [
        f"{first} {last}"
        for first, last in Case.objects.filter(pk__in=[r["pk"] for r in anywhere]).values_list(
            "applicant_first_name", "applicant_last_name"
        )
    ]
    return {"mine": mine, "district": district, "anywhere": anywhere, "names": names}


def _q(value):
    import urllib.parse

    return "/api/v1/cases/?q=" + urllib.parse.quote(value)


# --- timing ---------------------------------------------------------------------------------------------------


def time_requests(client, paths, count=None, seconds=None, floor=None):
    """p50/p95 of GETs of ``paths`` (cycled). With ``floor`` (client, path), a floor request follows each
    one and the figure carries the floor's own p95 from the same moments: the machine's other work
    then weighs on both alike."""
    count, seconds = count or REQUESTS, seconds or FIGURE_SECONDS
    for path in paths[:2]:
        client.get(path)  # warm the worker's caches and connection
    times, floor_times, errors, statuses = [], [], 0, {}
    started = time.monotonic()
    for i in range(count):
        status, elapsed, _ = client.get(paths[i % len(paths)])
        if status != 200:
            errors += 1
            statuses[status] = statuses.get(status, 0) + 1
        times.append(elapsed)
        if floor is not None:
            floor_times.append(floor[0].get(floor[1])[1])
        if time.monotonic() - started > seconds and len(times) >= 20:
            break
    result = {
        "p50": percentile(times, 0.5),
        "p95": percentile(times, 0.95),
        "requests": len(times),
        "errors": errors,
        "statuses": statuses,
    }
    if floor_times:
        result["floor_p95"] = percentile(floor_times, 0.95)
    return result


def time_calls(fn, count=15, floor=None):
    """The same for a call in this process, paired with ``floor`` calls when given."""
    fn()
    if floor is not None:
        floor()
    times, floor_times = [], []
    for _ in range(count):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
        if floor is not None:
            started = time.perf_counter()
            floor()
            floor_times.append(time.perf_counter() - started)
    result = {"p50": percentile(times, 0.5), "p95": percentile(times, 0.95), "requests": count, "errors": 0}
    if floor_times:
        result["floor_p95"] = percentile(floor_times, 0.95)
        result["floor_p50"] = percentile(floor_times, 0.5)
    return result


# --- registration under load ------------------------------------------------------------------------------------


def registration(port, rng):
    from bench.scale.generate import national_id
    from cases.models import Property
    from offices.models import Membership

    posts = []
    seen = set()
    for m in (
        Membership.objects.current()
        .filter(role="technical_officer", office__district__municipality__code="isfahan")
        .select_related("user", "office__district")
        .order_by("office__district__number", "user__username")
    ):
        if m.office.district_id not in seen:
            seen.add(m.office.district_id)
            posts.append((m.user.username, m.office.district.number))
        if len(posts) == REGISTER_CLIENTS:
            break
    start = Property.objects.filter(renewal_code__contains="-899-").count()
    counter = iter(range(start, start + 10**7))
    lock = threading.Lock()
    results = {"ok": 0, "errors": 0, "statuses": {}, "times": []}

    def body(district):
        with lock:
            k = next(counter)
        return {
            "service": "notary_inquiry",
            "applicant": {
                "national_id": national_id(rng),
                "first_name": "بهار",
                "last_name": "سنجش",
                "mobile": f"0913{k % 10**7:07d}",
            },
            "property": {
                "renewal_code": f"{district:02d}-{k // 10**6 % 1000:03d}-{k // 1000 % 1000:03d}-899-00-{k % 1000:03d}",
                "address": "اصفهان، خیابان آزمون، پلاک ۱",
                "district": district,
            },
            "details": {
                "notary_number": "12",
                "notary_city": "اصفهان",
                "letter_number": "100/ن",
                "letter_date": "1404/07/01",
            },
        }

    clients = [(http.token_client(port, username, PASSWORD), district) for username, district in posts]
    for client, district in clients * 2:  # each worker computes its calendar once; not part of the figure
        client.post_json("/api/v1/cases/", body(district))
    go = threading.Event()
    window = {}

    def work(client, district):
        go.wait()
        while time.monotonic() < window["stop"]:
            with lock:
                if results["ok"] + results["errors"] >= REGISTER_MAX:
                    return
            status, elapsed, _ = client.post_json("/api/v1/cases/", body(district))
            with lock:
                results["times"].append(elapsed)
                if status == 201:
                    results["ok"] += 1
                else:
                    results["errors"] += 1
                    results["statuses"][status] = results["statuses"].get(status, 0) + 1

    threads = [threading.Thread(target=work, args=c) for c in clients]
    for t in threads:
        t.start()
    started = time.monotonic()
    window["stop"] = started + REGISTER_SECONDS
    go.set()
    for t in threads:
        t.join()
    seconds = time.monotonic() - started
    times = results.pop("times")
    return {
        **results,
        "seconds": seconds,
        "files_per_s": results["ok"] / seconds,
        "p50": percentile(times, 0.5) if times else None,
        "p95": percentile(times, 0.95) if times else None,
        "clients": [u for u, _ in posts],
    }


# --- in-process figures -----------------------------------------------------------------------------------------


def statistics_figures():
    from cases.models import Case
    from core.jalali import jalali_year
    from supervision.selectors.periods import Period
    from supervision.selectors.stats import annual

    year = jalali_year() - 1
    start, end = Period("year", year).bounds()

    def count():
        return Case.objects.filter(created_at__gte=start, created_at__lt=end).count()

    stats = time_calls(lambda: annual(year), floor=count)
    floor = {"p50": stats["floor_p50"], "p95": stats["floor_p95"], "requests": stats["requests"], "errors": 0}
    return year, stats, floor


def pdf_figures():
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from inquiries.letters.pdf import fonts, render_pdf
    from inquiries.models import Letter

    letter = Letter.objects.order_by("pk").first()
    f = fonts()
    empty = (
        '<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><style>'
        f'@font-face {{ font-family: Vazirmatn; src: url("{f["regular"]}"); }}'
        f'@font-face {{ font-family: Vazirmatn; font-weight: bold; src: url("{f["bold"]}"); }}'
        "body { font-family: Vazirmatn; }</style></head><body><p>صفحهٔ خالی</p></body></html>"
    )

    def blank():
        return HTML(string=empty).write_pdf(font_config=FontConfiguration())

    pdf = time_calls(lambda: render_pdf(letter), 30, floor=blank)
    return pdf, {"p50": pdf["floor_p50"], "p95": pdf["floor_p95"], "requests": 30, "errors": 0}


def sizes():
    with connection.cursor() as cur:
        cur.execute(
            """SELECT c.relname, pg_total_relation_size(c.oid), pg_relation_size(c.oid), pg_indexes_size(c.oid)
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 2 DESC"""
        )
        tables = [{"table": r[0], "total": r[1], "heap": r[2], "indexes": r[3]} for r in cur.fetchall()]
        cur.execute("SELECT pg_database_size(current_database()), (SELECT count(*) FROM cases_case)")
        total, files = cur.fetchone()
        cur.execute("SHOW server_version")
        version = cur.fetchone()[0]
    return {"database": total, "files": files, "tables": tables, "server_version": version}


def machine():
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem = next(
            int(line.split()[1]) * 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        mem = 0
    return {
        "cpus": os.cpu_count(),
        "cpu": model,
        "memory": mem,
        "python": platform.python_version(),
        "system": platform.platform(),
    }


# --- the run ------------------------------------------------------------------------------------------------------


def main(n, load_seconds):
    rng = random.Random(17)
    data = inputs(rng)
    result = {
        "n": n,
        "load_seconds": load_seconds,
        "machine": machine(),
        "load_average_start": os.getloadavg(),
        "figures": {},
    }
    print(f"measuring {n:,} files with gunicorn ({WORKERS} sync workers, DEBUG off) ...", flush=True)
    server = Server()
    figures = result["figures"]
    try:
        port = server.port
        officer_api = http.token_client(port, "officer", PASSWORD)
        officer_page = http.session_client(port, "officer", PASSWORD)
        municipal_api = http.token_client(port, "municipal", PASSWORD)
        supervisor_api = http.token_client(port, "supervisor", PASSWORD)
        supervisor_page = http.session_client(port, "supervisor", PASSWORD)
        mine, district, anywhere = data["mine"], data["district"], data["anywhere"]
        plan = [
            ("floor_api", officer_api, ["/bench/bare/"], FLOOR_REQUESTS),
            ("floor_page", officer_page, ["/bench/bare-page/"], FLOOR_REQUESTS),
            ("me", officer_api, ["/api/v1/auth/me/"], None),
            ("reference_list_api", officer_api, ["/bench/reference-list/"], None),
            ("reference_layout_page", officer_page, ["/bench/reference-layout/"], None),
            ("officer_cartable_page", officer_page, ["/cartable/"], None),
            ("officer_cartable_api", officer_api, ["/api/v1/cartable/"], None),
            ("officer_files_api", officer_api, ["/api/v1/cases/"], None),
            ("officer_dashboard_page", officer_page, ["/"], None),
            ("officer_file_page", officer_page, [f"/cases/{r['pk']}/" for r in mine], None),
            ("officer_search_tracking", officer_api, [_q(r["tracking_code"]) for r in mine], None),
            ("officer_search_national_id", officer_api, [_q(r["applicant_national_id"]) for r in mine], None),
            ("municipal_cartable_api", municipal_api, ["/api/v1/cartable/"], None),
            ("municipal_search_tracking", municipal_api, [_q(r["tracking_code"]) for r in district], None),
            ("municipal_search_national_id", municipal_api, [_q(r["applicant_national_id"]) for r in district], None),
            ("supervisor_cartable_api", supervisor_api, ["/api/v1/cartable/"], None),
            ("supervisor_overdue_api", supervisor_api, ["/api/v1/cases/?overdue=true"], None),
            ("supervisor_cartable_page", supervisor_page, ["/cartable/"], None),
            ("supervisor_dashboard_page", supervisor_page, ["/"], None),
            ("supervisor_search_tracking", supervisor_api, [_q(r["tracking_code"]) for r in anywhere], None),
            ("supervisor_search_national_id", supervisor_api, [_q(r["applicant_national_id"]) for r in anywhere], None),
            ("supervisor_search_name", supervisor_api, [_q(name) for name in data["names"]], None),
        ]
        year = None
        if wanted("stats"):
            year, stats, count = statistics_figures()
            plan.append(("stats_annual_api", supervisor_api, [f"/api/v1/stats/annual/?year={year}"], 20))
        plan = [step for step in plan if wanted(step[0])]
        floors = {
            officer_page: (officer_page, "/bench/bare-page/"),
            supervisor_page: (supervisor_page, "/bench/bare-page/"),
        }
        for key, client, paths, count_requests in plan:
            floor = None if key.startswith("floor") else floors.get(client, (client, "/bench/bare/"))
            figures[key] = time_requests(client, paths, count_requests, floor=floor)
            print(f"  {key}: p95 {figures[key]['p95'] * 1000:.1f} ms", flush=True)
        # The floor again at the end: the machine is shared, so take the better of the two.
        again = time_requests(officer_api, ["/bench/bare/"], FLOOR_REQUESTS)
        if again["p95"] < figures["floor_api"]["p95"]:
            figures["floor_api"] = again
        if year is not None:
            figures["stats_annual"], figures["stats_count"] = stats, count
            result["stats_year"] = year
        if wanted("registration"):
            result["registration"] = registration(port, rng)
            print(f"  registration: {result['registration']['files_per_s']:.1f} files/s", flush=True)
    finally:
        server.stop()
    if wanted("letter_pdf"):
        figures["letter_pdf"], figures["empty_pdf"] = pdf_figures()
        print(f"  letter_pdf: {figures['letter_pdf']['p95'] / figures['empty_pdf']['p95']:.1f}x", flush=True)
    result["sizes"] = sizes()
    result["load_average_end"] = os.getloadavg()
    out = Path(settings.BASE_DIR) / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    baseline = None
    if n != 100_000 and (out / "scale-100000.json").exists():
        baseline = json.loads((out / "scale-100000.json").read_text())
    name = f"scale-{n}-only.json" if ONLY else f"scale-{n}.json"
    (out / name).write_text(json.dumps(result, indent=1, default=str))
    print(report.render(result, baseline))
