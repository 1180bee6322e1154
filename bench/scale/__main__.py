"""python -m bench.scale [load|measure|all] — see bench/scale/__init__.py."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main(argv):
    what = argv[1] if len(argv) > 1 else "all"
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url or not url.startswith("postgres"):
        sys.exit(
            "Set BENCH_DATABASE_URL to a PostgreSQL database of the benchmark's own, e.g. "
            "postgres://postgres@127.0.0.1:5432/pishkhan_bench_load"
        )
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pishkhan.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from bench.scale import run

    run.main(what)


if __name__ == "__main__":
    main(sys.argv)
