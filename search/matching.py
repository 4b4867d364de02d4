"""Text matching behind the search service: which public entries match a query, how well, and where.

The index and the ranking are our own (search.indexing, search.engine), because Wagtail's database
backend neither analyses Finnish and Swedish nor uses its indexes for ranking. Wagtail's own search
index stays in place for the admin's page search.
"""

import functools
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


def analyse(query: str, language: str, version: tuple | None = None) -> engine.Query:
    """The analysed form of a cleaned query: its clauses, synonyms and close spellings."""
    return engine.analyse_query(clean_query(query), language, version)


def match(query: str, language: str, version: tuple | None = None) -> dict[int, float]:
    """{entry pk: score} for indexed entries in `language` that match `query`, best first.

    The service narrows the result to public entries itself.
    """
    query = clean_query(query)
    if not query:
        return {}
    analysed = engine.analyse_query(query, language, version)
    if settings.ELASTICSEARCH_URL and fallback.engine_available():
        from . import elasticsearch

        try:
            scores = elasticsearch.match(query, language)
        except fallback.ENGINE_ERRORS as error:
            fallback.engine_failed(error)
        else:
            fallback.engine_answered()
            # the engine applied the minimum-should-match; names typed whole still come first
            every = len(analysed.clauses)
            return engine.ranked(
                {pk: (every, score) for pk, score in scores.items()}, analysed, version
            )
    return engine.match(analysed, version=version)


# Sections shown under a result when the match was there (in the order an entry page shows them)
SECTION_FIELDS = (
    "aims",
    "target_group_description",
    "delivery_description",
    "delivered_by",
    "training",
    "evidence_rationale",
)
FRAGMENT_BEFORE, FRAGMENT_AFTER = 60, 160


def highlight(
    query: str, entries: list[EntryPage], version: tuple | None = None
) -> dict[int, dict[str, str]]:
    """{pk: {field: escaped text with <mark> around the words that matched the query}}.

    The summary and alternative names are marked whole; of the longer sections, a fragment
    around the first match is given for each section that matched.
    """
    query = clean_query(query)
    if not query or not entries:
        return {}
    snippets: dict[int, dict[str, str]] = {}
    wanted_by_language: dict[str, tuple] = {}
    languages = dict(
        Locale.objects.filter(pk__in={entry.locale_id for entry in entries}).values_list(
            "pk", "language_code"
        )
    )
    for entry in entries:
        language = languages[entry.locale_id]
        if language not in wanted_by_language:
            analysed = engine.analyse_query(query, language, version)
            wanted_by_language[language] = (analysed.terms(), analysed.typed_terms(), {})
        wanted, typed, seen = wanted_by_language[language]
        texts = _entry_texts(entry, version)
        fields = {}
        for name in SNIPPET_FIELDS:
            text, text_words = texts[name]
            hits = _hit_words(text_words, wanted, language, seen)
            if hits:
                fields[name] = _html(_marked(text, hits))
        # sections where the words as typed matched come before those found through synonyms
        sections = []
        for name in SECTION_FIELDS:
            text, text_words = texts[name]
            hits = _hit_words(text_words, wanted, language, seen)
            if hits:
                as_typed = any(not typed.isdisjoint(_token_terms(language, hit)) for hit in hits)
                sections.append((not as_typed, name, _html(_fragment(_marked(text, hits)))))
        for _through_synonyms, name, snippet in sorted(sections, key=lambda row: row[0]):
            fields[name] = snippet
        snippets[entry.pk] = fields
    return snippets


# {page id: {field: (plain text, its distinct words)}} of the entries highlighted lately, for the
# content version: the same entries come up in many searches
_texts: dict[int, dict[str, tuple[str, frozenset[str]]]] = {}
_texts_version: tuple | None = None
TEXTS_KEPT = 2000


def _entry_texts(entry: EntryPage, version: tuple | None) -> dict:
    global _texts_version
    if version is None or version != _texts_version:
        _texts.clear()
        _texts_version = version
    texts = _texts.get(entry.pk) if version is not None else None
    if texts is None:
        texts = {}
        for name in SNIPPET_FIELDS:
            text = html_text(getattr(entry, name, "") or "").strip().replace("\n", ", ")
            texts[name] = (text, frozenset(TOKEN.findall(text)))
        for name in SECTION_FIELDS:
            text = " ".join(html_text(getattr(entry, name, "") or "").split())
            texts[name] = (text, frozenset(TOKEN.findall(text)))
        if len(_texts) >= TEXTS_KEPT:
            _texts.clear()
        _texts[entry.pk] = texts
    return texts


def _hit_words(text_words: frozenset[str], wanted: set[str], language: str, seen: dict):
    """The distinct words of a text whose terms are among `wanted`.

    `seen` remembers each word's answer across the texts of one set of results.
    """
    hits = []
    for word in text_words:
        hit = seen.get(word)
        if hit is None:
            hit = seen[word] = not wanted.isdisjoint(_token_terms(language, word))
        if hit:
            hits.append(word)
    return frozenset(hits)


def _html(marked: str) -> str:
    return escape(marked).replace("\x00", "<mark>").replace("\x01", "</mark>")


def _fragment(marked: str) -> str:
    """The part of a long marked text around its first mark, cut at spaces."""
    first = marked.index("\x00")
    start = (
        marked.rfind(" ", 0, max(0, first - FRAGMENT_BEFORE)) + 1 if first > FRAGMENT_BEFORE else 0
    )
    end = marked.find(" ", first + FRAGMENT_AFTER)
    end = len(marked) if end < 0 else end
    fragment = marked[start:end]
    if fragment.count("\x00") > fragment.count("\x01"):
        fragment += "\x01"
    return ("… " if start else "") + fragment + (" …" if end < len(marked) else "")


TOKEN = re.compile(r"\w+")


@functools.lru_cache(maxsize=200_000)
def _token_terms(language: str, token: str) -> frozenset[str]:
    """The index terms of one word as it stands in a text."""
    word_terms = analyser(language).word_terms
    return frozenset(term for plain in words(token) for term in word_terms(plain))


def _marked(text: str, hits: frozenset[str]) -> str:
    """`text` with \\x00 before and \\x01 after each of the words `hits`."""
    return _marker(hits).sub("\x00\\g<0>\x01", text)


@functools.lru_cache(maxsize=1024)
def _marker(hits: frozenset[str]) -> re.Pattern:
    """One regular expression for the words hit (the results of one query share a few sets)."""
    alternatives = "|".join(re.escape(word) for word in sorted(hits, key=lambda w: (-len(w), w)))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
