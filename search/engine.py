"""Querying the search index: SQLite FTS5 or PostgreSQL full text, chosen by the database in use.

A query is analysed into clauses: one per word, or per phrase that the synonym vocabulary knows.
Each clause has alternatives: the word's forms (its stem, Finnish base forms, close spellings for
typos), all the parts of a Finnish compound together, and each synonym. Entries matching every
clause rank first, then those matching most of them: at least half the clauses must match (a
minimum-should-match), so several names find each entry they name and a descriptive question
still ranks the best partial matches. A name or abbreviation typed exactly is the strongest signal.
Within a tier, bm25 (SQLite) or ts_rank (PostgreSQL) over weighted sections decides.
"""

import functools
import math
from dataclasses import dataclass

from django.db import connection

from .analysis import analyser, words
from .lexicon import Lexicon, lexicon

MAX_MATCHES = 1000
MAX_QUERY_WORDS = 12
# bm25 column weights: title, names, summary (with facet labels), aims and target group,
# delivery, training, evidence rationale and references, body
SQLITE_WEIGHTS = (10.0, 8.0, 4.0, 3.0, 2.0, 1.5, 1.5, 1.0)
# ts_rank weights {D, C, B, A}: A title and names, B summary and aims, C delivery, training and
# evidence, D body (PostgreSQL has four classes; see migration 0004)
POSTGRES_WEIGHTS = "{0.1, 0.25, 0.5, 1.0}"
# ranking tiers: a name typed exactly beats any count of matched clauses, which beats bm25
EXACT_NAME, NAME_IN_QUERY, NAME_START, ALL_IN_NAME = 4, 3, 2, 1
NAME_TIER = 100.0

Term = tuple[str, ...]  # the forms of one word: any of them will do
Alternative = tuple[Term, ...]  # words that must all be there


@dataclass(frozen=True)
class Clause:
    """One word or known phrase of a query and what may stand for it."""

    typed: str
    alternatives: tuple[Alternative, ...]
    synonyms: tuple[str, ...] = ()  # the synonyms tried, as the vocabulary has them


@dataclass(frozen=True)
class Query:
    language: str
    clauses: tuple[Clause, ...]
    typed: tuple[str, ...] = ()  # the plain words as typed, for recognising names
    corrected: tuple[str, ...] = ()  # the query with close spellings of unknown words

    def __bool__(self):
        return bool(self.clauses)

    @property
    def minimum_should_match(self) -> int:
        return max(1, math.ceil(len(self.clauses) / 2))

    @property
    def synonyms(self) -> list[str]:
        return list(
            dict.fromkeys(synonym for clause in self.clauses for synonym in clause.synonyms)
        )

    def typed_terms(self) -> set[str]:
        """The terms of the words as typed (no synonyms, no compound parts)."""
        return {form for clause in self.clauses for term in clause.alternatives[0] for form in term}

    def terms(self) -> set[str]:
        """Every term the query looks for (for highlighting)."""
        return {
            form
            for clause in self.clauses
            for alternative in clause.alternatives
            for term in alternative
            for form in term
        }


_lexicon_seen: dict[str, Lexicon] = {}


def analyse_query(text: str, language: str, version: tuple | None = None) -> Query:
    known = lexicon(language, version)
    if _lexicon_seen.get(language) is not known:
        # the vocabulary changed: forget queries analysed with the old one (and let it go)
        _analyse_query.cache_clear()
        _lexicon_seen[language] = known
    return _analyse_query(text, language, known)


def forget_analysed_queries() -> None:
    _analyse_query.cache_clear()


@functools.lru_cache(maxsize=2048)
def _analyse_query(text: str, language: str, known: Lexicon) -> Query:
    language_analyser = analyser(language)
    query_words = language_analyser.query_words(text)[:MAX_QUERY_WORDS]
    corrected = []

    def word_term(word: str) -> tuple[Term, Alternative | None]:
        forms, parts = language_analyser.word_forms(word)
        close = known.corrections(word)
        corrected.append(close[0] if close else word)
        corrections = tuple(
            term for correction in close for term in language_analyser.word_forms(correction)[0]
        )
        compound = tuple((part,) for part in parts) if len(parts) > 1 else None
        return tuple(dict.fromkeys(forms + corrections)), compound

    def phrase(text: str) -> Alternative:
        return tuple(
            language_analyser.word_forms(word)[0] for word in language_analyser.query_words(text)
        )

    spans = {start: (end, also) for start, end, also in known.synonyms.spans(query_words)}
    clauses, position = [], 0
    while position < len(query_words):
        end, also = spans.get(position, (position + 1, ()))
        typed_words = query_words[position:end]
        own, compounds = [], []
        for word in typed_words:
            term, compound = word_term(word)
            own.append(term)
            if compound and len(typed_words) == 1:
                compounds.append(compound)
        alternatives = [tuple(own), *compounds, *(phrase(synonym) for synonym in also)]
        clauses.append(
            Clause(" ".join(typed_words), tuple(dict.fromkeys(a for a in alternatives if a)), also)
        )
        position = end
    return Query(language, tuple(clauses), tuple(words(text)), tuple(corrected))


# --- Matching ---------------------------------------------------------------------------------


