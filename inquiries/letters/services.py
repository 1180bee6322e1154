"""Writes on letters: issue (from the workflow's hook), correct, make the PDF."""

import datetime
import hashlib
import logging
import os
import tempfile
import time

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Role
from cases.models import Case, Property
from cases.permissions import works_for
from cases.plugins import registry
from cases.selectors import history_of
from cases.services import record_event
from core.errors import Conflict, DomainError, Forbidden
from core.jalali import format_jalali, jalali_year
from core.validators import is_digits, normalize_text
from inquiries.letters import numbering
from inquiries.letters.drafting import templates_for
from inquiries.models import Letter, LetterEvent, letter_path
from notifications.notify import notify

logger = logging.getLogger(__name__)

MAX_TEXT = 4000
# A PDF still missing this long after its letter was issued is queued again by the sweep.
PDF_GRACE = datetime.timedelta(minutes=2)
# Letters of actions dated further back than this were imported (an earlier system, the demo city):
# their PDFs are made when first needed rather than all at once.
BACKDATED = datetime.timedelta(hours=1)


def _findings(case):
    """The site visit's findings in force (the latest report version) and the latest plan review."""
    found = registry().site_visit(case)
    visit = None
    if found is not None:
        usage = found["usage"] or ""
        visit = {
            "findings": found["findings"] or "",
            "land_area": found["land_area"],
            "built_area": found["built_area"],
            "floors": found["floors"],
            "usage": str(dict(Property.Use.choices).get(usage, usage)),
            "inspector": found["inspector"],
            "date": found["at"].isoformat() if found["at"] else "",
        }
    review = None
    for row in history_of(case):
        if row.action == "complete_plan_review":
            review = {
                "note": row.note,
                "summary": (row.data or {}).get("review_summary", ""),
                "date": row.at.isoformat(),
                "by": str(row.actor) if row.actor else "",
            }
    return visit, review


def _content(case, actor, result):
    """Everything the letter prints besides its own fields (number, date, text, result), frozen at issue."""
    municipality = case.district.municipality
    inquiry = getattr(case, "inquiry", None)
    visit, review = _findings(case)
    if actor is None:
        signer_name, signer_role = _("Automatic answer"), _("Issued by the system from the property's record")
    else:
        signer_name = actor.get_full_name() or actor.username
        signer_role = f"{actor.get_role_display()}، {case.district.name}"
    return {
        "header": municipality.letter_header or municipality.name,
        "organization": f"{municipality.name} · {case.district.name}",
        "tracking_code": case.tracking_code,
        "service": case.service.title,
        "applicant_name": case.applicant_name,
        "renewal_code": case.parcel.renewal_code,
        "address": case.parcel.address,
        "office": f"{case.office.name} ({case.office.code})",
        "request": inquiry is None,  # a permit's or certificate's answer: not a reply to an inquiry
        "addressee": inquiry.organization_name if inquiry else "",
        "inquiry_number": inquiry.letter_number if inquiry else "",
        "inquiry_date": format_jalali(inquiry.letter_date) if inquiry else "",
        "visit": visit,
        "plan_review": review,
        "result_label": str(Letter.Result(result).label),
        "signer_name": signer_name,
        "signer_role": signer_role,
    }


def _clean(result, text, reason=None):
    errors = {}
    if result not in Letter.Result.values:
        errors["result"] = [_("Choose approved or denied.")]
    text = normalize_text(text)
    if not text:
        errors["text"] = [_("Write the answer.")]
    elif len(text) > MAX_TEXT:
        errors["text"] = [_("At most %(n)d characters.") % {"n": MAX_TEXT}]
    if reason is not None:
        reason = normalize_text(reason)
        if not reason:
            errors["reason"] = [_("Write why the letter is corrected.")]
        elif len(reason) > 500:
            errors["reason"] = [_("At most %(n)d characters.") % {"n": 500}]
    if errors:
        raise DomainError("invalid", _("The letter could not be issued: check the marked fields."), fields=errors)
    return text, reason


