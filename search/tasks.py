"""Background tasks that keep the search index current (run after the change is committed)."""

from django_tasks import task

from .indexing import index_entries


@task()
def update_entry_index(translation_keys: list[str]) -> int:
    """Re-index every translation of these entries; those no longer public leave the index."""
    return index_entries(translation_keys)
