"""Load the demo content: the page tree, the facets and twelve entries in Finnish, Swedish and English.

Safe to repeat: a second run finds everything in place and changes nothing.
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from home.tree import ensure_site_tree
from methods.exchange import terminal_progress

from .import_methods import run_import

DEMO_FILE = Path(__file__).resolve().parents[2] / "demo" / "demo_methods.json"


class Command(BaseCommand):
    help = "Build the page tree and load the trilingual demo entries (idempotent)."

    def handle(self, *args, **options):
        ensure_site_tree()
        result = run_import(DEMO_FILE, progress=terminal_progress(self.stderr._out))
        self.stdout.write(
            f"Demo content: {result.created} entries created, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        )
