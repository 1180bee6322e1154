"""python manage.py verify_history: find files whose history was altered, shortened or deleted."""

from django.core.management.base import BaseCommand, CommandError

from cases.history import verify_digests, verify_files, write_digest
from cases.models import Case


class Command(BaseCommand):
    help = (
        "Check every file's keyed history chain against the file's head and the daily digests, "
        "and the digests against their copies outside the database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--write-digest", action="store_true", help="Also write today's digest of every file's head (once a day)."
        )

    def handle(self, *args, **options):
        problems = verify_files()
        digest_problems = verify_digests()
        codes = dict(
            Case.objects.filter(pk__in=[p.case_id for p in problems if p.case_id]).values_list("pk", "tracking_code")
        )
        for problem in problems:
            where = f" at history row {problem.seq}" if problem.seq else ""
            code = codes.get(problem.case_id, "(deleted)")
            self.stdout.write(f"BROKEN file {code} (id {problem.case_id}){where}: {problem.message} [{problem.kind}]")
        for problem in digest_problems:
            self.stdout.write(f"BROKEN daily digest: {problem.message} [{problem.kind}]")
        if problems or digest_problems:
            parts = []
            if problems:
                parts.append(f"{len(problems)} file(s) with a broken history")
            if digest_problems:
                parts.append(f"{len(digest_problems)} daily digest problem(s)")
            raise CommandError("; ".join(parts) + ".")
        if options["write_digest"]:
            digest = write_digest()
            self.stdout.write(f"Digest of {digest.day}: {digest.files} files, {digest.checkpoints} new checkpoints.")
        self.stdout.write(self.style.SUCCESS(f"History verified: {Case.objects.count()} files, no broken chain."))
