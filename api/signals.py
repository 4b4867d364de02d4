"""The API's subscribers to content events: the stored documents of the entries a change shows
stop being served inside the change's transaction and are rendered again after it commits
(api.stored); after a change every entry shows, all of them are, where tasks run in the
background."""

from django.db import transaction
from django_tasks import default_task_backend

from methods.events import ContentEvent, EventType, entries_showing, on_committed, on_recorded

from . import stored
from .tasks import render_entry_documents, render_outdated_documents

# Changes that any entry may show: a facet's or a region's label, an image, a document, another
# page (a link's target, the catalogue's address), the site, a view restriction, a move.
SHOWN_BY_EVERY_ENTRY = (
    EventType.FACET_CHANGED,
    EventType.SITE_CHANGED,
    EventType.RESTRICTION_CHANGED,
    EventType.ENTRIES_MOVED,
)


@on_recorded
def outdate_documents(event: ContentEvent) -> None:
    if event.type in SHOWN_BY_EVERY_ENTRY:
        stored.outdate_all()
    pages = entries_showing(event)
    if pages:
        stored.outdate(pages)
        # the entries found now: after a deletion, those that showed the entry cannot be found
        keys = sorted({str(page.translation_key) for page in pages})
        transaction.on_commit(lambda: render_entry_documents.enqueue(keys))


@on_committed
def render_all_documents(event: ContentEvent) -> None:
    # Every entry's documents only where tasks run apart from the editor's request (a queue
    # backend); otherwise each is rendered when first asked for, or by
    # `rebuild_api_documents --outdated` (e.g. from cron).
    if event.type in SHOWN_BY_EVERY_ENTRY and default_task_backend.supports_defer:
        render_outdated_documents.enqueue()
