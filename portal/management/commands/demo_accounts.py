"""Prints the demo accounts (after seed_demo) so a newcomer can sign in."""

from django.conf import settings
from django.core.management.base import BaseCommand

from portal.demo import DEMO_PASSWORD, demo_accounts


class Command(BaseCommand):
    help = "List the demo accounts and their password."

    def handle(self, *args, **options):
        self.stdout.write("")
        self.stdout.write("Pishkhan demo accounts (password for all: %s)" % DEMO_PASSWORD)
        for username, role, where in demo_accounts():
            self.stdout.write(f"  {username:<22} {role:<18} {where}")
        self.stdout.write(f"Open {settings.SITE_URL}/ and sign in.\n")
