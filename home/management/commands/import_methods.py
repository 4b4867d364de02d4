"""Create or update entries from a JSON file written by export_methods, under each language's method index."""

import functools
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from home.tree import ensure_site_tree
from methods.exchange import ExchangeError, import_library, load_file, terminal_progress


class Command(BaseCommand):
    help = "Import entries from a JSON file (schema lape-methods/2; version 1 files still import). Nothing is written if any record is bad."

    def add_arguments(self, parser):
        parser.add_argument("path", help="JSON file written by export_methods")
        parser.add_argument(
            "--lang",
            default="en",
            choices=[code for code, _name in settings.LANGUAGES],
            help="Language of the error messages (default: en)",
        )

    def handle(self, *args, path, lang, **options):
        result = run_import(path, progress=terminal_progress(self.stderr._out), language=lang)
        self.stdout.write(
            f"{Path(path).name}: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged, {result.facets_created} facet values created"
        )


def run_import(path, progress=None, language="en"):
    """Import a file under the site's page tree; a problem becomes a CommandError naming the
    file, record and field. The tree is built only when the file is good and adds an entry."""
    site_tree = functools.cache(ensure_site_tree)
    try:
        return import_library(
            load_file(path, language=language),
            Path(path).name,
            parents=lambda lang: site_tree()[lang],
            progress=progress,
            language=language,
        )
    except ExchangeError as error:
        raise CommandError(str(error)) from None
