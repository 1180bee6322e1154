"""Permit and certificate numbers (per district and Jalali year, no gaps) and verification codes."""

import secrets

from django.db import IntegrityError, transaction
from django.db.models import F

from permits.models import Certificate, Permit, Sequence

# The letters' alphabet: no 0/O, 1/I/L, 5/S or 2/Z, so a code read aloud comes out right.
ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 10
# A district issues well under 100,000 permits a year; five digits keep numbers one width.
PREFIX = {"permit": "", "frame": "S", "completion": "P"}


def next_serial(kind, district, year):
    """The next serial; call inside the issuing transaction (the row lock queues concurrent issues and a
    rolled-back issue leaves no gap)."""
    row = Sequence.objects.select_for_update().filter(kind=kind, district=district, year=year).first()
    if row is None:
        try:
            with transaction.atomic():
                Sequence.objects.create(kind=kind, district=district, year=year, last_number=0)
        except IntegrityError:
            pass
        row = Sequence.objects.select_for_update().get(kind=kind, district=district, year=year)
    Sequence.objects.filter(pk=row.pk).update(last_number=F("last_number") + 1)
    return row.last_number + 1


def format_number(kind, year, district_number, serial):
    return f"{year}/{district_number:02d}/{PREFIX[kind]}{serial:05d}"


def new_verification_code():
    for _attempt in range(10):
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        if not (
            Permit.objects.filter(verification_code=code).exists()
            or Certificate.objects.filter(verification_code=code).exists()
        ):
            return code
    raise RuntimeError("could not draw a free verification code")