def template_for(case, value, result):
    """The template a response started from (``value``: its id, or empty), checked against the file:
    in use, of the file's municipality and service, and for the result being issued."""
    value = getattr(value, "pk", value)  # an id, or the template itself from a validated input
    if value in (None, ""):
        return None
    template = templates_for(case).filter(pk=value).first() if is_digits(str(value)) else None
    if template is None:
        raise DomainError(
            "invalid",
            _("The letter could not be issued: check the marked fields."),
            fields={"template": [_("Choose a template of this file's service.")]},
        )
    if template.result != result:
        raise DomainError(
            "invalid",
            _("The letter could not be issued: check the marked fields."),
            fields={"template": [_("This template is for another result.")]},
        )
    return template


def _issue(*, case, actor, result, text, replaces=None, reason="", at=None, template=None):
    now = at or timezone.now()
    year = jalali_year(now)
    serial = numbering.next_serial(case.district, year)
    with translation.override(settings.LANGUAGE_CODE):
        content = _content(case, actor, result)
    if template is not None:
        content["template"] = {"id": template.pk, "title": template.title}
    letter = Letter.objects.create(
        case=case,
        district=case.district,
        year=year,
        serial=serial,
        number=numbering.format_number(year, case.district.number, serial),
        verification_code=numbering.new_verification_code(),
        result=result,
        text=text,
        content=content,
        signer=actor,
        issued_at=now,
        replaces=replaces,
        template=template,
    )
    if replaces is not None:
        # A correction's reason is kept as its event; a letter's plain issue is the letter itself (its signer and
        # issued_at: selectors.events_of lists it from there).
        LetterEvent.objects.create(
            letter=letter, case=case, kind=LetterEvent.Kind.CORRECTED, actor=actor, reason=reason, at=now
        )
    from inquiries.letters.tasks import render_letter_pdf

    if now >= timezone.now() - BACKDATED:
        # After commit: a rolled-back action leaves no task behind; a broker outage leaves the sweep to it.
        transaction.on_commit(lambda: render_letter_pdf.delay(letter.pk), robust=True)
    return letter


def issue_for_action(case, actor, data, at):
    """An answering action's letter (Letters.after_action), inside apply_action's transaction,
    dated as the action (which may be backdated). ``data["template"]``, when given, is where the
    text started (checked against the file)."""
    result = data.get("result") or "approved"
    text, _reason = _clean(result, data.get("text") or "")
    template = template_for(case, data.get("template"), result)
    return _issue(case=case, actor=actor, result=result, text=text, at=at, template=template)


@transaction.atomic
def correct_letter(*, letter, actor, text, reason, result=None):
    """Replace a letter in force with a corrected one (new number, new code); the old one is cancelled.

    Only the municipal staff of the file's district may. The correction and its reason are kept
    as LetterEvents and as a ``correct_letter`` event in the file's history.
    """
    case_id = Letter.objects.filter(pk=letter.pk).values_list("case_id", flat=True).first()
    if case_id is None:
        raise Conflict("not-found", _("Letter not found."))
    # The file first, then its letter: the same order as an answering action takes them.
    case = Case.objects.select_for_update(of=("self",)).select_related("service", "office", "district", "parcel")
    case = case.get(pk=case_id)
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if actor.role != Role.MUNICIPAL_STAFF or not works_for(actor, case):
        raise Forbidden("forbidden", _("Only the municipal staff of the file's district may correct its letter."))
    if letter.status != Letter.Status.VALID:
        raise Conflict("letter-cancelled", _("This letter was already replaced by a correction."))
    result = result or letter.result
    text, reason = _clean(result, text, reason)
    Letter.objects.filter(pk=letter.pk).update(status=Letter.Status.CANCELLED)
    LetterEvent.objects.create(letter=letter, case=case, kind=LetterEvent.Kind.CANCELLED, actor=actor, reason=reason)
    new = _issue(case=case, actor=actor, result=result, text=text, replaces=letter, reason=reason)
    record_event(case, "correct_letter", actor, note=reason, data={"letter": new.number, "replaces": letter.number})
    notify(
        "response_issued",
        mobile=case.contact_mobile,
        context={"case": case, "letter": new, "corrected": True, "sms_params": [new.verification_code]},
    )
    return new


