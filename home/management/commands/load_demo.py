"""Load the demo content: the page tree, the editorial roles, the facets, twelve entries in three
languages and where they are in use; then store the API's documents of every public entry.

Safe to repeat: a second run finds everything in place and changes nothing.
"""

import json
from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand

from api.stored import render_outdated
from home.tree import ensure_site_tree
from methods.exchange import terminal_progress
from methods.implementations import ensure_implementations
from methods.roles import ensure_editorial_roles

from .import_methods import run_import

DEMO_FILE = Path(apps.get_app_config("methods").path) / "demo" / "demo_methods.json"
IMPLEMENTATIONS_FILE = DEMO_FILE.with_name("demo_implementations.json")


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
        records = json.loads(IMPLEMENTATIONS_FILE.read_text(encoding="utf-8"))["entries"]
        pages = sum(
            ensure_implementations(
                record["id"],
                record["implementations"],
                not_known_in_finland=record.get("not_known_in_finland", False),
            )
            for record in records
        )
        self.stdout.write(f"Where the entries are in use: {pages} pages updated.")
        rendered = render_outdated()
        self.stdout.write(
            f"API documents: every public entry's are stored ({rendered} rendered now, the others "
            "when they were published)."
        )
