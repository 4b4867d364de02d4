"""Receivers that keep the change feed and the content version in step with Wagtail's events."""

import threading

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from methods.models import FACET_MODELS, EntryPage

from . import feed
from .models import ChangeEvent


@receiver(page_published)
def on_page_published(sender, instance, **kwargs):
    if feed.is_entry(instance):
        feed.entry_published(instance)
    else:
        feed.bump_version()


@receiver(page_unpublished)
def on_page_unpublished(sender, instance, **kwargs):
    if feed.is_entry(instance):
        feed.entry_hidden(instance, ChangeEvent.UNPUBLISH)
    feed.bump_version()


_deletion = threading.local()


def _pages_being_deleted() -> set[int]:
    if not hasattr(_deletion, "pages"):
        _deletion.pages = set()
    return _deletion.pages


@receiver(pre_delete, sender=Page)
def on_page_deleted(sender, instance, **kwargs):
    # Wagtail deletes a page and its descendants through the base Page model: one call each.
    _pages_being_deleted().add(instance.pk)
    if feed.is_entry(instance):
        feed.entry_hidden(instance, ChangeEvent.DELETE)
    feed.bump_version()


@receiver(post_delete, sender=Page)
def on_page_gone(sender, instance, **kwargs):
    _pages_being_deleted().discard(instance.pk)


@receiver(post_page_move)
def on_page_moved(sender, instance, **kwargs):
    feed.reconcile(_entries_under(instance.path))
    feed.bump_version()


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def on_restriction_changed(sender, instance, **kwargs):
    # A restriction removed together with its page does not make that page public.
    if instance.page_id not in _pages_being_deleted():
        feed.reconcile(_entries_under(instance.page.path))
    feed.bump_version()


def _entries_under(path: str):
    return EntryPage.objects.filter(path__startswith=path).select_related("locale")


def _content_changed(sender, **kwargs):
    feed.bump_version()


# Facet labels, images and documents appear in API responses: a change invalidates cached ones.
for _model in [*FACET_MODELS.values(), get_image_model(), get_document_model()]:
    post_save.connect(_content_changed, sender=_model, dispatch_uid=f"api-version-{_model}")
    post_delete.connect(_content_changed, sender=_model, dispatch_uid=f"api-version-del-{_model}")
