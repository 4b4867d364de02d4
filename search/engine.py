"""Querying the search index: SQLite FTS5 or PostgreSQL full text, chosen by the database in use.

A query is analysed into clauses: one per word, or per phrase that the synonym vocabulary knows.
Each clause has alternatives: the word's forms (its stem, Finnish base forms, close spellings for
typos), all the parts of a Finnish compound together, and each synonym. Entries matching every
clause rank first, then those matching most of them: at least half the clauses must match (a
minimum-should-match), so several names find each entry they name and a descriptive question
still ranks the best partial matches. A name or abbreviation typed exactly is the strongest signal.
Within a tier, bm25 (SQLite) or ts_rank (PostgreSQL) over weighted sections decides.
"""

import bisect
import functools
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.db import connection

from methods.content_version import current_version

from . import postings as search_postings
from .analysis import analyser, words
from .bitmaps import Bitmap, bitmap, page_ids
from .lexicon import Lexicon, lexicon
from .models import SearchDocument
from .postings import Posting

MAX_MATCHES = 1000
MAX_QUERY_WORDS = 12
# bm25 (Okapi BM25 as SQLite's FTS5 computes it): the section weights are search.postings.WEIGHTS
K1, B = 1.2, 0.75
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
# its whole tsvector), and a common word matches most of a large library. So which documents each
# term occurs in, anywhere and in the title, names or summary, comes from its stored postings
# (search.postings), kept in memory for the content version (see _Postings). Which documents each
# clause matches, how many clauses each document matches and which match in the strong
# sections is bitmap arithmetic; only the best RANKED candidates by those are ranked by bm25 /
# ts_rank. Up to RANKED documents, the order is the same as ranking them all.

RANKED = 200


def match(query: Query, limit: int = MAX_MATCHES, version: tuple | None = None) -> dict[int, float]:
    """{page pk: score} of the best-matching documents, higher is better.

    Entries whose name the query contains whole come first, then those matching the most
    clauses; documents matching fewer than half the clauses are left out unless nothing else
    matches.
    """
    if not query:
        return {}
    version = version or current_version()
    known = lexicon(query.language, version)
    found = _matches(query, version, known.documents())
    levels = _name_levels(found, query, known)
    best = _best_candidates(found, levels, query.minimum_should_match, limit)
    ranked_pks = list(best)[:RANKED]
    if not best:
        ranks = {}
    elif connection.vendor == "postgresql":
        ranks = _postgres_rank(query, ranked_pks)
    else:
        ranks = _bm25(query, ranked_pks, found.postings, _lengths.get(query.language, version))
    return _scores({pk: (matched, ranks.get(pk, 0.0)) for pk, matched in best.items()}, levels)


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


def _best_candidates(
    found: "_Found", levels: dict[int, int], minimum: int, limit: int
) -> dict[int, int]:
    """{page pk: clauses matched} of the `limit` best candidates, best first: by name level,
    then clauses matched, then a match in the title, names or summary, then page id. Names typed
    whole come in even when the full text did not match them; the others need `minimum` clauses
    (any, when none has that many)."""
    best: dict[int, int] = {}
    by_level: dict[int, list[int]] = {}
    for pk, level in levels.items():
        by_level.setdefault(level, []).append(pk)
    for level in sorted(by_level, reverse=True):
        pages = bitmap(by_level[level])
        for count, part in _tiers(found, pages, 0):
            for pk in page_ids(part):
                if len(best) >= limit:
                    return best
                best[pk] = count
    most = found.most
    if most < minimum and not any(pk in found for pk in levels):
        minimum = 1
    others = ~bitmap(levels)
    for count, part in _tiers(found, others, max(minimum, 1)):
        for pk in page_ids(part):
            if len(best) >= limit:
                return best
            best[pk] = count
    return best


def _tiers(found: "_Found", pages: int, minimum: int):
    """(clauses matched, bitmap) of these pages, best first: most clauses first, those matching
    in the strong sections before the others; down to `minimum` clauses (0: those matching none,
    which are in `pages` only when a name brought them in)."""
    strong = found.strong.bits
    for count in range(found.most, max(minimum, 1) - 1, -1):
        exactly = found.exactly(count) & pages
        yield count, exactly & strong
        yield count, exactly & ~strong
    if minimum == 0:
        yield 0, pages & ~found.at_least[1] if found.most else pages


def _name_levels(found, query: Query, known: Lexicon) -> dict[int, int]:
    """{page pk: how strongly its title or a name matches what was typed}: a name typed whole
    for any entry, a name starting with or holding the typed words for those in `found`."""
    typed = list(query.typed)
    levels = {
        pk: EXACT_NAME if list(name) == typed else NAME_IN_QUERY
        for pk, name in known.named_in(typed).items()
    }
    start = tuple(typed)
    # the distinct names holding every typed word (entries often share a name with their
    # translations), then the pages that have them, among those found
    for name_words in known.names_with_words(typed):
        level = NAME_START if name_words[: len(start)] == start else ALL_IN_NAME
        for pk in known.owners[name_words]:
            if levels.get(pk, 0) < level and pk in found:
                levels[pk] = level
    return levels


