"""Response letters' part in files: answering actions issue a letter; the file's API and page show it;
the applicant's SMS carries its verification code."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Role
from cases.permissions import works_for
from cases.plugins import Issued, Plugin
from core.jalali import format_jalali
from inquiries.letters import composer, selectors, services
from inquiries.letters.drafting import templates_for
from inquiries.letters.pdf import verify_url
from inquiries.models import Letter, LetterTemplate

PANEL_TEMPLATE = "letters/_panel.html"


def letter_summary(letter):
    return {
        "id": letter.pk,
        "number": letter.number,
        "verification_code": letter.verification_code,
        "issued_at": letter.issued_at,
        "issued_at_jalali": format_jalali(letter.issued_at, "%Y/%m/%d %H:%M", persian=False),
        "status": letter.status,
        "result": letter.result,
        "pdf_ready": letter.pdf_ready,
        "sha256": letter.sha256 or None,
        "pdf_url": f"/api/v1/cases/{letter.case_id}/letter.pdf",
        "verify_url": verify_url(letter),
        "replaces": letter.replaces.number if letter.replaces_id else None,
    }


# What ``letter_summary`` reads of a letter (not its frozen content, nor the replaced letter's).
SUMMARY_FIELDS = ("case_id", "number", "verification_code", "issued_at", "status", "result", "pdf", "sha256")


def detail_extra(case):
    """CONTRACT.md: the file's representation carries ``letter`` once issued."""
    letter = selectors.current_letter(case, fields=(*SUMMARY_FIELDS, "replaces__number"))
    if letter is None:
        return {}
    return {"letter": letter_summary(letter)}


def issued(cases):
    """The letters in force of these files (one query): downloadable once their PDF is made."""
    rows = Letter.objects.filter(case__in=[c.pk for c in cases], status=Letter.Status.VALID).order_by("issued_at", "id")
    found = {}
    for letter in rows.only("case_id", "number", "verification_code", "pdf", "sha256"):
        found.setdefault(letter.case_id, []).append(
            Issued(
                label=_("Response letter"),
                number=letter.number,
                verification_code=letter.verification_code,
                download_url=f"/api/v1/cases/{letter.case_id}/letter.pdf" if letter.pdf_ready else "",
            )
        )
    return found


def panel_context(case, user, letters=None):
    letters = list(selectors.letters_of(case)) if letters is None else letters
    current = next((x for x in letters if x.status == x.Status.VALID), None)
    if current is not None:
        current = services.ensure_pdf(current)
    return {
        "case": case,
        "letter": current,
        "earlier": [x for x in letters if x is not current],
        "events": selectors.events_of(case, letters),
        "verify_url": verify_url(current) if current else "",
        "can_correct": bool(
            current and user.is_authenticated and user.role == Role.MUNICIPAL_STAFF and works_for(user, case)
        ),
    }


def page_panel(case, user):
    """The letter's panel on the file's page (shown once a letter exists)."""
    letters = list(selectors.letters_of(case))
    if not letters:
        return None
    return PANEL_TEMPLATE, panel_context(case, user, letters)


def response_context(context):
    """The applicant's "response issued" SMS carries the letter's verification code."""
    case = context.get("case")
    letter = context.get("letter") or (selectors.current_letter(case) if case is not None else None)
    if letter is None:
        return {}
    return {"letter": letter, "sms_params": [letter.verification_code]}


class Letters(Plugin):
    name = "letters"
    #: The actions that answer a file, and so issue its letter.
    answering = ("issue_response", "instant_answer")

    def action_fields(self, action, case):
        if action != composer.ACTION:
            return {}
        # The template the response's text started from (checked against the result when issued).
        queryset = templates_for(case) if case is not None else LetterTemplate.objects.filter(is_active=True)
        return {
            "template": serializers.PrimaryKeyRelatedField(
                label=_("Start from a template"),
                queryset=queryset,
                required=False,
                allow_null=True,
                help_text=_("The id of the letter template the text started from (optional)."),
                error_messages={
                    "does_not_exist": _("There is no such letter template for this file."),
                    "incorrect_type": _("A template is given by its number."),
                },
            )
        }

    def after_action(self, case, actor, action, data, at):
        if action in self.answering:
            services.issue_for_action(case, actor, data, at)

    def kept_inputs(self, action, case):
        # The answer's text is the letter's; the history keeps the result.
        return {"text"} if action in self.answering else set()

    def events(self):
        return {"correct_letter": _("Letter corrected")}

    def detail_extra(self, case):
        return detail_extra(case)

    def page_panels(self, case, user):
        return [panel for panel in (page_panel(case, user), composer.issue_panel(case, user)) if panel]

    def issued(self, cases):
        return issued(cases)

    def panel_actions(self):
        # The composer (a template, its text filled in with the file's data) issues the response.
        return {composer.ACTION}

    def notification_context(self, event, context):
        return response_context(context) if event == "response_issued" else {}
