"""Paying a slip online: token, redirect, the bank's callback, verify, then settle or reverse.

The slip is marked paid only after the bank confirmed the payment server to server (verify) and
agreed to keep it (settle). Whatever goes wrong after the payer paid (the bank does not confirm
the amount, the slip was paid at the counter meanwhile, settling fails) is reversed, so the payer
gets the money back. A callback that arrives again finds its online payment finished and changes
nothing. A payer who never comes back from the bank's page (a closed browser, a lost callback) is
not left unpaid: ``ask_about_abandoned_payments`` (every few minutes) asks the bank about each order
still at the bank after ``ABANDONED_AFTER`` and concludes it as the callback would have.
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.gateways import GatewayError, get_gateway
from billing.models import FeeSlip, OnlinePayment, Payment
from billing.services.payments import clean_reference, record_payment
from core.errors import Conflict, DomainError, NotFound

logger = logging.getLogger(__name__)

# A bank's payment page gives up on a payer within about fifteen minutes: an order still at the bank after
# this was abandoned, or its callback was lost, and the bank is asked about it.
ABANDONED_AFTER = datetime.timedelta(minutes=20)
# A bank returns an unsettled payment within 72 hours; an order it has not answered for by then is closed.
GIVE_UP_AFTER = datetime.timedelta(hours=72)


def _gateway():
    gateway = get_gateway()
    if gateway is None:
        raise NotFound("gateway-off", _("Online payment is not available; pay at a bank or at an office."))
    return gateway


def at_the_bank(slip, now=None):
    """The slip's online payment the bank has not answered about yet, started less than ``ABANDONED_AFTER`` ago
    (the payer may still be paying, or paid and never came back), or None."""
    now = now or timezone.now()
    return (
        OnlinePayment.objects.filter(
            slip=slip, status=OnlinePayment.Status.STARTED, started_at__gte=now - ABANDONED_AFTER
        )
        .exclude(token="")
        .order_by("-started_at")
        .first()
    )


def start_online_payment(*, slip, actor, callback_url):
    """Open an online payment of ``slip`` at the bank; returns the URL to send the payer to.

    Raises Conflict when the slip cannot be paid, or while an earlier payment of it is at the bank (paying
    twice would take the money twice, the second returned only days later), DomainError (503) when the bank
    does not answer.
    """
    gateway = _gateway()
    with transaction.atomic():
        slip = FeeSlip.objects.select_for_update().get(pk=slip.pk)
        if slip.status != FeeSlip.Status.ISSUED:
            raise Conflict(
                "slip-not-payable",
                _("This slip cannot be paid: it is %(status)s.") % {"status": slip.get_status_display()},
            )
        if at_the_bank(slip) is not None:
            raise Conflict(
                "payment-at-bank",
                _(
                    "A payment of this slip is already at the bank. If you paid, ask the bank about it on this page; "
                    "if you did not, the same button cancels it and you can pay again."
                ),
            )
        online = OnlinePayment.objects.create(
            slip=slip, gateway=gateway.name, amount_rials=slip.amount_rials, started_by=actor
        )
    try:
        token = gateway.request_token(
            order_id=online.order_id,
            amount_rials=online.amount_rials,
            callback_url=callback_url,
            mobile=slip.payer_mobile,
        )
    except GatewayError as exc:
        logger.warning("gateway %s refused a token for slip %s: %s", gateway.name, slip.pk, exc)
        _finish(online, OnlinePayment.Status.FAILED, _("The bank's gateway did not answer."))
        raise DomainError(
            "gateway-unavailable",
            _("The bank's gateway did not answer; try again in a few minutes."),
            http_status=503,
        ) from exc
    OnlinePayment.objects.filter(pk=online.pk).update(token=token)
    return gateway.redirect_url(token)


def _finish(online, status, message, **fields):
    online.status = status
    online.message = str(message)[:300]
    online.finished_at = timezone.now()
    for name, value in fields.items():
        setattr(online, name, value)
    online.save()
    return online


def _reverse(gateway, online, reason):
    """Give the payer's money back; the online payment ends reversed, or failed if the bank would not."""
    try:
        gateway.reverse(token=online.token, order_id=online.order_id)
    except GatewayError as exc:
        logger.error("gateway %s could not reverse order %s: %s", gateway.name, online.pk, exc)
        return _finish(
            online,
            OnlinePayment.Status.FAILED,
            _("%(reason)s The bank did not confirm the refund; it returns an unsettled payment within 72 hours.")
            % {"reason": reason},
        )
    return _finish(
        online,
        OnlinePayment.Status.REVERSED,
        _("%(reason)s The amount was returned to the payer's card.") % {"reason": reason},
    )


@transaction.atomic
def complete_online_payment(*, params):
    """Handle the bank's callback (its parameters as a dict). Returns the OnlinePayment, finished.

    Raises NotFound when the callback names no online payment we started with this gateway.
    """
    gateway = _gateway()
    try:
        callback = gateway.parse_callback(params)
    except GatewayError as exc:
        raise NotFound("payment-unknown", _("This payment is not known.")) from exc
    online = (
        OnlinePayment.objects.select_for_update()
        .filter(gateway=gateway.name, token=callback.token)
        .select_related("slip")
        .first()
    )
    if online is None or online.order_id != callback.order_id:
        raise NotFound("payment-unknown", _("This payment is not known."))
    if online.status != OnlinePayment.Status.STARTED:
        return online  # the same callback again: the outcome stands
    online.bank_code = callback.code
    if not callback.ok:
        return _finish(online, OnlinePayment.Status.CANCELLED, _("The payment was cancelled at the bank."))

    try:
        verified = gateway.verify(token=online.token, order_id=online.order_id, amount_rials=online.amount_rials)
    except GatewayError as exc:
        logger.warning("gateway %s: verifying order %s failed: %s", gateway.name, online.pk, exc)
        return _reverse(gateway, online, _("The bank did not confirm the payment."))
    return _conclude(gateway, online, verified)


