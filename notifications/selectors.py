"""Reads for the supervisors' messages page: what did not get through, the counts, the kinds by name."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from core.tenancy import in_city
from core.validators import to_persian_digits
from notifications.models import Message

# What needs the supervisor's eye first: messages that did not get through.
TROUBLE = (Message.Status.FAILED, Message.Status.RETRYING)


def messages_of(user):
    """The outgoing messages about the user's city (a platform administrator: every message)."""
    return Message.objects.filter(in_city(user))


def messages_for_review(user, *, status="trouble", channel="", event="", q=""):
    """Outgoing messages of the user's city, failed and retrying first by default; newest first."""
    qs = messages_of(user).select_related("user")
    if status == "trouble":
        qs = qs.filter(status__in=TROUBLE)
    elif status in Message.Status.values:
        qs = qs.filter(status=status)
    if channel in Message.Channel.values:
        qs = qs.filter(channel=channel)
    if event:
        qs = qs.filter(event=event)
    if q:
        # A mobile, an address or a tracking code the message mentions.
        # Texts carry Persian digits; what is typed is read as ASCII (core.validators).
        qs = qs.filter(Q(recipient__icontains=q) | Q(body__icontains=q) | Q(body__icontains=to_persian_digits(q)))
    return qs.order_by("-created_at", "-id")


def message_counts(user):
    """{status: count} over the city's messages, in one query."""
    rows = messages_of(user).values("status").annotate(n=Count("pk"))
    counts = dict.fromkeys(Message.Status.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


# What each kind of message is, for people (the event names are the templates in templates/notify/).
EVENT_LABELS = {
    "case_registered": _("File registered"),
    "case_state_changed": _("File moved on"),
    "returned_for_correction": _("Returned for correction"),
    "response_issued": _("Response issued"),
    "overdue_followup": _("Overdue file to follow up"),
    "daily_digest": _("Office's daily summary"),
    "slip_issued": _("Fee slip issued"),
    "payment_received": _("Payment received"),
    "visit_scheduled": _("Site visit scheduled"),
    "licence_expiring": _("Licence about to expire"),
    "contract_expiring": _("Contract about to end"),
    "sign_in_code": _("Sign-in code"),
    "complaint_received": _("Complaint recorded"),
    "violation_opened": _("Violation opened"),
    "violation_decided": _("Decision on a violation"),
    "followup_reminder": _("Reminder to the holder"),
    "followup_applicant": _("Follow-up message to the applicant"),
    "followup_escalated": _("Escalated to the supervision unit"),
}


def event_label(event):
    """The Persian name of a kind of message, or None for one this page does not know yet."""
    return EVENT_LABELS.get(event)


def message_events(user):
    """(event, label) of every kind of message of the city, for the filter."""
    events = messages_of(user).order_by("event").values_list("event", flat=True).distinct()
    return [(event, event_label(event) or event) for event in events]
