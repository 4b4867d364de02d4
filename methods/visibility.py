"""The one place that decides what the public may see.

Every public surface (site, API, search, feeds, webhooks) filters through these functions:
an entry is public when it is live and neither it nor any ancestor carries a view restriction.
"""

from django.db.models import Q, QuerySet
from wagtail.models import Page, PageViewRestriction


def _restricted_paths() -> list[str]:
    return list(PageViewRestriction.objects.values_list("page__path", flat=True).distinct())


def publicly_visible(queryset: QuerySet) -> QuerySet:
    """Narrow a page queryset to live pages outside every view-restricted subtree."""
    queryset = queryset.live()
    restricted = _restricted_paths()
    if restricted:
        hidden = Q()
        for path in restricted:
            hidden |= Q(path__startswith=path)
        queryset = queryset.exclude(hidden)
    return queryset


def is_publicly_visible(page: Page) -> bool:
    """True when this one page may be shown to the public."""
    if not page.live:
        return False
    return not any(page.path.startswith(path) for path in _restricted_paths())
