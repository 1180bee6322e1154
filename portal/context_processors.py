from django.conf import settings
from django.utils.functional import SimpleLazyObject

from portal.navigation import items_for, links_of


def navigation(request):
    # The menu is worked out when a template shows it (a page, not a panel or an htmx fragment rendered
    # with the request) and once per request, however many templates the request renders.
    return {
        "nav_items": SimpleLazyObject(lambda: _nav_items(request)),
        # Every destination, the menu's too (the dashboard's tiles).
        "nav_links": SimpleLazyObject(lambda: links_of(_nav_items(request))),
        "SITE_NAME": getattr(settings, "SITE_NAME", "پیشخوان شهرسازی"),
    }


def _nav_items(request):
    items = getattr(request, "_nav_items", None)
    if items is None:
        items = request._nav_items = items_for(request.user) if hasattr(request, "user") else []
    return items
