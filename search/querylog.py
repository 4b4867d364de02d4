"""The query log: what people search for and how often they find nothing. No personal data.

Only the normalised words, the language, a count, the last result count and two dates are kept.
One UPDATE per search (an INSERT the first time), so recording costs little.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .analysis import words
from .models import SearchQuery

MAX_LOGGED_LENGTH = 200


def normalised(query: str) -> str:
    """Lower-case words separated by single spaces: how queries are counted together."""
    return " ".join(words(query))[:MAX_LOGGED_LENGTH].strip()


def record_query(language: str, query: str, result_count: int) -> None:
    """Count one search by a person; blank queries are not recorded."""
    text = normalised(query)
    if not text:
        return
    updated = SearchQuery.objects.filter(language=language, query=text).update(
        times=F("times") + 1, result_count=result_count, last_seen=timezone.localdate()
    )
    if not updated:
        try:
            with transaction.atomic():
                SearchQuery.objects.create(language=language, query=text, result_count=result_count)
        except IntegrityError:  # another request recorded it first
            SearchQuery.objects.filter(language=language, query=text).update(
                times=F("times") + 1, result_count=result_count
            )
