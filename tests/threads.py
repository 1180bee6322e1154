"""Run the same moment twice: threads that start together, each on its own database connection."""

import threading

from django.db import connection

from core.errors import DomainError


def race(n, fn, timeout=120):
    """Call ``fn(i)`` for i in range(n) in n threads released at once.

    Each result is ``("ok", value)``, ``("refused", http_status, code)`` for a
    DomainError, or ``("error", repr)`` for anything else (a bug the test must show).
    """
    barrier = threading.Barrier(n)
    results = [None] * n

    def run(i):
        try:
            barrier.wait(timeout=30)
            results[i] = ("ok", fn(i))
        except DomainError as exc:
            results[i] = ("refused", exc.http_status, exc.code)
        except Exception as exc:  # reported through the results
            results[i] = ("error", repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return results
