"""A bank's daily payment file: every row matched, duplicated or unmatched, and nothing counted twice.

The file is CSV: bill ID, payment ID, amount (rials), bank reference, date (Jalali 1404/07/01 or
ISO 2025-09-23), with or without a header row. The same file (by SHA-256) in one city is the same import;
a row whose reference is already recorded (by the bank's API, the gateway or a card reader) is a
duplicate and changes nothing. A city's file pays that city's slips: another city's bill ID in it is
unmatched, as a bill ID that does not exist.

Only a bank's signed file is imported: the signature is HMAC-SHA256 of the file's bytes under the
bank's key (billing.bank_keys), so a file typed up or altered after the bank made it is refused.
"""

import csv
import datetime
import hashlib
import io
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from billing import bank_keys
from billing.models import BankImport, ImportRow, Payment
from core.errors import DomainError, NotFound
from core.jalali import parse_iso_date, parse_jalali_date
from core.tenancy import city_of
from core.validators import is_digits, to_ascii_digits

logger = logging.getLogger(__name__)
MAX_BYTES = 20 * 1024 * 1024
PROGRESS_EVERY = 20  # rows between progress writes: the bar moves without a write per row


def _decode(data):
    for encoding in ("utf-8-sig", "cp1256"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DomainError("file-encoding", _("The file is not a text (CSV) file."))


def _records(content):
    """The data rows as (line number, cells); a first row without digits is a header."""
    rows = []
    try:
        for number, cells in enumerate(csv.reader(io.StringIO(content)), start=1):
            cells = [to_ascii_digits(c).strip() for c in cells]
            if not any(cells):
                continue
            if number == 1 and not any(is_digits(c[:1]) for c in cells):
                continue
            rows.append((number, cells))
    except csv.Error as exc:  # a cell past the reader's limit (128 KB)
        raise DomainError("file-type", _("The CSV file could not be read: a cell is too long.")) from exc
    return rows


@transaction.atomic
def start_import(*, data, file_name, actor, bank, signature):
    """Store an uploaded bank file and queue its processing. Returns (import, created).

    Refused (400, nothing stored) unless ``signature`` is ``bank``'s signature of the bytes.
    The same bytes again return the earlier import untouched.
    """
    if not data:
        raise DomainError("file-empty", _("The file is empty."), fields={"file": [_("The file is empty.")]})
    if len(data) > MAX_BYTES:
        raise DomainError("file-too-large", _("The file is too large."), fields={"file": [_("The file is too large.")]})
    if bank not in bank_keys.banks():
        message = _("Choose the bank that sent the file.")
        raise DomainError("bank-unknown", message, fields={"bank": [message]})
    if not bank_keys.verify(bank, data, signature):
        message = _("The signature does not match this bank's key: the file was not made by the bank or was changed.")
        raise DomainError("signature-invalid", message, fields={"signature": [message]})
    digest = hashlib.sha256(data).hexdigest()
    city = city_of(actor)
    existing = BankImport.objects.filter(sha256=digest, municipality_id=city).first()
    if existing is not None:
        return existing, False
    content = _decode(data)
    rows = _records(content)
    if not rows:
        raise DomainError("file-no-rows", _("The file has no payment rows."), fields={"file": [_("No rows.")]})
    bank_import = BankImport(
        municipality_id=city,
        sha256=digest,
        file_name=file_name[:200],
        bank=bank,
        content=content,
        total_rows=len(rows),
        uploaded_by=actor,
    )
    try:
        with transaction.atomic():
            bank_import.save()
    except IntegrityError:  # the same file, uploaded by a colleague at the same moment
        return BankImport.objects.get(sha256=digest, municipality_id=city), False
    from billing.tasks import process_bank_import

    transaction.on_commit(lambda: process_bank_import.delay(bank_import.pk))
    return bank_import, True


def _parse_date(text):
    text = text.strip()
    if not text:
        return None
    if text[:2] in ("13", "14"):
        return parse_jalali_date(text)
    return parse_iso_date(text.replace("/", "-"))


def _process_row(bank_import, line, cells):
    from billing.services.payments import clean_amount, record_payment

    bill_id, payment_id, amount, reference, day = (cells + [""] * 5)[:5]
    row = ImportRow(
        bank_import=bank_import, line=line, bill_id=bill_id[:40], payment_id=payment_id[:40], reference=reference[:64]
    )
    try:
        row.amount_rials = clean_amount(amount)
    except DomainError:
        row.amount_rials = None  # kept as the bank wrote it in the file; the payment below is refused
    try:
        row.paid_on = _parse_date(day)
    except ValueError:
        row.outcome, row.message = ImportRow.Outcome.UNMATCHED, _("The date is not valid.")
        return row
    paid_at = None
    if row.paid_on:
        paid_at = timezone.make_aware(datetime.datetime.combine(row.paid_on, datetime.time(12)))
    try:
        payment, created = record_payment(
            bill_id=bill_id,
            payment_id=payment_id,
            amount_rials=amount,
            reference=reference,
            channel=Payment.Channel.BANK_FILE,
            paid_at=paid_at,
            bank=bank_import.bank,
            authorize=_of_city(bank_import.municipality_id),
        )
    except DomainError as exc:
        row.outcome, row.message = ImportRow.Outcome.UNMATCHED, exc.message[:300]
        return row
    row.recorded_payment = payment
    if created:
        row.outcome = ImportRow.Outcome.MATCHED
    else:
        # A card-reader, gateway or bank-API payment the bank's file now confirms.
        row.outcome = ImportRow.Outcome.DUPLICATE
        row.message = _("Recorded already (%(channel)s).") % {"channel": payment.get_channel_display()}
    return row


def _of_city(city):
    """A check for record_payment: a city's bank file pays that city's slips; another city's bill ID is not
    there for it (a platform administrator's import, ``city`` None, pays any city's)."""

    def check(slip):
        if city is not None and slip.municipality_id != city:
            raise NotFound("slip-not-found", _("No slip has this bill ID."))

    return check


def process_import(import_id):
    """Process the rows not processed yet (so a retried task resumes, never repeats)."""
    with transaction.atomic():
        bank_import = BankImport.objects.select_for_update().filter(pk=import_id).first()
        if bank_import is None or bank_import.status == BankImport.Status.DONE:
            return
        bank_import.status = BankImport.Status.RUNNING
        bank_import.save(update_fields=["status"])
    done = set(ImportRow.objects.filter(bank_import=bank_import).values_list("line", flat=True))
    rows = _records(bank_import.content)
    processed = len(done)
    try:
        for line, cells in rows:
            if line in done:
                continue
            with transaction.atomic():
                _process_row(bank_import, line, cells).save()
            processed += 1
            if processed % PROGRESS_EVERY == 0:
                BankImport.objects.filter(pk=bank_import.pk).update(processed_rows=processed)
    except Exception as exc:
        logger.exception("bank import %s failed", import_id)
        BankImport.objects.filter(pk=bank_import.pk).update(
            status=BankImport.Status.FAILED, processed_rows=processed, error=str(exc)[:2000]
        )
        raise
    BankImport.objects.filter(pk=bank_import.pk).update(
        status=BankImport.Status.DONE, processed_rows=processed, finished_at=timezone.now()
    )
