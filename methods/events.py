"""Content events: Wagtail's page and snippet signals turned into one stream of changes to content.

Subscribers hear each event twice. `on_recorded` handlers run inside the editor's transaction, for
what must commit together with the change (the change feed's sequence numbers, the rating history);
`on_committed` handlers run once it has committed (indexing, cache purges, webhook deliveries), so a
rolled-back change reaches none of them. Every event also bumps the content version, which keys
every cache of public answers.
"""

import enum
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, ReferenceIndex, Revision, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .content_version import bump_version
from .models import EntryPage, Measure, ModelMethod, Study
from .regions import Region
from .vocabulary import FACETS


class EventType(enum.StrEnum):
    ENTRY_PUBLISHED = "entry_published"  # a new revision of an entry went live
    ENTRY_UNPUBLISHED = "entry_unpublished"
    ENTRY_DELETED = "entry_deleted"  # sent before the page goes: `entries` can still be read
    ENTRIES_MOVED = "entries_moved"  # a page moved; `entries` are the entries below it
    RESTRICTION_CHANGED = "restriction_changed"  # a view restriction was added or removed
    FACET_CHANGED = "facet_changed"  # a facet value or a region was added, renamed or deleted
    SITE_CHANGED = "site_changed"  # another page, an image, a document or the site changed
    MEASURE_CHANGED = (
        "measure_changed"  # a measure changed; `entries` are those whose studies used it
    )


@dataclass(frozen=True)
class ContentEvent:
    type: EventType
    entries: tuple[Page, ...] = ()
    revision: Revision | None = field(default=None, compare=False)

    @property
    def translation_keys(self) -> list[str]:
        return sorted({str(page.translation_key) for page in self.entries})


Handler = Callable[[ContentEvent], None]
_recorded: list[Handler] = []
_committed: list[Handler] = []


def on_recorded(handler: Handler) -> Handler:
    """Subscribe `handler` inside the transaction of each change (usable as a decorator)."""
    if handler not in _recorded:
        _recorded.append(handler)
    return handler


def on_committed(handler: Handler) -> Handler:
    """Subscribe `handler` after each change has committed (usable as a decorator)."""
    if handler not in _committed:
        _committed.append(handler)
    return handler


def emit(event: ContentEvent) -> None:
    with transaction.atomic():
        for handler in _recorded:
            handler(event)
        bump_version()
    if _committed:
        transaction.on_commit(lambda: _deliver(event))


def _deliver(event: ContentEvent) -> None:
    for handler in _committed:
        handler(event)


# --- What an entry shows ------------------------------------------------------------------------
# An entry's public answers show more than its own fields: the titles of the entries it links to
# (a model's methods, a method's models) and whatever a feature adds to the detail. When one of
# those things changes, the entries that show it are stale too. A feature that makes an entry
# show something registers, with `@shows`, a function from a content event to the entries whose
# answers show what the event changed; `entries_showing(event)` asks all of them. (Facet and
# evidence labels are shown by every entry; their changes move the content version, which every
# cached answer is keyed on.)

ShownBy = Callable[[ContentEvent], Iterable[Page]]
_shown_by: list[ShownBy] = []


def shows(resolver: ShownBy) -> ShownBy:
    """Register what some entries show (usable as a decorator)."""
    if resolver not in _shown_by:
        _shown_by.append(resolver)
    return resolver


def entries_showing(event: ContentEvent) -> list[Page]:
    """The event's own entries and every entry that shows something the event changed."""
    found = {page.pk: page for page in event.entries}
    for resolver in _shown_by:
        for page in resolver(event):
            found.setdefault(page.pk, page)
    return list(found.values())


@shows
def linked_entries(event: ContentEvent) -> Iterable[Page]:
    """A model shows the titles and addresses of the methods it uses, and a method those of the
    models that use it, in the same language."""
    for page in event.entries:
        key, locale = page.translation_key, page.locale_id
        models = ModelMethod.objects.filter(
            method__translation_key=key, model_page__locale_id=locale
        ).values_list("model_page_id", flat=True)
        methods = ModelMethod.objects.filter(
            model_page__translation_key=key, model_page__locale_id=locale
        ).values_list("method__translation_key", flat=True)
        yield from EntryPage.objects.filter(pk__in=list(models)).select_related("locale")
        yield from EntryPage.objects.filter(
            translation_key__in=list(methods), locale_id=locale
        ).select_related("locale")


