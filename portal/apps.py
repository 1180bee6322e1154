from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The portal's own pages over every app: dashboard, navigation, error pages, the demo city and
    the user commands. Nothing depends on it."""

    name = "portal"
    verbose_name = "Portal"
