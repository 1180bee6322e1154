"""What letters plug into: the workflow's actions, the file's API and page, the applicant's SMS."""

from accounts.models import Role
from cases import hooks
from cases.permissions import works_for
from inquiries.letters import composer, selectors, services
from inquiries.letters.pdf import verify_url
from pishkhan import notify
from pishkhan.jalali import format_jalali

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


def detail_extra(case):
    """CONTRACT.md: the file's representation carries ``letter`` once issued."""
    letter = selectors.current_letter(case)
    if letter is None:
        return {}
    return {"letter": letter_summary(letter)}


def panel_context(case, user):
    letters = list(selectors.letters_of(case))
    current = next((x for x in letters if x.status == x.Status.VALID), None)
    if current is not None:
        current = services.ensure_pdf(current)
    return {
        "case": case,
        "letter": current,
        "earlier": [x for x in letters if x is not current],
        "events": list(selectors.events_of(case).exclude(kind="rendered")),
        "verify_url": verify_url(current) if current else "",
        "can_correct": bool(
            current and user.is_authenticated and user.role == Role.MUNICIPAL_STAFF and works_for(user, case)
        ),
    }


def page_panel(case, user):
    """The letter's panel on the file's page (shown once a letter exists)."""
    if not case.letters.exists():
        return None
    return PANEL_TEMPLATE, panel_context(case, user)


def response_context(context):
    """The applicant's "response issued" SMS carries the letter's verification code."""
    case = context.get("case")
    letter = context.get("letter") or (selectors.current_letter(case) if case is not None else None)
    if letter is None:
        return {}
    return {"letter": letter, "sms_params": [letter.verification_code]}


def register():
    hooks.after_action("issue_response")(services.issue_for_action)
    hooks.after_action("instant_answer")(services.issue_for_action)
    hooks.detail_extra(detail_extra)
    hooks.page_panel(page_panel)
    hooks.page_panel(composer.issue_panel)
    hooks.action_in_panel(composer.ACTION)
    notify.context_for("response_issued")(response_context)
