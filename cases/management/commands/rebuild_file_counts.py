"""python manage.py rebuild_file_counts: recompute the monthly counts of files registered and answered."""

from django.core.management.base import BaseCommand

from cases.counts import rebuild


class Command(BaseCommand):
    help = (
        "Recompute the files registered and answered per Jalali month, service, district and office (what the "
        "published statistics read) from the files themselves. Safe to run at any time and more than once."
    )

    def handle(self, *args, **options):
        rows = rebuild()
        self.stdout.write(self.style.SUCCESS(f"{rows} monthly rows counted from the files."))
