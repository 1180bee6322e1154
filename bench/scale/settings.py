"""The site as deployed, plus the benchmark's floors (bench/scale/urls.py). Used only by the benchmark's gunicorn."""

from pishkhan.settings import *  # noqa: F403

ROOT_URLCONF = "bench.scale.urls"
