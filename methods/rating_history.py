"""The history of an entry's evidence rating: each change with the previous level, date, rationale and who made it.

A change is recorded when the source-language entry is published with a different rating than its
previous published version; it is kept per entry (translation key), so every language shows it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import Revision

from .evidence import EvidenceLevel, level_code

RATING_CHANGED = "methods.rating_changed"


class RatingChange(models.Model):
    entry_key = models.UUIDField(db_index=True, verbose_name=_("entry"))
    previous_level = models.PositiveSmallIntegerField(
        choices=EvidenceLevel.choices, null=True, blank=True, verbose_name=_("previous rating")
    )
    new_level = models.PositiveSmallIntegerField(
        choices=EvidenceLevel.choices, null=True, blank=True, verbose_name=_("new rating")
    )
    rationale = models.TextField(blank=True, verbose_name=_("rationale"))
    changed_at = models.DateTimeField(verbose_name=_("date"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("rating change")
        verbose_name_plural = _("rating changes")

    def __str__(self):
        return f"{self.entry_key}: {self.previous_level} → {self.new_level}"


def previous_published_level(page, current_revision):
    """The rating in the page's previously published revision, or None if it had none."""
    from wagtail.models import PageLogEntry

    published_revision_ids = PageLogEntry.objects.filter(
        page_id=page.pk, action="wagtail.publish"
    ).values("revision_id")
    previous = (
        Revision.objects.for_instance(page)
        .filter(id__in=published_revision_ids)
        .exclude(pk=current_revision.pk)
        .order_by("-created_at", "-pk")
        .first()
    )
    if previous is None:
        return None, False
    return previous.content.get("evidence_level"), True


def record_rating_change(page, revision) -> RatingChange | None:
    """Called when a source-language entry is published; records a change of its rating."""
    if page.locale.language_code != settings.LANGUAGE_CODE:
        return None
    previous_level, had_previous = previous_published_level(page, revision)
    if not had_previous or previous_level == page.evidence_level:
        return None
    user = revision.user if revision else None
    change = RatingChange.objects.create(
        entry_key=page.translation_key,
        previous_level=previous_level,
        new_level=page.evidence_level,
        rationale=page.evidence_rationale,
        changed_at=revision.created_at if revision else page.last_published_at,
        changed_by=user,
    )
    log(
        instance=page,
        action=RATING_CHANGED,
        user=user,
        revision=revision,
        data={
            "previous_level": None if previous_level is None else level_code(previous_level),
            "new_level": None if page.evidence_level is None else level_code(page.evidence_level),
        },
    )
    return change


def rating_history(page) -> list[RatingChange]:
    """Every change of this entry's rating, newest first, whichever language `page` is in."""
    return list(RatingChange.objects.filter(entry_key=page.translation_key))
