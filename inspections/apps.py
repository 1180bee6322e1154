from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = _("Inspections")

    def ready(self):
        from cases import hooks
        from inspections import panel, services

        hooks.on_action("assign_inspector")(services.on_assign)
        hooks.on_action("submit_visit_report")(services.on_submit)
        hooks.after_action("extend_deadline")(services.after_extension)
        hooks.page_panel(panel.visit_panel)
        hooks.detail_extra(panel.api_extra)