def match(query: Query, limit: int = MAX_MATCHES, version: tuple | None = None) -> dict[int, float]:
    """{page pk: score} of the best-matching documents, higher is better.

    Entries whose name the query contains whole come first, then those matching the most
    clauses; documents matching fewer than half the clauses are left out unless nothing else
    matches.
    """
    if not query:
        return {}
    run = _postgres_match if connection.vendor == "postgresql" else _sqlite_match
    return ranked(run(query.clauses, query.language, limit), query, version)


def ranked(
    found: dict[int, tuple[int, float]], query: Query, version: tuple | None = None
) -> dict[int, float]:
    """{page pk: score} from {page pk: (clauses matched, engine score)}: names typed whole
    first, then the most clauses matched, then the engine's score."""
    known = lexicon(query.language, version)
    levels = _name_levels(found, query, known)
    enough = {
        pk
        for pk, (matched, _rank) in found.items()
        if matched >= query.minimum_should_match or pk in levels
    }
    if not enough:
        enough = set(found)
    best = max((rank for _matched, rank in found.values()), default=0.0) or 1.0
    scores = {
        pk: NAME_TIER * levels.get(pk, 0) + found[pk][0] + 0.9 * found[pk][1] / best
        for pk in enough
    }
    for pk in levels:  # a name typed whole, even where the full-text cut-off left it out
        scores.setdefault(pk, NAME_TIER * levels[pk])
    return scores


RERANKED = 50


def _name_levels(
    found: dict[int, tuple[int, float]], query: Query, known: Lexicon
) -> dict[int, int]:
    """{page pk: how strongly its title or a name matches what was typed}."""
    typed = list(query.typed)
    levels = {
        pk: EXACT_NAME if list(name) == typed else NAME_IN_QUERY
        for pk, name in known.named_in(typed).items()
    }
    top = sorted(found, key=lambda pk: found[pk], reverse=True)[:RERANKED]
    for pk in top:
        if pk in levels:
            continue
        for name_words in known.names.get(pk, ()):
            if list(name_words[: len(typed)]) == typed:
                levels[pk] = max(levels.get(pk, 0), NAME_START)
            elif set(typed) <= set(name_words):
                levels[pk] = max(levels.get(pk, 0), ALL_IN_NAME)
    return levels


def _fts5_expression(clauses) -> str:
    """clause OR clause ...; a clause is alternative OR alternative; an alternative is
    (form OR form) AND (form OR form) for its words. Terms are letters and digits only."""
    return " OR ".join(_fts5_clause(clause) for clause in clauses)


def _fts5_clause(clause: Clause) -> str:
    return (
        "("
        + " OR ".join(
            "("
            + " AND ".join("(" + " OR ".join(f'"{form}"' for form in term) + ")" for term in alt)
            + ")"
            for alt in clause.alternatives
        )
        + ")"
    )


def _sqlite_match(clauses, language: str, limit: int) -> dict[int, tuple[int, float]]:
    """{page id: (clauses matched, bm25 score)}, most clauses first."""
    weights = ", ".join(str(weight) for weight in SQLITE_WEIGHTS)
    if len(clauses) > 1:
        matched = " + ".join(
            "(methods_search_fts.rowid IN "
            "(SELECT rowid FROM methods_search_fts WHERE methods_search_fts MATCH %s))"
            for _clause in clauses
        )
        clause_params = [_fts5_clause(clause) for clause in clauses]
    else:
        matched, clause_params = "1", []
    sql = (
        f"SELECT d.page_id, {matched} AS matched, bm25(methods_search_fts, {weights}) AS rank "
        "FROM methods_search_fts JOIN methods_search_searchdocument d "
        "ON d.page_id = methods_search_fts.rowid "
        "WHERE methods_search_fts MATCH %s AND d.language = %s "
        "ORDER BY matched DESC, rank LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*clause_params, _fts5_expression(clauses), language, limit])
        # bm25 is negative, more negative is better
        return {page_id: (matched, -rank) for page_id, matched, rank in cursor.fetchall()}


def _tsquery_clause(clause: Clause) -> str:
    return (
        "("
        + " | ".join(
            "("
            + " & ".join("(" + " | ".join(f"'{form}'" for form in term) + ")" for term in alt)
            + ")"
            for alt in clause.alternatives
        )
        + ")"
    )


def _postgres_match(clauses, language: str, limit: int) -> dict[int, tuple[int, float]]:
    """{page id: (clauses matched, ts_rank)}, most clauses first."""
    if len(clauses) > 1:
        matched = " + ".join(f"(vector @@ q{index})::int" for index in range(len(clauses)))
        sources = "".join(f", to_tsquery('simple', %s) q{index}" for index in range(len(clauses)))
        clause_params = [_tsquery_clause(clause) for clause in clauses]
    else:
        matched, sources, clause_params = "1", "", []
    sql = (
        f"SELECT page_id, {matched} AS matched, ts_rank('{POSTGRES_WEIGHTS}', vector, q) AS rank "
        f"FROM methods_search_searchdocument, to_tsquery('simple', %s) q{sources} "
        "WHERE language = %s AND vector @@ q ORDER BY matched DESC, rank DESC LIMIT %s"
    )
    whole = " | ".join(_tsquery_clause(clause) for clause in clauses)
    with connection.cursor() as cursor:
        cursor.execute(sql, [whole, *clause_params, language, limit])
        return {page_id: (matched, float(rank)) for page_id, matched, rank in cursor.fetchall()}
