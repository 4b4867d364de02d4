"""The partners app's subscribers to content events: the change feed and the frontend-cache purge."""

from django.conf import settings
from django.db import connections, transaction

from methods.events import ContentEvent, EventType, entries_showing, on_committed, on_recorded
from methods.models import EntryPage

from . import feed
from .frontend_cache import purge_api_entry, purge_api_lists
from .models import Change, ChangeEvent


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
        feed.reconcile(event.entries, moved=event.type is EventType.ENTRIES_MOVED)
    elif event.type is EventType.MEASURE_CHANGED:
        # what the entries show of the measure changed: mirrors fetch them again
        for page in event.entries:
            feed.entry_published(page)


def catch_up_feed(sender, using="default", **kwargs) -> None:
    """After `migrate`: entries that were public before the feed existed get their publish event."""
    tables = connections[using].introspection.table_names()
    if Change._meta.db_table in tables and EntryPage._meta.db_table in tables:
        with transaction.atomic(using=using):
            feed.catch_up()


@on_committed
def purge_frontend_cache(event: ContentEvent) -> None:
    purge_api_lists()
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    for page in entries_showing(event):
        purge_api_entry(page.translation_key, page.slug)