def _store(name, data):
    """Write the whole file, then make it visible at ``name`` in one step: never half a letter."""
    storage = default_storage
    try:
        final = storage.path(name)
    except NotImplementedError:
        # Object stores (S3) publish an object only once it is fully uploaded.
        if storage.exists(name):
            storage.delete(name)
        return storage.save(name, ContentFile(data))
    directory = os.path.dirname(final)
    os.makedirs(directory, exist_ok=True)
    fd, partial = tempfile.mkstemp(dir=directory, prefix=".partial-", suffix=".pdf")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, final)
    except BaseException:
        if os.path.exists(partial):
            os.unlink(partial)
        raise
    return name


def pdf_name(letter):
    return letter_path(letter, f"{letter.serial:06d}-{letter.verification_code}.pdf")


def make_pdf(letter_id):
    """Render and store a letter's PDF once. Idempotent: a letter with its PDF and hash is left alone.

    Rendering happens outside any transaction; the file is moved into place and the
    hash recorded under the letter's row lock, so two workers never record different files.
    """
    from inquiries.letters.pdf import render_pdf

    letter = Letter.objects.filter(pk=letter_id).first()
    if letter is None:
        return None
    if letter.sha256 and letter.pdf and default_storage.exists(letter.pdf.name):
        return letter
    data = render_pdf(letter)
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        locked = Letter.objects.select_for_update().get(pk=letter_id)
        if locked.sha256 and locked.pdf and default_storage.exists(locked.pdf.name):
            return locked  # another worker finished first
        name = _store(pdf_name(letter), data)
        now = timezone.now()
        # When the PDF was made is the letter's own ``rendered_at``; it is not an event of the file.
        Letter.objects.filter(pk=letter_id).update(pdf=name, sha256=digest, pdf_size=len(data), rendered_at=now)
    logger.info("letter %s rendered: %s (%s bytes, sha256 %s)", letter.number, name, len(data), digest)
    return Letter.objects.get(pk=letter_id)


def ensure_pdf(letter):
    """Queue a letter's PDF if it is missing past the grace period (a lost task, an imported letter).

    Called when someone wants the letter; at most once per letter every two minutes.
    In the embedded default (eager) this makes the PDF there and then.
    """
    if letter.pdf_ready or letter.issued_at > timezone.now() - PDF_GRACE:
        return letter
    if not cache.add(f"letters:pdf-requested:{letter.pk}", 1, int(PDF_GRACE.total_seconds())):
        return letter
    from kombu.exceptions import OperationalError as BrokerDown

    from inquiries.letters.tasks import render_letter_pdf

    try:
        render_letter_pdf.delay(letter.pk)
    except BrokerDown as exc:  # the 5-minute sweep queues it once the broker is back
        logger.warning("letter %s: PDF not queued, broker unavailable: %s", letter.pk, exc)
    letter.refresh_from_db()
    return letter


def queue_missing_pdfs(now=None, limit=200):
    """Queue the letters whose PDF is still missing a while after issue (a lost task); returns how many."""
    from inquiries.letters.selectors import pending_pdfs
    from inquiries.letters.tasks import render_letter_pdf

    now = now or timezone.now()
    ids = list(pending_pdfs(now - PDF_GRACE).values_list("pk", flat=True)[:limit])
    for letter_id in ids:
        render_letter_pdf.delay(letter_id)
    _remove_stale_partials(now)
    return len(ids)


def _remove_stale_partials(now, age=3600):
    """A worker killed mid-write leaves a .partial- file (never the letter's name); clear old ones."""
    try:
        root = default_storage.path("letters")
    except NotImplementedError:
        return
    cutoff = time.time() - age
    for directory, _dirs, files in os.walk(root):
        for name in files:
            path = os.path.join(directory, name)
            if name.startswith(".partial-") and os.path.getmtime(path) < cutoff:
                os.unlink(path)
