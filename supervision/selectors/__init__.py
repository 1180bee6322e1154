"""Reads for the supervision unit's pages."""

from django.db.models import Count, Q

from accounts.tenancy import in_city
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
        qs = qs.filter(Q(recipient__icontains=q) | Q(body__icontains=q))
    return qs.order_by("-created_at", "-id")


def message_counts(user):
    """{status: count} over the city's messages, in one query."""
    rows = messages_of(user).values("status").annotate(n=Count("pk"))
    counts = dict.fromkeys(Message.Status.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def message_events(user):
    return list(messages_of(user).order_by("event").values_list("event", flat=True).distinct())
