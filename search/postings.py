"""Which documents each term occurs in, and how often, stored per language and term.

A row holds, for one term of one language:
- `anywhere`: the bitmap (search.bitmaps) of the documents it occurs in;
- `strong`: the bitmap of those where it occurs in the title, names or summary;
- `pages` and `frequencies`: the same documents as page ids in order, and for each the term's
  weighted frequency (occurrences per section times the section's weight in WEIGHTS), which is
  what bm25 needs of a document.

A search asks for its terms' rows and reads a few kilobytes per term, however common the words.
The full-text index answers the same questions only by decoding every occurrence of a word
(FTS5's position lists, PostgreSQL's GIN entries and rows): for a common word at 10,000 entries,
milliseconds per word, and FTS5's bm25 does that twice for every term of the query.

The rows change with the documents, in the same transaction (search.indexing): the terms of the
documents that leave and of those that arrive are read, their pages taken out and put in again.
A rebuild writes every row at once. On PostgreSQL, updates take a transaction lock first, so two
publishes at the same moment cannot overwrite each other's rows.

Changing WEIGHTS needs `rebuild_search`: the stored frequencies are weighted.
"""

import bisect
import sys
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction

from .bitmaps import bitmap
from .models import SECTIONS, SearchDocument, TermPostings

# bm25 weight of an occurrence in each section (search.models.SECTIONS): title, names, summary
# (with facet labels), aims and target group, delivery, training, evidence rationale and
# references, body. Halves only: frequencies are stored doubled, as whole numbers.
WEIGHTS = (10.0, 8.0, 4.0, 3.0, 2.0, 1.5, 1.5, 1.0)
STRONG_SECTIONS = ("title", "names", "summary")
TERM_COLUMNS = tuple(f"{section}_terms" for section in SECTIONS)
MAX_TERM = 200  # longer "words" are not kept (TermPostings.term), so never found
MAX_FREQUENCY = 0xFFFF  # a doubled weighted frequency is kept in 16 bits
FETCH_BATCH = 500  # terms per query
WRITE_BATCH = 500  # rows per statement
LOCK_KEY = 7_366_021  # PostgreSQL advisory lock of postings updates


@dataclass(frozen=True)
class Posting:
    """One term's row: bitmaps, and page ids in order with the term's doubled weighted
    frequency in each."""

    anywhere: int
    strong: int
    pages: array  # of "I"
    frequencies: array  # of "H"

    def size(self) -> int:
        """Bytes held, roughly."""
        return (
            self.anywhere.bit_length() // 8
            + self.strong.bit_length() // 8
            + 4 * len(self.pages)
            + 2 * len(self.frequencies)
            + 200
        )


NOWHERE = Posting(0, 0, array("I"), array("H"))


def document_terms(fields: dict[str, str]) -> tuple[dict[str, int], set[str]]:
    """The terms of one document: {term: doubled weighted frequency} and the set of those in
    the strong sections, from its `*_terms` fields (the analysed terms, separated by spaces)."""
    frequencies: Counter = Counter()
    strong = set()
    for section, weight in zip(SECTIONS, WEIGHTS, strict=True):
        counts = Counter(fields[f"{section}_terms"].split())
        doubled = int(2 * weight)
        for term, count in counts.items():
            frequencies[term] += doubled * count
        if section in STRONG_SECTIONS:
            strong.update(counts)
    if any(len(term) > MAX_TERM for term in frequencies):
        frequencies = Counter({t: n for t, n in frequencies.items() if len(t) <= MAX_TERM})
        strong &= frequencies.keys()
    return {term: min(n, MAX_FREQUENCY) for term, n in frequencies.items()}, strong


def document_length(fields: dict[str, str]) -> int:
    """The number of terms in a document, every section (what bm25 calls its length)."""
    return sum(len(fields[column].split()) for column in TERM_COLUMNS)


