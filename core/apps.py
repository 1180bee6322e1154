from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared leaf code every app may use (errors, validators, Jalali helpers, API plumbing, serializer
    fields, template tags). It imports no Pishkhan app and has no models."""

    name = "core"
    verbose_name = "Core"
