"""Signal receivers of the methods app: a published change of an entry's rating is recorded."""

from django.dispatch import receiver
from wagtail.signals import page_published

from .rating_history import record_rating_change


@receiver(page_published)
def record_rating_change_on_publish(sender, instance, revision=None, **kwargs):
    from .models import EntryPage

    if isinstance(instance, EntryPage):
        record_rating_change(instance, revision)