@shows
def entries_linking_to(event: ContentEvent) -> Iterable[Page]:
    """An entry's rich text shows the address of each page it links to (Wagtail's reference
    index knows which pages link where)."""
    if not event.entries:
        return
    page_type = ContentType.objects.get_for_model(Page)
    sources = ReferenceIndex.objects.filter(
        base_content_type=page_type,
        to_content_type=page_type,
        to_object_id__in=[str(page.pk) for page in event.entries],
    ).values_list("object_id", flat=True)
    yield from EntryPage.objects.filter(pk__in=[int(pk) for pk in sources]).select_related("locale")


# --- The one rule for what counts as an entry ---------------------------------------------------


def is_entry(page: Page) -> bool:
    """True for a method or a model, whether `page` is specific or a base Page."""
    model = page.specific_class
    return model is not None and issubclass(model, EntryPage)


def entries_under(path: str):
    """The entries at or below the page with this tree path."""
    return EntryPage.objects.filter(path__startswith=path).select_related("locale")


# --- Wagtail's signals ---------------------------------------------------------------------------

_deletion = threading.local()


def _pages_being_deleted() -> set[int]:
    if not hasattr(_deletion, "pages"):
        _deletion.pages = set()
    return _deletion.pages


def _page_event(entry_type: EventType, page: Page, revision=None) -> ContentEvent:
    if is_entry(page):
        return ContentEvent(entry_type, (page,), revision)
    return ContentEvent(EventType.SITE_CHANGED)


def _on_page_published(sender, instance, revision=None, **kwargs):
    emit(_page_event(EventType.ENTRY_PUBLISHED, instance, revision))


def _on_page_unpublished(sender, instance, **kwargs):
    emit(_page_event(EventType.ENTRY_UNPUBLISHED, instance))


def _on_page_deleting(sender, instance, **kwargs):
    # Wagtail deletes a page and each of its descendants through the base Page model.
    _pages_being_deleted().add(instance.pk)
    emit(_page_event(EventType.ENTRY_DELETED, instance))


def _on_page_deleted(sender, instance, **kwargs):
    _pages_being_deleted().discard(instance.pk)


def _on_page_moved(sender, instance, **kwargs):
    emit(ContentEvent(EventType.ENTRIES_MOVED, tuple(entries_under(instance.path))))


def _on_restriction_changed(sender, instance, **kwargs):
    # A restriction removed together with its page does not make that page public.
    if instance.page_id in _pages_being_deleted():
        emit(ContentEvent(EventType.SITE_CHANGED))
    else:
        page = Page.objects.only("path").get(pk=instance.page_id)
        emit(ContentEvent(EventType.RESTRICTION_CHANGED, tuple(entries_under(page.path))))


def _on_facet_changed(sender, instance, **kwargs):
    emit(ContentEvent(EventType.FACET_CHANGED))


def entries_using_measure(code: str) -> list[EntryPage]:
    """Every translation of every entry whose studies used the measure, public or not."""
    page_ids = {
        study.page_id
        for study in Study.objects.only("page_id", "outcomes")
        if any(outcome.get("measure") == code for outcome in study.outcome_values)
    }
    return list(EntryPage.objects.filter(pk__in=page_ids).specific())


def _on_measure_changed(sender, instance, **kwargs):
    emit(ContentEvent(EventType.MEASURE_CHANGED, tuple(entries_using_measure(instance.code))))


def _on_site_changed(sender, instance, **kwargs):
    emit(ContentEvent(EventType.SITE_CHANGED))


def connect() -> None:
    """Listen to Wagtail's and Django's signals; called once from the app's ready()."""
    page_published.connect(_on_page_published, dispatch_uid="content-events-publish")
    page_unpublished.connect(_on_page_unpublished, dispatch_uid="content-events-unpublish")
    pre_delete.connect(_on_page_deleting, sender=Page, dispatch_uid="content-events-delete")
    post_delete.connect(_on_page_deleted, sender=Page, dispatch_uid="content-events-deleted")
    post_page_move.connect(_on_page_moved, dispatch_uid="content-events-move")
    for signal in (post_save, post_delete):
        name = signal is post_save and "save" or "delete"
        signal.connect(
            _on_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"content-events-restriction-{name}",
        )
        for facet in FACETS:
            signal.connect(
                _on_facet_changed,
                sender=facet.model,
                dispatch_uid=f"content-events-facet-{facet.field}-{name}",
            )
        # Implementations are children of their entry: they change with its publish events.
        signal.connect(
            _on_facet_changed, sender=Region, dispatch_uid=f"content-events-region-{name}"
        )
        signal.connect(
            _on_measure_changed, sender=Measure, dispatch_uid=f"content-events-measure-{name}"
        )
        for model in (get_image_model(), get_document_model(), Site):
            signal.connect(
                _on_site_changed,
                sender=model,
                dispatch_uid=f"content-events-media-{model._meta.label}-{name}",
            )
