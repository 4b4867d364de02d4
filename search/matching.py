"""Text matching behind the search service: which public entries match a query, how well, and where.

The index and the ranking are our own (search.indexing, search.engine), because Wagtail's database
backend neither analyses Finnish and Swedish nor uses its indexes for ranking. Wagtail's own search
index stays in place for the admin's page search.
"""

import re

from django.conf import settings
from django.utils.html import escape
from wagtail.models import Locale

from methods.models import EntryPage

from . import engine, fallback
from .analysis import analyser, words
from .indexing import html_text

MAX_QUERY_LENGTH = 200
SNIPPET_FIELDS = ("summary", "alternative_names")


def clean_query(query: str) -> str:
    """Drop control characters and query syntax; keep letters, digits, spaces and hyphens."""
    query = re.sub(r"[\x00-\x1f\x7f]", " ", query or "")[:MAX_QUERY_LENGTH]
    query = re.sub(r"[^\w\s'-]", " ", query)
    return " ".join(query.split())


def match(query: str, language: str, scope=None) -> dict[int, float]:
    """{entry pk: score} for indexed entries in `language` that match `query`, best first.

    The service narrows the result to public entries (and `scope`) itself.
    """
    query = clean_query(query)
    if not query:
        return {}
    if settings.ELASTICSEARCH_URL and fallback.engine_available():
        from . import elasticsearch

        try:
            scores = elasticsearch.match(query, language)
        except fallback.ENGINE_ERRORS as error:
            fallback.engine_failed(error)
        else:
            fallback.engine_answered()
            return scores
    return engine.match(engine.analyse_query(query, language))


def highlight(query: str, entries: list[EntryPage]) -> dict[int, dict[str, str]]:
    """{pk: {field: escaped text with <mark> around the words that matched the query}}."""
    query = clean_query(query)
    if not query or not entries:
        return {}
    snippets: dict[int, dict[str, str]] = {}
    wanted_by_language: dict[str, set[str]] = {}
    languages = dict(
        Locale.objects.filter(pk__in={entry.locale_id for entry in entries}).values_list(
            "pk", "language_code"
        )
    )
    for entry in entries:
        language = languages[entry.locale_id]
        if language not in wanted_by_language:
            analysed = engine.analyse_query(query, language)
            wanted_by_language[language] = {term for group in analysed.groups for term in group}
        wanted = wanted_by_language[language]
        fields = {}
        for name in SNIPPET_FIELDS:
            text = html_text(getattr(entry, name, "") or "").strip().replace("\n", ", ")
            marked = _mark_words(text, wanted, analyser(language).word_terms)
            if "\x00" in marked:
                fields[name] = escape(marked).replace("\x00", "<mark>").replace("\x01", "</mark>")
        snippets[entry.pk] = fields
    return snippets


def _mark_words(text: str, wanted: set[str], word_terms) -> str:
    """`text` with \\x00 before and \\x01 after each word whose terms are among `wanted`."""

    def mark(found):
        word = found.group(0)
        hit = any(term in wanted for plain in words(word) for term in word_terms(plain))
        return f"\x00{word}\x01" if hit else word

    return re.sub(r"\w+", mark, text)