def _conclude(gateway, online, verified):
    """Settle and record a payment the bank answered ``verified`` about, or reverse it (``online`` locked)."""
    if not verified.ok or verified.amount_rials != online.amount_rials or verified.order_id != online.order_id:
        logger.warning("gateway %s: order %s not verified: %s", gateway.name, online.pk, verified)
        return _reverse(gateway, online, _("The bank did not confirm the payment."))
    online.rrn, online.trace_no, online.card_mask = verified.rrn, verified.trace_no, verified.card_mask

    slip = FeeSlip.objects.select_for_update().get(pk=online.slip_id)
    try:
        reference = clean_reference(verified.rrn)
    except DomainError:
        reference = ""
    reason = None
    if slip.status != FeeSlip.Status.ISSUED or slip.amount_rials != online.amount_rials:
        reason = _("The slip was paid or replaced meanwhile.")
    elif not reference or Payment.objects.filter(reference=reference).exists():
        reason = _("The bank's reference is not usable.")
    if reason:
        return _reverse(gateway, online, reason)
    try:
        gateway.settle(token=online.token, order_id=online.order_id)
    except GatewayError as exc:
        logger.warning("gateway %s: settling order %s failed: %s", gateway.name, online.pk, exc)
        return _reverse(gateway, online, _("The bank did not settle the payment."))
    payment, _created = record_payment(
        bill_id=slip.bill_id,
        payment_id=slip.payment_id,
        amount_rials=online.amount_rials,
        reference=reference,
        channel=Payment.Channel.GATEWAY,
        actor=online.started_by,
        bank=gateway.name,
    )
    return _finish(online, OnlinePayment.Status.SETTLED, "", payment=payment)


def ask_the_bank_now(*, slip):
    """The payer is back on the slip's page: ask the bank about the slip's payments still at the bank. Paid:
    settled and recorded as on the callback; not paid: cancelled, so that a new payment can start (should the
    payer still pay on the old page, the bank, never asked to settle, returns the money); no answer: left for
    ``ask_about_abandoned_payments``. Returns the payments, each as it ended."""
    gateway = _gateway()
    asked = []
    pending = OnlinePayment.objects.filter(slip=slip, status=OnlinePayment.Status.STARTED, gateway=gateway.name)
    for pk in list(pending.exclude(token="").values_list("pk", flat=True)):
        with transaction.atomic():
            online = (
                OnlinePayment.objects.select_for_update().filter(pk=pk, status=OnlinePayment.Status.STARTED).first()
            )
            if online is None:
                continue
            verified = _ask_bank(gateway, online)
            if verified is None:
                asked.append(online)
            elif verified.ok:
                asked.append(_conclude(gateway, online, verified))
            else:
                asked.append(_finish(online, OnlinePayment.Status.CANCELLED, _("Not paid at the bank.")))
    return asked


def _ask_bank(gateway, online):
    """What the bank says of ``online`` (locked): its answer to verify, or None when it does not answer."""
    try:
        return gateway.verify(token=online.token, order_id=online.order_id, amount_rials=online.amount_rials)
    except GatewayError as exc:
        logger.warning("gateway %s: asking about order %s failed: %s", gateway.name, online.pk, exc)
        return None


def ask_about_abandoned_payments(now=None):
    """Ask the bank about every order still at the bank ``ABANDONED_AFTER`` after it started; returns how many
    were concluded. Paid: settled and recorded as on the callback (or reversed when the slip cannot take it);
    not paid: cancelled; the bank not answering: asked again next time, and closed as failed after
    ``GIVE_UP_AFTER``. Each order is concluded under its row's lock, so a callback arriving at the same moment,
    or a second run, finds it finished and changes nothing."""
    gateway = get_gateway()
    if gateway is None:
        return 0
    now = now or timezone.now()
    waiting = (
        OnlinePayment.objects.filter(
            status=OnlinePayment.Status.STARTED, gateway=gateway.name, started_at__lt=now - ABANDONED_AFTER
        )
        .exclude(token="")
        .order_by("started_at")
        .values_list("pk", flat=True)
    )
    concluded = 0
    for pk in list(waiting[:500]):
        with transaction.atomic():
            online = (
                OnlinePayment.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=OnlinePayment.Status.STARTED)
                .first()
            )
            if online is None:
                continue
            verified = _ask_bank(gateway, online)
            if verified is None:
                if now - online.started_at < GIVE_UP_AFTER:
                    continue
                _finish(online, OnlinePayment.Status.FAILED, _("The bank never answered about this payment."))
            elif verified.ok:
                _conclude(gateway, online, verified)
            else:
                message = _("Not paid: the payer left the bank's page without paying.")
                _finish(online, OnlinePayment.Status.CANCELLED, message)
            concluded += 1
    return concluded
