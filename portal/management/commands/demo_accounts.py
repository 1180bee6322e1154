"""Prints the demo accounts (after seed_demo) so a newcomer can sign in."""

from django.conf import settings
from django.core.management.base import BaseCommand

from portal.demo import DEMO_CITIZEN, DEMO_PASSWORD, demo_accounts


class Command(BaseCommand):
    help = "List the demo accounts and their password."

    def handle(self, *args, **options):
        self.stdout.write("")
        self.stdout.write("Pishkhan demo accounts (password for all staff: %s)" % DEMO_PASSWORD)
        for username, role, where in demo_accounts():
            if role == "citizen":
                continue
            self.stdout.write(f"  {username:<22} {role:<18} {where}")
        self.stdout.write(
            "The demo citizen has no password: sign in at %s/accounts/citizen/ with mobile %s and national ID %s; "
            "the SMS code is printed on this console."
            % (settings.SITE_URL, DEMO_CITIZEN["mobile"], DEMO_CITIZEN["national_id"])
        )
        self.stdout.write(f"Open {settings.SITE_URL}/ and sign in.\n")
