"""Querying the search index: SQLite FTS5 or PostgreSQL full text, chosen by the database in use.

A query is analysed into groups of terms, one group per word (the word, its stem, Finnish base forms
and compound parts, and close spellings from the vocabulary for typos). Entries that match every
group come first; when none does, entries matching any group are ranked instead, so descriptive
questions still find something. Titles and names weigh most, then the summary, then the body.
"""

import functools
import logging
import time
from dataclasses import dataclass

from django.db import connection
from django.db.models.functions import Length
from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import extract

from .analysis import analyser, words
from .models import SearchDocument, SearchWord

logger = logging.getLogger(__name__)

MAX_MATCHES = 1000
TYPO_MIN_LENGTH = 5  # words this long tolerate one edit
TWO_TYPOS_MIN_LENGTH = 8  # and this long, two
MAX_CORRECTIONS = 3
MAX_QUERY_WORDS = 12
QUERY_MEMORY_SECONDS = 60
# bm25 / ts_rank column weights: title, names, summary (with facet labels), body
SQLITE_WEIGHTS = (10.0, 8.0, 3.0, 1.0)
POSTGRES_WEIGHTS = "{0.05, 0.2, 0.6, 1.0}"  # D, C, B, A


@dataclass(frozen=True)
class Query:
    """An analysed query: per word, the terms that may stand for it.

    `groups` hold each word's own forms (and close spellings for typos); `wide_groups` add the
    parts of compound words, tried when the narrower query finds nothing.
    """

    language: str
    groups: tuple[tuple[str, ...], ...]
    wide_groups: tuple[tuple[str, ...], ...] = ()
    typed: tuple[str, ...] = ()  # the plain words as typed, for recognising names

    def __bool__(self):
        return bool(self.groups)


