"""python manage.py verify_history: find files whose history chain was altered."""

from django.core.management.base import BaseCommand, CommandError

from cases.history import broken_chains
from cases.models import Case


class Command(BaseCommand):
    help = "Recompute every file's history hash chain and report the files where it breaks."

    def handle(self, *args, **options):
        broken = broken_chains()
        if not broken:
            self.stdout.write(self.style.SUCCESS(f"History verified: {Case.objects.count()} files, no broken chain."))
            return
        codes = dict(Case.objects.filter(pk__in=[pk for pk, _seq in broken]).values_list("pk", "tracking_code"))
        for pk, seq in broken:
            self.stdout.write(f"BROKEN file {codes.get(pk, pk)} (id {pk}) at history row {seq}")
        raise CommandError(f"{len(broken)} file(s) with a broken history chain.")
