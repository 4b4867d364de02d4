"""Render and store every public entry's API documents (after a deployment, or to check them)."""

from django.core.management.base import BaseCommand

from api.stored import rebuild


class Command(BaseCommand):
    help = (
        "Render every public entry's full answer and list summary in each language and store them."
    )

    def handle(self, *args, **options):
        count = rebuild()
        self.stdout.write(f"Stored API documents of {count} public entries.")
