from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InquiriesConfig(AppConfig):
    name = "inquiries"
    verbose_name = _("Inquiries")

    def ready(self):
        from cases import hooks
        from inquiries import details, instant  # noqa: F401 - registers the instant-answer rule
        from inquiries.letters import hooks as letter_hooks
        from inquiries.letters import tasks  # noqa: F401 - registers the letter tasks with Celery

        hooks.details("notary_inquiry", clean=details.clean_notary, save=details.save)
        hooks.details("bank_inquiry", clean=details.clean_bank, save=details.save)
        hooks.details("excavation", clean=details.clean_excavation, save=details.save)
        letter_hooks.register()
