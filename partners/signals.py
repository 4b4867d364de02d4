"""The partners app's subscribers to content events: the change feed and the frontend-cache purge."""

from methods.events import ContentEvent, EventType, on_committed, on_recorded

from . import feed
from .frontend_cache import purge_api_entry, purge_api_lists
from .models import ChangeEvent


@on_recorded
def record_in_feed(event: ContentEvent) -> None:
    if event.type is EventType.ENTRY_PUBLISHED:
        for page in event.entries:
            feed.entry_published(page)
    elif event.type is EventType.ENTRY_UNPUBLISHED:
        for page in event.entries:
            feed.entry_hidden(page, ChangeEvent.UNPUBLISH)
    elif event.type is EventType.ENTRY_DELETED:
        for page in event.entries:
            feed.entry_hidden(page, ChangeEvent.DELETE)
    elif event.type in (EventType.ENTRIES_MOVED, EventType.RESTRICTION_CHANGED):
        feed.reconcile(event.entries)
    elif event.type is EventType.MEASURE_CHANGED:
        # what the entries show of the measure changed: mirrors fetch them again
        for page in event.entries:
            feed.entry_published(page)


@on_committed
def purge_frontend_cache(event: ContentEvent) -> None:
    purge_api_lists()
    for page in event.entries:
        purge_api_entry(page.translation_key, page.slug)
