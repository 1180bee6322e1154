"""Bill ID and payment ID (شناسه قبض / شناسه پرداخت): generation and validation in one place.

The layout is the banks' "coordinated electronic bill payment" scheme (طرح هماهنگ پرداخت
الکترونیکی قبوض, documented by the banks' informatics commission, کمیسیون انفورماتیک بانک‌ها),
as published with worked examples by the persian-tools libraries
(https://docs.rs/rust-persian-tools/latest/rust_persian_tools/bill/index.html,
https://github.com/amiranmanesh/go-persian-tools/wiki/bill, persian-tools/py-persian-tools
tests/test_bill.py) and explained in https://arsin.ir/posts/bill-generator:

bill ID (6–13 digits)     = file code (up to 8 digits) + company code (3 digits; our
                            municipalities' codes may have 4, which leaves 7 for the file code)
                            + service type (1 digit) + check digit
payment ID (6–13 digits)  = amount in thousands of rials + year digit (last digit of the year)
                            + period code (2 digits) + check digit over those
                            + a second check digit over bill ID + payment ID (without itself)

Every check digit is the same modulo 11: digits weighted 2, 3, 4, 5, 6, 7, 2, 3, … from the
right, the sum taken mod 11, a remainder of 0 or 1 gives 0, any other r gives 11 − r.

The service-type digit comes from the scheme's table: 1 water, 2 electricity, 3 gas, 4 fixed
telephone, 5 mobile telephone, 6 municipal duties (عوارض شهرداری), 8 tax office, 9 traffic
fines. Municipal fee slips are type 6.
"""

from dataclasses import dataclass

from core.validators import is_digits, to_ascii_digits

MUNICIPAL_SERVICE_TYPE = 6
SERVICE_TYPES = {
    1: "water",
    2: "electricity",
    3: "gas",
    4: "fixed telephone",
    5: "mobile telephone",
    6: "municipal duties",
    8: "tax office",
    9: "traffic fines",
}
MAX_DIGITS = 13
MIN_DIGITS = 6
AMOUNT_UNIT = 1000  # the payment ID carries the amount in thousands of rials
# The most one slip can carry: the payment ID's thirteen digits hold the amount in thousands in eight, beside
# the year's digit, the period's two and the two check digits.
MAX_SLIP_AMOUNT = (10 ** (MAX_DIGITS - 5) - 1) * AMOUNT_UNIT


class AmountTooLarge(ValueError):
    """An amount past what a payment ID can carry (``MAX_SLIP_AMOUNT``)."""


class BillIdError(ValueError):
    """A bill or payment ID that is malformed or whose check digit does not match.

    ``field`` is "bill_id" or "payment_id"; ``code`` a short machine reason.
    """

    def __init__(self, field, code, message):
        super().__init__(message)
        self.field = field
        self.code = code


def check_digit(digits):
    """The scheme's modulo-11 check digit of a string of digits."""
    total = 0
    weight = 2
    for ch in reversed(digits):
        total += (ord(ch) - 48) * weight
        weight = 2 if weight == 7 else weight + 1
    remainder = total % 11
    return 0 if remainder < 2 else 11 - remainder


def file_code_width(company_code):
    """How many digits the file code may have beside this company code."""
    return MAX_DIGITS - len(company_code) - 2


def make_bill_id(file_code, company_code, service_type=MUNICIPAL_SERVICE_TYPE):
    company_code = str(company_code)
    if not is_digits(company_code) or not 3 <= len(company_code) <= 4:
        raise ValueError("the company code must be 3 or 4 digits")
    if service_type not in SERVICE_TYPES:
        raise ValueError("unknown service type")
    file_code = int(file_code)
    if file_code < 1 or len(str(file_code)) > file_code_width(company_code):
        raise ValueError("the file code does not fit in a bill ID")
    body = f"{file_code}{company_code}{service_type}"
    return body + str(check_digit(body))


# --- slip numbers that never run out -------------------------------------------------------------------------
#
# A slip's file code is the last digit of its Jalali year followed by its serial within that year, zero-padded
# to fill the file code's width: with a 4-digit company code (7 file-code digits) that is 999,999 slips per
# municipality and year, with the scheme's 3-digit company code (8 digits) 9,999,999. The serial starts again
# every year, so the numbers never run out; a bill ID comes back after ten years, and the payment ID beside it
# carries the year digit too. ``billing.numbering`` makes sure no slip still awaiting payment holds a bill ID
# when it is drawn again. FeeSlip.number keeps the whole year: ``year * SLIP_NUMBER_BASE + serial``.

SLIP_NUMBER_BASE = 10**8  # wider than any serial, so the stored number reads as year, then serial


def serial_capacity(company_code):
    """How many slips a municipality with this company code may issue in one Jalali year."""
    return 10 ** (file_code_width(str(company_code)) - 1) - 1


