"""Tracking codes (کد رهگیری): 12 digits, easy to read out on the phone, not guessable.

Two digits of the Jalali year, nine random digits, one Luhn check digit (so a
mistyped code is caught before a look-up). Uniqueness is the database's job:
the column is unique and the caller retries on a collision.
"""

import secrets

from core.jalali import jalali_year
from core.validators import is_digits, to_ascii_digits


def luhn_digit(digits):
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def new_tracking_code(year=None):
    body = f"{(year or jalali_year()) % 100:02d}{secrets.randbelow(10**9):09d}"
    return body + luhn_digit(body)


def normalize_tracking_code(value):
    return "".join(ch for ch in to_ascii_digits(str(value or "")) if is_digits(ch))


def is_well_formed(code):
    return len(code) == 12 and is_digits(code) and luhn_digit(code[:-1]) == code[-1]
