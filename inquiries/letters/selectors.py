"""Reads on letters."""

from inquiries.letters.numbering import is_well_formed, normalize_code
from inquiries.models import Letter, LetterEvent


def current_letter(case, fields=()):
    """The letter in force for a file, or None; with ``fields`` (``only``'s names), just those are read."""
    letters = Letter.objects.filter(case=case, status=Letter.Status.VALID).select_related("replaces")
    return (letters.only(*fields) if fields else letters).first()


def letters_of(case):
    return Letter.objects.filter(case=case).select_related("replaces", "signer").order_by("-issued_at", "-id")


def events_of(case, letters=None):
    """What happened to the file's letters, oldest first: each letter's issue (the letter itself: who signed it
    and when, not a row of its own), and the corrections and cancellations with their reasons (``LetterEvent``).
    ``letters``: the file's letters as ``letters_of`` reads them, when the caller has them already."""
    letters = list(letters_of(case)) if letters is None else letters
    issued = [
        LetterEvent(letter=x, case_id=x.case_id, kind=LetterEvent.Kind.ISSUED, actor=x.signer, at=x.issued_at)
        for x in letters
        if x.replaces_id is None
    ]
    stored = (
        LetterEvent.objects.filter(case=case).exclude(kind=LetterEvent.Kind.ISSUED).select_related("letter", "actor")
    )
    return sorted([*issued, *stored], key=lambda e: (e.at, e.kind != LetterEvent.Kind.ISSUED, e.pk or 0))


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
