"""Background tasks of the API (run after the change is committed)."""

from django_tasks import task

from . import stored


@task()
def render_entry_documents(translation_keys: list[str]) -> int:
    """Render and store the documents of these entries, in every language they are public in."""
    return stored.render_entries(translation_keys)


@task()
def render_outdated_documents() -> int:
    """Render and store the documents of every public entry that has none to serve."""
    return stored.render_outdated()
