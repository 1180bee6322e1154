"""Benchmarks: `make bench` runs every bench_*.py module beside this file.

Each module's ``run()`` prints its figures on stdout as ``name: value unit``
lines. They run against the configured database (SQLite by default) in a
throwaway database of their own.
"""

import importlib
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pishkhan.settings")


def main():
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import get_runner, setup_test_environment

    setup_test_environment()
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        for path in sorted(HERE.glob("bench_*.py")):
            module = importlib.import_module(f"bench.{path.stem}")
            started = time.perf_counter()
            print(f"# {path.stem}")
            module.run()
            print(f"# {path.stem} took {time.perf_counter() - started:.1f} s")
    finally:
        runner.teardown_databases(old)


if __name__ == "__main__":
    main()
