"""One way to tell people things: ``notify(event, ...)``.

A message is rendered from the Persian template ``templates/notify/<event>.txt``
(first line ``subject: ...`` optional, for e-mail), stored as a ``Message`` and
sent after the surrounding transaction commits, by a Celery task with retries.
The backend is chosen in settings (``SMS_BACKEND``: console or http).
"""

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from pishkhan.models import Message

logger = logging.getLogger(__name__)


def render(event, context):
    text = render_to_string(f"notify/{event}.txt", context).strip()
    subject = ""
    if text.startswith("subject:"):
        first, _, text = text.partition("\n")
        subject = first.removeprefix("subject:").strip()
    return subject, text.strip()


def notify(event, *, mobile=None, email=None, user=None, context=None, dedupe_key=None):
    """Queue a message to a mobile number (SMS) or an e-mail address.

    ``user`` links the message to an account; their mobile/e-mail is used when
    none is given. Returns the stored Message, or None when there is nobody to
    reach or the dedupe key was used already.
    """
    context = dict(context or {})
    context.setdefault("site_url", settings.SITE_URL)
    if user is not None:
        mobile = mobile or user.mobile
        email = email or (user.email if not mobile else None)
        context.setdefault("user", user)
    if mobile:
        channel, recipient = Message.Channel.SMS, mobile
    elif email:
        channel, recipient = Message.Channel.EMAIL, email
    else:
        return None
    subject, body = render(event, context)
    try:
        with transaction.atomic():
            message = Message.objects.create(
                channel=channel,
                event=event,
                recipient=recipient,
                user=user,
                subject=subject,
                body=body,
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        if dedupe_key and Message.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    from pishkhan.tasks import send_message

    transaction.on_commit(lambda: send_message.delay(message.id))
    return message
