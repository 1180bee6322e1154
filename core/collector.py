"""Keep a server process's long-lived objects out of the garbage collector's way.

A Django process holds some 150,000 objects that live as long as it does (modules, models, URL
patterns, compiled templates). Python's cyclic collector walks all of them at each full collection,
which a request that builds a few thousand objects (a list of files, a page) sets off every few
requests: the request it lands in takes milliseconds longer. ``gc.freeze()`` moves the objects alive
at that moment out of the collector's reach for good (they are never freed anyway); what requests
make afterwards is collected as before.

The web process (``pishkhan.wsgi``) freezes once it is loaded, and again after its first
``WARM_UP_REQUESTS`` requests, by which time the templates and caches filled on first use exist.
"""

import gc
import threading

from django.core.signals import request_finished

WARM_UP_REQUESTS = 200

_lock = threading.Lock()
_state = {"requests": 0, "settled": False}


def freeze():
    """Collect what is garbage now, then take every surviving object out of later collections."""
    gc.collect()
    gc.freeze()


def _count_request(**kwargs):
    with _lock:
        if _state["settled"]:
            return
        _state["requests"] += 1
        if _state["requests"] < WARM_UP_REQUESTS:
            return
        _state["settled"] = True
    request_finished.disconnect(_count_request, dispatch_uid="core.collector")
    freeze()


def settle_server_process():
    """Freeze now, and once more after the first ``WARM_UP_REQUESTS`` requests of this process."""
    freeze()
    request_finished.connect(_count_request, dispatch_uid="core.collector", weak=False)