def slip_file_code(year, serial, company_code):
    """The file code of the ``serial``-th slip of Jalali ``year``: the year's last digit, then the serial."""
    width = file_code_width(str(company_code))
    serial = int(serial)
    if not 1 <= serial <= serial_capacity(company_code):
        raise ValueError("the serial does not fit beside the year digit in a bill ID")
    return (int(year) % 10) * 10 ** (width - 1) + serial


def file_code_parts(file_code, company_code):
    """(year digit, serial) read back from a file code made by ``slip_file_code``."""
    return divmod(int(file_code), 10 ** (file_code_width(str(company_code)) - 1))


def slip_number(year, serial):
    return int(year) * SLIP_NUMBER_BASE + int(serial)


def split_slip_number(number):
    """(Jalali year, serial) of a stored FeeSlip.number."""
    return divmod(int(number), SLIP_NUMBER_BASE)


def make_payment_id(bill_id, amount_rials, year, period):
    """The payment ID for ``amount_rials`` (a whole number of thousands) in Jalali ``year``, ``period``."""
    amount_rials = int(amount_rials)
    if amount_rials <= 0 or amount_rials % AMOUNT_UNIT:
        raise ValueError("the amount must be a positive whole number of thousands of rials")
    if not 0 <= int(period) <= 99:
        raise ValueError("the period code has two digits")
    body = f"{amount_rials // AMOUNT_UNIT}{int(year) % 10}{int(period):02d}"
    if len(body) + 2 > MAX_DIGITS:
        raise AmountTooLarge("the amount is too large for a payment ID")
    first = str(check_digit(body))
    return body + first + str(check_digit(str(bill_id) + body + first))


def is_robust(bill_id, payment_id):
    """True when every single-digit change of this pair breaks one of its check digits.

    The modulo-11 scheme maps remainders 0 and 1 to the same digit 0, so a pair whose
    second check digit is 0 while the bill's or the first payment check digit is 0 too can
    survive one mistyped digit. Any other pair cannot: the second check digit covers every
    digit before it with a weight 11 does not divide. We issue robust pairs only.
    """
    return payment_id[-1] != "0" or (bill_id[-1] != "0" and payment_id[-2] != "0")


@dataclass(frozen=True)
class Bill:
    bill_id: str
    payment_id: str
    company_code: str
    file_code: int
    service_type: int
    amount_rials: int
    year_digit: int
    period: int


def _digits(value, field):
    text = str(value if value is not None else "").strip()
    text = to_ascii_digits(text).replace(" ", "").replace("-", "")
    if not is_digits(text):
        raise BillIdError(field, "not-digits", "digits only")
    text = text.lstrip("0")
    if not MIN_DIGITS <= len(text) <= MAX_DIGITS:
        raise BillIdError(field, "length", "6 to 13 digits")
    return text


def normalize_bill_id(value):
    """A bill ID without leading zeros; raises BillIdError when its check digit does not match."""
    bill_id = _digits(value, "bill_id")
    if int(bill_id[-2]) not in SERVICE_TYPES:
        raise BillIdError("bill_id", "service-type", "unknown service type")
    if check_digit(bill_id[:-1]) != int(bill_id[-1]):
        raise BillIdError("bill_id", "check-digit", "check digit does not match")
    return bill_id


def parse(bill_id, payment_id, company_code_length=None):
    """Validate a pair and read it; raises BillIdError naming the field at fault.

    ``company_code_length`` (3 or 4) splits the file code from the company code; without it
    the scheme's 3 is assumed.
    """
    bill_id = normalize_bill_id(bill_id)
    payment_id = _digits(payment_id, "payment_id")
    body = payment_id[:-2]
    if check_digit(body) != int(payment_id[-2]):
        raise BillIdError("payment_id", "check-digit", "check digit does not match")
    if check_digit(bill_id + payment_id[:-1]) != int(payment_id[-1]):
        raise BillIdError("payment_id", "pair-check-digit", "the payment ID does not belong to this bill ID")
    if len(body) < 4:
        raise BillIdError("payment_id", "length", "too short to carry an amount")
    width = company_code_length or 3
    head = bill_id[:-2]
    return Bill(
        bill_id=bill_id,
        payment_id=payment_id,
        company_code=head[-width:],
        file_code=int(head[:-width] or 0),
        service_type=int(bill_id[-2]),
        amount_rials=int(body[:-3]) * AMOUNT_UNIT,
        year_digit=int(body[-3]),
        period=int(body[-2:]),
    )


def is_valid(bill_id, payment_id):
    try:
        parse(bill_id, payment_id)
    except BillIdError:
        return False
    return True


def barcode_text(bill_id, payment_id):
    """The 26-digit barcode payload: bill ID and payment ID, each zero-padded to 13 digits."""
    return f"{int(bill_id):013d}{int(payment_id):013d}"
