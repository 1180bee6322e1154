"""One way to tell people things: ``notify(event, ...)``.

A message is rendered from the Persian template ``templates/notify/<event>.txt``
(first line ``subject: ...`` optional, for e-mail), stored as a ``Message`` and
sent after the surrounding transaction commits by ``notifications.tasks.send_messages``
(the messages of one transaction together; ``send_message`` retries one).
The channel's backend comes from settings: ``SMS_BACKEND`` (console, http or a
dotted path, see notifications.sms) and Django's ``EMAIL_BACKEND``.

Nothing is lost silently: every message is a row with its status. A failed
attempt leaves it ``retrying`` with ``next_attempt_at`` set by an exponential
backoff; a worker retries it then (Celery countdown), and the beat task
``retry_due_messages`` queues whatever is due in case that retry was lost (or
never existed: eager mode). After ``NOTIFY_MAX_ATTEMPTS`` it is ``failed`` and
shows on the supervisor's messages page, where it can be sent again.

Applicants are reached at the file's own mobile only; templates carry the
tracking code, the state and dates, never a national ID or an address.
"""

import contextlib
import datetime
import logging
import threading

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from core.persian import persian_text
from notifications import sms
from notifications.models import Message

logger = logging.getLogger(__name__)

# A first send not done within this margin (its queueing lost with a broker outage, say) is queued again.
QUEUED_MARGIN = datetime.timedelta(minutes=5)
# Two triggers for one retry (the Celery countdown and the sweep) may arrive a moment apart.
DUE_GRACE = datetime.timedelta(seconds=5)


def render(event, context):
    text = render_to_string(f"notify/{event}.txt", context).strip()
    subject = ""
    if text.startswith("subject:"):
        first, _, text = text.partition("\n")
        subject = first.removeprefix("subject:").strip()
    lines = [line.strip() for line in text.splitlines()]
    # Persian digits, as on the pages; links keep theirs (core.persian).
    return persian_text(subject), persian_text("\n".join(line for line in lines if line))


def _params(context):
    """Short values for a gateway template: the tracking code first, then what the event adds."""
    values = []
    case = context.get("case")
    if case is not None and getattr(case, "tracking_code", ""):
        values.append(case.tracking_code)
    values.extend(str(v) for v in context.get("sms_params", ()))
    return values


_quiet = threading.local()


@contextlib.contextmanager
def silenced():
    """No messages inside this block: for loading demo data or importing history, never for real work."""
    previous = getattr(_quiet, "on", False)
    _quiet.on = True
    try:
        yield
    finally:
        _quiet.on = previous


# Where a message's city is found: the first of its context's objects that leads to one.
CITY_PATHS = (
    ("case", ("district", "municipality_id")),
    ("slip", ("municipality_id",)),
    ("violation", ("office", "district", "municipality_id")),
    ("office", ("district", "municipality_id")),
    ("complaint", ("case", "district", "municipality_id")),
)


def _city_of(context, user):
    """The id of the municipality a message is about (see ``Message.municipality``), or None."""
    for key, path in CITY_PATHS:
        value = context.get(key)
        for name in path:
            value = getattr(value, name, None)
        if value:
            return value
    return getattr(user, "municipality_id", None)


def notify(event, *, mobile=None, email=None, user=None, context=None, dedupe_key=None):
    """Queue a message to a mobile number (SMS) or an e-mail address.

    ``user`` links the message to an account; their mobile (else e-mail) is used
    when none is given. Returns the stored Message, or None when there is nobody
    to reach or the ``dedupe_key`` was used already (a reminder sent once per step).
    """
    if getattr(_quiet, "on", False):
        return None
    context = dict(context or {})
    context.setdefault("site_url", settings.SITE_URL)
    context.setdefault("site_name", settings.SITE_NAME)
    if user is not None:
        mobile = mobile or user.mobile
        email = email or (user.email if not mobile else None)
        context.setdefault("user", user)
    if mobile:
        channel, recipient = Message.Channel.SMS, mobile
    elif email:
        channel, recipient = Message.Channel.EMAIL, email
    else:
        logger.warning("notify %s: nobody to reach (user %s)", event, getattr(user, "pk", None))
        return None
    if dedupe_key and Message.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    subject, body = render(event, context)
    message = Message(
        channel=channel,
        event=event,
        recipient=recipient,
        user=user,
        municipality_id=_city_of(context, user),
        subject=subject[:200],
        body=body,
        params=_params(context),
        dedupe_key=dedupe_key,
        next_attempt_at=timezone.now() + QUEUED_MARGIN,
    )
    if not dedupe_key:
        message.save(force_insert=True)  # nothing to clash with: no savepoint
    else:
        try:
            with transaction.atomic():
                message.save(force_insert=True)
        except IntegrityError:
            if Message.objects.filter(dedupe_key=dedupe_key).exists():
                return None
            raise
    queue(message.pk)
    return message


