"""Signal handlers: publishing, unpublishing, moving, deleting and view restrictions re-index entries.

Handlers only note which entries changed; the work runs as a background task once the transaction
commits, so an editor's save is not slowed down and a rolled-back change indexes nothing.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from methods.models import EntryPage


def schedule(translation_keys) -> None:
    keys = sorted({str(key) for key in translation_keys})
    if keys:
        transaction.on_commit(lambda: _enqueue(keys))


def _enqueue(keys: list[str]) -> None:
    from .tasks import update_entry_index

    update_entry_index.enqueue(keys)


def _entry_keys_under(page: Page) -> list:
    return list(
        EntryPage.objects.filter(path__startswith=page.path).values_list(
            "translation_key", flat=True
        )
    )


def on_publish_or_unpublish(sender, instance, **kwargs):
    if isinstance(instance, EntryPage):
        schedule([instance.translation_key])


def on_move(sender, instance, **kwargs):
    moved = Page.objects.filter(pk=instance.pk).first()
    if moved is not None:
        schedule(_entry_keys_under(moved))


def on_delete(sender, instance, **kwargs):
    # the page's own document goes with it (foreign key); its translations drop its names
    if isinstance(instance, EntryPage):
        schedule([instance.translation_key])


def on_view_restriction_change(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        schedule(_entry_keys_under(page))


def connect() -> None:
    page_published.connect(on_publish_or_unpublish, dispatch_uid="search_publish")
    page_unpublished.connect(on_publish_or_unpublish, dispatch_uid="search_unpublish")
    post_page_move.connect(on_move, dispatch_uid="search_move")
    post_delete.connect(on_delete, dispatch_uid="search_delete")
    for signal in (post_save, post_delete):
        signal.connect(
            on_view_restriction_change,
            sender=PageViewRestriction,
            dispatch_uid=f"search_restriction_{signal is post_save}",
        )
