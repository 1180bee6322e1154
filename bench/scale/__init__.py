"""The benchmark at scale: N files in PostgreSQL, gunicorn in front, every figure against its floor.

``python -m bench.scale`` (or ``make bench`` with ``BENCH_DATABASE_URL`` set) loads
``BENCH_N`` files (100,000 by default) into the database named by
``BENCH_DATABASE_URL`` once, then measures. See the README's performance section.
"""
