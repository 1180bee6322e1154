"""Bill and payment IDs: published examples, a pair worked by hand, and every single-digit mistake."""

import random

import pytest

from billing import bill_ids

# Valid pairs published with the scheme's open implementations (persian-tools: py-persian-tools
# tests/test_bill.py, rust-persian-tools' bill docs, go-persian-tools' wiki): bill ID, payment ID,
# amount in rials, service type.
PUBLISHED = [
    ("7748317800142", "1770160", 17_000, 4),  # fixed telephone
    ("2050327604613", "1070189", 10_000, 1),  # water
    ("1117753200140", "12070160", 120_000, 4),  # fixed telephone
    ("1177809000142", "570108", 5_000, 4),  # fixed telephone
]


@pytest.mark.parametrize("bill_id, payment_id, amount, service_type", PUBLISHED)
def test_published_examples_validate_and_read(bill_id, payment_id, amount, service_type):
    bill = bill_ids.parse(bill_id, payment_id)
    assert bill.amount_rials == amount
    assert bill.service_type == service_type
    assert bill_ids.barcode_text(bill_id, payment_id) == bill_id.zfill(13) + payment_id.zfill(13)


@pytest.mark.parametrize("bill_id, payment_id, amount, service_type", PUBLISHED)
def test_we_generate_the_published_payment_ids(bill_id, payment_id, amount, service_type):
    body = payment_id[:-2]
    year, period = int(body[-3]), int(body[-2:])
    assert bill_ids.make_payment_id(bill_id, amount, year, period) == payment_id
    assert bill_ids.check_digit(bill_id[:-1]) == int(bill_id[-1])


def test_published_invalid_pairs_are_refused():
    # From the same test suite: a good bill ID with a payment ID that belongs to another bill.
    with pytest.raises(bill_ids.BillIdError) as info:
        bill_ids.parse("9174639504124", "12908197")
    assert info.value.code == "pair-check-digit"
    with pytest.raises(bill_ids.BillIdError) as info:
        bill_ids.parse("2234322344613", "1070189")
    assert info.value.field == "bill_id"


def test_a_pair_worked_by_hand():
    """File code 1234, company 1002, municipal duties (6); 1,550,000 rials in month 9 of 1405.

    Bill body 123410026; weights 2,3,4,5,6,7,2,3,4 from the right:
      6·2 + 2·3 + 0·4 + 0·5 + 1·6 + 4·7 + 3·2 + 2·3 + 1·4 = 12+6+0+0+6+28+6+6+4 = 68
      68 mod 11 = 2 → check 11 − 2 = 9                     → bill ID 1234100269
    Payment body: 1550 (thousands) + 5 (year) + 09 (period) = 1550509:
      9·2 + 0·3 + 5·4 + 0·5 + 5·6 + 5·7 + 1·2 = 18+0+20+0+30+35+2 = 105
      105 mod 11 = 6 → first check 11 − 6 = 5
    Second check over 1234100269 1550509 5 (18 digits), weights 2..7 repeating from the right:
      5·2 9·3 0·4 5·5 0·6 5·7 5·2 1·3 9·4 6·5 2·6 0·7 0·2 1·3 4·4 3·5 2·6 1·7 = 241
      241 mod 11 = 10 → second check 11 − 10 = 1           → payment ID 155050951
    """
    bill_id = bill_ids.make_bill_id(1234, "1002")
    assert bill_id == "1234100269"
    payment_id = bill_ids.make_payment_id(bill_id, 1_550_000, 1405, 9)
    assert payment_id == "155050951"
    bill = bill_ids.parse(bill_id, payment_id, company_code_length=4)
    assert (bill.file_code, bill.company_code, bill.service_type) == (1234, "1002", 6)
    assert (bill.amount_rials, bill.year_digit, bill.period) == (1_550_000, 5, 9)


def test_remainders_zero_and_one_both_give_check_digit_zero():
    # 0·… = 0 → 0; a body summing to 1 mod 11: "6" weighs 2 → 12 ≡ 1 → 0 as well.
    assert bill_ids.check_digit("0") == 0
    assert bill_ids.check_digit("6") == 0
    assert bill_ids.check_digit("1") == 9  # 1·2 = 2 → 11 − 2


def mutations(bill_id, payment_id):
    for field, text in (("bill", bill_id), ("payment", payment_id)):
        for pos, digit in enumerate(text):
            for new in "0123456789":
                if new != digit:
                    changed = text[:pos] + new + text[pos + 1 :]
                    yield (changed, payment_id) if field == "bill" else (bill_id, changed)


def _robust_pairs():
    rng = random.Random(7)
    pairs = [(b, p) for b, p, _a, _t in PUBLISHED]
    while len(pairs) < 300:
        bill_id = bill_ids.make_bill_id(rng.randint(1, 9_999_999), rng.choice(["1002", "117", "8431"]))
        payment_id = bill_ids.make_payment_id(
            bill_id, rng.randint(1, 9_999_999) * 1000, rng.randint(1400, 1409), rng.randint(1, 12)
        )
        if bill_ids.is_robust(bill_id, payment_id):
            pairs.append((bill_id, payment_id))
    return pairs


def test_every_single_digit_change_of_a_valid_pair_is_refused():
    checked = 0
    for bill_id, payment_id in _robust_pairs():
        assert bill_ids.is_valid(bill_id, payment_id)
        for wrong_bill, wrong_payment in mutations(bill_id, payment_id):
            assert not bill_ids.is_valid(wrong_bill, wrong_payment), (bill_id, payment_id, wrong_bill, wrong_payment)
            checked += 1
    assert checked > 50_000


def test_a_weak_pair_exists_and_is_what_is_robust_rules_out():
    """Why we issue robust pairs only: with a second check digit 0 and a bill check digit 0,
    some single-digit change can pass all three checks. Find one such pair and show it."""
    rng = random.Random(3)
    while True:
        bill_id = bill_ids.make_bill_id(rng.randint(1, 9_999_999), "1002")
        payment_id = bill_ids.make_payment_id(bill_id, rng.randint(1, 99_999) * 1000, 1405, 9)
        survivors = [m for m in mutations(bill_id, payment_id) if bill_ids.is_valid(*m)]
        if survivors:
            break
    assert not bill_ids.is_robust(bill_id, payment_id)


@pytest.mark.parametrize(
    "bill_id, payment_id, field",
    [
        ("12341002", "155050951", "bill_id"),  # too short to be a bill ID with its parts
        ("1234100269", "12", "payment_id"),
        ("12341002x9", "155050951", "bill_id"),
        ("1234100279", "155050951", "bill_id"),  # type 7 is not in the scheme's table
        ("", "155050951", "bill_id"),
    ],
)
def test_malformed_input_names_the_field(bill_id, payment_id, field):
    with pytest.raises(bill_ids.BillIdError) as info:
        bill_ids.parse(bill_id, payment_id)
    assert info.value.field == field


def test_persian_digits_and_leading_zeros_are_accepted():
    assert bill_ids.is_valid("۰۰۰۱۲۳۴۱۰۰۲۶۹", "۱۵۵۰۵۰۹۵۱")


def test_amounts_must_be_whole_thousands_and_fit():
    with pytest.raises(ValueError):
        bill_ids.make_payment_id("1234100269", 1_550_500, 1405, 9)
    with pytest.raises(ValueError):
        bill_ids.make_bill_id(12_345_678, "1002")  # 8 digits + a 4-digit company code exceed 13
