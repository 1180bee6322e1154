"""The web process keeps its long-lived objects out of the garbage collector's walks (core.collector)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import gc, json
import pishkhan.wsgi
from django.core.signals import request_finished
from core import collector

loaded = gc.get_freeze_count()
made_later = [[] for _ in range(5000)]  # what first requests build: compiled templates, caches
for _ in range(collector.WARM_UP_REQUESTS - 1):
    request_finished.send(sender=None)
before_last = gc.get_freeze_count()
request_finished.send(sender=None)
settled = gc.get_freeze_count()
for _ in range(50):
    request_finished.send(sender=None)
print(json.dumps({"loaded": loaded, "before_last": before_last, "settled": settled,
                  "after": gc.get_freeze_count(), "gc_enabled": gc.isenabled()}))
"""


def test_the_web_process_freezes_its_startup_objects_then_once_more_after_warming_up():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pishkhan.settings"}
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    counts = json.loads(out.stdout.strip().splitlines()[-1])
    # Loading the site leaves tens of thousands of objects, all frozen at once.
    assert counts["loaded"] > 20_000
    # Nothing more until the warm-up requests are done; then what they made is frozen too, once.
    assert counts["before_last"] == counts["loaded"]
    assert counts["settled"] >= counts["loaded"] + 5_000
    assert counts["after"] == counts["settled"]
    # The collector still runs for what requests make afterwards.
    assert counts["gc_enabled"] is True