def _to_bytes(bits: int) -> bytes:
    return bits.to_bytes((bits.bit_length() + 7) // 8, "little")


def _array_bytes(values: array) -> bytes:
    if sys.byteorder == "big":  # stored little-endian
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def _array(typecode: str, data) -> array:
    values = array(typecode)
    values.frombytes(bytes(data))
    if sys.byteorder == "big":
        values.byteswap()
    return values


def _row(language: str, term: str, posting: Posting) -> TermPostings:
    return TermPostings(
        language=language,
        term=term,
        anywhere=_to_bytes(posting.anywhere),
        strong=_to_bytes(posting.strong),
        pages=_array_bytes(posting.pages),
        frequencies=_array_bytes(posting.frequencies),
    )


def fetch(language: str, terms: Iterable[str]) -> dict[str, Posting]:
    """{term: Posting}; NOWHERE for terms in no document."""
    terms = sorted(set(terms))
    found = dict.fromkeys(terms, NOWHERE)
    with connection.cursor() as cursor:
        for start in range(0, len(terms), FETCH_BATCH):
            batch = terms[start : start + FETCH_BATCH]
            cursor.execute(
                "SELECT term, anywhere, strong, pages, frequencies "
                f"FROM {TermPostings._meta.db_table} "
                f"WHERE language = %s AND term IN ({', '.join(['%s'] * len(batch))})",
                [language, *batch],
            )
            for term, anywhere, strong, pages, frequencies in cursor.fetchall():
                found[term] = Posting(
                    int.from_bytes(bytes(anywhere), "little"),
                    int.from_bytes(bytes(strong), "little"),
                    _array("I", pages),
                    _array("H", frequencies),
                )
    return found


def lock_for_update() -> None:
    """Serialise postings updates until the transaction ends (PostgreSQL; SQLite writes one
    transaction at a time anyway). Take it before reading the documents that are replaced."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def document_fields(documents) -> list[dict[str, str]]:
    """Page id, language and term fields of SearchDocument objects, as update() takes them."""
    return [
        {
            "page_id": document.page_id,
            "language": document.language,
            **{column: getattr(document, column) for column in TERM_COLUMNS},
        }
        for document in documents
    ]


def stored_fields(documents) -> list[dict[str, str]]:
    """The same for documents in the database (a SearchDocument queryset)."""
    return list(documents.values("page_id", "language", *TERM_COLUMNS))


def update(removed: list[dict[str, str]], added: list[dict[str, str]]) -> None:
    """Take the pages of the `removed` documents out of their terms' rows and put those of the
    `added` ones in (the same page may be in both: a document replaced). Call within the
    transaction that changes the documents, after lock_for_update()."""
    assert connection.in_atomic_block, "postings change with their documents, in one transaction"
    by_language: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    for document in removed:
        by_language[document["language"]][0].append(document)
    for document in added:
        by_language[document["language"]][1].append(document)
    for language, (gone, arrived) in by_language.items():
        _update_language(language, gone, arrived)


def _update_language(language: str, removed: list[dict], added: list[dict]) -> None:
    leaving = sorted({document["page_id"] for document in removed + added})
    arriving: dict[str, dict[int, int]] = defaultdict(dict)  # {term: {page: frequency}}
    strong_arriving: dict[str, list[int]] = defaultdict(list)
    terms = set()
    for document in removed:
        terms |= document_terms(document)[0].keys()
    for document in added:
        frequencies, strong = document_terms(document)
        terms |= frequencies.keys()
        for term, frequency in frequencies.items():
            arriving[term][document["page_id"]] = frequency
        for term in strong:
            strong_arriving[term].append(document["page_id"])
    if not terms:
        return
    leaving_bits = bitmap(leaving)
    current = fetch(language, terms)
    changed, emptied = [], []
    for term in sorted(terms):
        old = current[term]
        # a few pages leave and arrive: edit the ordered arrays in place
        pages, frequencies = array("I", old.pages), array("H", old.frequencies)
        for page in leaving:
            at = bisect.bisect_left(pages, page)
            if at < len(pages) and pages[at] == page:
                del pages[at]
                del frequencies[at]
        new = arriving.get(term, {})
        for page in sorted(new):
            at = bisect.bisect_left(pages, page)
            pages.insert(at, page)
            frequencies.insert(at, new[page])
        posting = Posting(
            old.anywhere & ~leaving_bits | bitmap(new),
            old.strong & ~leaving_bits | bitmap(strong_arriving.get(term, ())),
            pages,
            frequencies,
        )
        if not pages:
            if old is not NOWHERE:
                emptied.append(term)
        elif posting != old:
            changed.append(_row(language, term, posting))
    for start in range(0, len(changed), WRITE_BATCH):
        TermPostings.objects.bulk_create(
            changed[start : start + WRITE_BATCH],
            update_conflicts=True,
            unique_fields=["language", "term"],
            update_fields=["anywhere", "strong", "pages", "frequencies"],
        )
    for start in range(0, len(emptied), WRITE_BATCH):
        TermPostings.objects.filter(
            language=language, term__in=emptied[start : start + WRITE_BATCH]
        ).delete()


def rebuild() -> int:
    """Write every row again from the stored documents; returns the number of rows. Holds the
    update lock throughout, so that a publish meanwhile waits and then edits the new rows."""
    # {(language, term): (pages, frequencies, pages with the term in the strong sections)}
    found: dict[tuple[str, str], tuple[array, array, array]] = defaultdict(
        lambda: (array("I"), array("H"), array("I"))
    )
    with transaction.atomic():
        lock_for_update()
        documents = SearchDocument.objects.order_by("page_id").values(
            "page_id", "language", *TERM_COLUMNS
        )
        for document in documents.iterator(chunk_size=1000):
            frequencies, strong = document_terms(document)
            language, page_id = document["language"], document["page_id"]
            for term, frequency in frequencies.items():
                pages, counts, strong_pages = found[language, term]
                pages.append(page_id)
                counts.append(frequency)
                if term in strong:
                    strong_pages.append(page_id)
        TermPostings.objects.all().delete()
        rows = []
        for (language, term), (pages, frequencies, strong) in sorted(found.items()):
            rows.append(
                _row(language, term, Posting(bitmap(pages), bitmap(strong), pages, frequencies))
            )
            if len(rows) == WRITE_BATCH:
                TermPostings.objects.bulk_create(rows)
                rows = []
        TermPostings.objects.bulk_create(rows)
    return len(found)
