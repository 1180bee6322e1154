"""The supervision unit's part in files: the follow-up desk's events in a file's history."""

from django.utils.translation import gettext_lazy as _

from cases.plugins import Plugin


class FollowUp(Plugin):
    name = "followup"

    def events(self):
        return {
            "followup_call": _("Follow-up: call to the applicant"),
            "followup_sms": _("Follow-up: SMS to the applicant"),
            "followup_reminder": _("Follow-up: reminder to the holder"),
            "followup_escalation": _("Follow-up: escalated to the supervision unit"),
        }
