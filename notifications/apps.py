from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Outgoing SMS and e-mail: the stored Message, notify(), the backends and their tasks."""

    name = "notifications"
    verbose_name = _("Notifications")
