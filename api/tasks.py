"""Background tasks of the API (run after the change is committed)."""

from django_tasks import task

from . import stored


@task()
def render_outdated_documents() -> int:
    """Render and store the documents of every public entry that has none to serve."""
    return stored.render_outdated()
