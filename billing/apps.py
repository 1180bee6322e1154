from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "billing"
    verbose_name = _("Billing")

    def ready(self):
        from billing import api_auth, checks  # noqa: F401 - the system checks and the schema's auth scheme register
