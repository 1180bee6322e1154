"""How often one connection may use a public page that looks something up by a code.

Counted per address in the cache for a window of ``seconds``; with Redis down the cache falls back to
each process's memory (``core.cache``), so the pages keep answering, each process counting alone."""

from django.core.cache import cache


def too_many(request, name, limit, seconds=60):
    """Count this request against ``name``'s allowance for its address; True once past ``limit``."""
    key = f"throttle:{name}:{request.META.get('REMOTE_ADDR', '')}"
    if cache.add(key, 1, timeout=seconds):
        return False
    try:
        return cache.incr(key) > limit
    except ValueError:  # the counter expired between add and incr
        cache.add(key, 1, timeout=seconds)
        return False
