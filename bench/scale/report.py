"""The benchmark's table: every figure as p95 over its floor, with N, and the goals of issue 17."""

import json
from pathlib import Path

from django.conf import settings

# (key, label, floor key, goal as the most × floor)
ROWS = [
    ("me", "GET /api/v1/auth/me/ (membership look-up)", "floor_api", None),
    # References, no goal: what DRF and the layout cost before the product's own work (bench/scale/urls.py).
    ("reference_list_api", "reference: 25 rows as bare as DRF lists them", "floor_api", None),
    ("reference_layout_page", "reference: the layout around an empty page", "floor_page", None),
    ("officer_cartable_page", "officer: cartable page (HTML)", "floor_page", 3),
    ("officer_cartable_api", "officer: cartable API", "floor_api", 3),
    ("officer_files_api", "officer: files API (first page)", "floor_api", 3),
    ("officer_dashboard_page", "officer: dashboard page", "floor_page", 3),
    ("officer_file_page", "officer: a file's page", "floor_page", None),
    ("officer_search_tracking", "officer: search by tracking code", "floor_api", 3),
    ("officer_search_national_id", "officer: search by national ID", "floor_api", 3),
    ("municipal_cartable_api", "municipal: cartable API", "floor_api", 3),
    ("municipal_search_tracking", "municipal: search by tracking code", "floor_api", 3),
    ("municipal_search_national_id", "municipal: search by national ID", "floor_api", 3),
    ("supervisor_cartable_api", "supervisor: cartable API", "floor_api", 3),
    ("supervisor_overdue_api", "supervisor: overdue files API", "floor_api", 3),
    ("supervisor_cartable_page", "supervisor: cartable page (HTML)", "floor_page", 3),
    ("supervisor_dashboard_page", "supervisor: dashboard page", "floor_page", 3),
    ("supervisor_search_tracking", "supervisor: search by tracking code", "floor_api", 3),
    ("supervisor_search_national_id", "supervisor: search by national ID", "floor_api", 3),
    ("supervisor_search_name", "supervisor: search by name", "floor_api", 3),
    ("stats_annual_api", "annual statistics API", "floor_api", None),
    ("stats_annual", "annual statistics (in-process)", "stats_count", 3),
    ("letter_pdf", "response-letter PDF (WeasyPrint, in-process)", "empty_pdf", 2),
]
# Bytes per file when the issue was filed (7.9 GB for 1,000,000 files); the goal halves it.
BASELINE_BYTES_PER_FILE = 7_900
REGISTRATION_GOAL = 100  # files/s with 2 workers, 10× the national peak


def _ms(seconds):
    return f"{seconds * 1000:8.1f}" if seconds is not None else "       -"


def _mark(ok):
    return "yes" if ok else "NO"


def _mb(n):
    return f"{n / 1e6:9.1f}"


def render(result, baseline=None):
    f = result["figures"]
    n = result["n"]
    m = result["machine"]
    s = result["sizes"]
    lines = [
        "",
        f"Pishkhan at scale: N = {n:,} files ({s['files']:,} in the database), PostgreSQL {s['server_version']}, "
        f"gunicorn 2 sync workers, DEBUG off",
        f"machine: {m['cpus']} cores ({m['cpu']}), {m['memory'] / 2**30:.0f} GiB RAM, Python {m['python']}; "
        f"load average {result['load_average_start'][0]:.1f} at the start, {result['load_average_end'][0]:.1f} at "
        "the end",
    ]
    if result.get("load_seconds"):
        lines.append(f"load: {result['load_seconds']:.0f} s for {n:,} files")
    # A run of some figures (BENCH_ONLY) has the floors of those only.
    floors = [
        f"bare DRF view with token sign-in p95 {f['floor_api']['p95'] * 1000:.1f} ms",
        f"bare page with session sign-in p95 {f['floor_page']['p95'] * 1000:.1f} ms",
    ]
    if "stats_count" in f:
        floors.append(f"one indexed COUNT of {result['stats_year']} p95 {f['stats_count']['p95'] * 1000:.1f} ms")
    if "empty_pdf" in f:
        floors.append(f"an empty Persian page in WeasyPrint p95 {f['empty_pdf']['p95'] * 1000:.1f} ms")
    lines += [
        "floors: " + "; ".join(floors) + ". Each row's floor (column 'floor') is timed between that "
        "row's own requests, so the machine's other work weighs on both alike.",
        "",
    ]
    head = f"{'figure':48} {'p50 ms':>8} {'p95 ms':>8} {'floor':>8} {'× floor':>8} {'goal':>6} {'met':>4}"
    if baseline:
        head += f" {'× 100k':>7} {'≤1.5':>5}"
    lines += [head, "-" * len(head)]
    for key, label, floor, goal in ROWS:
        row = f.get(key)
        if row is None:
            continue
        # Against the floor measured between this figure's own requests when there is one.
        floor_p95 = row.get("floor_p95") or f[floor]["p95"]
        ratio = row["p95"] / floor_p95
        text = f"{label:48} {_ms(row['p50'])} {_ms(row['p95'])} {_ms(floor_p95)} {ratio:7.1f}×"
        text += f" {'≤' + str(goal) + '×':>6} {_mark(ratio <= goal):>4}" if goal else f" {'':>6} {'':>4}"
        if baseline and key in baseline["figures"]:
            then = baseline["figures"][key]
            old = then["p95"] / (then.get("floor_p95") or baseline["figures"][floor]["p95"])
            growth = ratio / old
            text += f" {growth:6.2f}×" + (f" {_mark(growth <= 1.5):>5}" if goal else "")
        if row.get("errors"):
            text += f"  ({row['errors']} errors: {row.get('statuses')})"
        lines.append(text)
    r = result.get("registration")
    lines += (
        []
        if r is None
        else [
            "",
            f"registration, {len(r['clients'])} clients: {r['files_per_s']:.1f} files/s ({r['ok']} files in "
            f"{r['seconds']:.0f} s, {r['errors']} errors{' ' + str(r['statuses']) if r['errors'] else ''}), "
            f"p95 {r['p95'] * 1000 if r['p95'] else 0:.0f} ms per registration; goal ≥ {REGISTRATION_GOAL} files/s "
            f"with 0 errors: {_mark(r['files_per_s'] >= REGISTRATION_GOAL and not r['errors'])}",
        ]
    )
    per_file = s["database"] / max(1, s["files"])
    lines += [
        "",
        f"database: {s['database'] / 2**30:.2f} GiB, {per_file:,.0f} bytes per file; goal ≤ "
        f"{BASELINE_BYTES_PER_FILE // 2:,} (half of {BASELINE_BYTES_PER_FILE:,}): "
        f"{_mark(per_file <= BASELINE_BYTES_PER_FILE / 2)}",
        f"{'table':36} {'total MB':>9} {'heap MB':>9} {'index MB':>9} {'bytes/file':>10}",
    ]
    for t in s["tables"][:14]:
        share = t["total"] / max(1, s["files"])
        lines.append(f"{t['table']:36} {_mb(t['total'])} {_mb(t['heap'])} {_mb(t['indexes'])} {share:10,.0f}")
    return "\n".join(lines)


def saved(n):
    """The table of the last run with ``n`` files (var/bench/scale-<n>.json)."""
    folder = Path(settings.BASE_DIR) / "var" / "bench"
    result = json.loads((folder / f"scale-{n}.json").read_text())
    base = folder / "scale-100000.json"
    baseline = json.loads(base.read_text()) if n != 100_000 and base.exists() else None
    return render(result, baseline)