# The messages queued in this thread's transaction, handed over together when it commits.
_batch = threading.local()


def queue(message_id):
    """Hand the message to a worker once the surrounding transaction commits. The messages of one
    transaction (a registration stores two) go as one task and are sent in one transaction.

    ``robust``: a broker that is down must not undo (or 500) the action that
    caused the message; the row stays queued and the sweep picks it up.
    """
    pending = getattr(_batch, "ids", None)
    if pending is None:
        pending = _batch.ids = []
    pending.append(message_id)
    transaction.on_commit(_hand_over, robust=True)


def _hand_over():
    """The transaction's first commit callback hands over every message queued so far; the others find
    none left. A message whose row was rolled back with a savepoint (or an earlier transaction) is not
    found by the attempt and costs nothing."""
    ids, _batch.ids = getattr(_batch, "ids", None) or [], []
    if ids:
        from notifications.tasks import send_messages

        send_messages.delay(ids)


def retry_delay(attempts):
    """Seconds to wait after the ``attempts``-th failure: 30 s, 1 min, 2 min, 4 min…, at most a day."""
    return min(settings.NOTIFY_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), 86400)


def deliver(message):
    """Send through the channel's backend; returns the provider's id, raises on failure."""
    if message.channel == Message.Channel.SMS:
        backend = sms.get_backend()
        return backend.send(
            message.recipient, message.body, template=sms.template_for(message.event), params=list(message.params)
        )
    send_mail(message.subject or message.event, message.body, None, [message.recipient])
    return ""


def attempt(message_id, now=None):
    """One attempt at sending. Returns seconds until the next attempt when it failed and may be retried.

    The row stays locked while the gateway answers, so two workers handed the same
    message (a redelivery, a retry and the sweep at once) never both send it.
    """
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(pk=message_id).first()
        return None if message is None else _attempt_locked(message, now)


def attempt_many(message_ids, now=None):
    """``attempt`` for several messages, locked together in one transaction:
    [(message id, seconds until its next attempt when it failed and may be retried, else None)]."""
    with transaction.atomic():
        messages = Message.objects.select_for_update().filter(pk__in=message_ids).order_by("pk")
        return [(message.pk, _attempt_locked(message, now)) for message in messages]


def _attempt_locked(message, now):
    if message.status in (Message.Status.SENT, Message.Status.FAILED):
        return None
    now = now or timezone.now()
    due = message.next_attempt_at is None or message.next_attempt_at <= now + DUE_GRACE
    if message.status == Message.Status.RETRYING and not due:
        return None  # another trigger for an attempt already made
    message.attempts += 1
    try:
        message.provider_id = (deliver(message) or "")[:80]
    except Exception as exc:  # every failure is recorded, then retried or marked failed
        message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if message.attempts >= settings.NOTIFY_MAX_ATTEMPTS:
            message.status = Message.Status.FAILED
            message.next_attempt_at = None
            logger.error("message %s failed for good after %s attempts: %s", message.pk, message.attempts, exc)
            delay = None
        else:
            delay = retry_delay(message.attempts)
            message.status = Message.Status.RETRYING
            message.next_attempt_at = now + datetime.timedelta(seconds=delay)
            logger.warning("message %s failed (attempt %s), next in %ss: %s", message.pk, message.attempts, delay, exc)
        message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
        return delay
    message.status = Message.Status.SENT
    message.sent_at = now
    message.next_attempt_at = None
    message.save(update_fields=["attempts", "status", "sent_at", "provider_id", "next_attempt_at"])
    return None


def requeue_due(now=None, limit=500):
    """Queue every unsent message whose time has come; returns how many. Safe to run any number of times."""
    now = now or timezone.now()
    due = Message.objects.filter(
        status__in=(Message.Status.QUEUED, Message.Status.RETRYING), next_attempt_at__lte=now
    ).order_by("next_attempt_at")
    ids = list(due.values_list("pk", flat=True)[:limit])
    # A queued message gets a fresh margin so a long queue is not filled twice.
    Message.objects.filter(pk__in=ids, status=Message.Status.QUEUED).update(next_attempt_at=now + QUEUED_MARGIN)
    from notifications.tasks import send_message

    for message_id in ids:
        send_message.delay(message_id)
    return len(ids)


@transaction.atomic
def resend(*, message, actor):
    """Give a failed (or still retrying) message a fresh round of attempts, as the supervisor asked."""
    from django.utils.translation import gettext as _

    from core.errors import Conflict

    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.status == Message.Status.SENT:
        raise Conflict("already-sent", _("This message was sent already."))
    logger.info("message %s resent by %s after %s attempts", message.pk, actor, message.attempts)
    message.status = Message.Status.QUEUED
    message.attempts = 0
    message.next_attempt_at = timezone.now() + QUEUED_MARGIN
    message.save(update_fields=["status", "attempts", "next_attempt_at"])
    queue(message.pk)
    return message
