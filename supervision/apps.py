from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")

    def ready(self):
        from offices.signals import office_status_set_by_hand
        from supervision.services.violations import status_set_by_hand

        office_status_set_by_hand.connect(status_set_by_hand, dispatch_uid="supervision-status-by-hand")