def analyse_query(text: str, language: str) -> Query:
    # typo corrections read the vocabulary: remember them briefly, forget them when it changes
    return _analyse_query(text, language, int(time.monotonic() // QUERY_MEMORY_SECONDS))


def forget_analysed_queries() -> None:
    _analyse_query.cache_clear()


@functools.lru_cache(maxsize=1024)
def _analyse_query(text: str, language: str, _period: int) -> Query:
    language_analyser = analyser(language)
    groups, wide_groups = [], []
    for word in language_analyser.query_words(text)[:MAX_QUERY_WORDS]:
        forms, parts = language_analyser.word_forms(word)
        corrections = tuple(
            term
            for correction in typo_corrections(word, language)
            for term in language_analyser.word_forms(correction)[0]
        )
        group = tuple(dict.fromkeys(forms + corrections))
        groups.append(group)
        wide_groups.append(tuple(dict.fromkeys(group + parts)))
    return Query(language, tuple(groups), tuple(wide_groups), tuple(words(text)))


def typo_corrections(word: str, language: str) -> list[str]:
    """Known words within one edit (two for long words) of a word that the index does not know."""
    if len(word) < TYPO_MIN_LENGTH or word.isdigit() or len(word) > 100:
        return []
    vocabulary = SearchWord.objects.filter(language=language)
    if vocabulary.filter(word=word).exists():
        return []
    edits = 2 if len(word) >= TWO_TYPOS_MIN_LENGTH else 1
    if connection.vendor == "postgresql":
        candidates = _trigram_candidates(word, language)
    else:
        candidates = (
            vocabulary.annotate(length=Length("word"))
            .filter(length__gte=len(word) - edits, length__lte=len(word) + edits)
            .values_list("word", flat=True)
        )
    found = extract(
        word,
        list(candidates),
        scorer=Levenshtein.distance,
        score_cutoff=edits,
        limit=MAX_CORRECTIONS,
    )
    return [candidate for candidate, _distance, _index in sorted(found, key=lambda f: f[1])]


def _trigram_candidates(word: str, language: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SET pg_trgm.similarity_threshold = 0.25")
        cursor.execute(
            "SELECT word FROM methods_search_searchword WHERE language = %s AND word %% %s "
            "ORDER BY similarity(word, %s) DESC LIMIT 50",
            [language, word, word],
        )
        return [row[0] for row in cursor.fetchall()]


# --- Matching ---------------------------------------------------------------------------------


def match(query: Query, limit: int = MAX_MATCHES) -> dict[int, float]:
    """{page pk: score} of the best-matching documents, higher is better."""
    if not query:
        return {}
    run = _postgres_match if connection.vendor == "postgresql" else _sqlite_match
    found = run(query.groups, query.language, "AND", limit)
    if not found and query.wide_groups != query.groups:
        found = run(query.wide_groups, query.language, "AND", limit)
    if not found and len(query.groups) > 1:
        found = run(query.wide_groups, query.language, "OR", limit)
    return _boost_names(found, query)


RERANKED = 50
EXACT_NAME, NAME_START, ALL_IN_NAME = 1.0, 0.5, 0.25


def _boost_names(scores: dict[int, float], query: Query) -> dict[int, float]:
    """Scale scores to 0..1 and lift the best ones whose title or a name is what was typed.

    Someone typing a name wants that entry first, whichever engine ranked it; the bonus is the same
    on every backend because the raw scores are not comparable between them.
    """
    if not scores:
        return scores
    best = max(scores.values()) or 1.0
    scaled = {pk: score / best for pk, score in scores.items()}
    typed = list(query.typed)
    top = sorted(scaled, key=scaled.get, reverse=True)[:RERANKED]
    for pk, title, names in SearchDocument.objects.filter(pk__in=top).values_list(
        "pk", "title", "names"
    ):
        bonus = 0.0
        for name in (title, *names.splitlines()):
            name_words = words(name)
            if name_words == typed:
                bonus = max(bonus, EXACT_NAME)
            elif name_words[: len(typed)] == typed:
                bonus = max(bonus, NAME_START)
            elif set(typed) <= set(name_words):
                bonus = max(bonus, ALL_IN_NAME)
        scaled[pk] += bonus
    return scaled


def _fts5_expression(groups, operator: str) -> str:
    alternatives = ["(" + " OR ".join(f'"{term}"' for term in group) + ")" for group in groups]
    return f" {operator} ".join(alternatives)


def _sqlite_match(groups, language: str, operator: str, limit: int) -> dict[int, float]:
    sql = (
        "SELECT d.page_id, bm25(methods_search_fts, %s, %s, %s, %s) AS rank "
        "FROM methods_search_fts JOIN methods_search_searchdocument d "
        "ON d.page_id = methods_search_fts.rowid "
        "WHERE methods_search_fts MATCH %s AND d.language = %s ORDER BY rank LIMIT %s"
    )
    params = [*SQLITE_WEIGHTS, _fts5_expression(groups, operator), language, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        # bm25 is negative, more negative is better
        return {page_id: -rank for page_id, rank in cursor.fetchall()}


def _tsquery(groups, operator: str, weights: str = "", prefix_last: bool = False) -> str:
    joiner = " & " if operator == "AND" else " | "
    alternatives = []
    for index, group in enumerate(groups):
        star = "*" if prefix_last and index == len(groups) - 1 else ""
        marker = f":{star}{weights}" if star or weights else ""
        alternatives.append("(" + " | ".join(f"'{term}'{marker}" for term in group) + ")")
    return joiner.join(alternatives)


def _postgres_match(groups, language: str, operator: str, limit: int) -> dict[int, float]:
    sql = (
        f"SELECT page_id, ts_rank('{POSTGRES_WEIGHTS}', vector, q) AS rank "
        "FROM methods_search_searchdocument, to_tsquery('simple', %s) q "
        "WHERE language = %s AND vector @@ q ORDER BY rank DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_tsquery(groups, operator), language, limit])
        return {page_id: float(rank) for page_id, rank in cursor.fetchall()}


# --- Suggestions ------------------------------------------------------------------------------


def suggest(text: str, language: str, limit: int) -> list[tuple[int, str, str]]:
    """[(page pk, title, the name that matched)] for titles and names starting like `text`."""
    typed = [word for word in words(text) if word][:MAX_QUERY_WORDS]
    if not typed:
        return []
    groups = tuple((word,) for word in typed)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT page_id, title, names FROM methods_search_searchdocument, "
                f"to_tsquery('simple', %s) q WHERE language = %s AND vector @@ q "
                f"ORDER BY ts_rank('{POSTGRES_WEIGHTS}', vector, q) DESC, title LIMIT %s",
                [_tsquery(groups, "AND", weights="A", prefix_last=True), language, limit * 3],
            )
        else:
            expression = " AND ".join(f'"{word}"' for word in typed) + "*"
            cursor.execute(
                "SELECT d.page_id, d.title, d.names FROM methods_search_fts "
                "JOIN methods_search_searchdocument d ON d.page_id = methods_search_fts.rowid "
                "WHERE methods_search_fts MATCH %s AND d.language = %s "
                "ORDER BY bm25(methods_search_fts, 10.0, 8.0, 0.0, 0.0), d.title LIMIT %s",
                [f"{{title_terms names_terms}} : ({expression})", language, limit * 3],
            )
        rows = cursor.fetchall()
    suggestions = []
    for page_id, title, names in rows:
        name = _matching_name([title, *names.splitlines()], typed)
        if name:
            suggestions.append((page_id, title, name))
    suggestions.sort(key=lambda row: (row[2] != row[1], len(row[2])))
    return suggestions[:limit]


def _matching_name(names: list[str], typed: list[str]) -> str:
    """The first name in which every typed word starts a word (the last one may be unfinished)."""
    for name in names:
        name_words = words(name)
        if all(
            any(word.startswith(t) if i == len(typed) - 1 else word == t for word in name_words)
            for i, t in enumerate(typed)
        ):
            return name.strip()
    return ""
