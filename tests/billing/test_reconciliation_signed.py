"""Only a bank's signed daily file moves money; it confirms card-reader and gateway payments too."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from billing.models import BankImport, FeeSlip, ImportRow, Payment
from tests.billing.helpers import BANK, pay, sign_file
from tests.cases.helpers import notary_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def slips(api, officer):
    api.force_authenticate(officer)
    ids = [api.post("/api/v1/cases/", notary_payload(), format="json").json()["fee_slips"][0]["id"] for _ in "ab"]
    return list(FeeSlip.objects.filter(pk__in=ids).order_by("pk"))


@pytest.fixture
def reconciler(client, supervisor):
    client.force_login(supervisor)
    return client


def csv_of(*slips_and_refs):
    lines = ["bill_id,payment_id,amount,reference,date"]
    lines += [f"{s.bill_id},{s.payment_id},{s.amount_rials},{ref},1405/09/03" for s, ref in slips_and_refs]
    return ("\n".join(lines) + "\n").encode()


def upload(client, data, **fields):
    body = {"file": SimpleUploadedFile("bank.csv", data, "text/csv"), "bank": BANK, "signature": sign_file(data)}
    body.update(fields)
    return client.post("/billing/reconciliation/upload/", body)


@pytest.mark.parametrize(
    "fields, error",
    [
        ({"signature": ""}, "signature"),
        ({"signature": "0" * 64}, "signature"),
        ({"signature": sign_file(b"another file")}, "signature"),
        ({"signature": "z" * 64}, "signature"),
        ({"bank": "otherbank"}, "bank"),
    ],
)
def test_an_unsigned_or_wrongly_signed_file_is_refused_and_moves_nothing(reconciler, slips, fields, error):
    response = upload(reconciler, csv_of((slips[0], "BF-1")), **fields)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{error}_error"' in html
    assert not BankImport.objects.exists() and not Payment.objects.exists()


def test_a_file_changed_after_the_bank_signed_it_is_refused(reconciler, slips):
    original = csv_of((slips[0], "BF-1"))
    changed = csv_of((slips[1], "BF-1"))
    response = upload(reconciler, changed, signature=sign_file(original))
    assert response.status_code == 400 and "امضا با کلید این بانک جور نیست" in response.content.decode()
    assert not Payment.objects.exists()


def test_a_signed_file_records_its_payments_with_the_bank(reconciler, slips, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(reconciler, csv_of((slips[0], "BF-1")))
    assert response.status_code == 302
    imp = BankImport.objects.get()
    assert imp.bank == BANK and imp.status == "done"
    payment = Payment.objects.get(slip=slips[0])
    assert payment.channel == "bank_file" and payment.bank == BANK


def test_the_bank_file_confirms_card_reader_payments_and_shows_the_unconfirmed_ones(
    reconciler, slips, officer, api, django_capture_on_commit_callbacks
):
    api.force_authenticate(officer)
    assert pay(api, slips[0], "111111111111").status_code == 201
    assert pay(api, slips[1], "222222222222").status_code == 201
    page = reconciler.get("/billing/reconciliation/").content.decode()
    assert 'data-testid="unconfirmed"' in page and "111111111111" in page and "222222222222" in page
    with django_capture_on_commit_callbacks(execute=True):
        upload(reconciler, csv_of((slips[0], "111111111111")))
    row = ImportRow.objects.get()
    assert row.outcome == "duplicate" and "کارتخوان دفتر" in row.message
    assert row.recorded_payment == Payment.objects.get(slip=slips[0])
    page = reconciler.get("/billing/reconciliation/").content.decode()
    assert "111111111111" not in page and "222222222222" in page  # the one no bank file confirmed yet


def test_sign_bank_file_prints_the_signature_the_upload_accepts(tmp_path, capsys, settings):
    path = tmp_path / "bank.csv"
    path.write_bytes(b"1,2,3,4,5\n")
    call_command("sign_bank_file", str(path), "--bank", BANK)
    assert capsys.readouterr().out.strip() == sign_file(b"1,2,3,4,5\n")
    with pytest.raises(CommandError, match="No key"):
        call_command("sign_bank_file", str(path), "--bank", "nobank")


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1200/01/01"])
def test_a_row_dated_outside_the_calendar_is_left_unmatched_and_the_import_page_opens(
    reconciler, slips, day, django_capture_on_commit_callbacks
):
    data = csv_of((slips[0], "BF-9")).replace(b"1405/09/03", day.encode())
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(reconciler, data)
    assert response.status_code == 302
    imp = BankImport.objects.get()
    row = ImportRow.objects.get(bank_import=imp)
    assert row.outcome == ImportRow.Outcome.UNMATCHED and row.paid_on is None
    assert not Payment.objects.exists()
    page = reconciler.get(f"/billing/reconciliation/{imp.pk}/")
    assert page.status_code == 200 and "تاریخ معتبر نیست" in page.content.decode()


def test_a_file_with_a_cell_past_the_readers_limit_is_refused(reconciler, slips):
    data = csv_of((slips[0], "BF-1")) + b"1," + b"9" * 200_000 + b",1,1,1405/09/03\n"
    response = upload(reconciler, data)
    assert response.status_code == 400 and "خانه" in response.content.decode()
    assert not BankImport.objects.exists()


def test_a_row_with_an_amount_past_any_slip_is_left_unmatched_and_the_rest_of_the_file_goes_on(
    reconciler, slips, django_capture_on_commit_callbacks
):
    data = csv_of((slips[0], "BF-1"), (slips[1], "BF-2"))
    data = data.replace(str(slips[0].amount_rials).encode(), b"99999999999999999999999", 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert upload(reconciler, data).status_code == 302
    rows = list(ImportRow.objects.order_by("line"))
    assert [r.outcome for r in rows] == [ImportRow.Outcome.UNMATCHED, ImportRow.Outcome.MATCHED]
    assert rows[0].amount_rials is None
    assert list(Payment.objects.values_list("slip_id", flat=True)) == [slips[1].pk]


def test_a_bank_file_is_its_citys_own_it_pays_that_citys_slips_and_another_city_imports_it_afresh(
    reconciler, slips, django_capture_on_commit_callbacks
):
    from django.test import Client

    from accounts.models import Role
    from tests.accounts.factories import UserFactory
    from tests.offices.factories import MunicipalityFactory

    najafabad = MunicipalityFactory(code="najafabad", name="شهرداری نجف‌آباد")
    theirs_client = Client()
    theirs_client.force_login(UserFactory(role=Role.SUPERVISOR, municipality=najafabad))
    data = csv_of((slips[0], "BF-CITY-1"))
    # Another city's supervisor uploads the file first: the bill ID of Isfahan's slip is not there for that city.
    with django_capture_on_commit_callbacks(execute=True):
        assert upload(theirs_client, data).status_code == 302
    theirs = BankImport.objects.get(municipality=najafabad)
    row = ImportRow.objects.get(bank_import=theirs)
    assert row.outcome == "unmatched" and row.message == "فیشی با این شناسهٔ قبض وجود ندارد."
    assert not Payment.objects.exists()
    # The slip's own city imports the same bytes: an import of its own (not "imported already"), which pays.
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(reconciler, data)
    ours = BankImport.objects.exclude(pk=theirs.pk).get()
    assert response["Location"] == f"/billing/reconciliation/{ours.pk}/"
    assert ours.municipality_id == slips[0].municipality_id and ours.status == "done"
    assert Payment.objects.get().slip == slips[0]
    # Each city reads its own import only.
    assert reconciler.get(f"/billing/reconciliation/{theirs.pk}/").status_code == 404
    assert theirs_client.get(f"/billing/reconciliation/{ours.pk}/").status_code == 404
    assert "bank.csv" in reconciler.get("/billing/reconciliation/").content.decode()
    # The same bytes again in the same city are the same import, and change nothing.
    again = upload(reconciler, data)
    assert again["Location"] == f"/billing/reconciliation/{ours.pk}/"
    assert BankImport.objects.count() == 2 and Payment.objects.count() == 1
