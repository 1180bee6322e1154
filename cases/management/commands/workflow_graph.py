"""python manage.py workflow_graph: the workflow table as a Mermaid state diagram."""

from django.core.management.base import BaseCommand

from cases.workflow import mermaid


class Command(BaseCommand):
    help = "Print the workflow (states and actions) as a Mermaid diagram."

    def handle(self, *args, **options):
        self.stdout.write(mermaid())
