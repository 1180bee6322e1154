"""Recording a payment: once per slip, once per bank reference, whatever arrives twice or at once."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from billing import bill_ids, selectors
from billing.models import FeeSlip, Payment
from core.errors import Conflict, DomainError, Forbidden, NotFound
from core.validators import normalize_text, to_ascii_digits
from notifications.notify import notify


def _bad_id(exc):
    if exc.field == "bill_id":
        message = _("The bill ID is not valid (check its digits).")
    elif exc.code == "pair-check-digit":
        message = _("The payment ID does not belong to this bill ID.")
    else:
        message = _("The payment ID is not valid (check its digits).")
    return DomainError(f"{exc.field.replace('_', '-')}-invalid", message, fields={exc.field: [message]})


def clean_reference(reference):
    reference = to_ascii_digits(normalize_text(reference)).replace(" ", "")
    if not reference or len(reference) > 64:
        message = _("Enter the bank's reference number (at most 64 characters).")
        raise DomainError("reference-invalid", message, fields={"reference": [message]})
    return reference


def clean_amount(amount_rials):
    try:
        amount = int(to_ascii_digits(str(amount_rials)).replace(",", ""))
    except (TypeError, ValueError):
        amount = -1
    if not 0 < amount <= bill_ids.MAX_SLIP_AMOUNT:  # past what any slip carries, a number is a typo
        message = _("Enter the amount in rials as a whole number.")
        raise DomainError("amount-invalid", message, fields={"amount_rials": [message]})
    return amount


def clean_rrn(reference):
    """A card reader's retrieval reference number (شماره مرجع): 12 digits on Shaparak's terminals."""
    reference = to_ascii_digits(normalize_text(reference)).replace(" ", "")
    if not (len(reference) == 12 and reference.isascii() and reference.isdigit()):
        message = _("Enter the terminal's reference number (RRN): the 12 digits on the card-reader receipt.")
        raise DomainError("rrn-invalid", message, fields={"reference": [message]})
    return reference


def cashier_of(user):
    """A check for record_payment: the slip must belong to an office where ``user`` is at the desk now."""

    def check(slip):
        city = getattr(user, "municipality_id", None)
        if city is not None and slip.municipality_id != city:
            # Another city's slip is not there for this cashier (as in every read: a 404, not a 403).
            raise NotFound("slip-not-found", _("No slip has this bill ID."))
        if selectors.takes_card_payment(user, slip):
            return
        if slip.kind == FeeSlip.Kind.OFFICE_FINE:
            message = _("A fine on the office is paid at the bank or online; the office's desk does not record it.")
            raise Forbidden("fine-not-at-desk", message)
        raise Forbidden("not-your-office", _("You may record a card-reader payment only on a slip of your own office."))

    return check


@transaction.atomic
def record_payment(
    *, bill_id, payment_id, amount_rials, reference, channel, actor=None, paid_at=None, bank="", authorize=None
):
    """Record that the bank was paid for a slip. Returns (payment, created).

    Callers are the ones money is known from (DESIGN: "money only moves when a bank says so"):
    the bank's signed API call, the gateway's verified callback (billing.services.online), a
    bank's signed daily file (billing.services.reconciliation) and a cashier of the slip's own
    office with the card reader's reference (record_pos_payment). ``authorize(slip)`` runs once
    the slip is found, before anything about it is revealed, and raises to refuse.

    The same reference again returns the payment already recorded (created False). Raises
    DomainError (400) on a bad check digit or a wrong amount, NotFound when no slip has the bill
    ID, and Conflict (409) when the slip was paid under another reference, was replaced, or the
    reference settled another slip. Concurrent calls queue on the slip's row lock.
    """
    try:
        bill = bill_ids.parse(bill_id, payment_id)
    except bill_ids.BillIdError as exc:
        raise _bad_id(exc) from exc
    reference = clean_reference(reference)
    amount = clean_amount(amount_rials)
    slip = FeeSlip.objects.select_for_update().filter(bill_id=bill.bill_id).first()
    if slip is None:
        raise NotFound("slip-not-found", _("No slip has this bill ID."))
    if authorize is not None:
        authorize(slip)
    if slip.payment_id != bill.payment_id:
        message = _("This payment ID is not the one printed on the slip.")
        raise DomainError("payment-id-mismatch", message, fields={"payment_id": [message]})
    if amount != slip.amount_rials:
        message = _("The amount does not match the slip: %(amount)s rials are due.") % {"amount": slip.amount_rials}
        raise DomainError("amount-mismatch", message, fields={"amount_rials": [message]})

    existing = Payment.objects.filter(reference=reference).first()
    if existing is not None:
        if existing.slip_id == slip.pk:
            return existing, False
        raise Conflict("reference-used", _("This bank reference already settled another slip."))
    if slip.status == FeeSlip.Status.PAID:
        raise Conflict(
            "slip-already-paid",
            _("This slip is already paid under another bank reference; the second payment must be refunded."),
        )
    if slip.status == FeeSlip.Status.VOID:
        raise Conflict("slip-replaced", _("This slip was replaced by a newer one; the payment must be refunded."))
    paid_at = paid_at or timezone.now()
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                slip=slip,
                reference=reference,
                amount_rials=amount,
                channel=channel,
                bank=bank[:32],
                paid_at=paid_at,
                recorded_by=actor,
            )
    except IntegrityError:
        # Only reachable if another writer slipped past the row lock (it cannot on PostgreSQL/SQLite).
        existing = Payment.objects.filter(reference=reference, slip=slip).first()
        if existing is not None:
            return existing, False
        raise Conflict("slip-already-paid", _("This slip is already paid.")) from None
    FeeSlip.objects.filter(pk=slip.pk).update(status=FeeSlip.Status.PAID, paid_at=paid_at)
    slip.status, slip.paid_at = FeeSlip.Status.PAID, paid_at
    mobile = slip.payer_mobile
    if mobile:
        notify(
            "payment_received",
            mobile=mobile,
            context={"slip": slip, "payment": payment},
            dedupe_key=f"payment-received-{payment.pk}",
        )
    return payment, True


def record_pos_payment(*, actor, bill_id, payment_id, amount_rials, reference):
    """A cashier records a card-reader (POS) payment on a slip of their own office. Returns (payment, created).

    Raises Forbidden (403) for anyone but the desk staff of the slip's office, DomainError (400)
    for a reference that is not a terminal's RRN, and whatever record_payment raises.
    """
    if actor is None or actor.role not in selectors.CASHIER_ROLES:
        raise Forbidden("not-a-cashier", _("Only the desk staff of the slip's office record card-reader payments."))
    return record_payment(
        bill_id=bill_id,
        payment_id=payment_id,
        amount_rials=amount_rials,
        reference=clean_rrn(reference),
        channel=Payment.Channel.POS,
        actor=actor,
        authorize=cashier_of(actor),
    )
