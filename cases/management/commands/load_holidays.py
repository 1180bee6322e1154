"""python manage.py load_holidays [--from 1403 --to 1405]: Iran's official holidays into the calendar."""

from django.core.management.base import BaseCommand, CommandError

from cases.calendar import load_official_holidays
from core.jalali import jalali_year


class Command(BaseCommand):
    help = "Load Iran's official holidays (from the holidays package) for a range of Jalali years."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="first", type=int, default=1403)
        parser.add_argument("--to", dest="last", type=int, default=None)

    def handle(self, *args, first, last, **options):
        last = last or max(jalali_year() + 1, 1405)
        if not 1300 <= first <= last <= 1500:
            raise CommandError("Give Jalali years between 1300 and 1500, --from not after --to.")
        added = load_official_holidays(first, last)
        self.stdout.write(self.style.SUCCESS(f"{added} holidays added for {first}–{last}."))
