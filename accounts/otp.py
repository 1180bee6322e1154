"""Citizens sign in by mobile: a 6-digit code by SMS, no password.

Rules:
- A code lives ``OTP_TTL_SECONDS`` (2 minutes) and allows ``OTP_MAX_TRIES`` (5) wrong tries; only the
  newest code of a mobile and national ID counts. Only a keyed hash of it is stored. A request for
  another national ID at the same mobile (a family's phone, or someone who knows the number) leaves
  the pending code as it is: it cannot void a citizen's code.
- At most ``OTP_SENDS_PER_MOBILE`` codes to one mobile and national ID, ``MOBILE_SHARE`` times that to
  one mobile for all national IDs together, and ``OTP_SENDS_PER_IP`` requests from one address per
  ``OTP_SEND_WINDOW_SECONDS``, counted in the database (shared by every worker). Someone asking with
  other national IDs uses up the mobile's share before the citizen's own codes.
- Sign-in by code is for citizen accounts only. A national ID that belongs to a staff account, to a
  deactivated account, or to a citizen registered with another mobile gets no code (the answer is
  the same as when a code is sent, so the form tells nobody which national IDs have accounts). A
  staff member's mobile with a new national ID makes a new citizen account; it never opens the
  staff account.
- The first verified sign-in creates the citizen (role citizen, the national ID and mobile, no
  usable password).
"""

import datetime
import logging
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.otp_models import SignInCode
from core.errors import DomainError
from notifications import sms
from notifications.notify import render

logger = logging.getLogger(__name__)
KEEP_ROWS = datetime.timedelta(days=1)


def client_ip(request):
    """The client's address: the one place Pishkhan reads it (a trusted-proxy setting plugs in here)."""
    return request.META.get("REMOTE_ADDR") or None


class TooManyRequests(DomainError):
    http_status = 429

    def __init__(self, message, *, wait):
        super().__init__("too-many-codes", message)
        self.wait = max(1, int(wait))


def _hash(salt, mobile, code):
    return salted_hmac("accounts.otp", f"{salt}:{mobile}:{code}", algorithm="sha256").hexdigest()


def _may_sign_in(mobile, national_id):
    user = get_user_model().objects.filter(national_id=national_id).first()
    if user is None:
        return True  # a new citizen: the account is made once the code is verified
    return user.role == Role.CITIZEN and user.is_active and user.mobile == mobile


# How many times a national ID's own allowance one mobile may be sent for all national IDs together.
MOBILE_SHARE = 3


def _refuse_when_over_limit(mobile, national_id, ip, now):
    window = datetime.timedelta(seconds=settings.OTP_SEND_WINDOW_SECONDS)
    since = now - window
    at_mobile = SignInCode.objects.filter(mobile=mobile, created_at__gte=since)
    limits = [
        (at_mobile.filter(national_id=national_id), settings.OTP_SENDS_PER_MOBILE),
        (at_mobile, settings.OTP_SENDS_PER_MOBILE * MOBILE_SHARE),
    ]
    if ip:
        limits.append((SignInCode.objects.filter(ip=ip, created_at__gte=since), settings.OTP_SENDS_PER_IP))
    for rows, limit in limits:
        times = list(rows.order_by("-created_at").values_list("created_at", flat=True)[:limit])
        if len(times) >= limit:
            wait = (times[-1] + window - now).total_seconds()
            minutes = max(1, round(wait / 60))
            raise TooManyRequests(
                _("Too many codes were asked for. Try again in %(minutes)s minutes.") % {"minutes": minutes},
                wait=wait,
            )


