"""Load, then measure, then report."""

import os

from bench.scale import load


def n_files():
    return int(os.environ.get("BENCH_N", "100000").replace("_", ""))


def main(what="all"):
    n = n_files()
    load_seconds = load.ensure(n, reload=os.environ.get("BENCH_RELOAD") == "1")
    if what == "load":
        return
    from bench.scale import measure

    measure.main(n, load_seconds)
