"""The change feed: records publish, unpublish and delete events of public entries, in order.

An entry in one language is in a partner's mirror exactly when its last event is a publish, so
events are recorded against that state: a publish when an entry is public after a change, an
unpublish only when its last event was a publish, a delete (tombstone) when it was ever public. Private and draft pages never appear.
"""

from django.db.models import OuterRef, Subquery
from wagtail.models import Page

from methods.content_version import bump_version
from methods.events import is_entry
from methods.models import EntryPage
from methods.visibility import is_publicly_visible, publicly_visible
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


def reconcile(pages, moved: bool = False) -> list[Change]:
    """Bring the feed in line with the current visibility of these pages (after a restriction or a
    move). A public entry that moved is published again: its address changed."""
    changes = []
    for page in pages:
        if not is_entry(page):
            continue
        public = is_publicly_visible(page)
        was_public = _last_event(page) == ChangeEvent.PUBLISH
        if public and (moved or not was_public):
            changes.append(_record(page, ChangeEvent.PUBLISH))
        elif was_public and not public:
            changes.append(_record(page, ChangeEvent.UNPUBLISH))
    return changes


def catch_up() -> list[Change]:
    """Bring the whole feed in line with what is public now: a publish event for every public
    entry whose last event is not one (entries published before the feed existed), an unpublish
    for every entry whose last event is a publish but which is no longer public. Run after
    `migrate`; a feed that is already in line costs two queries."""
    last_events = {
        (str(entry_id), lang): event
        for entry_id, lang, event in Change.objects.filter(
            sequence__in=latest_sequences()
        ).values_list("entry_id", "lang", "event")
    }
    changes = []
    public = set()
    for page in publicly_visible(EntryPage.objects.select_related("locale")):
        key = (str(page.translation_key), page.locale.language_code)
        public.add(key)
        if last_events.get(key) != ChangeEvent.PUBLISH:
            changes.append(_record(page, ChangeEvent.PUBLISH))
    gone = {key for key, event in last_events.items() if event == ChangeEvent.PUBLISH} - public
    if gone:
        pages = EntryPage.objects.filter(translation_key__in={key for key, _lang in gone})
        for page in pages.select_related("locale"):
            if (str(page.translation_key), page.locale.language_code) in gone:
                changes.append(_record(page, ChangeEvent.UNPUBLISH))
    return changes


def latest_sequences(**filters):
    """The sequence number of the last event of every entry in every language."""
    last = Change.objects.filter(entry_id=OuterRef("entry_id"), lang=OuterRef("lang"))
    return (
        Change.objects.filter(**filters)
        .filter(sequence=Subquery(last.order_by("-sequence").values("sequence")[:1]))
        .values("sequence")
    )


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
