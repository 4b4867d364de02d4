"""The change feed: records publish, unpublish and delete events of public entries, in order.

An entry in one language is in a partner's mirror exactly when its last event is a publish, so
events are recorded against that state: a publish when an entry is public after a change, an
unpublish only when its last event was a publish, a delete (tombstone) when it was ever public. Private and draft pages never appear.
"""

from wagtail.models import Page

from methods.content_version import bump_version
from methods.events import is_entry
from methods.visibility import is_publicly_visible
from methods.vocabulary import Kind

from .models import Change, ChangeEvent
from .webhooks import create_deliveries

API_ROOT = "/api/v1/"


def entry_api_path(entry_id, lang: str) -> str:
    return f"{API_ROOT}methods/{entry_id}/?lang={lang}"


def _last_event(page: Page) -> str | None:
    return (
        Change.objects.filter(entry_id=page.translation_key, lang=page.locale.language_code)
        .order_by("-sequence")
        .values_list("event", flat=True)
        .first()
    )


def _record(page: Page, event: str) -> Change:
    version = bump_version()
    change = Change.objects.create(
        sequence=version.number,
        event=event,
        entry_id=page.translation_key,
        lang=page.locale.language_code,
        kind=Kind.of(page.specific_class),
        slug=page.slug,
        title=page.title,
        url=(page.get_full_url() or "") if event == ChangeEvent.PUBLISH else "",
        occurred_at=version.changed_at,
    )
    create_deliveries(change)
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
