"""A bank's daily file: every row matched, duplicated or unmatched; the same file twice changes nothing."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from billing.models import BankImport, FeeSlip, ImportRow, Payment
from tests.billing.helpers import BANK, bank_pay, register_notary, sign_file

pytestmark = pytest.mark.django_db


def bank_file(rows, header=True):
    out = io.StringIO()
    writer = csv.writer(out)
    if header:
        writer.writerow(["bill_id", "payment_id", "amount", "reference", "date"])
    writer.writerows(rows)
    return out.getvalue().encode()


def upload(client, data, name="bank-1405-09-04.csv", signature=None, bank=BANK):
    """Upload a bank file signed with the bank's key (or with ``signature``)."""
    return client.post(
        "/billing/reconciliation/upload/",
        {
            "file": SimpleUploadedFile(name, data, "text/csv"),
            "bank": bank,
            "signature": sign_file(data) if signature is None else signature,
        },
    )


@pytest.fixture
def slips(city, login_api):
    officer = login_api(city.officer)
    return [FeeSlip.objects.get(pk=register_notary(officer)["fee_slips"][0]["id"]) for _ in range(3)]


def test_the_same_file_twice_records_each_payment_once(
    city, slips, client, login_api, django_capture_on_commit_callbacks
):
    a, b, c = slips
    assert bank_pay(c, "BANK-C").status_code == 201  # reported earlier through the API
    data = bank_file(
        [
            [a.bill_id, a.payment_id, a.amount_rials, "BANK-A", "1405/09/03"],
            [b.bill_id, b.payment_id, b.amount_rials, "BANK-B", "2026-11-24"],
            [c.bill_id, c.payment_id, c.amount_rials, "BANK-C", "1405/09/03"],  # duplicate of the API report
            [a.bill_id, a.payment_id, a.amount_rials, "BANK-A", "1405/09/03"],  # the bank repeated a line
            [b.bill_id, b.payment_id, b.amount_rials - 1000, "BANK-Z", "1405/09/03"],  # wrong amount
            ["7748317800142", "1770160", "17000", "BANK-T", "1405/09/03"],  # valid IDs, not ours
            ["1234567", "7654321", "1000", "BANK-X", "1405/09/03"],  # bad check digits
        ]
    )
    client.force_login(city.supervisor)
    before = Payment.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, data)
    imp = BankImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/billing/reconciliation/{imp.pk}/"
    imp.refresh_from_db()
    assert imp.status == "done" and imp.total_rows == imp.processed_rows == 7
    outcomes = list(ImportRow.objects.filter(bank_import=imp).order_by("line").values_list("line", "outcome"))
    assert outcomes == [
        (2, "matched"),
        (3, "matched"),
        (4, "duplicate"),
        (5, "duplicate"),
        (6, "unmatched"),
        (7, "unmatched"),
        (8, "unmatched"),
    ]
    assert Payment.objects.count() == before + 2
    a.refresh_from_db()
    assert a.status == "paid" and a.payment.channel == "bank_file"
    assert a.payment.paid_at.date().isoformat() == "2026-11-24"  # 1405/09/03

    # The same file again: the same import, nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        again = upload(client, data, name="renamed.csv")
    assert again["Location"] == f"/billing/reconciliation/{imp.pk}/"
    assert BankImport.objects.count() == 1 and ImportRow.objects.count() == 7
    assert Payment.objects.count() == before + 2

    # Another file carrying some of the same references: those rows are duplicates.
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, bank_file([[a.bill_id, a.payment_id, a.amount_rials, "BANK-A", "1405/09/04"]], header=False))
    second = BankImport.objects.exclude(pk=imp.pk).get()
    assert list(second.rows.values_list("outcome", flat=True)) == ["duplicate"]
    assert Payment.objects.count() == before + 2


def test_results_page_progress_and_csv_export(city, slips, client, django_capture_on_commit_callbacks):
    a = slips[0]
    client.force_login(city.supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        upload(
            client,
            bank_file(
                [
                    [a.bill_id, a.payment_id, a.amount_rials, "BANK-A", "1405/09/03"],
                    ["1", "2", "3", "BANK-Q", "1405/09/03"],
                ]
            ),
        )
    imp = BankImport.objects.get()
    page = client.get(f"/billing/reconciliation/{imp.pk}/").content.decode()
    assert "تطبیق‌یافته: ۱" in page and "بی‌تطبیق: ۱" in page
    progress = client.get(f"/billing/reconciliation/{imp.pk}/progress/", HTTP_HX_REQUEST="true")
    assert progress.status_code == 200 and 'data-status="done"' in progress.content.decode()
    assert 'hx-trigger="every 1s"' not in progress.content.decode()
    exported = client.get(f"/billing/reconciliation/{imp.pk}/results.csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][:7] == ["line", "bill_id", "payment_id", "amount_rials", "reference", "paid_on", "outcome"]
    assert [(r[4], r[6]) for r in rows[1:]] == [("BANK-A", "matched"), ("BANK-Q", "unmatched")]
    assert rows[2][7]  # the reason, in Persian


def test_a_queued_import_polls_every_second(city, client):
    imp = BankImport.objects.create(
        sha256="x" * 64,
        file_name="f.csv",
        content="1,2,3,4,5\n",
        total_rows=1,
        uploaded_by=city.supervisor,
        municipality=city.municipality,
    )
    client.force_login(city.supervisor)
    body = client.get(f"/billing/reconciliation/{imp.pk}/progress/", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in body and 'data-status="queued"' in body


def test_only_the_municipality_reconciles_and_bad_files_are_refused(city, client):
    client.force_login(city.officer)
    assert client.get("/billing/reconciliation/").status_code == 403
    client.force_login(city.supervisor)
    refused = upload(client, b"bill_id,payment_id\n")
    assert refused.status_code == 400 and "ردیف" in refused.content.decode()
    assert not BankImport.objects.exists()
