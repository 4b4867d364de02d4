"""Text matching behind the search service: which public entries match a query, how well, and where.

This first version asks Wagtail's configured search backend; the language-aware matching replaces it.
"""

import re

from django.utils.html import escape, strip_tags

from methods.models import EntryPage

from . import fallback

MAX_QUERY_LENGTH = 200
SNIPPET_FIELDS = ("summary", "alternative_names")


def clean_query(query: str) -> str:
    """Drop control characters and query syntax; keep letters, digits, spaces and hyphens."""
    query = re.sub(r"[\x00-\x1f\x7f]", " ", query)[:MAX_QUERY_LENGTH]
    query = re.sub(r"[^\w\s'-]", " ", query)
    return " ".join(query.split())


def match(query: str, language: str, scope) -> dict[int, float]:
    """{entry pk: score} for the public entries in `scope` that match `query`."""
    query = clean_query(query)
    if not query:
        return {}
    from wagtail.models import Locale

    locale = Locale.objects.get(language_code=language)
    allowed = set(scope.values_list("pk", flat=True))
    results = fallback.search(
        EntryPage.objects.filter(locale_id=locale.pk),
        query,
        operator="or",
        order_by_relevance=True,
        score_field="_score",
    )
    scored = {}
    for rank, page in enumerate(results):
        if page.pk in allowed:
            scored[page.pk] = float(page._score or 0) or 1.0 / (rank + 1)
    return scored


def highlight(query: str, entries: list[EntryPage]) -> dict[int, dict[str, str]]:
    """{pk: {field: escaped text with <mark> around words that start like a query word}}."""
    words = [w for w in clean_query(query).split() if len(w) > 1]
    if not words:
        return {}
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(w[:5]) for w in words) + r")\w*", re.IGNORECASE
    )
    snippets: dict[int, dict[str, str]] = {}
    for entry in entries:
        fields = {}
        for name in SNIPPET_FIELDS:
            text = strip_tags(getattr(entry, name, "") or "").replace("\n", ", ")
            marked = pattern.sub(lambda m: f"\x00{m.group(0)}\x01", text)
            if "\x00" in marked:
                fields[name] = escape(marked).replace("\x00", "<mark>").replace("\x01", "</mark>")
        snippets[entry.pk] = fields
    return snippets
