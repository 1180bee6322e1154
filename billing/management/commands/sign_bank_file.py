"""Print a bank's signature of a daily payment file (to test a key, or to sign a file in a drill)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from billing import bank_keys


class Command(BaseCommand):
    help = "Print the HMAC-SHA256 signature of FILE under the key of --bank (BILLING_BANK_KEYS)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--bank", required=True)

    def handle(self, *args, file, bank, **options):
        if bank not in bank_keys.banks():
            known = ", ".join(bank_keys.banks()) or "-"
            raise CommandError(f"No key for bank {bank!r}; BILLING_BANK_KEYS has: {known}")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file {file}")
        self.stdout.write(bank_keys.sign(bank, path.read_bytes()))
