"""Evidence re-review: which entries are overdue for a review of their evidence, due soon, or unrated."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .evidence import EvidenceLevel
from .models import MethodPage


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months earlier (the last day of the month when it has no such day)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate_day in range(day.day, 0, -1):
        try:
            return datetime.date(year, month, candidate_day)
        except ValueError:
            continue
    raise ValueError(day)


@dataclass
class ReviewOverview:
    overdue: list[MethodPage]
    due_soon: list[MethodPage]
    unrated: list[MethodPage]
    months: int
    due_soon_days: int


def review_overview(today: datetime.date | None = None) -> ReviewOverview:
    """Source-language methods whose evidence review is overdue, falls due soon, or never rated."""
    today = today or timezone.localdate()
    months = settings.EVIDENCE_REVIEW_MONTHS
    due_soon_days = settings.EVIDENCE_REVIEW_DUE_SOON_DAYS
    overdue_before = months_before(today, months)
    due_soon_before = overdue_before + datetime.timedelta(days=due_soon_days)
    # service models are not rated: only methods can be overdue, due or missing a rating
    entries = MethodPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
    rated = entries.exclude(
        Q(evidence_level__isnull=True) | Q(evidence_level=EvidenceLevel.NOT_RATED)
    )
    overdue = rated.filter(
        Q(evidence_last_reviewed__lt=overdue_before) | Q(evidence_last_reviewed__isnull=True)
    ).order_by("evidence_last_reviewed", "title")
    due_soon = rated.filter(
        evidence_last_reviewed__gte=overdue_before, evidence_last_reviewed__lt=due_soon_before
    ).order_by("evidence_last_reviewed", "title")
    unrated = entries.filter(
        Q(evidence_level__isnull=True) | Q(evidence_level=EvidenceLevel.NOT_RATED)
    ).order_by("title")
    return ReviewOverview(list(overdue), list(due_soon), list(unrated), months, due_soon_days)
