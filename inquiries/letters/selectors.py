"""Reads on letters."""

from inquiries.letters.numbering import is_well_formed, normalize_code
from inquiries.models import Letter, LetterEvent


def current_letter(case, fields=()):
    """The letter in force for a file, or None; with ``fields`` (``only``'s names), just those are read."""
    letters = Letter.objects.filter(case=case, status=Letter.Status.VALID).select_related("replaces")
    return (letters.only(*fields) if fields else letters).first()


def letters_of(case):
    return Letter.objects.filter(case=case).select_related("replaces", "signer").order_by("-issued_at", "-id")


def events_of(case):
    return LetterEvent.objects.filter(case=case).select_related("letter", "actor").order_by("at", "id")


def letter_by_code(raw):
    """The letter with this verification code (any status), or None."""
    code = normalize_code(raw)
    if not is_well_formed(code):
        return None
    return (
        Letter.objects.select_related("case", "case__service", "district", "replaces")
        .select_related("replaced_by")
        .filter(verification_code=code)
        .first()
    )


def pending_pdfs(older_than):
    """Letters issued before ``older_than`` whose PDF is still missing."""
    return Letter.objects.filter(sha256="", issued_at__lt=older_than).order_by("issued_at")
