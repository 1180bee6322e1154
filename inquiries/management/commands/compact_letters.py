"""python manage.py compact_letters: store the letters issued before the compact form compactly too."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from inquiries.frozen import DEFLATE_V1, unpack
from inquiries.models import Letter


class Command(BaseCommand):
    help = (
        "Pack the frozen content of letters still stored as plain JSON (those migrated by "
        "inquiries/0005) the way new letters are stored. What they print does not change. "
        "Idempotent; runs in batches. On PostgreSQL, VACUUM (or pg_repack) afterwards gives back the space."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=2000, help="Letters per transaction (2000).")

    def handle(self, *args, batch, **options):
        last, packed = 0, 0
        while True:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT id, content FROM inquiries_letter WHERE id > %s ORDER BY id LIMIT %s", [last, batch]
                )
                rows = cursor.fetchall()
            if not rows:
                break
            last = rows[-1][0]
            plain = [Letter(pk=pk, content=unpack(value)) for pk, value in rows if not _packed(value)]
            if plain:
                with transaction.atomic():
                    Letter.objects.bulk_update(plain, ["content"])
                packed += len(plain)
        self.stdout.write(self.style.SUCCESS(f"{packed} letter(s) packed."))


def _packed(value):
    return value is not None and not isinstance(value, str) and bytes(value[:1]) == DEFLATE_V1
