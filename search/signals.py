"""The search index's subscriber to content events: changed entries are re-indexed in the background.

The work runs as a task once the change has committed, so an editor's save is not slowed down and
a rolled-back change indexes nothing.
"""

from methods.events import ContentEvent, on_committed

from .tasks import update_entry_index


@on_committed
def reindex_changed_entries(event: ContentEvent) -> None:
    keys = event.translation_keys
    if keys:
        update_entry_index.enqueue(keys)
