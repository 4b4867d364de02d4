"""Load the demo content: the page tree, the editorial roles, the facets and twelve entries in three languages.

Safe to repeat: a second run finds everything in place and changes nothing.
"""

from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand

from home.tree import ensure_site_tree
from methods.exchange import terminal_progress
from methods.roles import ensure_editorial_roles

from .import_methods import run_import

DEMO_FILE = Path(apps.get_app_config("methods").path) / "demo" / "demo_methods.json"


class Command(BaseCommand):
    help = "Build the page tree and roles and load the trilingual demo entries (idempotent)."

    def handle(self, *args, **options):
        indexes = ensure_site_tree()
        ensure_editorial_roles(indexes)
        result = run_import(DEMO_FILE, progress=terminal_progress(self.stderr._out))
        self.stdout.write(
            f"Demo content: {result.created} entries created, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        )
