"""Letter numbers and verification codes."""

import secrets

from django.db import IntegrityError, transaction
from django.db.models import F

from core.validators import to_ascii_digits
from inquiries.models import Letter, LetterSequence

# No 0/O, 1/I/L, 5/S or 2/Z: a code read aloud over the phone or typed from paper comes out right.
ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 10


def next_serial(district, year):
    """The next serial of the district's letters this year. Call inside the issuing transaction.

    The sequence row is locked until that transaction ends, so two letters issued at
    once queue here and take consecutive numbers; a rolled-back issue leaves no gap.
    """
    sequence = LetterSequence.objects.select_for_update().filter(district=district, year=year).first()
    if sequence is None:
        try:
            with transaction.atomic():
                LetterSequence.objects.create(district=district, year=year, last_number=0)
        except IntegrityError:
            pass  # created by a concurrent issue a moment ago: lock that row instead
        sequence = LetterSequence.objects.select_for_update().get(district=district, year=year)
    LetterSequence.objects.filter(pk=sequence.pk).update(last_number=F("last_number") + 1)
    return sequence.last_number + 1


def format_number(year, district_number, serial):
    return f"{year}/{district_number:02d}/{serial:06d}"


def new_verification_code():
    for _attempt in range(10):
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        if not Letter.objects.filter(verification_code=code).exists():
            return code
    raise RuntimeError("could not draw a free verification code")


def normalize_code(raw):
    """What people type (lower case, spaces, dashes, Persian digits) → the stored form."""
    text = to_ascii_digits(str(raw or "")).upper()
    return "".join(ch for ch in text if ch.isalnum())


def is_well_formed(code):
    return len(code) == CODE_LENGTH and all(ch in ALPHABET for ch in code)
