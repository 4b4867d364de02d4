"""Write every entry in every language, with facets, evidence and references, as JSON."""

from pathlib import Path

from django.core.management.base import BaseCommand

from methods.exchange import dumps, export_library


class Command(BaseCommand):
    help = "Export the whole library (every entry in every language) as JSON; '-' writes to stdout."

    def add_arguments(self, parser):
        parser.add_argument("path", help="File to write, or '-' for standard output")

    def handle(self, *args, path, **options):
        text = dumps(export_library())
        if path == "-":
            self.stdout.write(text, ending="")
            return
        Path(path).write_text(text, encoding="utf-8")
        count = text.count('"kind": ')
        self.stderr.write(f"Exported {count} entries to {path}")