# --- Postings kept in memory, as bitmaps (search.bitmaps) ---


@dataclass
class _Found:
    """What the full text matched: at_least[n] is the bitmap of the documents matching at least
    n clauses (at_least[0] stands for every document), `strong` those matching a clause in the
    title, names or summary."""

    at_least: list[int]
    strong: Bitmap
    postings: dict  # {term: search.postings.Posting}

    def __post_init__(self):
        self.levels = [Bitmap(bits) for bits in self.at_least[1:] if bits]
        self.most = len(self.levels)  # the most clauses any document matches

    def __contains__(self, pk: int) -> bool:
        return self.most > 0 and pk in self.levels[0]

    def count(self, pk: int) -> int:
        """How many clauses the document matches."""
        for n in range(self.most, 0, -1):
            if pk in self.levels[n - 1]:
                return n
        return 0

    def exactly(self, count: int) -> int:
        """The bitmap of the documents matching exactly `count` clauses."""
        more = self.at_least[count + 1] if count + 1 < len(self.at_least) else 0
        return self.at_least[count] & ~more


def _matches(query: Query, version: tuple, documents: int) -> _Found:
    """`documents`: the bitmap of the language's public indexed pages; matches are among them."""
    postings = _postings.get(query.language, query.terms(), version)
    anywhere = {term: posting.anywhere for term, posting in postings.items()}
    strong = {term: posting.strong for term, posting in postings.items()}
    at_least = [documents]
    strong_bits = 0
    for clause in query.clauses:
        matches = _clause_bitmap(clause, anywhere)
        # matching at least n clauses so far: at least n before this one, or at least n - 1
        # before and this one too (from the top down, so that n - 1 is still the old count)
        at_least.append(0)
        for n in range(len(at_least) - 1, 0, -1):
            at_least[n] |= at_least[n - 1] & matches
        strong_bits |= _clause_bitmap(clause, strong)
    return _Found(at_least, Bitmap(strong_bits & documents), postings)


def _clause_bitmap(clause: Clause, postings: dict[str, int]) -> int:
    """The documents that one clause matches: any alternative, each of whose words is there in
    one of its forms (FTS5's `(a OR b) AND (c OR d)`, to_tsquery's `(a | b) & (c | d)`)."""
    found = 0
    for alternative in clause.alternatives:
        if alternative:
            found |= _alternative_bitmap(alternative, postings)
    return found


def _alternative_bitmap(alternative: Alternative, postings: dict[str, int]) -> int:
    """The documents with every word of the alternative, each in one of its forms."""
    documents = -1
    for term in alternative:
        with_word = 0
        for form in term:
            with_word |= postings[form]
        documents &= with_word
    return documents


class _Postings:
    """{term: Posting} for the terms searched for, per language and content version: the bitmaps
    of the documents a term occurs in, anywhere and in the strong sections, and its frequencies.

    Terms are read from the stored postings the first time a search asks for them (one query for
    all the missing terms of a search) and kept until the content version changes. The most often
    searched words make up most queries, so most searches read no postings at all. At most
    POSTINGS_KEPT bytes of postings are kept; the terms used longest ago go first.
    """

    def __init__(self):
        self.version: tuple | None = None
        self.kept: OrderedDict[tuple[str, str], Posting] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, language: str, terms: set[str], version: tuple) -> dict[str, Posting]:
        """The postings of these terms."""
        with self.lock:
            if version != self.version:
                self.forget(version)
            found, missing = {}, []
            for term in terms:
                posting = self.kept.get((language, term))
                if posting is None:
                    missing.append(term)
                else:
                    self.kept.move_to_end((language, term))
                    found[term] = posting
        if missing:
            fetched = search_postings.fetch(language, missing)
            found.update(fetched)
            with self.lock:
                if version == self.version:
                    for term, posting in fetched.items():
                        self._keep((language, term), posting)
        return found

    def _keep(self, key: tuple[str, str], posting: Posting) -> None:
        if key in self.kept:
            return
        self.kept[key] = posting
        self.size += posting.size()
        while self.size > POSTINGS_KEPT and len(self.kept) > 1:
            _key, dropped = self.kept.popitem(last=False)
            self.size -= dropped.size()

    def forget(self, version: tuple | None = None) -> None:
        self.version = version
        self.kept.clear()
        self.size = 0


