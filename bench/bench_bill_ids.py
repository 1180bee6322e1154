"""Bill/payment ID generation and validation throughput (pure Python, no database)."""

import time

from billing import bill_ids


def run(seconds=1.0):
    n = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        bill_id = bill_ids.make_bill_id(1_000_000 + n % 8_000_000, "1002")
        payment_id = bill_ids.make_payment_id(bill_id, (1 + n % 99_999) * 1000, 1405, 1 + n % 12)
        bill_ids.is_robust(bill_id, payment_id)
        n += 1
    generated = n / (time.perf_counter() - started)
    print(f"bill_ids.generate: {generated:,.0f} pairs/s")

    pairs = [
        (b, bill_ids.make_payment_id(b, 1_550_000, 1405, 9))
        for b in (bill_ids.make_bill_id(k, "1002") for k in range(1, 1001))
    ]
    n = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        bill_id, payment_id = pairs[n % len(pairs)]
        bill_ids.parse(bill_id, payment_id)
        n += 1
    validated = n / (time.perf_counter() - started)
    print(f"bill_ids.validate: {validated:,.0f} pairs/s")


if __name__ == "__main__":
    run()
