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
import itertools
import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import connection

from .analysis import LANGUAGES, analyser, words
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
#
# Ranking costs one computation per document ranked (bm25 reads the document's positions, ts_rank
# its whole tsvector), and a common word matches most of a large library. So the engine is asked
# first only which documents each clause matches, and which match in the title, names or summary;
# clauses matched and names are counted in memory, and only the best RANKED candidates by those
# are ranked by bm25 / ts_rank. Up to RANKED documents, the order is the same as ranking them all.

RANKED = 200
STRONG_SECTIONS = ("title", "names", "summary")


def match(query: Query, limit: int = MAX_MATCHES, version: tuple | None = None) -> dict[int, float]:
    """{page pk: score} of the best-matching documents, higher is better.

    Entries whose name the query contains whole come first, then those matching the most
    clauses; documents matching fewer than half the clauses are left out unless nothing else
    matches.
    """
    if not query:
        return {}
    known = lexicon(query.language, version)
    if connection.vendor == "postgresql":
        clause_matches, strong = _postgres_matches(query)
        rank = _postgres_rank
    else:
        clause_matches, strong = _sqlite_matches(query)
        rank = _sqlite_rank
    matched = _clauses_matched(clause_matches)
    levels = _name_levels(matched, query, known)
    best = _best_candidates(matched, levels, strong, query.minimum_should_match, limit)
    ranks = rank(query, best[:RANKED]) if best else {}
    return _scores({pk: (matched.get(pk, 0), ranks.get(pk, 0.0)) for pk in best}, levels)


def ranked(
    found: dict[int, tuple[int, float]], query: Query, version: tuple | None = None
) -> dict[int, float]:
    """{page pk: score} from {page pk: (clauses matched, engine score)}: names typed whole
    first, then the most clauses matched, then the engine's score."""
    known = lexicon(query.language, version)
    levels = _name_levels(found, query, known)
    enough = {
        pk: found[pk]
        for pk, (matched, _rank) in found.items()
        if matched >= query.minimum_should_match or pk in levels
    }
    scores = _scores(enough or found, levels)
    for pk in levels:  # a name typed whole, even where the full-text cut-off left it out
        scores.setdefault(pk, NAME_TIER * levels[pk])
    return scores


def _scores(found: dict[int, tuple[int, float]], levels: dict[int, int]) -> dict[int, float]:
    best = max((rank for _matched, rank in found.values()), default=0.0) or 1.0
    return {
        pk: NAME_TIER * levels.get(pk, 0) + matched + 0.9 * rank / best
        for pk, (matched, rank) in found.items()
    }


def _clauses_matched(clause_matches: list[set[int]]) -> dict[int, int]:
    """{page pk: how many clauses it matches}."""
    if len(clause_matches) == 1:
        return dict.fromkeys(clause_matches[0], 1)
    return Counter(itertools.chain.from_iterable(clause_matches))


def _best_candidates(
    matched: dict[int, int],
    levels: dict[int, int],
    strong: set[int],
    minimum: int,
    limit: int,
) -> list[int]:
    """The `limit` best candidates, best first: by name level, then clauses matched, then a
    match in the title, names or summary. Names typed whole come in even when the full text did
    not match them; the others need `minimum` clauses (any, when none has that many)."""
    named = sorted(levels, key=lambda pk: (-levels[pk], -matched.get(pk, 0), pk not in strong, pk))
    by_count: dict[int, list[int]] = defaultdict(list)
    for pk, count in matched.items():
        by_count[count].append(pk)
    counts = sorted(by_count, reverse=True)
    if counts and counts[0] < minimum and not any(pk in matched for pk in levels):
        minimum = 0
    best = named[:limit]
    for count in counts:
        if count < minimum or len(best) >= limit:
            break
        group = set(by_count[count]).difference(levels)
        for part in (group & strong, group - strong):
            best.extend(sorted(part)[: limit - len(best)])
    return best