# bytes of postings (Posting.size): a bitmap takes a bit per page id up to the highest it holds
# (5 KB at 40,000 pages), and the page ids and frequencies 6 bytes per document with the term, so
# at 10,000 entries per language a common word takes about 65 KB and a rare one 10 KB
POSTINGS_KEPT = 64 * 1024 * 1024
_postings = _Postings()


def forget_postings() -> None:
    """Drop the kept postings (this process changed the index; others notice the version)."""
    with _postings.lock:
        _postings.forget()


# --- bm25 from the stored postings (SQLite) ---


@dataclass(frozen=True)
class _DocumentLengths:
    lengths: dict[int, int]  # {page id: terms in the document}
    count: int  # documents in the language
    average: float  # their average length
    documents: int  # the bitmap of their page ids


class _Lengths:
    """Per language and content version: how many terms each indexed document has, how many
    documents there are and their average length; read once per version."""

    def __init__(self):
        self.version: tuple | None = None
        self.kept: dict[str, _DocumentLengths] = {}
        self.lock = threading.Lock()

    def get(self, language: str, version: tuple) -> _DocumentLengths:
        with self.lock:
            if version != self.version:
                self.version, self.kept = version, {}
            if language not in self.kept:
                rows = SearchDocument.objects.filter(language=language).values_list(
                    "page_id", "length"
                )
                lengths = {page_id: length or 0 for page_id, length in rows}
                count = len(lengths)
                self.kept[language] = _DocumentLengths(
                    lengths,
                    count,
                    sum(lengths.values()) / count if count else 1.0,
                    bitmap(lengths),
                )
            return self.kept[language]


_lengths = _Lengths()


def _bm25(
    query: Query,
    pks: list[int],
    postings: dict[str, Posting],
    lengths: _DocumentLengths,
) -> dict[int, float]:
    """{page id: bm25 score} of these documents, higher is better; 0 for those the query's
    expression does not match. The same score as SQLite FTS5's bm25() with WEIGHTS on the
    expression (clause OR clause, (form OR form) AND … per alternative): each occurrence of a
    form adds its inverse document frequency times its saturated weighted frequency, in the
    documents where its alternative matches, with the document's length against the average."""
    by_length, count, average = lengths.lengths, lengths.count, lengths.average
    documents = lengths.documents
    candidates = bitmap(pks)
    scores: dict[int, float] = {}
    normalised: dict[int, float] = {}
    anywhere = {term: posting.anywhere for term, posting in postings.items()}
    for clause in query.clauses:
        for alternative in clause.alternatives:
            matched = candidates & _alternative_bitmap(alternative, anywhere)
            if not matched:
                continue
            for term in alternative:
                for form in term:
                    posting = postings[form]
                    present = matched & posting.anywhere
                    if not present:
                        continue
                    hits = (posting.anywhere & documents).bit_count()
                    idf = math.log((count - hits + 0.5) / (hits + 0.5))
                    if idf <= 0.0:
                        idf = 1e-6
                    pages, frequencies = posting.pages, posting.frequencies
                    for pk in page_ids(present):
                        frequency = frequencies[bisect.bisect_left(pages, pk)] / 2
                        length = normalised.get(pk)
                        if length is None:
                            length = normalised[pk] = K1 * (
                                1 - B + B * by_length.get(pk, 0) / average
                            )
                        scores[pk] = scores.get(pk, 0.0) + idf * (
                            (frequency * (K1 + 1.0)) / (frequency + length)
                        )
    return scores


# --- PostgreSQL full text ---


def boolean_expression(clauses, any_of: str, all_of: str, quote: str) -> str:
    """The query as one boolean expression: clause OR clause …; a clause is alternative OR
    alternative; an alternative is (form OR form) AND (form OR form) for its words. `any_of`
    and `all_of` are the engine's OR and AND, `quote` its quote for a term (terms are letters
    and digits only). PostgreSQL's to_tsquery ranks with it; it is also FTS5's MATCH syntax."""

    def alternative(words) -> str:
        return (
            "("
            + all_of.join(
                "(" + any_of.join(f"{quote}{form}{quote}" for form in term) + ")" for term in words
            )
            + ")"
        )

    return any_of.join(
        "(" + any_of.join(alternative(words) for words in clause.alternatives) + ")"
        for clause in clauses
    )


def _postgres_rank(query: Query, pks: list[int]) -> dict[int, float]:
    """{page id: ts_rank} of these documents."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT page_id, ts_rank('{POSTGRES_WEIGHTS}', vector, to_tsquery('simple', %s)) "
            "FROM methods_search_vectors WHERE page_id = ANY(%s)",
            [boolean_expression(query.clauses, " | ", " & ", "'"), pks],
        )
        return {page_id: float(rank) for page_id, rank in cursor.fetchall()}