def request_code(*, mobile, national_id, ip=None):
    """Send a sign-in code to ``mobile`` (already normalized, as is ``national_id``) when they lead to
    a citizen account or a new one. Returns the SignInCode row; the caller answers the same either way.

    Raises TooManyRequests (429) over a rate limit, DomainError (503) when the SMS could not be sent.
    """
    now = timezone.now()
    with transaction.atomic():
        SignInCode.objects.filter(created_at__lt=now - KEEP_ROWS).delete()
        _refuse_when_over_limit(mobile, national_id, ip, now)
        pending = SignInCode.objects.filter(mobile=mobile, national_id=national_id, used_at__isnull=True)
        pending.filter(expires_at__gt=now).update(expires_at=now)
        sendable = _may_sign_in(mobile, national_id)
        code = f"{secrets.randbelow(10**6):06d}"
        salt = secrets.token_hex(8)
        row = SignInCode.objects.create(
            mobile=mobile,
            national_id=national_id,
            code_hash=_hash(salt, mobile, code),
            salt=salt,
            ip=ip,
            sent=sendable,
            created_at=now,
            expires_at=now + datetime.timedelta(seconds=settings.OTP_TTL_SECONDS),
        )
    if sendable:
        _send(mobile, code)
    else:
        logger.info("sign-in code for %s not sent: the national ID leads to no citizen account of this mobile", mobile)
    return row


def _send(mobile, code):
    minutes = max(1, settings.OTP_TTL_SECONDS // 60)
    _subject, text = render("sign_in_code", {"code": code, "minutes": minutes, "site_name": settings.SITE_NAME})
    try:
        sms.get_backend().send(mobile, text, template=sms.template_for("sign_in_code"), params=[code])
    except Exception as exc:  # the gateway's failure is the citizen's "try again", never a 500
        logger.warning("sign-in code to %s not sent: %s", mobile, exc)
        raise DomainError(
            "sms-failed", _("The code could not be sent by SMS. Try again in a minute."), http_status=503
        ) from exc


def _citizen_for(row):
    User = get_user_model()
    user = User.objects.filter(national_id=row.national_id).first()
    if user is not None:
        if user.role != Role.CITIZEN or not user.is_active or user.mobile != row.mobile:
            raise DomainError("not-a-citizen-account", _("This account cannot sign in with a code."))
        return user
    username = row.national_id if not User.objects.filter(username=row.national_id).exists() else f"c{row.national_id}"
    user = User(username=username, role=Role.CITIZEN, national_id=row.national_id, mobile=row.mobile)
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        # The same citizen's first sign-in on two devices at once: the other made the account.
        user = User.objects.filter(national_id=row.national_id, role=Role.CITIZEN, mobile=row.mobile).first()
        if user is None:
            raise
    return user


def verify_code(*, mobile, code):
    """The citizen whose code this is (created on the first sign-in). Every try counts, right or wrong.

    The code is checked against the live codes of the mobile (the newest of each national ID asked for it,
    at most the mobile's share in a window); a wrong one costs a try on each of them.
    Raises DomainError (400) for an expired, unknown, exhausted or wrong code.
    """
    now = timezone.now()
    with transaction.atomic():
        live = list(
            SignInCode.objects.select_for_update()
            .filter(mobile=mobile, used_at__isnull=True, expires_at__gt=now)
            .order_by("-created_at", "-id")
        )
        if not live:
            message = _("The code has expired or was not asked for. Ask for a new code.")
            raise DomainError("code-expired", message, fields={"code": [message]})
        open_rows = [row for row in live if row.tries < settings.OTP_MAX_TRIES]
        if not open_rows:
            message = _("Too many wrong tries. Ask for a new code.")
            raise DomainError("code-locked", message, fields={"code": [message]})
        matched = None
        for row in open_rows:
            row.tries += 1
            right = constant_time_compare(row.code_hash, _hash(row.salt, mobile, code))
            if row.sent and right and matched is None:
                matched = row
        if matched is not None:
            matched.used_at = now
            matched.user = _citizen_for(matched)
            matched.save(update_fields=["tries", "used_at", "user"])
            return matched.user
        for row in open_rows:
            row.save(update_fields=["tries"])
        left = settings.OTP_MAX_TRIES - min(row.tries for row in open_rows)
    if left <= 0:
        message = _("The code is wrong, and that was the last try. Ask for a new code.")
    else:
        message = _("The code is wrong. %(left)s tries left.") % {"left": left}
    raise DomainError("code-wrong", message, fields={"code": [message]})
