"""Reads for the supervisors' messages page: what did not get through, and the counts."""

from django.db.models import Count, Q

from notifications.models import Message

# What needs the supervisor's eye first: messages that did not get through.
TROUBLE = (Message.Status.FAILED, Message.Status.RETRYING)


def messages_for_review(*, status="trouble", channel="", event="", q=""):
    """Outgoing messages, failed and retrying first by default; newest first."""
    qs = Message.objects.select_related("user")
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


def message_counts():
    """{status: count} over all messages, in one query."""
    rows = Message.objects.values("status").annotate(n=Count("pk"))
    counts = dict.fromkeys(Message.Status.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def message_events():
    return list(Message.objects.order_by("event").values_list("event", flat=True).distinct())
