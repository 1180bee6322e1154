from django.apps import AppConfig
from django.core.signals import setting_changed
from django.utils.translation import gettext_lazy as _


def _forget_plugins(setting, **kwargs):
    if setting == "PISHKHAN_PLUGINS":
        from cases.plugins import registry

        registry.cache_clear()


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self):
        setting_changed.connect(_forget_plugins)
