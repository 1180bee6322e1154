"""python manage.py seed_demo: the demo city (idempotent)."""

from django.core.management.base import BaseCommand

from portal.demo import seed


class Command(BaseCommand):
    help = "Load the demo city: districts, offices, staff, tariffs and files. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if the demo city is already loaded.")
        parser.add_argument(
            "--city-only", action="store_true", help="Only the city, offices and staff: no tariffs, files or visits."
        )

    def handle(self, *args, if_empty=False, city_only=False, **options):
        summary = seed(if_empty=if_empty, log=self.stdout.write, city_only=city_only)
        self.stdout.write(self.style.SUCCESS(summary))
