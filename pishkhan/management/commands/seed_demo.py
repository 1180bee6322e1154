"""python manage.py seed_demo: the demo city (idempotent)."""

from django.core.management.base import BaseCommand

from pishkhan.demo import seed


class Command(BaseCommand):
    help = "Load the demo city: districts, offices, staff, tariffs and files. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if the demo city is already loaded.")

    def handle(self, *args, if_empty=False, **options):
        summary = seed(if_empty=if_empty, log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(summary))
