"""The change feed: records publish, unpublish and delete events of public entries, in order.

An entry in one language is in a partner's mirror exactly when its last event is a publish, so
events are recorded against that state: a publish when an entry is public after a change, an
unpublish only when its last event was a publish, a delete (tombstone) when it was ever public. Private and draft pages never appear.
"""

import datetime

from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from wagtail.models import Page

from methods.models import EntryPage
from methods.visibility import is_publicly_visible

from .frontend_cache import purge_api_entry, purge_api_lists
from .models import Change, ChangeEvent, ContentVersion
from .webhooks import create_deliveries

API_ROOT = "/api/v1/"


def entry_api_path(entry_id, lang: str) -> str:
    return f"{API_ROOT}methods/{entry_id}/?lang={lang}"


def current_version() -> tuple[int, datetime.datetime]:
    """(number, changed_at) of the public content; one query, in plain SQL as every API
    request asks it, cache hits included."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT number, changed_at FROM {ContentVersion._meta.db_table} ORDER BY id LIMIT 1"
        )
        row = cursor.fetchone()
    if row is None:
        return 0, datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    number, changed_at = row
    if isinstance(changed_at, str):  # SQLite
        changed_at = parse_datetime(changed_at)
    if timezone.is_naive(changed_at):
        changed_at = changed_at.replace(tzinfo=datetime.UTC)
    return number, changed_at


def bump_version() -> ContentVersion:
    """Take the next version number under a row lock held until the transaction commits."""
    with transaction.atomic():
        version = ContentVersion.objects.select_for_update().first()
        if version is None:
            version = ContentVersion(number=0)
        version.number += 1
        version.changed_at = timezone.now()
        version.save()
    transaction.on_commit(purge_api_lists)
    return version


def is_entry(page: Page) -> bool:
    model = page.specific_class
    return model is not None and issubclass(model, EntryPage)


def _last_event(page: Page) -> str | None:
    return (
        Change.objects.filter(entry_id=page.translation_key, lang=page.locale.language_code)
        .order_by("-sequence")
        .values_list("event", flat=True)
        .first()
    )


def _record(page: Page, event: str) -> Change:
    from methods.models import ENTRY_KINDS_BY_MODEL

    version = bump_version()
    change = Change.objects.create(
        sequence=version.number,
        event=event,
        entry_id=page.translation_key,
        lang=page.locale.language_code,
        kind=ENTRY_KINDS_BY_MODEL.get(page.specific_class, "method"),
        slug=page.slug,
        title=page.title,
        url=(page.get_full_url() or "") if event == ChangeEvent.PUBLISH else "",
        occurred_at=version.changed_at,
    )
    create_deliveries(change)
    transaction.on_commit(lambda: purge_api_entry(change.entry_id, change.slug))
    return change


def entry_published(page: Page) -> Change | None:
    """A new revision went live: a publish event when the entry is public, else take it away."""
    if is_publicly_visible(page):
        return _record(page, ChangeEvent.PUBLISH)
    return entry_hidden(page, ChangeEvent.UNPUBLISH)


def entry_hidden(page: Page, event: str) -> Change | None:
    """The entry stopped being public (unpublished, made private, moved), or was deleted.

    A deleted entry that was ever public gets a tombstone, also after an unpublish (Wagtail
    unpublishes a live page just before deleting it).
    """
    last = _last_event(page)
    if last == ChangeEvent.PUBLISH or (
        event == ChangeEvent.DELETE and last == ChangeEvent.UNPUBLISH
    ):
        return _record(page, event)
    return None


def reconcile(pages) -> list[Change]:
    """Bring the feed in line with the current visibility of these pages (after a restriction or a move)."""
    changes = []
    for page in pages:
        if not is_entry(page):
            continue
        public = is_publicly_visible(page)
        was_public = _last_event(page) == ChangeEvent.PUBLISH
        if public and not was_public:
            changes.append(_record(page, ChangeEvent.PUBLISH))
        elif was_public and not public:
            changes.append(_record(page, ChangeEvent.UNPUBLISH))
    return changes


def change_payload(change: Change, base_url: str) -> dict:
    """One event as the change feed and webhooks show it."""
    return {
        "sequence": change.sequence,
        "event": change.event,
        "id": str(change.entry_id),
        "lang": change.lang,
        "kind": change.kind,
        "slug": change.slug,
        "title": change.title,
        "occurred_at": change.occurred_at.isoformat().replace("+00:00", "Z"),
        "url": change.url or None,
        "api_url": (
            base_url + entry_api_path(change.entry_id, change.lang)
            if change.event == ChangeEvent.PUBLISH
            else None
        ),
    }