def _name_levels(found, query: Query, known: Lexicon) -> dict[int, int]:
    """{page pk: how strongly its title or a name matches what was typed}: a name typed whole
    for any entry, a name starting with or holding the typed words for those in `found`."""
    typed = list(query.typed)
    levels = {
        pk: EXACT_NAME if list(name) == typed else NAME_IN_QUERY
        for pk, name in known.named_in(typed).items()
    }
    start, every = tuple(typed), set(typed)
    for pk in known.having_words(typed):
        if pk in levels or pk not in found:
            continue
        for name_words in known.names.get(pk, ()):
            if name_words[: len(start)] == start:
                levels[pk] = NAME_START
                break
            if every.issubset(name_words):
                levels[pk] = ALL_IN_NAME
    return levels


# --- SQLite FTS5 ---


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


def _fts_table(language: str) -> str:
    """The FTS5 table of one language (migration 0007)."""
    if language not in LANGUAGES:
        raise ValueError(f"no full-text table for language {language!r}")
    return f"methods_search_fts_{language}"


def _sqlite_matches(query: Query) -> tuple[list[set[int]], set[int]]:
    """The documents that each clause matches, and those that match in the strong sections."""
    table = _fts_table(query.language)
    columns = " ".join(f"{section}_terms" for section in STRONG_SECTIONS)
    strong = f"{{{columns}}} : ({_fts5_expression(query.clauses)})"
    found = []
    with connection.cursor() as cursor:
        for expression in [*(_fts5_clause(clause) for clause in query.clauses), strong]:
            cursor.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [expression])
            found.append({page_id for (page_id,) in cursor.fetchall()})
    return found[:-1], found[-1]


def _sqlite_rank(query: Query, pks: list[int]) -> dict[int, float]:
    """{page id: bm25 score} of these documents (positive, higher is better)."""
    table = _fts_table(query.language)
    weights = ", ".join(str(weight) for weight in SQLITE_WEIGHTS)
    # `+rowid`: the FTS table runs the query once and the ids are checked on its rows; a plain
    # `rowid IN` would run it again for each id
    sql = (
        f"SELECT rowid, bm25({table}, {weights}) FROM {table} "
        f"WHERE {table} MATCH %s AND +rowid IN ({', '.join(['%s'] * len(pks))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_fts5_expression(query.clauses), *pks])
        # bm25 is negative, more negative is better
        return {page_id: -rank for page_id, rank in cursor.fetchall()}


# --- PostgreSQL full text ---


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


def _tsquery_expression(clauses) -> str:
    return " | ".join(_tsquery_clause(clause) for clause in clauses)


def _postgres_matches(query: Query) -> tuple[list[set[int]], set[int]]:
    """The documents of the language that each clause matches, and those that match in the
    strong sections (one query, through the GIN indexes: no tsvector is read)."""
    select = (
        "ARRAY(SELECT page_id FROM methods_search_searchdocument "
        "WHERE language = %s AND {vector} @@ to_tsquery('simple', %s))"
    )
    selects = [select.format(vector="vector") for _clause in query.clauses]
    params = []
    for clause in query.clauses:
        params += [query.language, _tsquery_clause(clause)]
    selects.append(select.format(vector="strong_vector"))
    params += [query.language, _tsquery_expression(query.clauses)]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(selects)}", params)
        found = [set(ids) for ids in cursor.fetchone()]
    return found[:-1], found[-1]


def _postgres_rank(query: Query, pks: list[int]) -> dict[int, float]:
    """{page id: ts_rank} of these documents."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT page_id, ts_rank('{POSTGRES_WEIGHTS}', vector, to_tsquery('simple', %s)) "
            "FROM methods_search_searchdocument WHERE page_id = ANY(%s)",
            [_tsquery_expression(query.clauses), pks],
        )
        return {page_id: float(rank) for page_id, rank in cursor.fetchall()}
