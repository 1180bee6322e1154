from django.conf import settings

from portal.navigation import items_for


def navigation(request):
    return {
        "nav_items": items_for(request.user) if hasattr(request, "user") else [],
        "SITE_NAME": getattr(settings, "SITE_NAME", "پیشخوان شهرسازی"),
    }
