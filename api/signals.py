"""The API's subscribers to content events: the stored documents of the entries a change shows
stop being served inside the change's transaction, and every public entry without a document
to serve is rendered again after it commits (api.stored)."""

from methods.events import ContentEvent, EventType, entries_showing, on_committed, on_recorded

from . import stored
from .tasks import render_outdated_documents

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


@on_committed
def render_documents(event: ContentEvent) -> None:
    render_outdated_documents.enqueue()
