"""Render and store every public entry's API documents (after a deployment, or to check them)."""

from django.core.management.base import BaseCommand

from api.stored import rebuild, render_outdated


class Command(BaseCommand):
    help = (
        "Render every public entry's full answer and list summary in each language and store them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--outdated",
            action="store_true",
            help="Only the entries that have no document to serve (new, changed, or rendered by "
            "other code).",
        )

    def handle(self, *args, outdated=False, **options):
        count = render_outdated() if outdated else rebuild()
        self.stdout.write(f"Stored API documents of {count} public entries.")
