"""Rebuild the search index from the public entries, showing progress on a terminal."""

import time

from django.core.management.base import BaseCommand

from methods.exchange import terminal_progress
from search.indexing import rebuild


class Command(BaseCommand):
    help = "Empty the search index and index every public entry again."

    def handle(self, *args, **options):
        show = terminal_progress(self.stderr._out)
        started = time.perf_counter()
        count = rebuild(
            progress=(lambda done, total: show(done, total, "entries")) if show else None
        )
        self.stdout.write(
            f"Search index rebuilt: {count} documents in {time.perf_counter() - started:.1f} s."
        )
