"""Only a bank's signed daily file moves money; it confirms card-reader and gateway payments too."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from accounts.models import Role
from billing.models import BankImport, FeeSlip, ImportRow, Payment
from tests.billing.factories import OfficeFactory, UserFactory, file_payload, office_staff, tariff
from tests.billing.helpers import BANK, pay, sign_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    tariff()
    return OfficeFactory()


@pytest.fixture
def officer(office):
    return office_staff(office)


@pytest.fixture
def slips(api, officer, office):
    api.force_authenticate(officer)
    ids = [api.post("/api/v1/cases/", file_payload(office), format="json").json()["fee_slips"][0]["id"] for _ in "ab"]
    return list(FeeSlip.objects.filter(pk__in=ids).order_by("pk"))


@pytest.fixture
def supervisor(client):
    client.force_login(UserFactory(role=Role.SUPERVISOR))
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
def test_an_unsigned_or_wrongly_signed_file_is_refused_and_moves_nothing(supervisor, slips, fields, error):
    response = upload(supervisor, csv_of((slips[0], "BF-1")), **fields)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{error}_error"' in html
    assert not BankImport.objects.exists() and not Payment.objects.exists()


def test_a_file_changed_after_the_bank_signed_it_is_refused(supervisor, slips):
    original = csv_of((slips[0], "BF-1"))
    changed = csv_of((slips[1], "BF-1"))
    response = upload(supervisor, changed, signature=sign_file(original))
    assert response.status_code == 400 and "امضا با کلید این بانک جور نیست" in response.content.decode()
    assert not Payment.objects.exists()


def test_a_signed_file_records_its_payments_with_the_bank(supervisor, slips, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(supervisor, csv_of((slips[0], "BF-1")))
    assert response.status_code == 302
    imp = BankImport.objects.get()
    assert imp.bank == BANK and imp.status == "done"
    payment = Payment.objects.get(slip=slips[0])
    assert payment.channel == "bank_file" and payment.bank == BANK


def test_the_bank_file_confirms_card_reader_payments_and_shows_the_unconfirmed_ones(
    supervisor, slips, officer, api, django_capture_on_commit_callbacks
):
    api.force_authenticate(officer)
    assert pay(api, slips[0], "111111111111").status_code == 201
    assert pay(api, slips[1], "222222222222").status_code == 201
    page = supervisor.get("/billing/reconciliation/").content.decode()
    assert 'data-testid="unconfirmed"' in page and "111111111111" in page and "222222222222" in page
    with django_capture_on_commit_callbacks(execute=True):
        upload(supervisor, csv_of((slips[0], "111111111111")))
    row = ImportRow.objects.get()
    assert row.outcome == "duplicate" and "کارتخوان دفتر" in row.message
    assert row.recorded_payment == Payment.objects.get(slip=slips[0])
    page = supervisor.get("/billing/reconciliation/").content.decode()
    assert "111111111111" not in page and "222222222222" in page  # the one no bank file confirmed yet


def test_sign_bank_file_prints_the_signature_the_upload_accepts(tmp_path, capsys, settings):
    path = tmp_path / "bank.csv"
    path.write_bytes(b"1,2,3,4,5\n")
    call_command("sign_bank_file", str(path), "--bank", BANK)
    assert capsys.readouterr().out.strip() == sign_file(b"1,2,3,4,5\n")
    with pytest.raises(CommandError, match="No key"):
        call_command("sign_bank_file", str(path), "--bank", "nobank")
