"""The search index's subscribers: changed entries are re-indexed in the background, and a change
to the synonym vocabulary reaches every search at once.

Re-indexing runs as a task once the change has committed, so an editor's save is not slowed down
and a rolled-back change indexes nothing. A synonym change bumps the content version, which keys
the in-memory vocabulary of every process (search.lexicon).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from methods.content_version import bump_version
from methods.events import ContentEvent, on_committed

from . import lexicon
from .models import Synonym
from .tasks import update_entry_index


@on_committed
def reindex_changed_entries(event: ContentEvent) -> None:
    keys = event.translation_keys
    if keys:
        update_entry_index.enqueue(keys)


@receiver(post_save, sender=Synonym)
@receiver(post_delete, sender=Synonym)
def synonyms_changed(sender, **kwargs) -> None:
    bump_version()
    transaction.on_commit(lexicon.forget)
