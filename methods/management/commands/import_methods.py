"""Create or update entries from a JSON file written by export_methods."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from methods.exchange import ExchangeError, import_library, load_file, terminal_progress


class Command(BaseCommand):
    help = "Import entries from a JSON file (schema lape-methods/1). Nothing is written if any record is bad."

    def add_arguments(self, parser):
        parser.add_argument("path", help="JSON file written by export_methods")

    def handle(self, *args, path, **options):
        result = run_import(path, progress=terminal_progress(self.stderr._out))
        self.stdout.write(
            f"{Path(path).name}: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged, {result.facets_created} facet values created"
        )


def run_import(path, progress=None):
    """Import a file; any problem becomes a CommandError naming the file, record and field."""
    name = Path(path).name
    try:
        return import_library(load_file(path), name, progress=progress)
    except ExchangeError as error:
        raise CommandError(str(error)) from None
    except ValidationError as error:
        raise CommandError(f"{name}: {'; '.join(_messages(error))}") from None


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "message_dict"):
        return [
            f"field {field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
        ]
    return list(error.messages)
